// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Retention: DeletePipelineRuns and PurgePipelineRuns. Planning is in
// retention_plan.cc, the batched deletes in retention_execute.cc.
#include <algorithm>
#include <thread>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "store/retention_execute.h"
#include "store/retention_plan.h"
#include "store/store.h"

namespace mlmd {
namespace {

using mlmd_server::admin::v1::DeletionOptions;
using mlmd_server::admin::v1::RetentionReport;

constexpr int kDefaultBatchSize = 500;
constexpr int kMaxBatchSize = 10000;

std::string RunType(const DeletionOptions &options) {
  return options.run_context_type().empty() ? "system.PipelineRun"
                                            : options.run_context_type();
}

// Slices of at most `size` ids.
std::vector<std::vector<int64_t>> Batches(const std::vector<int64_t> &ids,
                                          size_t size) {
  std::vector<std::vector<int64_t>> out;
  for (size_t i = 0; i < ids.size(); i += size) {
    out.emplace_back(ids.begin() + i,
                     ids.begin() + std::min(ids.size(), i + size));
  }
  return out;
}

}  // namespace

absl::Status MetadataStore::DeletePipelineRuns(
    const mlmd_server::admin::v1::DeletePipelineRunsRequest &request,
    mlmd_server::admin::v1::DeletePipelineRunsResponse *response,
    const RetentionHooks &hooks) {
  response->Clear();
  if (request.run_context_ids().empty() && request.run_names().empty()) {
    return absl::InvalidArgumentError(
        "DeletePipelineRuns: give run_context_ids or run_names");
  }
  const std::string type = RunType(request.options());
  RetentionPlan plan;
  absl::Status st = RunRead([&](sql::Connection &conn) {
    auto runs = LoadRetentionRuns(conn, type);
    if (!runs.ok()) return runs.status();
    absl::flat_hash_set<int64_t> ids(request.run_context_ids().begin(),
                                     request.run_context_ids().end());
    absl::flat_hash_set<std::string> names(request.run_names().begin(),
                                           request.run_names().end());
    std::vector<RetentionRun> selected;
    for (const RetentionRun &run : *runs) {
      const bool by_id = ids.erase(run.id) > 0;
      const bool by_name = names.erase(run.name) > 0;
      if (by_id || by_name) selected.push_back(run);
    }
    auto planned = PlanRunDeletion(conn, type, std::move(selected),
                                   request.options().force());
    if (!planned.ok()) return planned.status();
    plan = *std::move(planned);
    for (int64_t id : ids) {
      auto *skipped = &plan.skipped.emplace_back();
      skipped->set_context_id(id);
      skipped->set_reason(absl::StrCat("no context of type ", type,
                                       " with this id (already deleted?)"));
    }
    for (const std::string &name : names) {
      auto *skipped = &plan.skipped.emplace_back();
      skipped->set_name(name);
      skipped->set_reason(absl::StrCat("no context of type ", type,
                                       " with this name (already deleted?)"));
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return CarryOutRetention(plan, request.options(), hooks,
                           response->mutable_report());
}

absl::Status MetadataStore::PurgePipelineRuns(
    const mlmd_server::admin::v1::PurgePipelineRunsRequest &request,
    mlmd_server::admin::v1::PurgePipelineRunsResponse *response,
    const RetentionHooks &hooks) {
  response->Clear();
  const std::string type = RunType(request.options());
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  RetentionPlan plan;
  absl::Status st = RunRead([&](sql::Connection &conn) {
    auto runs = LoadRetentionRuns(conn, type);
    if (!runs.ok()) return runs.status();
    auto selected = SelectRunsByPolicy(*runs, request.policy(), now_ms);
    if (!selected.ok()) return selected.status();
    auto planned = PlanRunDeletion(conn, type, *std::move(selected),
                                   request.options().force());
    if (!planned.ok()) return planned.status();
    plan = *std::move(planned);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return CarryOutRetention(plan, request.options(), hooks,
                           response->mutable_report());
}

absl::Status MetadataStore::CarryOutRetention(RetentionPlan &plan,
                                              const DeletionOptions &options,
                                              const RetentionHooks &hooks,
                                              RetentionReport *report) {
  if (options.batch_size() < 0) {
    return absl::InvalidArgumentError("batch_size must not be negative");
  }
  const size_t batch_size =
      options.batch_size() == 0
          ? kDefaultBatchSize
          : std::min<size_t>(options.batch_size(), kMaxBatchSize);
  report->set_dry_run(options.dry_run());
  RetentionRowCounts totals;
  if (options.dry_run()) {
    absl::Status st = RunRead([&](sql::Connection &conn) {
      totals.clear();
      return CountPlannedRows(conn, plan, &totals);
    });
    if (!st.ok()) return st;
  } else {
    bool first = true;
    // One committed batch: adds its rows to the totals and reports them.
    auto run_batch = [&](absl::FunctionRef<absl::Status(sql::Connection &,
                                                        RetentionRowCounts *)>
                             body) -> absl::Status {
      if (!first && hooks.pause_between_batches > absl::ZeroDuration()) {
        absl::SleepFor(hooks.pause_between_batches);
      }
      first = false;
      RetentionRowCounts counts;
      absl::Status st = RunWrite([&](sql::Connection &conn) {
        counts.clear();
        return body(conn, &counts);
      });
      if (!st.ok()) return st;
      report->set_batches(report->batches() + 1);
      for (const auto &[table, rows] : counts) {
        totals[table] += rows;
        if (hooks.on_rows_deleted && rows > 0)
          hooks.on_rows_deleted(table, rows);
      }
      return absl::OkStatus();
    };
    std::vector<int64_t> art_ids;
    for (const auto &a : plan.artifacts) art_ids.push_back(a.id());
    absl::flat_hash_map<int64_t, int64_t> spared_by;
    for (const auto &batch : Batches(art_ids, batch_size)) {
      std::vector<std::pair<int64_t, int64_t>> spared;
      absl::Status st =
          run_batch([&](sql::Connection &conn, RetentionRowCounts *counts) {
            spared.clear();
            return DeleteArtifactBatch(conn, batch, plan.execution_set, counts,
                                       &spared);
          });
      if (!st.ok()) return st;
      for (const auto &[art, exec] : spared) spared_by[art] = exec;
    }
    if (!spared_by.empty()) {
      std::vector<mlmd_server::admin::v1::DeletedArtifact> deleted;
      for (auto &a : plan.artifacts) {
        auto it = spared_by.find(a.id());
        if (it == spared_by.end()) {
          deleted.push_back(std::move(a));
          continue;
        }
        auto *kept = &plan.kept_artifacts.emplace_back();
        kept->set_id(a.id());
        kept->set_uri(a.uri());
        kept->set_reason(absl::StrCat("used by execution ", it->second,
                                      ", written during the purge"));
      }
      plan.artifacts = std::move(deleted);
    }
    for (const auto &batch : Batches(plan.executions, batch_size)) {
      absl::Status st =
          run_batch([&](sql::Connection &conn, RetentionRowCounts *counts) {
            return DeleteExecutionBatch(conn, batch, counts);
          });
      if (!st.ok()) return st;
    }
    std::vector<int64_t> run_ids;
    for (const RetentionRun &run : plan.runs) run_ids.push_back(run.id);
    for (const auto &batch : Batches(run_ids, batch_size)) {
      absl::Status st =
          run_batch([&](sql::Connection &conn, RetentionRowCounts *counts) {
            return DeleteContextBatch(conn, batch, counts);
          });
      if (!st.ok()) return st;
    }
  }
  for (const char *table : kRetentionTables) {
    auto *rows = report->add_deleted_rows();
    rows->set_table(table);
    rows->set_rows(totals[table]);
  }
  for (const RetentionRun &run : plan.runs) {
    auto *summary = report->add_deleted_runs();
    summary->set_context_id(run.id);
    summary->set_name(run.name);
    summary->set_pipeline_context_id(run.pipeline_id);
    summary->set_state(run.state);
    summary->set_last_update_time_since_epoch(run.last_update);
  }
  for (auto &s : plan.skipped) *report->add_skipped_runs() = std::move(s);
  for (auto &a : plan.artifacts)
    *report->add_deleted_artifacts() = std::move(a);
  for (auto &k : plan.kept_artifacts)
    *report->add_kept_artifacts() = std::move(k);
  for (auto &k : plan.kept_executions) {
    *report->add_kept_executions() = std::move(k);
  }
  return absl::OkStatus();
}

}  // namespace mlmd
