// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Retention, step two: deleting a plan (retention_plan.h) in batches, or
// counting what that would delete. Internal to store/.
//
// Each batch function runs inside the caller's write transaction and
// deletes children before parents (paths, events, links, properties, then
// the nodes), so no committed state has an event, attribution, association,
// property or parent link naming a missing node. The caller deletes
// artifacts first, then executions, then run contexts: a run interrupted
// half-way still has its context and its remaining executions, so planning
// it again finds what is left.
#ifndef MLMD_STORE_RETENTION_EXECUTE_H_
#define MLMD_STORE_RETENTION_EXECUTE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "store/retention_plan.h"
#include "store/sql/connection.h"

namespace mlmd {

// The tables retention deletes from, in the order it deletes them.
inline constexpr const char *kRetentionTables[] = {
    "EventPath",         "Event",     "Attribution",
    "ArtifactProperty",  "Artifact",  "Association",
    "ExecutionProperty", "Execution", "ParentContext",
    "ContextProperty",   "Context"};

using RetentionRowCounts = absl::flat_hash_map<std::string, int64_t>;

// Deletes the artifacts `ids` with their events, attributions and
// properties. An artifact that now has an event with an execution outside
// `deleted_executions` (written after planning) is spared: it goes to
// `spared` with that execution's id, and nothing of it is deleted.
absl::Status DeleteArtifactBatch(
    sql::Connection &conn, const std::vector<int64_t> &ids,
    const absl::flat_hash_set<int64_t> &deleted_executions,
    RetentionRowCounts *counts,
    std::vector<std::pair<int64_t, int64_t>> *spared);

// Deletes the executions `ids` with their events, associations and
// properties.
absl::Status DeleteExecutionBatch(sql::Connection &conn,
                                  const std::vector<int64_t> &ids,
                                  RetentionRowCounts *counts);

// Deletes the contexts `ids` with their attributions, associations, parent
// links (both directions) and properties.
absl::Status DeleteContextBatch(sql::Connection &conn,
                                const std::vector<int64_t> &ids,
                                RetentionRowCounts *counts);

// What deleting all of `plan` would remove, per table, counted the way the
// batches above count (rows reached from two sides once).
absl::Status CountPlannedRows(sql::Connection &conn, const RetentionPlan &plan,
                              RetentionRowCounts *counts);

}  // namespace mlmd

#endif  // MLMD_STORE_RETENTION_EXECUTE_H_
