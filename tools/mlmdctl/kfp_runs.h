// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// How Kubeflow Pipelines v2 lays out a run in MLMD, as far as `runs` and
// `diff` need it: a `system.Pipeline` context per pipeline, a child
// `system.PipelineRun` context per run, every execution of the run (one
// `system.DAGExecution` for the root and each sub-DAG, one
// `system.ContainerExecution` per task) associated with the run context
// and named by its `task_name` custom property, and every artifact of the
// run attributed to it; metrics are `system.Metrics` /
// `system.ClassificationMetrics` artifacts whose custom properties are the
// metric values.
#ifndef MLMD_TOOLS_MLMDCTL_KFP_RUNS_H_
#define MLMD_TOOLS_MLMDCTL_KFP_RUNS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "tools/mlmdctl/fetch.h"

namespace mlmdctl {

inline constexpr char kPipelineType[] = "system.Pipeline";
inline constexpr char kRunType[] = "system.PipelineRun";

struct RunSummary {
  ml_metadata::Context context;
  std::vector<ml_metadata::Execution> executions;
  std::string state;                    // RunState(executions)
  std::map<std::string, int> by_state;  // execution state name -> count
};

// A run's state from its executions: PENDING when it has none yet; FAILED
// if any failed; else CANCELED if any was canceled; else RUNNING while any
// is NEW, RUNNING or UNKNOWN; else SUCCEEDED (all COMPLETE or CACHED).
// KFP marks the root DAG execution the same way when a run ends, but runs
// whose driver died never get there, so the tasks are the better witness.
std::string RunState(const std::vector<ml_metadata::Execution> &executions);

// Reads a run context and its executions.
absl::StatusOr<RunSummary> ReadRun(Fetcher &fetcher,
                                   const ml_metadata::Context &run);

// A run given as a context id (all digits) or a `system.PipelineRun` name.
absl::StatusOr<ml_metadata::Context> FindRun(Fetcher &fetcher,
                                             const std::string &id_or_name);

// KFP's task name of an execution ("" when it has none).
std::string TaskName(const ml_metadata::Execution &execution);

}  // namespace mlmdctl

#endif  // MLMD_TOOLS_MLMDCTL_KFP_RUNS_H_
