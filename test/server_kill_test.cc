// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The server killed (SIGKILL) while drivers write: after a restart on the
// same database every write the server acknowledged is there, and every
// PutExecution that is there is whole (its events, output artifacts and
// context association all present), on every backend.
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ml_metadata::MetadataStoreService;

constexpr int kWriters = 4;
constexpr int kOutputsPerExecution = 2;

class ServerKillTest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override {
    StoreOptions options = GetParam().make_options();
    if (options.connection_config.config_case() ==
        ml_metadata::ConnectionConfig::CONFIG_NOT_SET) {
      GTEST_SKIP() << GetParam().name << " is not configured";
    }
    dsn_ = DsnFor(options.connection_config);
  }

  std::unique_ptr<ServerProcess> StartServer() {
    auto server = ServerProcess::Start({"--db=" + dsn_});
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  std::string dsn_;
};

struct Types {
  int64_t execution_type = 0;
  int64_t artifact_type = 0;
  int64_t context_type = 0;
  int64_t context_id = 0;
};

Types SetUpTypes(MetadataStoreService::Stub &stub) {
  Types t;
  grpc::ClientContext c1, c2, c3, c4;
  ml_metadata::PutExecutionTypeRequest et;
  et.mutable_execution_type()->set_name("KillTest.Task");
  ml_metadata::PutExecutionTypeResponse etr;
  EXPECT_TRUE(stub.PutExecutionType(&c1, et, &etr).ok());
  t.execution_type = etr.type_id();
  ml_metadata::PutArtifactTypeRequest at;
  at.mutable_artifact_type()->set_name("KillTest.Output");
  ml_metadata::PutArtifactTypeResponse atr;
  EXPECT_TRUE(stub.PutArtifactType(&c2, at, &atr).ok());
  t.artifact_type = atr.type_id();
  ml_metadata::PutContextTypeRequest ct;
  ct.mutable_context_type()->set_name("KillTest.Run");
  ml_metadata::PutContextTypeResponse ctr;
  EXPECT_TRUE(stub.PutContextType(&c3, ct, &ctr).ok());
  t.context_type = ctr.type_id();
  ml_metadata::PutContextsRequest pc;
  auto *ctx = pc.add_contexts();
  ctx->set_type_id(ctr.type_id());
  ctx->set_name("run-1");
  ml_metadata::PutContextsResponse pcr;
  EXPECT_TRUE(stub.PutContexts(&c4, pc, &pcr).ok());
  if (pcr.context_ids_size() == 1) t.context_id = pcr.context_ids(0);
  return t;
}

ml_metadata::PutExecutionRequest TaskWrite(const Types &t,
                                           const std::string &name) {
  ml_metadata::PutExecutionRequest req;
  auto *e = req.mutable_execution();
  e->set_type_id(t.execution_type);
  e->set_name(name);
  e->set_last_known_state(ml_metadata::Execution::COMPLETE);
  (*e->mutable_custom_properties())["task_name"].set_string_value(name);
  for (int k = 0; k < kOutputsPerExecution; ++k) {
    auto *pair = req.add_artifact_event_pairs();
    pair->mutable_artifact()->set_type_id(t.artifact_type);
    pair->mutable_artifact()->set_uri(absl::StrCat("s3://kill/", name, "/", k));
    pair->mutable_event()->set_type(ml_metadata::Event::OUTPUT);
    pair->mutable_event()->mutable_path()->add_steps()->set_key("out");
    pair->mutable_event()->mutable_path()->add_steps()->set_index(k);
  }
  // KFP sends the run context whole; PutExecution upserts it.
  auto *ctx = req.add_contexts();
  ctx->set_id(t.context_id);
  ctx->set_type_id(t.context_type);
  ctx->set_name("run-1");
  return req;
}

TEST_P(ServerKillTest, AcknowledgedWritesSurviveAndNoneIsHalfWritten) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const Types types = SetUpTypes(server->stub());
  ASSERT_GT(types.context_id, 0);

  {
    // The write works while the server is up.
    grpc::ClientContext ctx;
    ml_metadata::PutExecutionResponse resp;
    grpc::Status st =
        server->stub().PutExecution(&ctx, TaskWrite(types, "first"), &resp);
    ASSERT_TRUE(st.ok()) << st.error_code() << " " << st.error_message()
                         << server->Output();
  }
  std::mutex mu;
  std::set<std::string> acknowledged{"first"};
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      // Each writer has its own channel, as separate drivers would.
      auto channel = grpc::CreateChannel(server->address(),
                                         grpc::InsecureChannelCredentials());
      auto stub = MetadataStoreService::NewStub(channel);
      for (int i = 0; !stop.load(); ++i) {
        const std::string name = absl::StrCat("task-", w, "-", i);
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
        ml_metadata::PutExecutionResponse resp;
        if (!stub->PutExecution(&ctx, TaskWrite(types, name), &resp).ok()) {
          return;  // the server is gone
        }
        std::lock_guard<std::mutex> lock(mu);
        acknowledged.insert(name);
      }
    });
  }
  // Let the writers get going, then kill the server under them.
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard<std::mutex> lock(mu);
    if (acknowledged.size() >= 40) break;
  }
  EXPECT_EQ(server->Stop(SIGKILL), 128 + SIGKILL);
  stop = true;
  for (auto &t : writers) t.join();
  server.reset();
  ASSERT_GE(acknowledged.size(), 10u) << "the writers barely ran";

  auto restarted = StartServer();
  ASSERT_NE(restarted, nullptr);
  auto &stub = restarted->stub();

  // Every execution now in the store, by name.
  std::map<std::string, int64_t> stored;
  std::string token;
  do {
    grpc::ClientContext ctx;
    ml_metadata::GetExecutionsRequest req;
    req.mutable_options()->set_max_result_size(100);
    if (!token.empty()) req.mutable_options()->set_next_page_token(token);
    ml_metadata::GetExecutionsResponse resp;
    ASSERT_TRUE(stub.GetExecutions(&ctx, req, &resp).ok());
    for (const auto &e : resp.executions()) stored[e.name()] = e.id();
    token = resp.next_page_token();
  } while (!token.empty());

  for (const std::string &name : acknowledged) {
    EXPECT_TRUE(stored.count(name)) << "acknowledged " << name << " is lost";
  }
  // Acknowledged or not, whatever is there is whole.
  std::vector<int64_t> ids;
  for (const auto &[name, id] : stored) ids.push_back(id);
  for (size_t i = 0; i < ids.size(); i += 50) {
    grpc::ClientContext ctx;
    ml_metadata::GetEventsByExecutionIDsRequest req;
    for (size_t j = i; j < std::min(ids.size(), i + 50); ++j) {
      req.add_execution_ids(ids[j]);
    }
    ml_metadata::GetEventsByExecutionIDsResponse resp;
    ASSERT_TRUE(stub.GetEventsByExecutionIDs(&ctx, req, &resp).ok());
    std::map<int64_t, int> events_per_execution;
    std::vector<int64_t> artifact_ids;
    for (const auto &ev : resp.events()) {
      ++events_per_execution[ev.execution_id()];
      artifact_ids.push_back(ev.artifact_id());
      EXPECT_EQ(ev.path().steps_size(), 2);
    }
    for (int64_t id : req.execution_ids()) {
      EXPECT_EQ(events_per_execution[id], kOutputsPerExecution)
          << "execution " << id << " is half written";
    }
    grpc::ClientContext actx;
    ml_metadata::GetArtifactsByIDRequest areq;
    for (int64_t a : artifact_ids) areq.add_artifact_ids(a);
    ml_metadata::GetArtifactsByIDResponse aresp;
    ASSERT_TRUE(stub.GetArtifactsByID(&actx, areq, &aresp).ok());
    EXPECT_EQ(static_cast<size_t>(aresp.artifacts_size()), artifact_ids.size());
  }
  // Every stored execution is associated with the run.
  size_t associated = 0;
  token.clear();
  do {
    grpc::ClientContext ctx;
    ml_metadata::GetExecutionsByContextRequest req;
    req.set_context_id(types.context_id);
    req.mutable_options()->set_max_result_size(100);
    if (!token.empty()) req.mutable_options()->set_next_page_token(token);
    ml_metadata::GetExecutionsByContextResponse resp;
    ASSERT_TRUE(stub.GetExecutionsByContext(&ctx, req, &resp).ok());
    associated += resp.executions_size();
    token = resp.next_page_token();
  } while (!token.empty());
  EXPECT_EQ(associated, stored.size());

  // And the restarted server takes writes again.
  grpc::ClientContext ctx;
  ml_metadata::PutExecutionResponse resp;
  EXPECT_TRUE(
      stub.PutExecution(&ctx, TaskWrite(types, "after-restart"), &resp).ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerKillTest,
                         ::testing::ValuesIn(AvailableBackends()),
                         BackendTestName);

}  // namespace
}  // namespace mlmd::testing
