// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/retention_metrics.h"

#include "absl/time/clock.h"

namespace mlmd::server {

RetentionMetrics::RetentionMetrics(prometheus::Registry &registry) {
  rows_ = &prometheus::BuildCounter()
               .Name("mlmd_retention_rows_deleted_total")
               .Help("Rows deleted by retention, per table")
               .Register(registry);
  runs_ = &prometheus::BuildCounter()
               .Name("mlmd_retention_runs_deleted_total")
               .Help("Pipeline run contexts deleted by retention")
               .Register(registry)
               .Add({});
  failures_ = &prometheus::BuildCounter()
                   .Name("mlmd_retention_failures_total")
                   .Help("Retention calls that failed")
                   .Register(registry)
                   .Add({});
  last_run_ = &prometheus::BuildGauge()
                   .Name("mlmd_retention_last_run_timestamp_seconds")
                   .Help("When the last successful real retention ended")
                   .Register(registry)
                   .Add({});
}

RetentionHooks RetentionMetrics::Hooks() {
  RetentionHooks hooks;
  // Family::Add is thread-safe and returns the existing series.
  hooks.on_rows_deleted = [family = rows_](const std::string &table,
                                           int64_t rows) {
    family->Add({{"table", table}}).Increment(static_cast<double>(rows));
  };
  return hooks;
}

void RetentionMetrics::Finished(
    const absl::Status &status,
    const mlmd_server::admin::v1::RetentionReport &report) {
  if (!status.ok()) {
    failures_->Increment();
    return;
  }
  if (report.dry_run()) return;
  runs_->Increment(report.deleted_runs_size());
  last_run_->Set(absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()));
}

}  // namespace mlmd::server
