// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Creating and evolving types with the semantics of upstream's Put*Type and
// PutTypes. Runs inside a caller's write transaction; never begins or commits.
#ifndef MLMD_STORE_TYPE_UPSERT_H_
#define MLMD_STORE_TYPE_UPSERT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "store/sql/connection.h"

namespace mlmd {

struct TypeEvolutionOptions {
  // An existing type may gain the request's extra properties.
  bool can_add_fields = false;
  // The request may leave out properties the existing type has (they stay).
  bool can_omit_fields = false;
};

// For each type in order: creates it when no type of its kind has its name
// and version (an empty version is no version), otherwise checks it against
// the stored one and applies the allowed changes (added properties, a new
// external_id, a first base_type link). The type's id field is ignored, as
// upstream does. Returns the type ids in request order; a type repeated in
// the request maps to the same id.
//
// `field` names the request field in error messages; with `indexed` the
// position is added ("artifact_types[2]").
//
// Errors: INVALID_ARGUMENT (no name; UNKNOWN property type on a property
// that would be written), ALREADY_EXISTS (a property changes its type,
// properties added without can_add_fields or left out without
// can_omit_fields, external_id taken by another type), UNIMPLEMENTED
// (base_type UNSET, or a different base_type than the stored one; upstream's
// messages), NOT_FOUND (the base type's built-in type is missing).
template <typename TypeMessage>
absl::StatusOr<std::vector<int64_t>> UpsertTypes(
    sql::Connection& conn, absl::Span<const TypeMessage* const> types,
    const TypeEvolutionOptions& options, absl::string_view field, bool indexed);

}  // namespace mlmd

#endif  // MLMD_STORE_TYPE_UPSERT_H_
