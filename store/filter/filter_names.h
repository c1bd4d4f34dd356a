// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The names a filter query may use for each node kind, their value types and
// the tables behind them; and the JOIN clauses that reach neighbours. Shared
// by the compiler only (filter_compiler.h is the public entry point).
#ifndef MLMD_STORE_FILTER_FILTER_NAMES_H_
#define MLMD_STORE_FILTER_FILTER_NAMES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "store/node_kinds.h"
#include "store/sql/value.h"

namespace mlmd::filter {

enum class ValueType { kInt, kDouble, kString, kBool, kNull, kEnum, kLabel };

enum class EnumKind { kNone, kArtifactState, kExecutionState, kEventType };

// Descriptor of the proto enum behind `kind` (not kNone).
const google::protobuf::EnumDescriptor* EnumDescriptorOf(EnumKind kind);
// "Artifact.State", "Execution.State", "Event.Type".
absl::string_view EnumName(EnumKind kind);
// "UNKNOWN, PENDING, LIVE, ..." for messages.
std::string EnumValueNames(EnumKind kind);

// One queryable field of a node or neighbour.
struct FieldSpec {
  absl::string_view name;
  absl::string_view column;  // SQL column; unused for the type name
  ValueType type;
  EnumKind enum_kind = EnumKind::kNone;
  bool is_type_name = false;  // the name of the row's type: needs a Type join
};

// How a neighbour is reached from the listed node.
enum class Hop {
  kNodeContext,       // contexts_X of an artifact or execution
  kParentContext,     // parent_contexts_X of a context
  kChildContext,      // child_contexts_X of a context
  kContextArtifact,   // artifacts_X of a context
  kContextExecution,  // executions_X of a context
  kEvent,             // events_X of an artifact or execution
  kProperty,          // properties.NAME
  kCustomProperty,    // custom_properties.NAME
};

struct HopSpec {
  absl::string_view prefix;  // "contexts_"
  Hop hop;
};

// Attributes of the listed node itself.
absl::Span<const FieldSpec> NodeFields(TypeKind kind);
// Fields of a neighbour reached by `hop` from a node of `kind`.
absl::Span<const FieldSpec> NeighbourFields(TypeKind kind, Hop hop);
// The alias prefixes usable when listing `kind`.
absl::Span<const HopSpec> HopsFor(TypeKind kind);
// Every alias prefix of any kind (for "not available here" messages).
absl::Span<const absl::string_view> AllHopPrefixes();

// Case-insensitive lookup; null when absent.
const FieldSpec* FindField(absl::Span<const FieldSpec> fields,
                           absl::string_view name);
// "id, type_id, ..." for messages.
std::string FieldNames(absl::Span<const FieldSpec> fields);

absl::string_view NodeTable(TypeKind kind);  // "Artifact"
absl::string_view Plural(TypeKind kind);     // "artifacts"

// Tables a join for `hop` adds (without its optional Type join).
int TablesOf(Hop hop);

// Appends the JOIN clauses reaching neighbour `alias` (and `alias`_t, its
// type, when `with_type`) from `base` of `kind`. Property joins bind the
// property name and the custom flag as parameters.
void AppendJoinSql(TypeKind kind, Hop hop, absl::string_view base,
                   absl::string_view alias, const std::string& property_name,
                   bool with_type, std::string* sql,
                   std::vector<sql::Value>* params);

}  // namespace mlmd::filter

#endif  // MLMD_STORE_FILTER_FILTER_NAMES_H_
