// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Set-based reads behind the lineage walk (lineage_access.h). Each function
// takes whole id lists and costs one statement per kMaxIdsPerStatement ids,
// so a walk costs one statement per hop however many nodes a hop touches.
// Runs inside the caller's transaction; never begins or commits.
#ifndef MLMD_STORE_LINEAGE_QUERIES_H_
#define MLMD_STORE_LINEAGE_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/filter/filter_compiler.h"
#include "store/node_kinds.h"
#include "store/sql/connection.h"

namespace mlmd::lineage {

// Most node ids bound in one statement. Large enough that real frontiers fit
// in one round trip, small enough (with a filter's own parameters) for every
// backend's parameter limit (SQLite 32766, PostgreSQL and MySQL 65535).
inline constexpr size_t kMaxIdsPerStatement = 8192;

// A filter query compiled for one node kind.
struct NodeFilter {
  TypeKind kind = TypeKind::kArtifact;
  // An empty query: every node satisfies it.
  bool match_all = false;
  filter::CompiledFilter compiled;  // unused when match_all
};

// Parses and compiles `query` for nodes of `kind`. An empty query gives a
// match_all filter. Errors are INVALID_ARGUMENT prefixed with `what` (the
// request field, e.g. "ending_artifacts.filter_query").
absl::StatusOr<NodeFilter> CompileNodeFilter(absl::string_view query,
                                             TypeKind kind,
                                             sql::Dialect dialect,
                                             absl::string_view what);

// Which events a hop may follow.
enum class EventTypes {
  kAll,
  kInputs,   // INPUT, DECLARED_INPUT, INTERNAL_INPUT
  kOutputs,  // OUTPUT, DECLARED_OUTPUT, INTERNAL_OUTPUT, PENDING_OUTPUT
};

// One event seen from a frontier node.
struct FrontierEvent {
  int64_t event_id = 0;
  ml_metadata::Event event;  // without path
  // The node at the other end (an execution when the frontier holds
  // artifacts, and the other way round).
  int64_t target_id = 0;
  // Whether the target satisfies the target filter (false without one).
  bool target_matches = false;
};

// The events of `types` whose artifact (from = kArtifact) or execution
// (from = kExecution) is in `frontier`, ascending event id. With
// `target_filter` (of the other kind), each row also says whether its target
// satisfies it; the test runs inside the same statement.
absl::StatusOr<std::vector<FrontierEvent>> LoadFrontierEvents(
    sql::Connection& conn, TypeKind from, absl::Span<const int64_t> frontier,
    EventTypes types, const NodeFilter* target_filter);

// One event of a one-way walk and the distance of the node it was followed
// from (0 for a starting node).
struct WalkedEvent {
  int64_t event_id = 0;
  ml_metadata::Event event;  // without path
  int64_t from_depth = 0;
};

// A whole one-way walk without ending filters in one statement (a recursive
// CTE, instead of one LoadFrontierEvents per hop): from the `start` nodes
// of `start_kind`, following `start_types` events out of start-kind nodes
// and `other_types` out of the other kind, up to `max_hops` hops. Returns
// the events every node closer than `max_hops` follows, ordered by that
// node's distance, then event id: what the hop-by-hop walk keeps for a
// one-way direction. The nodes within reach are `start` plus the far ends
// of these events. At most kMaxIdsPerStatement starting nodes.
absl::StatusOr<std::vector<WalkedEvent>> WalkOneWay(
    sql::Connection& conn, TypeKind start_kind, absl::Span<const int64_t> start,
    EventTypes start_types, EventTypes other_types, int64_t max_hops);

// The members of `ids` that satisfy `filter`.
absl::StatusOr<absl::flat_hash_set<int64_t>> SelectMatchingIds(
    sql::Connection& conn, const NodeFilter& filter,
    absl::Span<const int64_t> ids);

// Appends the stored path steps to the events, keyed by event id.
absl::Status LoadEventPaths(
    sql::Connection& conn,
    const absl::flat_hash_map<int64_t, ml_metadata::Event*>& events);

// Attribution rows of these artifacts, ordered by (artifact_id, context_id).
absl::StatusOr<std::vector<ml_metadata::Attribution>> LoadAttributionsOf(
    sql::Connection& conn, absl::Span<const int64_t> artifact_ids);

// Association rows of these executions, ordered by (execution_id,
// context_id).
absl::StatusOr<std::vector<ml_metadata::Association>> LoadAssociationsOf(
    sql::Connection& conn, absl::Span<const int64_t> execution_ids);

}  // namespace mlmd::lineage

#endif  // MLMD_STORE_LINEAGE_QUERIES_H_
