// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The server's own retention schedule, end to end: the real binary with
// --retention_interval purges what a dry run of the same policy announced,
// and its /metrics report the runs and rows deleted and the time of the
// run. On every backend.
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "test/retention_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::mlmd_server::admin::v1::PurgePipelineRunsRequest;
using ::mlmd_server::admin::v1::PurgePipelineRunsResponse;

// Value of the sample line `series` in Prometheus text, or -1.
double Sample(const std::string &text, const std::string &series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.size() > series.size() &&
        line.substr(0, series.size()) == series && line[series.size()] == ' ') {
      double v = 0;
      if (absl::SimpleAtod(line.substr(series.size() + 1), &v)) return v;
    }
  }
  return -1;
}

class RetentionScheduleTest : public StoreTest {};

TEST_P(RetentionScheduleTest, ServerPurgesOnScheduleAndReportsIt) {
  auto kfp = BuildKfpStore(store(), 2, 3);
  ASSERT_TRUE(kfp.ok()) << kfp.status();
  // The two older runs of each pipeline are 100+ days old.
  for (int p = 0; p < 2; ++p) {
    for (int r = 0; r < 2; ++r) {
      MLMD_ASSERT_OK(AgeRun(store(), kfp->runs[p][r], absl::Hours(24 * 120)));
    }
  }
  PurgePipelineRunsRequest dry;
  dry.mutable_policy()->set_older_than_seconds(90 * 24 * 3600);
  dry.mutable_options()->set_dry_run(true);
  PurgePipelineRunsResponse announced;
  MLMD_ASSERT_OK(store().PurgePipelineRuns(dry, &announced));
  ASSERT_GT(announced.report().deleted_runs_size(), 0);
  int64_t announced_rows = 0, announced_artifacts = 0;
  for (const auto &t : announced.report().deleted_rows()) {
    announced_rows += t.rows();
    if (t.table() == "Artifact") announced_artifacts = t.rows();
  }
  const std::map<std::string, int64_t> before = TableRowCounts(store());

  const int metrics_port = PickFreePort();
  auto server = ServerProcess::Start(
      {"--db=" + DsnFor(options().connection_config),
       absl::StrCat("--metrics_port=", metrics_port), "--retention_interval=1s",
       "--retention_older_than=90d"});
  ASSERT_TRUE(server.ok()) << server.status();
  // The first run comes one interval after start; wait for its metrics.
  std::string metrics;
  for (int i = 0; i < 200; ++i) {
    metrics = HttpGet(metrics_port, "/metrics");
    // Set after the run's other figures.
    if (Sample(metrics, "mlmd_retention_last_run_timestamp_seconds") > 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(Sample(metrics, "mlmd_retention_runs_deleted_total"),
            announced.report().deleted_runs_size())
      << metrics;
  EXPECT_EQ(
      Sample(metrics, "mlmd_retention_rows_deleted_total{table=\"Artifact\"}"),
      announced_artifacts)
      << metrics;
  EXPECT_GT(Sample(metrics, "mlmd_retention_last_run_timestamp_seconds"), 0);
  EXPECT_EQ(Sample(metrics, "mlmd_retention_failures_total"), 0);

  // The store lost exactly the announced rows, and nothing dangles.
  const std::map<std::string, int64_t> after = TableRowCounts(store());
  int64_t removed = 0;
  for (const auto &[table, rows] : before) removed += rows - after.at(table);
  EXPECT_EQ(removed, announced_rows);
  EXPECT_TRUE(ConsistencyProblems(store()).empty());
  // Later runs find nothing more to delete.
  PurgePipelineRunsResponse again;
  MLMD_ASSERT_OK(store().PurgePipelineRuns(dry, &again));
  EXPECT_EQ(again.report().deleted_runs_size(), 0);
}

INSTANTIATE_STORE_TEST_SUITE(RetentionScheduleTest);

}  // namespace
}  // namespace mlmd::testing
