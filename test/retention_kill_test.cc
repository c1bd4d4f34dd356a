// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The `retention` job killed with SIGKILL half-way through a purge, then run
// again: the store is consistent after the kill (no event, attribution,
// association, property or parent link naming a missing node) and the rerun
// finishes exactly the job the dry run announced, on every backend.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test/retention_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::mlmd_server::admin::v1::PurgePipelineRunsRequest;
using ::mlmd_server::admin::v1::PurgePipelineRunsResponse;

constexpr int kPipelines = 2;
constexpr int kRunsPerPipeline = 8;

class RetentionKillTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto kfp = BuildKfpStore(store(), kPipelines, kRunsPerPipeline);
    ASSERT_TRUE(kfp.ok()) << kfp.status();
    // Every run but the newest of each pipeline is 100+ days old.
    for (int p = 0; p < kPipelines; ++p) {
      for (int r = 0; r + 1 < kRunsPerPipeline; ++r) {
        MLMD_ASSERT_OK(AgeRun(store(), kfp->runs[p][r],
                              absl::Hours(24 * (100 + kRunsPerPipeline - r))));
      }
    }
    dsn_ = DsnFor(options().connection_config);
  }

  // What a purge would do now, read with a dry run.
  mlmd_server::admin::v1::RetentionReport DryRun() {
    PurgePipelineRunsRequest req;
    req.mutable_policy()->set_older_than_seconds(90 * 24 * 3600);
    req.mutable_options()->set_dry_run(true);
    PurgePipelineRunsResponse resp;
    EXPECT_TRUE(store().PurgePipelineRuns(req, &resp).ok());
    return resp.report();
  }

  std::set<int64_t> RunContextsLeft() {
    ml_metadata::GetContextsByTypeRequest req;
    req.set_type_name("system.PipelineRun");
    ml_metadata::GetContextsByTypeResponse resp;
    EXPECT_TRUE(store().GetContextsByType(req, &resp).ok());
    std::set<int64_t> ids;
    for (const auto& c : resp.contexts()) ids.insert(c.id());
    return ids;
  }

  std::vector<std::string> RetentionArgs(bool slow) {
    std::vector<std::string> args = {"retention", "--db=" + dsn_,
                                     "--older_than=90d", "--batch_size=1"};
    if (slow) args.push_back("--retention_batch_pause_ms=150");
    return args;
  }

  std::string dsn_;
};

TEST_P(RetentionKillTest, KilledHalfWayThenRerunFinishesTheJob) {
  const auto plan = DryRun();
  std::set<int64_t> doomed;
  for (const auto& run : plan.deleted_runs()) doomed.insert(run.context_id());
  const std::set<int64_t> before = RunContextsLeft();
  ASSERT_GE(doomed.size(), 10u);
  // The rows the whole job removes, per table.
  std::map<std::string, int64_t> expected_rows = TableRowCounts(store());
  for (const auto& t : plan.deleted_rows()) {
    ASSERT_TRUE(expected_rows.count(t.table())) << t.table();
    expected_rows[t.table()] -= t.rows();
  }

  // Batches of one node with a pause between them: the job needs many
  // seconds, and is SIGKILLed (RunToExit's timeout) long before the end.
  std::string output;
  const int killed =
      ServerProcess::RunToExit(RetentionArgs(/*slow=*/true), &output, {}, 3);
  ASSERT_EQ(killed, -2) << "the job ended before it could be killed:\n"
                        << output;
  EXPECT_TRUE(ConsistencyProblems(store()).empty())
      << "after the kill: " << ConsistencyProblems(store()).front();
  const std::map<std::string, int64_t> half = TableRowCounts(store());

  const int code =
      ServerProcess::RunToExit(RetentionArgs(/*slow=*/false), &output, {}, 120);
  ASSERT_EQ(code, 0) << output;
  EXPECT_TRUE(ConsistencyProblems(store()).empty())
      << "after the rerun: " << ConsistencyProblems(store()).front();
  // The kill left work behind, which the rerun did.
  EXPECT_NE(half, TableRowCounts(store()));

  // Killed and rerun, the job removed exactly what one uninterrupted run
  // would have: the dry run's rows, every kept run untouched.
  EXPECT_EQ(TableRowCounts(store()), expected_rows);
  const std::set<int64_t> left = RunContextsLeft();
  for (int64_t id : before) {
    if (!doomed.count(id)) EXPECT_TRUE(left.count(id)) << "kept run " << id;
  }
  // Nothing more to do.
  EXPECT_EQ(DryRun().deleted_runs_size(), 0);
}

INSTANTIATE_STORE_TEST_SUITE(RetentionKillTest);

}  // namespace
}  // namespace mlmd::testing
