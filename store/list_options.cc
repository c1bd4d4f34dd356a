// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/list_options.h"

#include "absl/status/status.h"

namespace mlmd {

template <typename Node>
absl::StatusOr<std::vector<Node>> ListNodes(
    sql::Connection& conn, const ml_metadata::ListOperationOptions& options,
    std::optional<int64_t> type_id, std::string* next_page_token) {
  return absl::UnimplementedError(
      "ListOperationOptions (paging/filter) is not supported yet");
}

template absl::StatusOr<std::vector<ml_metadata::Artifact>> ListNodes(
    sql::Connection&, const ml_metadata::ListOperationOptions&,
    std::optional<int64_t>, std::string*);
template absl::StatusOr<std::vector<ml_metadata::Execution>> ListNodes(
    sql::Connection&, const ml_metadata::ListOperationOptions&,
    std::optional<int64_t>, std::string*);
template absl::StatusOr<std::vector<ml_metadata::Context>> ListNodes(
    sql::Connection&, const ml_metadata::ListOperationOptions&,
    std::optional<int64_t>, std::string*);

}  // namespace mlmd
