// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl/kfp_runs.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "tools/mlmdctl/format.h"

namespace mlmdctl {

using ml_metadata::Execution;

std::string RunState(const std::vector<Execution> &executions) {
  if (executions.empty()) return "PENDING";
  bool failed = false, canceled = false, active = false;
  for (const Execution &e : executions) {
    switch (e.last_known_state()) {
      case Execution::FAILED:
        failed = true;
        break;
      case Execution::CANCELED:
        canceled = true;
        break;
      case Execution::COMPLETE:
      case Execution::CACHED:
        break;
      default:
        active = true;
        break;
    }
  }
  if (failed) return "FAILED";
  if (canceled) return "CANCELED";
  if (active) return "RUNNING";
  return "SUCCEEDED";
}

absl::StatusOr<RunSummary> ReadRun(Fetcher &fetcher,
                                   const ml_metadata::Context &run) {
  RunSummary summary;
  summary.context = run;
  absl::StatusOr<std::vector<Execution>> executions =
      fetcher.ExecutionsByContext(run.id());
  if (!executions.ok()) return executions.status();
  summary.executions = *std::move(executions);
  summary.state = RunState(summary.executions);
  for (const Execution &e : summary.executions) {
    ++summary.by_state[ExecutionStateName(e.last_known_state())];
  }
  return summary;
}

absl::StatusOr<ml_metadata::Context> FindRun(Fetcher &fetcher,
                                             const std::string &id_or_name) {
  int64_t id = 0;
  if (!id_or_name.empty() &&
      std::all_of(id_or_name.begin(), id_or_name.end(),
                  [](char c) { return absl::ascii_isdigit(c); }) &&
      absl::SimpleAtoi(id_or_name, &id)) {
    return fetcher.ContextById(id);
  }
  return fetcher.ContextByName(kRunType, id_or_name);
}

std::string TaskName(const Execution &execution) {
  auto it = execution.custom_properties().find("task_name");
  if (it == execution.custom_properties().end()) return "";
  return it->second.string_value();
}

}  // namespace mlmdctl
