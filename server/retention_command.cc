// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/retention_command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "server/job_tenants.h"
#include "server/log.h"
#include "server/startup_retry.h"
#include "server/tenant_config.h"

ABSL_FLAG(std::string, older_than, "",
          "retention: delete runs whose last update is older than this "
          "(\"90d\", or an absl duration such as \"2160h\").");
ABSL_FLAG(int, keep_last, 0,
          "retention: keep the newest N runs of each pipeline.");
ABSL_FLAG(std::string, states, "",
          "retention: only runs in these states (comma-separated: COMPLETE, "
          "FAILED, CANCELED, RUNNING, EMPTY).");
ABSL_FLAG(std::string, run_ids, "",
          "retention: delete these run context ids (comma-separated) instead "
          "of applying a policy.");
ABSL_FLAG(std::string, run_context_type, "system.PipelineRun",
          "retention: the context type of a pipeline run.");
ABSL_FLAG(bool, dry_run, false,
          "retention: report what would be deleted, delete nothing.");
ABSL_FLAG(bool, force, false,
          "retention: also delete runs with NEW or RUNNING executions.");
ABSL_FLAG(std::string, uris_out, "",
          "retention: write the deleted artifacts' URIs as JSON lines to this "
          "file (\"-\": stdout, and the report goes to stderr).");
ABSL_FLAG(int, batch_size, 500,
          "retention: most nodes deleted per transaction.");
ABSL_FLAG(int, retention_batch_pause_ms, 0,
          "retention: sleep between batches (for tests and gentle purges).");

namespace mlmd::server {
namespace {

using mlmd_server::admin::v1::RetentionReport;

std::string JsonString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// Writes to a temporary name and renames when complete, so a killed job
// never leaves a half list that looks whole.
absl::Status WriteUrisFile(const std::string &path, const std::string &lines) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::trunc);
    if (!file)
      return absl::InvalidArgumentError(absl::StrCat("cannot write ", tmp));
    file << lines;
    file.flush();
    if (!file)
      return absl::DataLossError(absl::StrCat("writing ", tmp, " failed"));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(
        absl::StrCat("cannot rename ", tmp, " to ", path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<absl::Duration> ParseRetentionAge(const std::string &text,
                                                 const std::string &flag) {
  const std::string t(absl::StripAsciiWhitespace(text));
  if (t.empty() || t == "0") return absl::ZeroDuration();
  absl::string_view days = t;
  int64_t n = 0;
  if (absl::ConsumeSuffix(&days, "d") && absl::SimpleAtoi(days, &n) && n >= 0) {
    return absl::Hours(24 * n);
  }
  absl::Duration d;
  if (absl::ParseDuration(t, &d) && d >= absl::ZeroDuration()) return d;
  return absl::InvalidArgumentError(absl::StrCat(
      flag, "='", text, "' is not a duration; use e.g. 90d, 2160h or 45m"));
}

absl::StatusOr<mlmd_server::admin::v1::RetentionPolicy> RetentionPolicyFrom(
    const std::string &older_than, int keep_last, const std::string &states,
    const std::string &flag_prefix) {
  mlmd_server::admin::v1::RetentionPolicy policy;
  auto age = ParseRetentionAge(older_than, flag_prefix + "older_than");
  if (!age.ok()) return age.status();
  policy.set_older_than_seconds(absl::ToInt64Seconds(*age));
  if (keep_last < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag_prefix, "keep_last must not be negative"));
  }
  policy.set_keep_last(keep_last);
  for (absl::string_view s :
       absl::StrSplit(states, ',', absl::SkipWhitespace())) {
    policy.add_states(absl::AsciiStrToUpper(absl::StripAsciiWhitespace(s)));
  }
  return policy;
}

void PrintRetentionReport(const RetentionReport &report, std::ostream &out) {
  if (report.dry_run()) out << "dry run: nothing was deleted\n";
  const char *verb = report.dry_run() ? "would delete" : "deleted";
  out << "runs " << verb << ": " << report.deleted_runs_size() << "\n";
  for (const auto &run : report.deleted_runs()) {
    out << "  run " << run.context_id() << " " << JsonString(run.name())
        << " pipeline=" << run.pipeline_context_id() << " state=" << run.state()
        << " last_update="
        << absl::FormatTime(
               absl::FromUnixMillis(run.last_update_time_since_epoch()),
               absl::UTCTimeZone())
        << "\n";
  }
  if (report.skipped_runs_size() > 0) {
    out << "runs skipped: " << report.skipped_runs_size() << "\n";
    for (const auto &run : report.skipped_runs()) {
      out << "  run " << run.context_id() << " " << JsonString(run.name())
          << ": " << run.reason() << "\n";
    }
  }
  out << "rows " << verb << " per table:\n";
  for (const auto &rows : report.deleted_rows()) {
    out << absl::StrFormat("  %-18s %d\n", rows.table(), rows.rows());
  }
  out << "artifacts " << verb << ": " << report.deleted_artifacts_size()
      << "\n";
  for (const auto &art : report.deleted_artifacts()) {
    out << "  artifact " << art.id() << " " << art.uri() << "\n";
  }
  if (report.kept_artifacts_size() > 0) {
    out << "artifacts kept: " << report.kept_artifacts_size() << "\n";
    for (const auto &k : report.kept_artifacts()) {
      out << "  artifact " << k.id() << " " << k.uri() << ": " << k.reason()
          << "\n";
    }
  }
  if (report.kept_executions_size() > 0) {
    out << "executions kept: " << report.kept_executions_size() << "\n";
    for (const auto &k : report.kept_executions()) {
      out << "  execution " << k.id() << ": " << k.reason() << "\n";
    }
  }
  if (!report.dry_run()) out << "batches: " << report.batches() << "\n";
}

void WriteUrisJsonLines(const RetentionReport &report, std::ostream &out,
                        const std::string &tenant) {
  for (const auto &art : report.deleted_artifacts()) {
    out << "{\"artifact_id\":" << art.id()
        << ",\"uri\":" << JsonString(art.uri())
        << ",\"run_context_id\":" << art.run_context_id();
    if (!tenant.empty()) out << ",\"tenant\":" << JsonString(tenant);
    out << "}\n";
  }
}

int RunRetentionCommand(const std::vector<std::string> &args,
                        const ServerConfig &config, std::ostream &out) {
  if (!args.empty()) {
    LogError(
        "usage: mlmd-server retention <database flags> [--older_than=90d] "
        "[--keep_last=N] [--states=...] [--run_ids=...] [--dry_run] "
        "[--force] [--uris_out=FILE|-] [--batch_size=N]");
    return kRetentionUsage;
  }
  mlmd_server::admin::v1::DeletionOptions options;
  options.set_dry_run(absl::GetFlag(FLAGS_dry_run));
  options.set_force(absl::GetFlag(FLAGS_force));
  options.set_batch_size(absl::GetFlag(FLAGS_batch_size));
  options.set_run_context_type(absl::GetFlag(FLAGS_run_context_type));
  if (options.batch_size() < 1) {
    LogError("--batch_size must be at least 1");
    return kRetentionUsage;
  }
  std::vector<int64_t> run_ids;
  for (absl::string_view id : absl::StrSplit(absl::GetFlag(FLAGS_run_ids), ',',
                                             absl::SkipWhitespace())) {
    int64_t n = 0;
    if (!absl::SimpleAtoi(id, &n)) {
      LogError("--run_ids: '", id, "' is not a context id");
      return kRetentionUsage;
    }
    run_ids.push_back(n);
  }
  auto policy = RetentionPolicyFrom(absl::GetFlag(FLAGS_older_than),
                                    absl::GetFlag(FLAGS_keep_last),
                                    absl::GetFlag(FLAGS_states), "--");
  if (!policy.ok()) {
    LogError(policy.status().message());
    return kRetentionUsage;
  }
  const std::string uris_out = absl::GetFlag(FLAGS_uris_out);
  std::ostream &report_out = uris_out == "-" ? std::cerr : out;

  auto targets = JobTargets(config.store);
  if (!targets.ok()) {
    LogError("retention: ", targets.status().message());
    return absl::IsInvalidArgument(targets.status()) ? kRetentionUsage
                                                     : kRetentionError;
  }
  const bool several = targets->size() > 1;
  std::ostringstream uris;
  int rc = kRetentionOk;
  for (const JobTarget &target : *targets) {
    auto store = WithStartupRetries(config.connection_retries, [&] {
      return MetadataStore::Open(target.store);
    });
    if (!store.ok()) {
      LogError("retention: cannot open the metadata store of tenant '",
               target.tenant, "': ", store.status().ToString());
      rc = kRetentionError;
      continue;
    }
    if (several || target.tenant != kDefaultTenant) {
      report_out << "tenant: " << target.tenant << "\n";
    }
    report_out << "database: " << (*store)->describe_target() << "\n";
    RetentionHooks hooks;
    hooks.pause_between_batches =
        absl::Milliseconds(absl::GetFlag(FLAGS_retention_batch_pause_ms));
    int64_t deleted = 0;
    absl::Time last_log = absl::Now();
    hooks.on_rows_deleted = [&](const std::string &, int64_t rows) {
      deleted += rows;
      if (absl::Now() - last_log > absl::Seconds(5)) {
        last_log = absl::Now();
        LogInfo("retention: ", deleted, " rows deleted so far");
      }
    };
    RetentionReport report;
    absl::Status st;
    if (!run_ids.empty()) {
      mlmd_server::admin::v1::DeletePipelineRunsRequest req;
      for (int64_t id : run_ids) req.add_run_context_ids(id);
      *req.mutable_options() = options;
      mlmd_server::admin::v1::DeletePipelineRunsResponse resp;
      st = (*store)->DeletePipelineRuns(req, &resp, hooks);
      report = resp.report();
    } else {
      mlmd_server::admin::v1::PurgePipelineRunsRequest req;
      *req.mutable_policy() = *policy;
      *req.mutable_options() = options;
      mlmd_server::admin::v1::PurgePipelineRunsResponse resp;
      st = (*store)->PurgePipelineRuns(req, &resp, hooks);
      report = resp.report();
    }
    if (!st.ok()) {
      LogError("retention", several ? " of tenant '" + target.tenant + "'" : "",
               ": ", st.ToString());
      if (st.code() == absl::StatusCode::kInvalidArgument) {
        return kRetentionUsage;
      }
      rc = kRetentionError;
      continue;
    }
    PrintRetentionReport(report, report_out);
    if (!report.dry_run()) {
      // The tenant is named in each line when it is not implied.
      WriteUrisJsonLines(report, uris,
                         several || target.tenant != kDefaultTenant
                             ? target.tenant
                             : std::string());
    }
  }
  if (!uris_out.empty() && !options.dry_run()) {
    if (uris_out == "-") {
      out << uris.str();
    } else if (absl::Status w = WriteUrisFile(uris_out, uris.str()); !w.ok()) {
      LogError("retention: ", w.message());
      return kRetentionError;
    }
  }
  return rc;
}

absl::StatusOr<std::unique_ptr<PeriodicJob>> StartScheduledRetention(
    const ServerConfig &config, TenantStores *stores,
    RetentionMetrics *metrics) {
  if (config.retention_interval <= absl::ZeroDuration()) return nullptr;
  // Flags are checked now, not at the first run.
  if (auto targets = JobTargets(config.store);
      absl::IsInvalidArgument(targets.status())) {
    return targets.status();
  }
  mlmd_server::admin::v1::PurgePipelineRunsRequest request;
  *request.mutable_policy() = config.retention_policy;
  LogInfo("retention every ", absl::FormatDuration(config.retention_interval),
          AllTenantsRequested() ? " on all tenants" : "", ": ",
          request.policy().ShortDebugString());
  const StoreOptions base = config.store;
  return std::make_unique<PeriodicJob>(
      "retention", config.retention_interval, config.retention_interval,
      [stores, metrics, request, base] {
        auto targets = JobTargets(base);
        if (!targets.ok()) {
          LogWarning("scheduled retention failed: ",
                     targets.status().ToString());
          if (metrics != nullptr) {
            metrics->Finished(targets.status(), RetentionReport());
          }
          return;
        }
        for (const JobTarget &target : *targets) {
          // The server's own open store of the tenant: its pool, its caches.
          auto store = stores->Get(target.tenant);
          mlmd_server::admin::v1::PurgePipelineRunsResponse response;
          const absl::Status st =
              store.ok() ? (*store)->PurgePipelineRuns(request, &response,
                                                       metrics != nullptr
                                                           ? metrics->Hooks()
                                                           : RetentionHooks())
                         : store.status();
          if (metrics != nullptr) metrics->Finished(st, response.report());
          if (!st.ok()) {
            LogWarning("scheduled retention of tenant '", target.tenant,
                       "' failed: ", st.ToString());
            continue;
          }
          int64_t rows = 0;
          for (const auto &r : response.report().deleted_rows()) {
            rows += r.rows();
          }
          LogInfo("scheduled retention of tenant '", target.tenant,
                  "': ", response.report().deleted_runs_size(), " run(s), ",
                  rows, " row(s), ", response.report().deleted_artifacts_size(),
                  " artifact(s) deleted; ",
                  response.report().skipped_runs_size(), " run(s) skipped");
        }
      });
}

}  // namespace mlmd::server
