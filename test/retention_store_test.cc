// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Retention on every backend, over a KFP-shaped store (retention_test_util.h):
// a policy deletes old runs, shared artifacts survive with their lineage,
// the dry run matches the real run row for row, the store stays consistent,
// and drivers writing during the purge see no errors.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/retention_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::mlmd_server::admin::v1::PurgePipelineRunsRequest;
using ::mlmd_server::admin::v1::PurgePipelineRunsResponse;
using ::mlmd_server::admin::v1::RetentionReport;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class RetentionTest : public StoreTest {
 protected:
  // 2 pipelines x 5 runs; runs 0..2 of each are 100 days old; run 2 of
  // pipe-1 is still RUNNING (eval). Run 4 of pipe-0 reads run 0's model.
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto kfp = BuildKfpStore(store(), 2, 4);
    ASSERT_TRUE(kfp.ok()) << kfp.status();
    kfp_ = *std::move(kfp);
    auto running = AddKfpRun(store(), kfp_, 1, "pipe-1-run-4", 0,
                             ml_metadata::Execution::RUNNING);
    ASSERT_TRUE(running.ok()) << running.status();
    // Make it the third-oldest run of pipe-1: swap so that index 2 is the
    // running one and it is old.
    kfp_.runs[1].insert(kfp_.runs[1].begin() + 2, *running);
    for (int p = 0; p < 2; ++p) {
      for (int r = 0; r < 3; ++r) {
        MLMD_ASSERT_OK(
            AgeRun(store(), kfp_.runs[p][r], absl::Hours(24 * (100 + 3 - r))));
      }
    }
  }

  RetentionReport Purge(bool dry_run, int batch_size = 3) {
    PurgePipelineRunsRequest req;
    req.mutable_policy()->set_older_than_seconds(90 * 24 * 3600);
    req.mutable_policy()->set_keep_last(1);
    req.mutable_options()->set_dry_run(dry_run);
    req.mutable_options()->set_batch_size(batch_size);
    PurgePipelineRunsResponse resp;
    const absl::Status st = store().PurgePipelineRuns(req, &resp);
    EXPECT_TRUE(st.ok()) << st;
    return resp.report();
  }

  // The upstream lineage and events of the kept runs' executions.
  std::string KeptLineage() {
    std::vector<int64_t> execs;
    for (int p = 0; p < 2; ++p) {
      for (size_t r = 3; r < kfp_.runs[p].size(); ++r) {
        execs.push_back(kfp_.runs[p][r].train);
        execs.push_back(kfp_.runs[p][r].eval);
      }
    }
    ml_metadata::GetLineageSubgraphRequest req;
    auto *opts = req.mutable_lineage_subgraph_query_options();
    opts->mutable_starting_executions()->set_filter_query(
        absl::StrCat("id IN (", absl::StrJoin(execs, ", "), ")"));
    opts->set_max_num_hops(20);
    opts->set_direction(ml_metadata::LineageSubgraphQueryOptions::UPSTREAM);
    ml_metadata::GetLineageSubgraphResponse resp;
    absl::Status st = store().GetLineageSubgraph(req, &resp);
    EXPECT_TRUE(st.ok()) << st;
    ml_metadata::GetEventsByExecutionIDsRequest ereq;
    for (int64_t id : execs) ereq.add_execution_ids(id);
    ml_metadata::GetEventsByExecutionIDsResponse eresp;
    st = store().GetEventsByExecutionIDs(ereq, &eresp);
    EXPECT_TRUE(st.ok()) << st;
    // Order-independent rendering.
    std::set<std::string> parts;
    for (const auto &a : resp.lineage_subgraph().artifacts()) {
      parts.insert(a.ShortDebugString());
    }
    for (const auto &e : resp.lineage_subgraph().executions()) {
      parts.insert(e.ShortDebugString());
    }
    for (const auto &e : resp.lineage_subgraph().events()) {
      parts.insert(e.ShortDebugString());
    }
    for (const auto &e : eresp.events()) {
      parts.insert("by-id " + e.ShortDebugString());
    }
    EXPECT_GT(parts.size(), 10u);
    return absl::StrJoin(parts, "\n");
  }

  KfpStore kfp_;
};

std::vector<int64_t> RunIds(const RetentionReport &report) {
  std::vector<int64_t> ids;
  for (const auto &r : report.deleted_runs()) ids.push_back(r.context_id());
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_P(RetentionTest, PolicyDeletesOldRunsAndKeepsSharedLineage) {
  const std::string lineage_before = KeptLineage();
  const auto rows_before = TableRowCounts(store());
  const RetentionReport dry = Purge(/*dry_run=*/true);
  EXPECT_EQ(TableRowCounts(store()), rows_before) << "dry run changed rows";
  const RetentionReport real = Purge(/*dry_run=*/false);
  const auto rows_after = TableRowCounts(store());

  // Deleted: runs 1, 2 of pipe-0 (run 0's model is read by kept run 4, so
  // its context and train stay), runs 0, 1 of pipe-1 (run 2 is RUNNING).
  EXPECT_EQ(RunIds(real),
            (std::vector<int64_t>{
                kfp_.runs[0][1].context_id, kfp_.runs[0][2].context_id,
                kfp_.runs[1][0].context_id, kfp_.runs[1][1].context_id}));
  ASSERT_EQ(real.skipped_runs_size(), 2);
  std::map<int64_t, std::string> skipped;
  for (const auto &s : real.skipped_runs())
    skipped[s.context_id()] = s.reason();
  EXPECT_THAT(skipped[kfp_.runs[1][2].context_id], HasSubstr("RUNNING"));
  EXPECT_THAT(skipped[kfp_.runs[0][0].context_id],
              HasSubstr(absl::StrCat(kfp_.runs[0][0].train)));

  // Dry run == real run, row for row, and both match the tables.
  ASSERT_EQ(dry.deleted_rows_size(), real.deleted_rows_size());
  for (int i = 0; i < real.deleted_rows_size(); ++i) {
    const auto &table = real.deleted_rows(i).table();
    EXPECT_EQ(dry.deleted_rows(i).ShortDebugString(),
              real.deleted_rows(i).ShortDebugString());
    EXPECT_EQ(rows_before.at(table) - rows_after.at(table),
              real.deleted_rows(i).rows())
        << table;
  }
  EXPECT_EQ(RunIds(dry), RunIds(real));
  EXPECT_EQ(dry.deleted_artifacts_size(), real.deleted_artifacts_size());
  for (int i = 0; i < real.deleted_artifacts_size(); ++i) {
    EXPECT_EQ(dry.deleted_artifacts(i).ShortDebugString(),
              real.deleted_artifacts(i).ShortDebugString());
  }
  // 4 deleted runs x (model + metrics) + run 0's metrics.
  EXPECT_EQ(real.deleted_artifacts_size(), 9);
  EXPECT_EQ(rows_before.at("Execution") - rows_after.at("Execution"), 9);
  EXPECT_EQ(rows_before.at("Context") - rows_after.at("Context"), 4);
  EXPECT_GT(real.batches(), 3);

  // The shared dataset and the cached model stay, with why.
  std::map<int64_t, std::string> kept;
  for (const auto &k : real.kept_artifacts()) kept[k.id()] = k.reason();
  // (PutExecution attributes input artifacts to the run as well, so the
  // cached model is attributed to the kept run that reads it.)
  EXPECT_THAT(kept[kfp_.dataset], HasSubstr("kept run"));
  EXPECT_THAT(kept[kfp_.runs[0][0].model],
              HasSubstr(absl::StrCat("kept run ", kfp_.runs[0][3].context_id)));
  ml_metadata::GetArtifactsByIDRequest areq;
  areq.add_artifact_ids(kfp_.dataset);
  areq.add_artifact_ids(kfp_.runs[0][0].model);
  areq.add_artifact_ids(kfp_.runs[0][1].model);
  ml_metadata::GetArtifactsByIDResponse aresp;
  MLMD_ASSERT_OK(store().GetArtifactsByID(areq, &aresp));
  EXPECT_EQ(aresp.artifacts_size(), 2);

  EXPECT_EQ(KeptLineage(), lineage_before);
  EXPECT_THAT(ConsistencyProblems(store()), IsEmpty());

  // A second purge finds nothing more to delete.
  const RetentionReport again = Purge(/*dry_run=*/false);
  EXPECT_EQ(again.deleted_runs_size(), 0);
  EXPECT_EQ(TableRowCounts(store()), rows_after);
}

TEST_P(RetentionTest, ForceDeletesRunningRunsAndDeleteByName) {
  mlmd_server::admin::v1::DeletePipelineRunsRequest req;
  req.add_run_names("pipe-1-run-4");  // the RUNNING one
  req.add_run_context_ids(kfp_.runs[1][0].context_id);
  req.add_run_names("no-such-run");
  mlmd_server::admin::v1::DeletePipelineRunsResponse resp;
  MLMD_ASSERT_OK(store().DeletePipelineRuns(req, &resp));
  EXPECT_EQ(resp.report().deleted_runs_size(), 1);
  EXPECT_EQ(resp.report().skipped_runs_size(), 2);
  req.mutable_options()->set_force(true);
  MLMD_ASSERT_OK(store().DeletePipelineRuns(req, &resp));
  ASSERT_EQ(resp.report().deleted_runs_size(), 1);
  EXPECT_EQ(resp.report().deleted_runs(0).state(), "RUNNING");
  EXPECT_THAT(ConsistencyProblems(store()), IsEmpty());
}

TEST_P(RetentionTest, EmptyPolicyIsRefused) {
  PurgePipelineRunsRequest req;
  PurgePipelineRunsResponse resp;
  EXPECT_EQ(store().PurgePipelineRuns(req, &resp).code(),
            absl::StatusCode::kInvalidArgument);
  req.mutable_policy()->add_states("DONE");
  EXPECT_EQ(store().PurgePipelineRuns(req, &resp).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(RetentionTest, WritersDuringPurgeSeeNoErrors) {
  // More old runs, so the purge spans many batches.
  for (int r = 0; r < 20; ++r) {
    auto run = AddKfpRun(store(), kfp_, 1, absl::StrCat("pipe-1-old-", r));
    ASSERT_TRUE(run.ok()) << run.status();
    MLMD_ASSERT_OK(AgeRun(store(), *run, absl::Hours(24 * 200)));
  }
  std::atomic<bool> stop{false};
  std::atomic<int> errors{0}, writes{0};
  std::vector<std::thread> drivers;
  std::mutex error_mu;
  std::string first_error;
  for (int d = 0; d < 32; ++d) {
    drivers.emplace_back([&, d] {
      for (int i = 0; !stop.load() || i < 2; ++i) {
        auto run = AddKfpRun(store(), kfp_, i % 2,
                             absl::StrCat("driver-", d, "-run-", i));
        if (!run.ok()) {
          ++errors;
          std::lock_guard<std::mutex> lock(error_mu);
          if (first_error.empty()) first_error = run.status().ToString();
        } else {
          ++writes;
        }
      }
    });
  }
  const RetentionReport report = Purge(/*dry_run=*/false, /*batch_size=*/2);
  stop = true;
  for (auto &t : drivers) t.join();
  EXPECT_EQ(errors.load(), 0) << first_error;
  EXPECT_GE(writes.load(), 64);
  EXPECT_GE(report.deleted_runs_size(), 20);
  EXPECT_THAT(ConsistencyProblems(store()), IsEmpty());
}

// Writers link new executions to the artifacts, executions and run contexts
// the purge is deleting, while it deletes them one batch at a time. Each
// write either commits before the batch that would take its target (which
// then keeps the artifact, or deletes the link with the run) or finds the
// target gone and is refused as naming an unknown id. No link may ever
// point at a deleted node. (PostgreSQL and MySQL run READ COMMITTED: without
// the row locks of store/row_locks.h, a link committed between a batch's
// read of the links and its delete would dangle.)
TEST_P(RetentionTest, LinksWrittenDuringPurgeNeverDangle) {
  std::vector<int64_t> artifacts, contexts;
  for (int r = 0; r < 24; ++r) {
    auto run = AddKfpRun(store(), kfp_, 1, absl::StrCat("pipe-1-old-", r));
    ASSERT_TRUE(run.ok()) << run.status();
    MLMD_ASSERT_OK(AgeRun(store(), *run, absl::Hours(24 * 200)));
    artifacts.push_back(run->model);
    artifacts.push_back(run->metrics);
    contexts.push_back(run->context_id);
  }
  // Writers start once the first batch has committed, so that they link to
  // nodes the plan has already chosen, while those are being deleted.
  std::atomic<bool> started{false}, stop{false};
  std::atomic<int> linked{0}, refused{0}, errors{0};
  std::mutex error_mu;
  std::string first_error;
  auto record = [&](const absl::Status &st) {
    if (st.ok()) {
      ++linked;
    } else if (absl::IsInvalidArgument(st)) {
      ++refused;  // the target was already deleted
    } else {
      ++errors;
      std::lock_guard<std::mutex> lock(error_mu);
      if (first_error.empty()) first_error = st.ToString();
    }
  };
  std::vector<std::thread> writers;
  for (int w = 0; w < 6; ++w) {
    writers.emplace_back([&, w] {
      while (!started.load() && !stop.load())
        absl::SleepFor(absl::Microseconds(200));
      for (int i = 0; !stop.load(); ++i) {
        const size_t a = (w + 6 * i) % artifacts.size();
        const int64_t context = contexts[a / 2];
        // A new execution reading the artifact (the artifact is passed by
        // id, as KFP's driver passes a cached output), in the old run.
        ml_metadata::PutExecutionRequest put;
        put.mutable_execution()->set_type_id(kfp_.execution_type);
        put.mutable_execution()->set_last_known_state(
            ml_metadata::Execution::COMPLETE);
        auto *pair = put.add_artifact_event_pairs();
        pair->mutable_artifact()->set_id(artifacts[a]);
        pair->mutable_event()->set_type(ml_metadata::Event::INPUT);
        ml_metadata::PutExecutionResponse put_resp;
        absl::Status st = store().PutExecution(put, &put_resp);
        record(st);
        if (!st.ok()) continue;
        const int64_t execution = put_resp.execution_id();
        // The same artifact by id alone, as a second event.
        ml_metadata::PutEventsRequest events;
        auto *event = events.add_events();
        event->set_artifact_id(artifacts[a]);
        event->set_execution_id(execution);
        event->set_type(ml_metadata::Event::DECLARED_INPUT);
        ml_metadata::PutEventsResponse events_resp;
        record(store().PutEvents(events, &events_resp));
        // The new execution and the artifact into the old run's context.
        ml_metadata::PutAttributionsAndAssociationsRequest links;
        auto *assoc = links.add_associations();
        assoc->set_context_id(context);
        assoc->set_execution_id(execution);
        auto *attr = links.add_attributions();
        attr->set_context_id(context);
        attr->set_artifact_id(artifacts[a]);
        ml_metadata::PutAttributionsAndAssociationsResponse links_resp;
        record(store().PutAttributionsAndAssociations(links, &links_resp));
      }
    });
  }
  PurgePipelineRunsRequest req;
  req.mutable_policy()->set_older_than_seconds(90 * 24 * 3600);
  req.mutable_policy()->set_keep_last(1);
  req.mutable_options()->set_batch_size(1);
  RetentionHooks hooks;
  hooks.on_rows_deleted = [&](const std::string &, int64_t) { started = true; };
  hooks.pause_between_batches = absl::Milliseconds(5);
  PurgePipelineRunsResponse resp;
  const absl::Status purged = store().PurgePipelineRuns(req, &resp, hooks);
  stop = true;
  for (auto &t : writers) t.join();
  MLMD_EXPECT_OK(purged);
  EXPECT_EQ(errors.load(), 0) << first_error;
  // Both outcomes happened: the writers raced the purge.
  EXPECT_GT(linked.load(), 0);
  EXPECT_GT(refused.load(), 0);
  EXPECT_GE(resp.report().deleted_runs_size(), 24);
  EXPECT_THAT(ConsistencyProblems(store()), IsEmpty());
}

INSTANTIATE_STORE_TEST_SUITE(RetentionTest);

}  // namespace
}  // namespace mlmd::testing
