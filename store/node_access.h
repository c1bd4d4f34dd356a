// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Rows of Artifact/Execution/Context and their *Property tables <-> node
// messages, one template for the three kinds (see node_kinds.h). Runs inside
// a caller's transaction on the given connection; never begins or commits.
// Statements are batched: reading N nodes costs two queries (one on MySQL
// when nothing is locked), not N+1.
#ifndef MLMD_STORE_NODE_ACCESS_H_
#define MLMD_STORE_NODE_ACCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/field_mask.pb.h"
#include "store/node_kinds.h"
#include "store/sql/connection.h"

namespace mlmd {

class TypeDefCache;

struct PutNodesOptions {
  // Only these paths of an existing node are changed on update (upstream
  // update_mask semantics); empty means replace the whole node.
  const google::protobuf::FieldMask* update_mask = nullptr;
  // Artifacts only: fail with FAILED_PRECONDITION when the stored
  // last_update_time_since_epoch differs from the one in the request.
  bool abort_if_latest_updated_time_changed = false;
  // Use this as the create/update time (ms since epoch); 0 means now.
  int64_t now_millis = 0;
  // For PutExecution's force_update_time: bump last_update_time even when
  // nothing changed.
  bool force_update_time = false;
  // Where node types are looked up before the database (type_cache.h);
  // nullptr: always read them. Only for writes run through the store's
  // RunWrite, which publishes what the transaction read when it commits.
  TypeDefCache* type_cache = nullptr;
};

// At most this many nodes per PutNodes call (INVALID_ARGUMENT beyond).
inline constexpr size_t kMaxNodesPerPut = 10000;

// Creates nodes without id and updates nodes with id, in request order (as
// if one by one: a later node sees the effect of an earlier one).
// Validates each node against its type (type_id must exist and be of the
// right kind; `properties` must be declared with a matching value kind;
// custom_properties are free). Create time and last update time are set by
// the server; an update only moves last_update_time when something differs
// from the stored node (upstream's comparison) or force_update_time is set.
// Returns the ids in request order.
// Errors, as upstream MLMD 1.17 reports them:
//   INVALID_ARGUMENT  missing type_id on create, undeclared property, wrong
//                     value kind, value without kind, context without name,
//                     unknown node id on update, changed type_id on update,
//                     more than kMaxNodesPerPut nodes;
//   NOT_FOUND         type_id of a new node is not a type of this kind;
//   ALREADY_EXISTS    duplicate (type_id, name) or external_id;
//   FAILED_PRECONDITION  abort_if_latest_updated_time_changed and the stored
//                     last_update_time_since_epoch differs.
template <typename Node>
absl::StatusOr<std::vector<int64_t>> PutNodes(sql::Connection& conn,
                                              absl::Span<const Node> nodes,
                                              const PutNodesOptions& options);

// Nodes with these ids, fully populated (properties, custom_properties, the
// `type` name, times), in ascending id order; unknown ids skipped.
template <typename Node>
absl::StatusOr<std::vector<Node>> LoadNodes(sql::Connection& conn,
                                            absl::Span<const int64_t> ids);

// LoadNodes for a writer that updates or links to the nodes it reads (the
// artifacts PutExecution updates and gives events, say): their rows stay
// locked against deletion until the transaction ends (row_locks.h), so
// neither new property rows nor new links can outlive a node that
// retention deletes meanwhile.
template <typename Node>
absl::StatusOr<std::vector<Node>> LoadNodesToLink(
    sql::Connection& conn, absl::Span<const int64_t> ids);

// Id of the node of `type_id` named `name`, or nullopt.
template <typename Node>
absl::StatusOr<std::optional<int64_t>> FindNodeIdByTypeAndName(
    sql::Connection& conn, int64_t type_id, absl::string_view name);

// Ids of nodes with these external ids (any order).
template <typename Node>
absl::StatusOr<std::vector<int64_t>> FindNodeIdsByExternalIds(
    sql::Connection& conn, absl::Span<const std::string> external_ids);

// Every node of the kind, ascending id.
template <typename Node>
absl::StatusOr<std::vector<Node>> LoadAllNodes(sql::Connection& conn);

// Nodes of one type, ascending id.
template <typename Node>
absl::StatusOr<std::vector<Node>> LoadNodesByType(sql::Connection& conn,
                                                  int64_t type_id);

// The node named `name` of the type named `type_name` (of this node kind)
// at `type_version` (nullopt: no version), or nullopt. When several types
// match, the one with the lowest id counts, as FindTypeDef picks it. One
// round trip where the backend pipelines: the type is found inside the
// node queries.
template <typename Node>
absl::StatusOr<std::optional<Node>> LoadNodeByTypeAndName(
    sql::Connection& conn, absl::string_view type_name,
    const std::optional<std::string>& type_version, absl::string_view name);

// Nodes whose external_id is in the list, ascending id.
template <typename Node>
absl::StatusOr<std::vector<Node>> LoadNodesByExternalIds(
    sql::Connection& conn, absl::Span<const std::string> external_ids);

// Artifacts whose uri is in the list, ascending id. Artifacts created without
// a uri match "" (upstream stores them with an empty uri).
absl::StatusOr<std::vector<ml_metadata::Artifact>> LoadArtifactsByUris(
    sql::Connection& conn, absl::Span<const std::string> uris);

}  // namespace mlmd

#endif  // MLMD_STORE_NODE_ACCESS_H_
