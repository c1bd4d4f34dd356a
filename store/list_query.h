// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// One page of node ids for the list RPCs (GetArtifacts, GetExecutions,
// GetContexts and their ByType / ByContext variants), honouring
// ListOperationOptions: max_result_size, order_by_field, filter_query and
// next_page_token.
//
// Paging is keyset-based: the token carries the order-by value and id of the
// last row returned, and the next page starts strictly after that (value, id)
// pair. Rows inserted between calls therefore never shift a page: nothing is
// returned twice and no row that existed when paging began is skipped.
#ifndef MLMD_STORE_LIST_QUERY_H_
#define MLMD_STORE_LIST_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/node_kinds.h"
#include "store/sql/connection.h"

namespace mlmd {

// Largest page returned, whatever max_result_size asks for (upstream's
// documented upper bound).
inline constexpr int kMaxListResultSize = 100;

// Narrows the listing beyond the filter query.
struct NodeRestriction {
  // Only nodes of this type (Get*ByType).
  std::optional<int64_t> type_id;
  // Only artifacts attributed to / executions associated with this context
  // (Get*ByContext). Not valid for contexts.
  std::optional<int64_t> context_id;
};

struct ListPage {
  std::vector<int64_t> ids;     // in the requested order
  std::string next_page_token;  // empty on the last page
};

// Without `options`: every matching id in ascending order, no token.
// With `options`: at most min(max_result_size, kMaxListResultSize) ids
// (max_result_size defaults to 20) and a token when more rows follow.
//
// The token is web-safe base64 of a serialized ListOperationNextPageToken
// holding the last row's order-by value and id plus the options it was made
// with. INVALID_ARGUMENT when: max_result_size <= 0; order_by_field.field is
// FIELD_UNSPECIFIED; the token does not decode; the token was made with a
// different order field, direction or filter_query; the filter query is
// malformed or does not apply to `kind`.
//
// Runs one query on `conn` within the caller's transaction.
absl::StatusOr<ListPage> ListNodeIds(
    sql::Connection& conn, TypeKind kind,
    const ml_metadata::ListOperationOptions* options,
    const NodeRestriction& restriction);

// ListNodeIds, then the nodes themselves in page order. `next_page_token`
// receives the token of the following page ("" on the last page).
// Instantiated for Artifact, Execution and Context.
template <typename Node>
absl::StatusOr<std::vector<Node>> ListNodesPage(
    sql::Connection& conn, const ml_metadata::ListOperationOptions* options,
    const NodeRestriction& restriction, std::string* next_page_token);

}  // namespace mlmd

#endif  // MLMD_STORE_LIST_QUERY_H_
