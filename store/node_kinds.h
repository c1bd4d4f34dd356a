// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Facts about the three node kinds (artifacts, executions, contexts) and their
// types that every access file shares: table names, the `type_kind` code
// upstream stores in `Type`, and the proto messages that go with each kind.
// Templates over the node message use NodeTraits<Node> instead of
// re-spelling these per kind.
#ifndef MLMD_STORE_NODE_KINDS_H_
#define MLMD_STORE_NODE_KINDS_H_

#include <cstdint>

#include "absl/strings/string_view.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd {

// Values of Type.type_kind in MLMD schema 10.
enum class TypeKind : int { kExecution = 0, kArtifact = 1, kContext = 2 };

absl::string_view TypeKindName(TypeKind kind);  // "artifact", ...

template <typename Node>
struct NodeTraits;

template <>
struct NodeTraits<ml_metadata::Artifact> {
  using Type = ml_metadata::ArtifactType;
  static constexpr TypeKind kKind = TypeKind::kArtifact;
  static constexpr absl::string_view kTable = "Artifact";
  static constexpr absl::string_view kPropertyTable = "ArtifactProperty";
  static constexpr absl::string_view kPropertyIdColumn = "artifact_id";
  static constexpr absl::string_view kName = "artifact";
};

template <>
struct NodeTraits<ml_metadata::Execution> {
  using Type = ml_metadata::ExecutionType;
  static constexpr TypeKind kKind = TypeKind::kExecution;
  static constexpr absl::string_view kTable = "Execution";
  static constexpr absl::string_view kPropertyTable = "ExecutionProperty";
  static constexpr absl::string_view kPropertyIdColumn = "execution_id";
  static constexpr absl::string_view kName = "execution";
};

template <>
struct NodeTraits<ml_metadata::Context> {
  using Type = ml_metadata::ContextType;
  static constexpr TypeKind kKind = TypeKind::kContext;
  static constexpr absl::string_view kTable = "Context";
  static constexpr absl::string_view kPropertyTable = "ContextProperty";
  static constexpr absl::string_view kPropertyIdColumn = "context_id";
  static constexpr absl::string_view kName = "context";
};

// The node message for a type message.
template <typename TypeMessage>
struct TypeTraits;
template <>
struct TypeTraits<ml_metadata::ArtifactType> {
  using Node = ml_metadata::Artifact;
  static constexpr TypeKind kKind = TypeKind::kArtifact;
};
template <>
struct TypeTraits<ml_metadata::ExecutionType> {
  using Node = ml_metadata::Execution;
  static constexpr TypeKind kKind = TypeKind::kExecution;
};
template <>
struct TypeTraits<ml_metadata::ContextType> {
  using Node = ml_metadata::Context;
  static constexpr TypeKind kKind = TypeKind::kContext;
};

// Milliseconds since the Unix epoch, the unit of every *_since_epoch field.
int64_t NowMillis();

}  // namespace mlmd

#endif  // MLMD_STORE_NODE_KINDS_H_
