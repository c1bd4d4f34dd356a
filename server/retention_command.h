// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `mlmd-server retention <database flags> [--older_than=90d] [--keep_last=N]
// [--states=FAILED,...] [--run_ids=1,2] [--dry_run] [--force]
// [--uris_out=FILE|-]`: deletes old pipeline runs as a job (a Kubernetes
// CronJob), with the same code as the admin RPCs; and the server's own
// schedule of the same (--retention_interval with --retention_older_than,
// --retention_keep_last, --retention_states).
#ifndef MLMD_SERVER_RETENTION_COMMAND_H_
#define MLMD_SERVER_RETENTION_COMMAND_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "mlmd_server/admin/v1/admin.pb.h"
#include "server/config.h"
#include "server/periodic_job.h"
#include "server/retention_metrics.h"
#include "server/tenant_stores.h"
#include "store/store.h"

namespace mlmd::server {

// Exit codes.
inline constexpr int kRetentionOk = 0;
inline constexpr int kRetentionError = 1;
inline constexpr int kRetentionUsage = 2;

// "90d" (days), or an absl duration ("2160h", "45m"); "" and "0" are zero.
// INVALID_ARGUMENT names `flag`.
absl::StatusOr<absl::Duration> ParseRetentionAge(const std::string &text,
                                                 const std::string &flag);

// A policy from flag values; `states` is a comma-separated list.
absl::StatusOr<mlmd_server::admin::v1::RetentionPolicy> RetentionPolicyFrom(
    const std::string &older_than, int keep_last, const std::string &states,
    const std::string &flag_prefix);

// The report as a person reads it.
void PrintRetentionReport(const mlmd_server::admin::v1::RetentionReport &report,
                          std::ostream &out);

// One JSON object per deleted artifact: {"artifact_id":..,"uri":"..",
// "run_context_id":..}, with "tenant":".." added when `tenant` is not empty.
void WriteUrisJsonLines(const mlmd_server::admin::v1::RetentionReport &report,
                        std::ostream &out, const std::string &tenant = "");

int RunRetentionCommand(const std::vector<std::string> &args,
                        const ServerConfig &config, std::ostream &out);

// The server's schedule: a PurgePipelineRuns with config's policy every
// config.retention_interval (null when the interval is zero), on the tenant
// of --tenant or, with --all_tenants, on every tenant whose database exists,
// through `stores` (the server's open stores). INVALID_ARGUMENT for bad
// tenant flags. `stores` and `metrics` must outlive the job.
absl::StatusOr<std::unique_ptr<PeriodicJob>> StartScheduledRetention(
    const ServerConfig &config, TenantStores *stores,
    RetentionMetrics *metrics);

}  // namespace mlmd::server

#endif  // MLMD_SERVER_RETENTION_COMMAND_H_
