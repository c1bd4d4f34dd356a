// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Retention, step one: which runs, executions and artifacts a deletion
// removes and which it must keep (with why). Reads only; the plan is carried
// out by retention_execute.h. Internal to store/.
//
// Rules (README "Retention"):
//  * A run is a context of the run type. Its state comes from its
//    executions' last_known_state: RUNNING while any is NEW or RUNNING, else
//    FAILED if any failed, else CANCELED if any was canceled, else COMPLETE;
//    EMPTY without executions. RUNNING runs are skipped unless forced.
//  * Candidates: the executions associated with a deleted run, and the
//    artifacts attributed to it or linked by an event to a candidate
//    execution.
//  * Kept (to a fixed point): an execution also associated with a kept run;
//    an artifact attributed to a kept run or linked by any event to a kept
//    (or run-less) execution; an execution that produced a kept artifact, so
//    a kept node's upstream lineage stays whole. A run holding a kept
//    execution keeps its context (its other nodes still go).
#ifndef MLMD_STORE_RETENTION_PLAN_H_
#define MLMD_STORE_RETENTION_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "mlmd_server/admin/v1/admin.pb.h"
#include "store/sql/connection.h"

namespace mlmd {

// One run context with what the policy looks at.
struct RetentionRun {
  int64_t id = 0;
  std::string name;
  int64_t pipeline_id = 0;  // smallest parent context id; 0: none
  int64_t create_time = 0;
  int64_t last_update = 0;  // latest of the context's and its executions'
  std::string state;        // COMPLETE, FAILED, CANCELED, RUNNING, EMPTY
};

struct RetentionPlan {
  std::vector<RetentionRun> runs;   // contexts to delete
  std::vector<int64_t> executions;  // to delete, ascending
  std::vector<mlmd_server::admin::v1::DeletedArtifact> artifacts;
  std::vector<mlmd_server::admin::v1::SkippedRun> skipped;
  std::vector<mlmd_server::admin::v1::KeptNode> kept_artifacts;
  std::vector<mlmd_server::admin::v1::KeptNode> kept_executions;
  absl::flat_hash_set<int64_t> execution_set;  // = executions
};

// Every run of the context type named `run_type` (empty list when the type
// does not exist).
absl::StatusOr<std::vector<RetentionRun>> LoadRetentionRuns(
    sql::Connection &conn, const std::string &run_type);

// Runs `policy` selects out of `runs`; INVALID_ARGUMENT for an empty policy
// or an unknown state name. `now_ms`: the current time in milliseconds.
absl::StatusOr<std::vector<RetentionRun>> SelectRunsByPolicy(
    const std::vector<RetentionRun> &runs,
    const mlmd_server::admin::v1::RetentionPolicy &policy, int64_t now_ms);

// The nodes deleting `selected` removes. Non-terminal runs go to `skipped`
// unless `force`.
absl::StatusOr<RetentionPlan> PlanRunDeletion(
    sql::Connection &conn, const std::string &run_type,
    std::vector<RetentionRun> selected, bool force);

}  // namespace mlmd

#endif  // MLMD_STORE_RETENTION_PLAN_H_
