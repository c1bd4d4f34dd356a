// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// MLMD's built-in "simple" types (mlmd.Dataset, mlmd.Train, ...) and the
// base_type enums that point at them. Everything is read from the
// (system_type_extension).type_name options of the SystemDefinedBaseType enums
// in metadata_store.proto, so the proto is the only place the names live.
#ifndef MLMD_STORE_SIMPLE_TYPES_H_
#define MLMD_STORE_SIMPLE_TYPES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "store/node_kinds.h"

namespace mlmd {

struct SimpleType {
  TypeKind kind;
  std::string name;  // e.g. "mlmd.Model"
};

// The built-in types in upstream's order: artifact types (Dataset, Model,
// Metrics, Statistics), then execution types (Train, Transform, Process,
// Evaluate, Deploy). Built once.
const std::vector<SimpleType>& SimpleTypes();

// True for the name of any built-in type, whatever its kind. Upstream hides
// types with these names from Get*Types.
bool IsSimpleTypeName(absl::string_view name);

// The type name a base_type value of `kind` refers to ("mlmd.Model" for
// ArtifactType MODEL), or nullopt for values the enum does not define. UNSET
// maps to its "unset_..." placeholder name; callers check UNSET (0) first.
std::optional<std::string> BaseTypeName(TypeKind kind, int base_type);

// The base_type value whose type name is `name`, or nullopt when no value of
// `kind`'s enum names it.
std::optional<int> BaseTypeForName(TypeKind kind, absl::string_view name);

}  // namespace mlmd

#endif  // MLMD_STORE_SIMPLE_TYPES_H_
