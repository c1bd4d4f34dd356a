// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `runs --pipeline NAME`: the runs of a KFP pipeline with their states.
#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/mlmdctl/commands.h"
#include "tools/mlmdctl/format.h"
#include "tools/mlmdctl/kfp_runs.h"

namespace mlmdctl {

absl::Status Runs(Invocation &inv) {
  std::optional<std::string> pipeline_name = inv.args.Get("pipeline");
  if (!pipeline_name && inv.words.size() == 1) pipeline_name = inv.words[0];
  if (!pipeline_name || inv.words.size() > 1 ||
      (inv.words.size() == 1 && inv.args.Get("pipeline"))) {
    return UsageError("usage: mlmdctl runs --pipeline NAME");
  }
  const bool progress = inv.progress;
  absl::Status ready = inv.Ready();
  if (!ready.ok()) return ready;

  absl::StatusOr<ml_metadata::Context> pipeline =
      inv.fetcher.ContextByName(kPipelineType, *pipeline_name);
  if (absl::IsNotFound(pipeline.status())) {
    return absl::NotFoundError(
        absl::StrCat("no pipeline named '", *pipeline_name, "' (no ",
                     kPipelineType, " context of that name)"));
  }
  if (!pipeline.ok()) return pipeline.status();
  ml_metadata::GetChildrenContextsByContextRequest request;
  request.set_context_id(pipeline->id());
  ml_metadata::GetChildrenContextsByContextResponse children;
  absl::Status status = inv.fetcher.client().Call(
      "GetChildrenContextsByContext", &Stub::GetChildrenContextsByContext,
      request, &children);
  if (!status.ok()) return status;

  std::vector<RunSummary> runs;
  int done = 0;
  for (const ml_metadata::Context &child : children.contexts()) {
    absl::StatusOr<std::string> type =
        NodeTypeName(inv.fetcher, NodeKind::kContext, child);
    if (!type.ok()) return type.status();
    ++done;
    if (*type != kRunType) continue;
    absl::StatusOr<RunSummary> run = ReadRun(inv.fetcher, child);
    if (!run.ok()) return run.status();
    runs.push_back(*std::move(run));
    if (progress && children.contexts_size() > 1) {
      std::fprintf(stderr, "\r\033[Kreading runs: %d/%d", done,
                   children.contexts_size());
      std::fflush(stderr);
    }
  }
  if (progress && children.contexts_size() > 1) std::fputs("\r\033[K", stderr);
  std::sort(runs.begin(), runs.end(), [](const auto &a, const auto &b) {
    return std::make_pair(a.context.create_time_since_epoch(), a.context.id()) <
           std::make_pair(b.context.create_time_since_epoch(), b.context.id());
  });

  if (inv.json) {
    Json doc, p, list;
    JsonSet(p, "id", JsonNumber(static_cast<double>(pipeline->id())));
    JsonSet(p, "name", JsonString(pipeline->name()));
    JsonSet(doc, "pipeline", p);
    JsonSet(doc, "count", JsonNumber(static_cast<double>(runs.size())));
    list.mutable_list_value();
    for (const RunSummary &run : runs) {
      Json r, counts, tasks;
      JsonSet(r, "id", JsonNumber(static_cast<double>(run.context.id())));
      JsonSet(r, "name", JsonString(run.context.name()));
      JsonSet(r, "state", JsonString(run.state));
      JsonSet(r, "create_time_ms",
              JsonNumber(
                  static_cast<double>(run.context.create_time_since_epoch())));
      counts.mutable_struct_value();
      for (const auto &[state, n] : run.by_state) {
        JsonSet(counts, state, JsonNumber(n));
      }
      JsonSet(r, "executions_by_state", counts);
      tasks.mutable_list_value();
      for (const ml_metadata::Execution &e : run.executions) {
        absl::StatusOr<std::string> type =
            NodeTypeName(inv.fetcher, NodeKind::kExecution, e);
        if (!type.ok()) return type.status();
        Json t;
        JsonSet(t, "execution_id", JsonNumber(static_cast<double>(e.id())));
        JsonSet(t, "task_name", JsonString(TaskName(e)));
        JsonSet(t, "type", JsonString(*type));
        JsonSet(t, "state",
                JsonString(ExecutionStateName(e.last_known_state())));
        JsonAppend(tasks, t);
      }
      JsonSet(r, "tasks", tasks);
      JsonAppend(list, r);
    }
    JsonSet(doc, "runs", list);
    inv.out = JsonText(doc);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows = {
      {"RUN", "ID", "STATE", "EXECUTIONS", "CREATED (UTC)"}};
  for (const RunSummary &run : runs) {
    std::vector<std::string> counts;
    for (const auto &[state, n] : run.by_state) {
      counts.push_back(absl::StrCat(n, " ", state));
    }
    rows.push_back({run.context.name(), absl::StrCat(run.context.id()),
                    run.state,
                    counts.empty() ? "-" : absl::StrJoin(counts, ", "),
                    TimeText(run.context.create_time_since_epoch())});
  }
  inv.out = absl::StrCat("pipeline ", pipeline->name(), " (context ",
                         pipeline->id(), "): ", runs.size(), " run",
                         runs.size() == 1 ? "" : "s", "\n", Table(rows));
  return absl::OkStatus();
}

}  // namespace mlmdctl
