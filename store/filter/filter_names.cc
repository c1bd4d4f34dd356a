// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/filter/filter_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd::filter {
namespace {

constexpr FieldSpec kId{"id", "id", ValueType::kInt};
constexpr FieldSpec kTypeId{"type_id", "type_id", ValueType::kInt};
constexpr FieldSpec kTypeName{"type", "", ValueType::kString, EnumKind::kNone,
                              true};
constexpr FieldSpec kName{"name", "name", ValueType::kString};
constexpr FieldSpec kExternalId{"external_id", "external_id",
                                ValueType::kString};
constexpr FieldSpec kUri{"uri", "uri", ValueType::kString};
constexpr FieldSpec kState{"state", "state", ValueType::kEnum,
                           EnumKind::kArtifactState};
constexpr FieldSpec kLastKnownState{"last_known_state", "last_known_state",
                                    ValueType::kEnum,
                                    EnumKind::kExecutionState};
constexpr FieldSpec kCreateTime{"create_time_since_epoch",
                                "create_time_since_epoch", ValueType::kInt};
constexpr FieldSpec kUpdateTime{"last_update_time_since_epoch",
                                "last_update_time_since_epoch",
                                ValueType::kInt};

constexpr FieldSpec kArtifactFields[] = {kId,    kTypeId,     kTypeName,
                                         kName,  kExternalId, kUri,
                                         kState, kCreateTime, kUpdateTime};
constexpr FieldSpec kExecutionFields[] = {
    kId,         kTypeId,         kTypeName,   kName,
    kExternalId, kLastKnownState, kCreateTime, kUpdateTime};
constexpr FieldSpec kContextFields[] = {
    kId, kTypeId, kTypeName, kName, kExternalId, kCreateTime, kUpdateTime};

// Neighbour fields, as upstream exposes them.
constexpr FieldSpec kNeighbourContextFields[] = {kId, kName, kTypeName,
                                                 kCreateTime, kUpdateTime};
constexpr FieldSpec kNeighbourArtifactFields[] = {
    kId, kName, kTypeName, kState, kUri, kExternalId, kCreateTime, kUpdateTime};
constexpr FieldSpec kNeighbourExecutionFields[] = {
    kId,         kName,       kTypeName,  kLastKnownState,
    kExternalId, kCreateTime, kUpdateTime};
constexpr FieldSpec kEventType{"type", "type", ValueType::kEnum,
                               EnumKind::kEventType};
constexpr FieldSpec kEventTime{"milliseconds_since_epoch",
                               "milliseconds_since_epoch", ValueType::kInt};
constexpr FieldSpec kArtifactEventFields[] = {
    kEventType, kEventTime, {"execution_id", "execution_id", ValueType::kInt}};
constexpr FieldSpec kExecutionEventFields[] = {
    kEventType, kEventTime, {"artifact_id", "artifact_id", ValueType::kInt}};
constexpr FieldSpec kPropertyFields[] = {
    {"int_value", "int_value", ValueType::kInt},
    {"double_value", "double_value", ValueType::kDouble},
    {"string_value", "string_value", ValueType::kString},
    {"bool_value", "bool_value", ValueType::kBool}};

constexpr HopSpec kNodeHops[] = {{"contexts_", Hop::kNodeContext},
                                 {"events_", Hop::kEvent}};
constexpr HopSpec kContextHops[] = {{"parent_contexts_", Hop::kParentContext},
                                    {"child_contexts_", Hop::kChildContext},
                                    {"artifacts_", Hop::kContextArtifact},
                                    {"executions_", Hop::kContextExecution}};
constexpr absl::string_view kAllPrefixes[] = {
    "contexts_",       "events_",    "parent_contexts_",
    "child_contexts_", "artifacts_", "executions_"};

// A neighbour reached through a link table: base.id = link.<from> and
// link.<to> = target.id.
struct LinkSpec {
  absl::string_view link_table;
  absl::string_view from_column;
  absl::string_view to_column;
  absl::string_view target_table;
};

LinkSpec LinkOf(TypeKind kind, Hop hop) {
  switch (hop) {
    case Hop::kNodeContext:
      return kind == TypeKind::kArtifact
                 ? LinkSpec{"Attribution", "artifact_id", "context_id",
                            "Context"}
                 : LinkSpec{"Association", "execution_id", "context_id",
                            "Context"};
    case Hop::kParentContext:
      return {"ParentContext", "context_id", "parent_context_id", "Context"};
    case Hop::kChildContext:
      return {"ParentContext", "parent_context_id", "context_id", "Context"};
    case Hop::kContextArtifact:
      return {"Attribution", "context_id", "artifact_id", "Artifact"};
    case Hop::kContextExecution:
      return {"Association", "context_id", "execution_id", "Execution"};
    default:
      return {};
  }
}

}  // namespace

const google::protobuf::EnumDescriptor* EnumDescriptorOf(EnumKind kind) {
  switch (kind) {
    case EnumKind::kArtifactState:
      return ml_metadata::Artifact::State_descriptor();
    case EnumKind::kExecutionState:
      return ml_metadata::Execution::State_descriptor();
    case EnumKind::kEventType:
      return ml_metadata::Event::Type_descriptor();
    case EnumKind::kNone:
      break;
  }
  return nullptr;
}

absl::string_view EnumName(EnumKind kind) {
  switch (kind) {
    case EnumKind::kArtifactState:
      return "Artifact.State";
    case EnumKind::kExecutionState:
      return "Execution.State";
    case EnumKind::kEventType:
      return "Event.Type";
    case EnumKind::kNone:
      break;
  }
  return "enum";
}

std::string EnumValueNames(EnumKind kind) {
  const auto* descriptor = EnumDescriptorOf(kind);
  std::vector<std::string> names;
  for (int i = 0; i < descriptor->value_count(); ++i) {
    names.push_back(descriptor->value(i)->name());
  }
  return absl::StrJoin(names, ", ");
}

absl::Span<const FieldSpec> NodeFields(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return kArtifactFields;
    case TypeKind::kExecution:
      return kExecutionFields;
    case TypeKind::kContext:
      return kContextFields;
  }
  return {};
}

absl::Span<const FieldSpec> NeighbourFields(TypeKind kind, Hop hop) {
  switch (hop) {
    case Hop::kNodeContext:
    case Hop::kParentContext:
    case Hop::kChildContext:
      return kNeighbourContextFields;
    case Hop::kContextArtifact:
      return kNeighbourArtifactFields;
    case Hop::kContextExecution:
      return kNeighbourExecutionFields;
    case Hop::kEvent:
      return kind == TypeKind::kArtifact
                 ? absl::MakeConstSpan(kArtifactEventFields)
                 : absl::MakeConstSpan(kExecutionEventFields);
    case Hop::kProperty:
    case Hop::kCustomProperty:
      return kPropertyFields;
  }
  return {};
}

absl::Span<const HopSpec> HopsFor(TypeKind kind) {
  if (kind == TypeKind::kContext) return kContextHops;
  return kNodeHops;
}

absl::Span<const absl::string_view> AllHopPrefixes() { return kAllPrefixes; }

const FieldSpec* FindField(absl::Span<const FieldSpec> fields,
                           absl::string_view name) {
  for (const FieldSpec& f : fields) {
    if (absl::EqualsIgnoreCase(f.name, name)) return &f;
  }
  return nullptr;
}

std::string FieldNames(absl::Span<const FieldSpec> fields) {
  std::vector<absl::string_view> names;
  for (const FieldSpec& f : fields) names.push_back(f.name);
  return absl::StrJoin(names, ", ");
}

absl::string_view NodeTable(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return "Artifact";
    case TypeKind::kExecution:
      return "Execution";
    case TypeKind::kContext:
      return "Context";
  }
  return "";
}

absl::string_view Plural(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return "artifacts";
    case TypeKind::kExecution:
      return "executions";
    case TypeKind::kContext:
      return "contexts";
  }
  return "";
}

int TablesOf(Hop hop) {
  switch (hop) {
    case Hop::kEvent:
    case Hop::kProperty:
    case Hop::kCustomProperty:
      return 1;
    default:
      return 2;  // link table + neighbour
  }
}

void AppendJoinSql(TypeKind kind, Hop hop, absl::string_view base,
                   absl::string_view alias, const std::string& property_name,
                   bool with_type, std::string* sql,
                   std::vector<sql::Value>* params) {
  switch (hop) {
    case Hop::kEvent:
      absl::StrAppend(
          sql, " JOIN Event AS ", alias, " ON ", alias, ".",
          kind == TypeKind::kArtifact ? "artifact_id" : "execution_id", " = ",
          base, ".id");
      break;
    case Hop::kProperty:
    case Hop::kCustomProperty: {
      const absl::string_view table = NodeTable(kind);
      absl::StrAppend(sql, " JOIN ", table, "Property AS ", alias, " ON ",
                      alias, ".", absl::AsciiStrToLower(table), "_id = ", base,
                      ".id AND ", alias, ".name = ? AND ", alias,
                      ".is_custom_property = ?");
      params->push_back(sql::Value::Text(property_name));
      params->push_back(sql::Value::Bool(hop == Hop::kCustomProperty));
      break;
    }
    default: {
      const LinkSpec link = LinkOf(kind, hop);
      const std::string link_alias = absl::StrCat(alias, "_l");
      absl::StrAppend(sql, " JOIN ", link.link_table, " AS ", link_alias,
                      " ON ", link_alias, ".", link.from_column, " = ", base,
                      ".id JOIN ", link.target_table, " AS ", alias, " ON ",
                      alias, ".id = ", link_alias, ".", link.to_column);
      break;
    }
  }
  if (with_type) {
    absl::StrAppend(sql, " JOIN Type AS ", alias, "_t ON ", alias,
                    "_t.id = ", alias, ".type_id");
  }
}

}  // namespace mlmd::filter
