// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The database server goes away while a store is open and comes back: calls
// made meanwhile fail fast with UNAVAILABLE, and afterwards the same store
// (same connection pool) works again by itself with every acknowledged write
// intact. Needs the throwaway servers of scripts/testdb.sh, which this test
// stops and starts; skipped on SQLite and when they are not ours.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::testing::UnorderedElementsAreArray;

// A call while the database is down must not wait for long.
constexpr absl::Duration kFailFast = absl::Seconds(12);

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// Runs `scripts/testdb.sh <command>`; true on success.
bool TestDb(const std::string& command) {
  const std::string line = absl::StrCat("'", Env("MLMD_TESTDB_SCRIPT"), "' ",
                                        command, " >/dev/null 2>&1");
  return std::system(line.c_str()) == 0;
}

// Starts the server again when the test ends, however it ends, so that later
// tests find it running.
class ServerRestarter {
 public:
  explicit ServerRestarter(std::string backend) : backend_(backend) {}
  ~ServerRestarter() {
    if (stopped_) TestDb(absl::StrCat("start-", backend_));
  }
  bool Stop() {
    stopped_ = TestDb(absl::StrCat("stop-", backend_));
    return stopped_;
  }
  bool Start() {
    const bool ok = TestDb(absl::StrCat("start-", backend_));
    if (ok) stopped_ = false;
    return ok;
  }

 private:
  const std::string backend_;
  bool stopped_ = false;
};

std::vector<int64_t> ArtifactIds(MetadataStore& store, absl::Status* status) {
  ml_metadata::GetArtifactsRequest request;
  ml_metadata::GetArtifactsResponse response;
  *status = store.GetArtifacts(request, &response);
  return IdsOf(response.artifacts());
}

class DbRestartTest : public StoreTest {};

TEST_P(DbRestartTest, FailsFastWhileDownAndRecoversAfter) {
  if (GetParam().name == "sqlite") GTEST_SKIP() << "no server to restart";
  if (Env("MLMD_TESTDB_SCRIPT").empty()) {
    GTEST_SKIP() << "the database server is not one of scripts/testdb.sh";
  }
  const std::string backend =
      GetParam().name == "postgresql" ? "postgres" : "mysql";
  StoreOptions restart_options = options();
  restart_options.pool_size = 4;
  restart_options.pool_acquire_timeout = absl::Seconds(5);
  auto opened = MetadataStore::Open(restart_options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  MetadataStore& store = **opened;

  const TypeIds types = RegisterTypes(store);
  std::vector<int64_t> written;
  for (int i = 0; i < 5; ++i) {
    written.push_back(
        CreateArtifact(store, types.artifact, absl::StrCat("s3://before/", i)));
  }
  const int64_t context = CreateContext(store, types.context, "before-stop");
  ml_metadata::PutExecutionRequest put_execution;
  put_execution.mutable_execution()->set_type_id(types.execution);
  auto* pair = put_execution.add_artifact_event_pairs();
  pair->mutable_event()->set_artifact_id(written[0]);
  pair->mutable_event()->set_type(ml_metadata::Event::INPUT);
  ml_metadata::Context* linked = put_execution.add_contexts();
  linked->set_id(context);
  linked->set_type_id(types.context);
  linked->set_name("before-stop");
  ml_metadata::PutExecutionResponse put_execution_response;
  MLMD_ASSERT_OK(store.PutExecution(put_execution, &put_execution_response));

  // Every pooled connection open and idle: they all go stale at the stop.
  {
    std::vector<std::thread> readers;
    for (int i = 0; i < restart_options.pool_size; ++i) {
      readers.emplace_back([&store] {
        absl::Status st;
        ArtifactIds(store, &st);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      });
    }
    for (std::thread& reader : readers) reader.join();
  }

  ServerRestarter server(backend);
  ASSERT_TRUE(server.Stop()) << "scripts/testdb.sh stop-" << backend;

  // While down: reads, writes and pings fail fast with UNAVAILABLE.
  for (int round = 0; round < 2; ++round) {
    absl::Time start = absl::Now();
    absl::Status st;
    ArtifactIds(store, &st);
    EXPECT_TRUE(absl::IsUnavailable(st)) << st;
    EXPECT_LT(absl::Now() - start, kFailFast);

    start = absl::Now();
    ml_metadata::PutArtifactsRequest put;
    put.add_artifacts()->set_type_id(types.artifact);
    ml_metadata::PutArtifactsResponse put_response;
    st = store.PutArtifacts(put, &put_response);
    EXPECT_TRUE(absl::IsUnavailable(st)) << st;
    EXPECT_LT(absl::Now() - start, kFailFast);

    start = absl::Now();
    st = store.Ping();
    EXPECT_TRUE(absl::IsUnavailable(st)) << st;
    EXPECT_LT(absl::Now() - start, kFailFast);
  }
  // Stale connections may still wait in the pool; the first calls after the
  // restart must see through them.
  ASSERT_TRUE(server.Start()) << "scripts/testdb.sh start-" << backend;

  absl::Status st;
  EXPECT_THAT(ArtifactIds(store, &st), UnorderedElementsAreArray(written));
  MLMD_EXPECT_OK(st);
  const int64_t after =
      CreateArtifact(store, types.artifact, "s3://after/restart");
  EXPECT_GT(after, 0);
  written.push_back(after);
  EXPECT_THAT(ArtifactIds(store, &st), UnorderedElementsAreArray(written));
  MLMD_EXPECT_OK(st);
  MLMD_EXPECT_OK(store.Ping());
  EXPECT_EQ(EventsOf(store, put_execution_response.execution_id()).size(), 1u);
  EXPECT_EQ(ExecutionsIn(store, context).size(), 1u);
  // Concurrent calls after the restart all succeed too.
  std::vector<absl::Status> results(8);
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back(
        [&store, &results, i] { ArtifactIds(store, &results[i]); });
  }
  for (std::thread& client : clients) client.join();
  for (const absl::Status& result : results) MLMD_EXPECT_OK(result);
}

INSTANTIATE_STORE_TEST_SUITE(DbRestartTest);

}  // namespace
}  // namespace mlmd::testing
