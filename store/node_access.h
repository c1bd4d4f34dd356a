// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Rows of Artifact/Execution/Context and their *Property tables <-> node
// messages, one template for the three kinds (see node_kinds.h). Runs inside
// a caller's transaction on the given connection; never begins or commits.
// Statements are batched: reading N nodes costs two queries, not N+1.
#ifndef MLMD_STORE_NODE_ACCESS_H_
#define MLMD_STORE_NODE_ACCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/protobuf/field_mask.pb.h"
#include "store/node_kinds.h"
#include "store/sql/connection.h"

namespace mlmd {

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
};

// Creates nodes without id and updates nodes with id, in request order.
// Validates each node against its type (type_id must exist and be of the
// right kind; `properties` must be declared with a matching value kind;
// custom_properties are free). Returns the ids in request order.
// Errors: INVALID_ARGUMENT (malformed, undeclared property, wrong value kind,
// missing type_id), NOT_FOUND (unknown type or node id), ALREADY_EXISTS
// (duplicate name within the type, or external_id).
template <typename Node>
absl::StatusOr<std::vector<int64_t>> PutNodes(sql::Connection& conn,
                                              absl::Span<const Node> nodes,
                                              const PutNodesOptions& options);

// Nodes with these ids, fully populated (properties, custom_properties, the
// `type` name, times), in ascending id order; unknown ids skipped.
template <typename Node>
absl::StatusOr<std::vector<Node>> LoadNodes(sql::Connection& conn,
                                            absl::Span<const int64_t> ids);

// Id of the node of `type_id` named `name`, or nullopt.
template <typename Node>
absl::StatusOr<std::optional<int64_t>> FindNodeIdByTypeAndName(
    sql::Connection& conn, int64_t type_id, absl::string_view name);

// Ids of nodes with these external ids (any order).
template <typename Node>
absl::StatusOr<std::vector<int64_t>> FindNodeIdsByExternalIds(
    sql::Connection& conn, absl::Span<const std::string> external_ids);

}  // namespace mlmd

#endif  // MLMD_STORE_NODE_ACCESS_H_
