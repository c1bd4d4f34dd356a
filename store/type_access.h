// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Rows of Type, TypeProperty and ParentType <-> type messages. Runs inside a
// caller's transaction on the given connection; never begins or commits.
#ifndef MLMD_STORE_TYPE_ACCESS_H_
#define MLMD_STORE_TYPE_ACCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/node_kinds.h"
#include "store/sql/connection.h"

namespace mlmd {

// What node validation needs to know of a stored type.
struct TypeDef {
  int64_t id = 0;
  TypeKind kind = TypeKind::kArtifact;
  std::string name;
  std::optional<std::string> version;
  // Declared properties and their types.
  absl::flat_hash_map<std::string, ml_metadata::PropertyType> properties;
};

// The types with the given ids and kind; ids that do not exist (or are of
// another kind) are absent from the result. Any order.
absl::StatusOr<std::vector<TypeDef>> LoadTypeDefs(
    sql::Connection& conn, TypeKind kind, absl::Span<const int64_t> ids);

// The type with this name and version (nullopt version = the unversioned
// type); nullopt when there is none.
absl::StatusOr<std::optional<TypeDef>> FindTypeDef(
    sql::Connection& conn, TypeKind kind, absl::string_view name,
    const std::optional<std::string>& version);

// Full type messages (properties, base_type, input/output types) for ids, in
// ascending id order; unknown ids skipped.
template <typename TypeMessage>
absl::StatusOr<std::vector<TypeMessage>> LoadTypes(
    sql::Connection& conn, absl::Span<const int64_t> ids);

// The type of this kind with this name and version (nullopt or empty version =
// the unversioned type), fully populated like LoadTypes; nullopt when absent.
template <typename TypeMessage>
absl::StatusOr<std::optional<TypeMessage>> FindType(
    sql::Connection& conn, absl::string_view name,
    const std::optional<std::string>& version);

// Every type of the message's kind in ascending id order, fully populated.
// Built-in simple types (mlmd.*) are left out unless asked for, as upstream's
// Get*Types does.
template <typename TypeMessage>
absl::StatusOr<std::vector<TypeMessage>> ListTypes(sql::Connection& conn,
                                                   bool include_simple_types);

// Types of the message's kind whose external_id is one of `external_ids`
// (unknown ones skipped), in ascending id order, fully populated.
template <typename TypeMessage>
absl::StatusOr<std::vector<TypeMessage>> LoadTypesByExternalIds(
    sql::Connection& conn, absl::Span<const std::string> external_ids);

// Makes sure MLMD's built-in simple types exist (mlmd.Dataset, mlmd.Model,
// mlmd.Metrics, mlmd.Statistics; mlmd.Train, mlmd.Transform, mlmd.Process,
// mlmd.Evaluate, mlmd.Deploy). Idempotent; called when the store opens.
absl::Status EnsureSimpleTypes(sql::Connection& conn);

}  // namespace mlmd

#endif  // MLMD_STORE_TYPE_ACCESS_H_
