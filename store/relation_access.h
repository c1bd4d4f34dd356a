// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Rows of Event, EventPath, Attribution, Association and ParentContext, and
// the id lookups the relation and composite writes need. Runs inside a
// caller's transaction on the given connection; never begins or commits.
// Callers validate requests; these functions only map rows. Every function
// takes whole id lists and costs a fixed number of statements (long lists are
// split into chunks of bounded parameter count).
#ifndef MLMD_STORE_RELATION_ACCESS_H_
#define MLMD_STORE_RELATION_ACCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/node_kinds.h"
#include "store/sql/connection.h"

namespace mlmd {

// ---- Events ----

// Inserts events whose artifact_id, execution_id and type the caller has
// checked; an unset milliseconds_since_epoch is stored as `now_millis`. Path
// steps are stored one row each, in order; steps with neither index nor key
// are skipped (as upstream does). ALREADY_EXISTS when an event with the same
// (artifact_id, execution_id, type) exists, in the table or in `events`.
absl::Status InsertEvents(sql::Connection& conn,
                          absl::Span<const ml_metadata::Event> events,
                          int64_t now_millis);

// The first pair (i, j), i < j, of events in `events` with the same
// (artifact_id, execution_id, type), which could not both be stored.
std::optional<std::pair<size_t, size_t>> FindRepeatedEvent(
    absl::Span<const ml_metadata::Event> events);

enum class EventLookup { kByExecution, kByArtifact };

// Events whose execution_id (or artifact_id) is in `ids`, ascending event id,
// each with its path steps in stored order. Unknown ids match nothing.
absl::StatusOr<std::vector<ml_metadata::Event>> LoadEvents(
    sql::Connection& conn, EventLookup lookup, absl::Span<const int64_t> ids);

// ---- Node existence and lookups ----

// The lookups below are for writers about to link to the nodes they find:
// they lock the rows they return until the transaction ends (row_locks.h),
// so a concurrent retention batch cannot delete them under the new link.

// The members of `ids` that name a stored node of this kind.
template <typename Node>
absl::StatusOr<absl::flat_hash_set<int64_t>> FindExistingNodeIds(
    sql::Connection& conn, absl::Span<const int64_t> ids);

// external_id -> id of the stored artifacts with these external ids.
absl::StatusOr<absl::flat_hash_map<std::string, int64_t>>
ArtifactIdsByExternalId(sql::Connection& conn,
                        absl::Span<const std::string> external_ids);

using TypeAndName = std::pair<int64_t, std::string>;

// (type_id, name) -> id of the stored contexts with these keys.
absl::StatusOr<absl::flat_hash_map<TypeAndName, int64_t>>
ContextIdsByTypeAndName(sql::Connection& conn,
                        absl::Span<const TypeAndName> keys);

// ---- Attributions and associations ----

// (context_id, artifact_id) pairs. Pairs that already exist are skipped.
absl::Status InsertAttributions(
    sql::Connection& conn,
    absl::Span<const std::pair<int64_t, int64_t>> context_artifact_pairs);
// (context_id, execution_id) pairs. Pairs that already exist are skipped.
absl::Status InsertAssociations(
    sql::Connection& conn,
    absl::Span<const std::pair<int64_t, int64_t>> context_execution_pairs);

// Ids of the contexts an artifact is attributed to (an execution is
// associated with), ascending.
absl::StatusOr<std::vector<int64_t>> ContextIdsOfArtifact(sql::Connection& conn,
                                                          int64_t artifact_id);
absl::StatusOr<std::vector<int64_t>> ContextIdsOfExecution(
    sql::Connection& conn, int64_t execution_id);

// ---- Parent contexts ----

struct ContextLink {
  int64_t child_id = 0;
  int64_t parent_id = 0;
  friend bool operator==(const ContextLink& a, const ContextLink& b) {
    return a.child_id == b.child_id && a.parent_id == b.parent_id;
  }
};

// Stored links whose child is in `child_ids` (their parents), ordered by
// (child_id, parent_id).
absl::StatusOr<std::vector<ContextLink>> LoadParentLinks(
    sql::Connection& conn, absl::Span<const int64_t> child_ids);
// Stored links whose parent is in `parent_ids` (their children), ordered by
// (parent_id, child_id).
absl::StatusOr<std::vector<ContextLink>> LoadChildLinks(
    sql::Connection& conn, absl::Span<const int64_t> parent_ids);
// Every stored link reachable upwards from `context_ids`: the links of the
// contexts themselves, of their parents, grandparents and so on. One
// recursive query (WITH RECURSIVE ... UNION, which SQLite, PostgreSQL,
// MySQL 8 and MariaDB 10.2+ all run and which stops on a cycle).
absl::StatusOr<std::vector<ContextLink>> LoadAncestorLinks(
    sql::Connection& conn, absl::Span<const int64_t> context_ids);
// ALREADY_EXISTS when a link exists.
absl::Status InsertParentLinks(sql::Connection& conn,
                               absl::Span<const ContextLink> links);

}  // namespace mlmd

#endif  // MLMD_STORE_RELATION_ACCESS_H_
