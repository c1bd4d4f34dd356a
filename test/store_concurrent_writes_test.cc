// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Many threads send PutExecution at once, a third of them requests that fail
// half-way (after the execution and its new artifact are written, an event
// names an artifact that does not exist). Every good request must be there
// whole and nothing of a failed one may remain, on every backend. On SQLite
// these requests share transactions (group commit), so failing members are
// rolled back to their savepoints among committing ones; with group commit
// off each is a transaction of its own there too. With write combining on
// (the default) the requests also share statements, and a batch holding a
// failing request runs each of its requests again alone.
#include <atomic>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Event;
using ::ml_metadata::PutExecutionRequest;
using ::ml_metadata::PutExecutionResponse;

class ConcurrentWritesTest : public StoreTest {};

constexpr int kThreads = 12;
constexpr int kPerThread = 30;
constexpr int64_t kMissingArtifact = 987654321;

bool Fails(int thread, int i) { return (thread + i) % 3 == 0; }
std::string ExecutionName(int thread, int i) {
  return absl::StrCat("exec-", thread, "-", i);
}
std::string ArtifactUri(int thread, int i) {
  return absl::StrCat("mem://out/", thread, "/", i);
}

TEST_P(ConcurrentWritesTest, FailedRequestsLeaveNothingAmongCommittedOnes) {
  const TypeIds types = RegisterTypes(store());
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        PutExecutionRequest request;
        auto* execution = request.mutable_execution();
        execution->set_type_id(types.execution);
        execution->set_name(ExecutionName(t, i));
        (*execution->mutable_custom_properties())["step"].set_int_value(i);
        auto* output = request.add_artifact_event_pairs();
        output->mutable_artifact()->set_type_id(types.artifact);
        output->mutable_artifact()->set_uri(ArtifactUri(t, i));
        output->mutable_event()->set_type(Event::OUTPUT);
        if (Fails(t, i)) {
          auto* dangling = request.add_artifact_event_pairs();
          dangling->mutable_event()->set_artifact_id(kMissingArtifact);
          dangling->mutable_event()->set_type(Event::INPUT);
        }
        PutExecutionResponse response;
        const absl::Status st = store().PutExecution(request, &response);
        const bool as_expected =
            Fails(t, i) ? absl::IsInvalidArgument(st) : st.ok();
        if (!as_expected) {
          ++unexpected;
          ADD_FAILURE() << ExecutionName(t, i) << ": " << st;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(unexpected.load(), 0);

  // Exactly the good requests' executions, artifacts and events remain.
  ml_metadata::GetExecutionsRequest list_executions;
  ml_metadata::GetExecutionsResponse executions;
  MLMD_ASSERT_OK(store().GetExecutions(list_executions, &executions));
  std::set<std::string> want_names, got_names;
  std::set<std::string> want_uris, got_uris;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      if (Fails(t, i)) continue;
      want_names.insert(ExecutionName(t, i));
      want_uris.insert(ArtifactUri(t, i));
    }
  }
  for (const auto& e : executions.executions()) got_names.insert(e.name());
  EXPECT_EQ(got_names, want_names);
  ml_metadata::GetArtifactsRequest list_artifacts;
  ml_metadata::GetArtifactsResponse artifacts;
  MLMD_ASSERT_OK(store().GetArtifacts(list_artifacts, &artifacts));
  for (const auto& a : artifacts.artifacts()) got_uris.insert(a.uri());
  EXPECT_EQ(got_uris, want_uris);
  ml_metadata::GetEventsByExecutionIDsRequest events_request;
  for (const auto& e : executions.executions()) {
    events_request.add_execution_ids(e.id());
  }
  ml_metadata::GetEventsByExecutionIDsResponse events;
  MLMD_ASSERT_OK(store().GetEventsByExecutionIDs(events_request, &events));
  EXPECT_EQ(events.events_size(), static_cast<int>(want_names.size()));
  for (const Event& event : events.events()) {
    EXPECT_NE(event.artifact_id(), kMissingArtifact);
  }

  const MetadataStore::Stats stats = store().stats();
  if (options().combined_write_slots > 0) {
    // Requests queued behind one another went as combined batches (most of
    // them with a failing member, so their requests then ran alone);
    // otherwise this test would not have exercised combining at all.
    EXPECT_GT(
        stats.combined_writes_total + stats.combined_write_fallbacks_total, 0);
  } else if (options().connection_config.has_sqlite() &&
             options().group_commit) {
    // The requests did share transactions here; otherwise this test would
    // not have exercised group commit at all.
    EXPECT_GT(stats.group_commit_members_total, stats.group_commits_total)
        << stats.group_commits_total << " groups carried "
        << stats.group_commit_members_total << " requests";
  } else {
    // One transaction per request, as on the client/server databases.
    EXPECT_EQ(stats.group_commits_total, 0);
    EXPECT_EQ(stats.group_commit_members_total, 0);
  }
  if (options().combined_write_slots == 0) {
    EXPECT_EQ(stats.combined_writes_total, 0);
    EXPECT_EQ(stats.combined_write_fallbacks_total, 0);
  }
}

INSTANTIATE_STORE_TEST_SUITE(ConcurrentWritesTest);

// Every backend with write combining off (--db_combined_write_slots=0): on
// SQLite the requests then share transactions through group commit. And
// SQLite with both off (--db_group_commit=false too): every request is a
// transaction of its own, queued for SQLite's write lock.
std::vector<BackendParam> WithoutCombining() {
  std::vector<BackendParam> out;
  for (const BackendParam& backend : AvailableBackends()) {
    out.push_back({backend.name + "_without_combining",
                   [make = backend.make_options] {
                     StoreOptions o = make();
                     o.combined_write_slots = 0;
                     return o;
                   }});
  }
  std::function<StoreOptions()> sqlite =
      AvailableBackends().front().make_options;
  out.push_back({"sqlite_without_group_commit", [sqlite] {
                   StoreOptions o = sqlite();
                   o.group_commit = false;
                   o.combined_write_slots = 0;
                   return o;
                 }});
  return out;
}
INSTANTIATE_TEST_SUITE_P(Alone, ConcurrentWritesTest,
                         ::testing::ValuesIn(WithoutCombining()),
                         BackendTestName);

}  // namespace
}  // namespace mlmd::testing
