// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Listing nodes with ListOperationOptions: page size, ordering and the
// opaque next_page_token. Runs inside a caller's transaction.
#ifndef MLMD_STORE_LIST_OPTIONS_H_
#define MLMD_STORE_LIST_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/sql/connection.h"

namespace mlmd {

// One page of the nodes of the kind (of `type_id` only, when given) in the
// order `options` asks for. `next_page_token` is set to the token of the
// following page, or cleared on the last page.
// Errors: INVALID_ARGUMENT for a bad page size or a token that is damaged or
// was issued for other options; UNIMPLEMENTED for filter_query.
template <typename Node>
absl::StatusOr<std::vector<Node>> ListNodes(
    sql::Connection& conn, const ml_metadata::ListOperationOptions& options,
    std::optional<int64_t> type_id, std::string* next_page_token);

}  // namespace mlmd

#endif  // MLMD_STORE_LIST_OPTIONS_H_
