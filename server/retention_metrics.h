// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Prometheus metrics of retention (admin RPCs and the server's schedule):
//
//   mlmd_retention_rows_deleted_total{table}   rows deleted, per table
//   mlmd_retention_runs_deleted_total          run contexts deleted
//   mlmd_retention_failures_total              retention calls that failed
//   mlmd_retention_last_run_timestamp_seconds  end of the last successful
//                                              real (not dry) retention
#ifndef MLMD_SERVER_RETENTION_METRICS_H_
#define MLMD_SERVER_RETENTION_METRICS_H_

#include "absl/status/status.h"
#include "mlmd_server/admin/v1/admin.pb.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "store/store.h"

namespace mlmd::server {

class RetentionMetrics {
 public:
  // Registers the metrics in `registry`, which must outlive this object.
  explicit RetentionMetrics(prometheus::Registry &registry);

  // Hooks that count rows as each batch commits. Thread-safe.
  RetentionHooks Hooks();
  // Records the end of one retention call.
  void Finished(const absl::Status &status,
                const mlmd_server::admin::v1::RetentionReport &report);

 private:
  prometheus::Family<prometheus::Counter> *rows_ = nullptr;
  prometheus::Counter *runs_ = nullptr;
  prometheus::Counter *failures_ = nullptr;
  prometheus::Gauge *last_run_ = nullptr;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_RETENTION_METRICS_H_
