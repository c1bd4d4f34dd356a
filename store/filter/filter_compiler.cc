// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/filter/filter_compiler.h"

#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/filter/filter_lexer.h"

namespace mlmd::filter {
namespace {

enum class ValueType { kInt, kDouble, kString, kBool, kNull, kEnum, kLabel };

enum class EnumKind { kNone, kArtifactState, kExecutionState, kEventType };

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

// One queryable field of a node or neighbour.
struct FieldSpec {
  absl::string_view name;
  absl::string_view column;  // SQL column; unused for the type name
  ValueType type;
  EnumKind enum_kind = EnumKind::kNone;
  bool is_type_name = false;  // needs a join on Type
};

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

// Fields of neighbours, as upstream exposes them.
constexpr FieldSpec kNeighbourContextFields[] = {kId, kName, kTypeName,
                                                 kCreateTime, kUpdateTime};
constexpr FieldSpec kNeighbourArtifactFields[] = {
    kId, kName, kTypeName, kState, kUri, kExternalId, kCreateTime, kUpdateTime};
constexpr FieldSpec kNeighbourExecutionFields[] = {
    kId,         kName,       kTypeName,  kLastKnownState,
    kExternalId, kCreateTime, kUpdateTime};
constexpr FieldSpec kArtifactEventFields[] = {
    {"type", "type", ValueType::kEnum, EnumKind::kEventType},
    {"milliseconds_since_epoch", "milliseconds_since_epoch", ValueType::kInt},
    {"execution_id", "execution_id", ValueType::kInt}};
constexpr FieldSpec kExecutionEventFields[] = {
    {"type", "type", ValueType::kEnum, EnumKind::kEventType},
    {"milliseconds_since_epoch", "milliseconds_since_epoch", ValueType::kInt},
    {"artifact_id", "artifact_id", ValueType::kInt}};
constexpr FieldSpec kPropertyFields[] = {
    {"int_value", "int_value", ValueType::kInt},
    {"double_value", "double_value", ValueType::kDouble},
    {"string_value", "string_value", ValueType::kString},
    {"bool_value", "bool_value", ValueType::kBool}};

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

// How a neighbour prefix reaches its rows from the listed node.
enum class Hop {
  kNodeContext,       // contexts_X of an artifact or execution
  kParentContext,     // parent_contexts_X of a context
  kChildContext,      // child_contexts_X of a context
  kContextArtifact,   // artifacts_X of a context
  kContextExecution,  // executions_X of a context
  kEvent,             // events_X of an artifact or execution
  kProperty,
  kCustomProperty,
};

struct HopSpec {
  absl::string_view prefix;  // "contexts_"
  Hop hop;
};

constexpr HopSpec kNodeHops[] = {{"contexts_", Hop::kNodeContext},
                                 {"events_", Hop::kEvent}};
constexpr HopSpec kContextHops[] = {{"parent_contexts_", Hop::kParentContext},
                                    {"child_contexts_", Hop::kChildContext},
                                    {"artifacts_", Hop::kContextArtifact},
                                    {"executions_", Hop::kContextExecution}};
constexpr absl::string_view kAllPrefixes[] = {
    "contexts_",       "events_",    "parent_contexts_",
    "child_contexts_", "artifacts_", "executions_"};

absl::Span<const HopSpec> HopsFor(TypeKind kind) {
  if (kind == TypeKind::kContext) return kContextHops;
  return kNodeHops;
}

// A compiled piece of the expression.
struct Fragment {
  std::string sql;
  std::vector<sql::Value> params;
  ValueType type = ValueType::kNull;
  EnumKind enum_kind = EnumKind::kNone;
  bool is_predicate = false;  // a comparison or logical operator
  std::string text;           // what the user wrote, for messages
  int column = 0;
};

std::string Describe(const Fragment& f) {
  switch (f.type) {
    case ValueType::kInt:
      return absl::StrCat(f.text, " (an integer)");
    case ValueType::kDouble:
      return absl::StrCat(f.text, " (a double)");
    case ValueType::kString:
      return absl::StrCat(f.text, " (a string)");
    case ValueType::kBool:
      return absl::StrCat(f.text, " (a boolean)");
    case ValueType::kNull:
      return "NULL";
    case ValueType::kEnum:
      return absl::StrCat(f.text, " (an ", EnumName(f.enum_kind), ")");
    case ValueType::kLabel:
      return absl::StrCat("name '", f.text, "'");
  }
  return f.text;
}

bool IsNumeric(ValueType t) {
  return t == ValueType::kInt || t == ValueType::kDouble;
}

void Append(std::vector<sql::Value>& to, std::vector<sql::Value>& from) {
  for (sql::Value& v : from) to.push_back(std::move(v));
  from.clear();
}

absl::string_view CompareSql(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "=";
}

// SQLite's LIKE has no escape character unless told; PostgreSQL and MySQL
// default to backslash. Naming it for SQLite makes `\%` mean a literal '%'
// on every backend.
absl::string_view LikeEscapeClause(sql::Dialect dialect) {
  return dialect == sql::Dialect::kSqlite ? " ESCAPE '\\'" : "";
}

class Compiler {
 public:
  Compiler(TypeKind kind, sql::Dialect dialect, absl::string_view base_alias)
      : kind_(kind), dialect_(dialect), base_(base_alias) {}

  absl::StatusOr<CompiledFilter> Run(const Expr& root) {
    auto where = Compile(root);
    if (!where.ok()) return where.status();
    auto predicate = AsPredicate(*std::move(where));
    if (!predicate.ok()) return predicate.status();
    CompiledFilter out;
    BuildJoins(&out);
    out.where = std::move(predicate->sql);
    Append(out.params, predicate->params);
    if (static_cast<int>(out.params.size()) > kMaxFilterParameters) {
      return FilterError(root.column,
                         absl::StrCat("filter_query has more than ",
                                      kMaxFilterParameters, " values"));
    }
    return out;
  }

 private:
  struct Join {
    Hop hop;
    std::string alias;
    std::string property_name;  // for kProperty / kCustomProperty
    bool needs_type = false;
  };

  // ---- Names ----

  absl::StatusOr<Fragment> ResolvePath(const Expr& e) {
    const std::vector<PathSegment>& path = e.path;
    Fragment f;
    f.column = e.column;
    std::vector<std::string> parts;
    for (const PathSegment& s : path) {
      parts.push_back(s.backquoted ? absl::StrCat("`", s.text, "`") : s.text);
    }
    f.text = absl::StrJoin(parts, ".");

    if (path.size() == 1) {
      if (const FieldSpec* field = FindField(NodeFields(kind_), path[0].text)) {
        return ColumnOf(*field, base_, /*join=*/nullptr, e.column, f);
      }
      if (path[0].backquoted) return UnknownAttribute(path[0]);
      f.type = ValueType::kLabel;  // maybe an enum name; checked by the user
      f.text = path[0].text;
      return f;
    }
    const PathSegment& head = path[0];
    if (head.text == "properties" || head.text == "custom_properties") {
      return ResolveProperty(e, head.text == "custom_properties", f);
    }
    for (absl::string_view prefix : kAllPrefixes) {
      if (head.text == prefix) {
        return FilterError(head.column,
                           absl::StrCat("'", prefix, "' needs an alias, as in ",
                                        prefix, "a.id"));
      }
    }
    for (const HopSpec& spec : HopsFor(kind_)) {
      if (absl::StartsWith(head.text, spec.prefix)) {
        return ResolveNeighbour(e, spec.hop, f);
      }
    }
    for (absl::string_view prefix : kAllPrefixes) {
      if (absl::StartsWith(head.text, prefix)) {
        return FilterError(head.column,
                           absl::StrCat("'", prefix,
                                        "ALIAS' names cannot be used when "
                                        "listing ",
                                        Plural(kind_), "; available here: ",
                                        AvailablePrefixes()));
      }
    }
    return FilterError(
        head.column, absl::StrCat("unknown name '", head.text, "' in '", f.text,
                                  "'; expected an attribute of ", Plural(kind_),
                                  " or one of: properties.NAME.FIELD, "
                                  "custom_properties.NAME.FIELD, ",
                                  AvailablePrefixes()));
  }

  std::string AvailablePrefixes() const {
    std::vector<std::string> names;
    for (const HopSpec& spec : HopsFor(kind_)) {
      names.push_back(absl::StrCat(spec.prefix, "ALIAS.FIELD"));
    }
    return absl::StrJoin(names, ", ");
  }

  absl::Status UnknownAttribute(const PathSegment& segment) const {
    return FilterError(
        segment.column,
        absl::StrCat(Plural(kind_), " have no attribute '", segment.text,
                     "' (attributes: ", FieldNames(NodeFields(kind_)), ")"));
  }

  absl::StatusOr<Fragment> ResolveProperty(const Expr& e, bool custom,
                                           Fragment f) {
    const std::vector<PathSegment>& path = e.path;
    const absl::string_view head = custom ? "custom_properties" : "properties";
    if (path.size() != 3) {
      return FilterError(
          e.column, absl::StrCat("expected ", head,
                                 ".NAME.FIELD with FIELD one of int_value, "
                                 "double_value, string_value, bool_value; "
                                 "found '",
                                 f.text, "'"));
    }
    const FieldSpec* field = FindField(kPropertyFields, path[2].text);
    if (field == nullptr) {
      return FilterError(
          path[2].column,
          absl::StrCat("properties have no field '", path[2].text,
                       "' (fields: ", FieldNames(kPropertyFields), ")"));
    }
    const std::string key =
        absl::StrCat(custom ? "custom:" : "property:", path[1].text);
    auto join = FindOrAddJoin(
        key, custom ? Hop::kCustomProperty : Hop::kProperty, e.column);
    if (!join.ok()) return join.status();
    (*join)->property_name = path[1].text;
    return ColumnOf(*field, (*join)->alias, *join, e.column, f);
  }

  absl::StatusOr<Fragment> ResolveNeighbour(const Expr& e, Hop hop,
                                            Fragment f) {
    const std::vector<PathSegment>& path = e.path;
    absl::Span<const FieldSpec> fields = NeighbourFields(hop);
    if (path.size() != 2) {
      return FilterError(
          e.column,
          absl::StrCat("expected ", path[0].text, ".FIELD with FIELD one of ",
                       FieldNames(fields), "; found '", f.text, "'"));
    }
    const FieldSpec* field = FindField(fields, path[1].text);
    if (field == nullptr) {
      return FilterError(
          path[1].column,
          absl::StrCat("'", path[0].text, "' has no field '", path[1].text,
                       "' (fields: ", FieldNames(fields), ")"));
    }
    auto join = FindOrAddJoin(path[0].text, hop, e.column);
    if (!join.ok()) return join.status();
    return ColumnOf(*field, (*join)->alias, *join, e.column, f);
  }

  absl::Span<const FieldSpec> NeighbourFields(Hop hop) const {
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
        return kind_ == TypeKind::kArtifact ? kArtifactEventFields
                                            : kExecutionEventFields;
      case Hop::kProperty:
      case Hop::kCustomProperty:
        return kPropertyFields;
    }
    return {};
  }

  // The SQL column for `field` on table alias `alias`; `join` is null for
  // the listed node itself.
  absl::StatusOr<Fragment> ColumnOf(const FieldSpec& field,
                                    absl::string_view alias, Join* join,
                                    int column, Fragment f) {
    f.type = field.type;
    f.enum_kind = field.enum_kind;
    if (!field.is_type_name) {
      f.sql = absl::StrCat(alias, ".", field.column);
      return f;
    }
    if (join == nullptr) {
      if (!base_type_join_) {
        base_type_join_ = true;
        if (absl::Status st = CheckTableCount(column); !st.ok()) return st;
      }
      f.sql = absl::StrCat(base_, "_t.name");
    } else {
      if (!join->needs_type) {
        join->needs_type = true;
        if (absl::Status st = CheckTableCount(column); !st.ok()) return st;
      }
      f.sql = absl::StrCat(join->alias, "_t.name");
    }
    return f;
  }

  absl::StatusOr<Join*> FindOrAddJoin(const std::string& key, Hop hop,
                                      int column) {
    auto it = join_index_.find(key);
    if (it != join_index_.end()) return &joins_[it->second];
    join_index_[key] = joins_.size();
    joins_.push_back(
        {hop, absl::StrCat(base_, "_j", joins_.size() + 1), "", false});
    if (absl::Status st = CheckTableCount(column); !st.ok()) return st;
    return &joins_.back();
  }

  absl::Status CheckTableCount(int column) const {
    int tables = 1 + (base_type_join_ ? 1 : 0);
    for (const Join& j : joins_) {
      const bool linked = j.hop != Hop::kEvent && j.hop != Hop::kProperty &&
                          j.hop != Hop::kCustomProperty;
      tables += (linked ? 2 : 1) + (j.needs_type ? 1 : 0);
    }
    if (tables > kMaxJoinedTables) {
      return FilterError(
          column,
          absl::StrCat("filter_query needs more than ", kMaxJoinedTables,
                       " joined tables; mention fewer "
                       "distinct aliases and properties"));
    }
    return absl::OkStatus();
  }

  void BuildJoins(CompiledFilter* out) const {
    std::string& sql = out->joins;
    if (base_type_join_) {
      absl::StrAppend(&sql, " JOIN Type AS ", base_, "_t ON ", base_,
                      "_t.id = ", base_, ".type_id");
    }
    for (const Join& j : joins_) {
      const std::string& a = j.alias;
      const std::string link = absl::StrCat(a, "_l");
      switch (j.hop) {
        case Hop::kNodeContext: {
          const bool artifact = kind_ == TypeKind::kArtifact;
          absl::StrAppend(&sql, " JOIN ",
                          artifact ? "Attribution" : "Association", " AS ",
                          link, " ON ", link, ".",
                          artifact ? "artifact_id" : "execution_id", " = ",
                          base_, ".id JOIN Context AS ", a, " ON ", a,
                          ".id = ", link, ".context_id");
          break;
        }
        case Hop::kParentContext:
          absl::StrAppend(&sql, " JOIN ParentContext AS ", link, " ON ", link,
                          ".context_id = ", base_, ".id JOIN Context AS ", a,
                          " ON ", a, ".id = ", link, ".parent_context_id");
          break;
        case Hop::kChildContext:
          absl::StrAppend(&sql, " JOIN ParentContext AS ", link, " ON ", link,
                          ".parent_context_id = ", base_,
                          ".id JOIN Context AS ", a, " ON ", a, ".id = ", link,
                          ".context_id");
          break;
        case Hop::kContextArtifact:
          absl::StrAppend(&sql, " JOIN Attribution AS ", link, " ON ", link,
                          ".context_id = ", base_, ".id JOIN Artifact AS ", a,
                          " ON ", a, ".id = ", link, ".artifact_id");
          break;
        case Hop::kContextExecution:
          absl::StrAppend(&sql, " JOIN Association AS ", link, " ON ", link,
                          ".context_id = ", base_, ".id JOIN Execution AS ", a,
                          " ON ", a, ".id = ", link, ".execution_id");
          break;
        case Hop::kEvent:
          absl::StrAppend(
              &sql, " JOIN Event AS ", a, " ON ", a, ".",
              kind_ == TypeKind::kArtifact ? "artifact_id" : "execution_id",
              " = ", base_, ".id");
          break;
        case Hop::kProperty:
        case Hop::kCustomProperty: {
          const absl::string_view table = NodeTable(kind_);
          const std::string id_column =
              absl::AsciiStrToLower(absl::StrCat(table, "_id"));
          absl::StrAppend(&sql, " JOIN ", table, "Property AS ", a, " ON ", a,
                          ".", id_column, " = ", base_, ".id AND ", a,
                          ".name = ? AND ", a, ".is_custom_property = ?");
          out->params.push_back(sql::Value::Text(j.property_name));
          out->params.push_back(
              sql::Value::Bool(j.hop == Hop::kCustomProperty));
          break;
        }
      }
      if (j.needs_type) {
        absl::StrAppend(&sql, " JOIN Type AS ", a, "_t ON ", a, "_t.id = ", a,
                        ".type_id");
      }
    }
  }

  // ---- Expressions ----

  absl::StatusOr<Fragment> Compile(const Expr& e) {
    Fragment f;
    f.column = e.column;
    switch (e.kind) {
      case ExprKind::kIntLiteral:
        return Literal(f, ValueType::kInt, sql::Value::Int(e.int_value),
                       absl::StrCat(e.int_value));
      case ExprKind::kDoubleLiteral:
        return Literal(f, ValueType::kDouble,
                       sql::Value::Double(e.double_value),
                       absl::StrCat(e.double_value));
      case ExprKind::kStringLiteral:
        return Literal(f, ValueType::kString, sql::Value::Text(e.string_value),
                       absl::StrCat("'", e.string_value.substr(0, 40), "'"));
      case ExprKind::kBoolLiteral:
        return Literal(f, ValueType::kBool, sql::Value::Bool(e.bool_value),
                       e.bool_value ? "TRUE" : "FALSE");
      case ExprKind::kNullLiteral:
        f.type = ValueType::kNull;
        f.sql = "NULL";
        f.text = "NULL";
        return f;
      case ExprKind::kPath:
        return ResolvePath(e);
      case ExprKind::kNegate:
        return Negate(e);
      case ExprKind::kArithmetic:
        return Arithmetic(e);
      case ExprKind::kNot: {
        auto operand = CompilePredicate(*e.children[0]);
        if (!operand.ok()) return operand;
        operand->sql = absl::StrCat("(NOT ", operand->sql, ")");
        operand->column = e.column;
        return operand;
      }
      case ExprKind::kAnd:
      case ExprKind::kOr:
        return Logical(e);
      case ExprKind::kCompare:
        return Compare(e);
      case ExprKind::kIn:
        return In(e);
      case ExprKind::kLike:
        return Like(e);
      case ExprKind::kIsNull:
        return IsNull(e);
      case ExprKind::kBetween:
        return Between(e);
    }
    return FilterError(e.column, "unsupported expression");
  }

  static Fragment Literal(Fragment f, ValueType type, sql::Value value,
                          std::string text) {
    f.type = type;
    f.sql = "?";
    f.params.push_back(std::move(value));
    f.text = std::move(text);
    return f;
  }

  // Rejects names that did not resolve to a column (outside enum contexts).
  absl::Status RequireResolved(const Fragment& f) const {
    if (f.type != ValueType::kLabel) return absl::OkStatus();
    for (EnumKind kind : {EnumKind::kArtifactState, EnumKind::kExecutionState,
                          EnumKind::kEventType}) {
      if (EnumDescriptorOf(kind)->FindValueByName(f.text) != nullptr) {
        return FilterError(
            f.column,
            absl::StrCat("'", f.text, "' is an ", EnumName(kind),
                         " value; enum values compare only with enum fields "
                         "(state, last_known_state, events_X.type, "
                         "artifacts_X.state, executions_X.last_known_state)"));
      }
    }
    return UnknownAttribute({f.text, false, f.column});
  }

  absl::StatusOr<Fragment> AsPredicate(Fragment f) const {
    if (absl::Status st = RequireResolved(f); !st.ok()) return st;
    if (f.type != ValueType::kBool) {
      return FilterError(f.column,
                         absl::StrCat("expected a condition (a comparison or a "
                                      "boolean value), found ",
                                      Describe(f)));
    }
    if (!f.is_predicate) {
      f.sql = absl::StrCat("(", f.sql, " = ?)");
      f.params.push_back(sql::Value::Bool(true));
      f.is_predicate = true;
    }
    return f;
  }

  absl::StatusOr<Fragment> CompilePredicate(const Expr& e) {
    auto f = Compile(e);
    if (!f.ok()) return f;
    return AsPredicate(*std::move(f));
  }

  static Fragment Predicate(int column, std::string text) {
    Fragment f;
    f.type = ValueType::kBool;
    f.is_predicate = true;
    f.column = column;
    f.text = std::move(text);
    return f;
  }

  absl::StatusOr<Fragment> Numeric(const Expr& e) {
    auto f = Compile(e);
    if (!f.ok()) return f;
    if (absl::Status st = RequireResolved(*f); !st.ok()) return st;
    if (!IsNumeric(f->type)) {
      return FilterError(
          f->column,
          absl::StrCat("arithmetic needs numbers, found ", Describe(*f)));
    }
    return f;
  }

  absl::StatusOr<Fragment> Negate(const Expr& e) {
    auto operand = Numeric(*e.children[0]);
    if (!operand.ok()) return operand;
    operand->sql = absl::StrCat("(-", operand->sql, ")");
    operand->text = absl::StrCat("-", operand->text);
    operand->column = e.column;
    return operand;
  }

  absl::StatusOr<Fragment> Arithmetic(const Expr& e) {
    auto left = Numeric(*e.children[0]);
    if (!left.ok()) return left;
    auto right = Numeric(*e.children[1]);
    if (!right.ok()) return right;
    Fragment f;
    f.column = e.column;
    f.text = "the arithmetic result";
    f.type = left->type == ValueType::kInt && right->type == ValueType::kInt
                 ? ValueType::kInt
                 : ValueType::kDouble;
    switch (e.arithmetic_op) {
      case ArithmeticOp::kAdd:
        f.sql = absl::StrCat("(", left->sql, " + ", right->sql, ")");
        break;
      case ArithmeticOp::kSub:
        f.sql = absl::StrCat("(", left->sql, " - ", right->sql, ")");
        break;
      case ArithmeticOp::kMul:
        f.sql = absl::StrCat("(", left->sql, " * ", right->sql, ")");
        break;
      case ArithmeticOp::kDiv:
        // ZetaSQL divides in floating point; x / 0 is NULL rather than an
        // error on every backend.
        f.type = ValueType::kDouble;
        f.sql = absl::StrCat("(", left->sql, " * 1.0 / NULLIF(", right->sql,
                             ", 0))");
        break;
    }
    Append(f.params, left->params);
    Append(f.params, right->params);
    return f;
  }

  absl::StatusOr<Fragment> Logical(const Expr& e) {
    std::vector<Fragment> operands;
    for (const auto& child : e.children) {
      auto p = CompilePredicate(*child);
      if (!p.ok()) return p;
      operands.push_back(*std::move(p));
    }
    Fragment f = Predicate(e.column, "the condition");
    // Balanced nesting keeps the SQL expression depth logarithmic in the
    // number of operands (SQLite caps expression depth at 1000).
    AppendBalanced(absl::MakeSpan(operands),
                   e.kind == ExprKind::kAnd ? " AND " : " OR ", &f);
    return f;
  }

  static void AppendBalanced(absl::Span<Fragment> operands,
                             absl::string_view op, Fragment* out) {
    if (operands.size() == 1) {
      out->sql.append(operands[0].sql);
      Append(out->params, operands[0].params);
      return;
    }
    const size_t half = operands.size() / 2;
    out->sql.append("(");
    AppendBalanced(operands.subspan(0, half), op, out);
    absl::StrAppend(&out->sql, op);
    AppendBalanced(operands.subspan(half), op, out);
    out->sql.append(")");
  }

  // The value of enum `kind` named by label fragment `f`.
  absl::StatusOr<int> EnumValue(EnumKind kind, const Fragment& f,
                                const Fragment& field) const {
    if (f.type == ValueType::kLabel) {
      const auto* value = EnumDescriptorOf(kind)->FindValueByName(f.text);
      if (value != nullptr) return value->number();
      return FilterError(
          f.column,
          absl::StrCat("'", f.text, "' is not a value of ", EnumName(kind),
                       " (values: ", EnumValueNames(kind), ")"));
    }
    return FilterError(
        f.column, absl::StrCat(field.text, " is an ", EnumName(kind),
                               " and compares only with its value names (",
                               EnumValueNames(kind), "), found ", Describe(f)));
  }

  // Checks that `a` and `b` may be compared (not enums, which the callers
  // handle first).
  absl::Status CheckComparable(const Fragment& a, const Fragment& b) const {
    if (absl::Status st = RequireResolved(a); !st.ok()) return st;
    if (absl::Status st = RequireResolved(b); !st.ok()) return st;
    for (const Fragment* f : {&a, &b}) {
      if (f->type == ValueType::kNull) {
        return FilterError(f->column,
                           "NULL compares only with IS NULL or IS NOT NULL");
      }
    }
    const bool ok = (IsNumeric(a.type) && IsNumeric(b.type)) ||
                    (a.type == b.type && a.type != ValueType::kEnum) ||
                    (a.type == ValueType::kEnum && b.type == ValueType::kEnum &&
                     a.enum_kind == b.enum_kind);
    if (!ok) {
      return FilterError(b.column, absl::StrCat("cannot compare ", Describe(a),
                                                " with ", Describe(b)));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Fragment> Compare(const Expr& e) {
    auto left = Compile(*e.children[0]);
    if (!left.ok()) return left;
    auto right = Compile(*e.children[1]);
    if (!right.ok()) return right;
    Fragment f = Predicate(e.column, "the comparison");
    // An enum field against an enum name, on either side.
    const Fragment* field = nullptr;
    const Fragment* name = nullptr;
    if (left->type == ValueType::kEnum && right->type != ValueType::kEnum) {
      field = &*left, name = &*right;
    } else if (right->type == ValueType::kEnum &&
               left->type != ValueType::kEnum) {
      field = &*right, name = &*left;
    }
    if (field != nullptr) {
      auto value = EnumValue(field->enum_kind, *name, *field);
      if (!value.ok()) return value.status();
      if (e.compare_op == CompareOp::kEq) {
        f.sql = absl::StrCat("(", field->sql, " = ?)");
        f.params.push_back(sql::Value::Int(*value));
      } else if (e.compare_op == CompareOp::kNe) {
        f.sql =
            absl::StrCat("(", field->sql, " <> ? OR ", field->sql, " IS NULL)");
        f.params.push_back(sql::Value::Int(*value));
      } else {
        return FilterError(
            e.column,
            absl::StrCat(field->text, " is an ", EnumName(field->enum_kind),
                         " and supports only =, !=, IN and "
                         "NOT IN"));
      }
      return f;
    }
    if (absl::Status st = CheckComparable(*left, *right); !st.ok()) return st;
    f.sql = absl::StrCat("(", left->sql, " ", CompareSql(e.compare_op), " ",
                         right->sql, ")");
    Append(f.params, left->params);
    Append(f.params, right->params);
    return f;
  }

  absl::StatusOr<Fragment> In(const Expr& e) {
    auto left = Compile(*e.children[0]);
    if (!left.ok()) return left;
    std::vector<Fragment> items;
    for (size_t i = 1; i < e.children.size(); ++i) {
      auto item = Compile(*e.children[i]);
      if (!item.ok()) return item;
      items.push_back(*std::move(item));
    }
    Fragment f = Predicate(e.column, "the IN condition");
    const absl::string_view keyword = e.negated ? " NOT IN (" : " IN (";
    if (left->type == ValueType::kEnum) {
      std::vector<std::string> marks;
      for (const Fragment& item : items) {
        auto value = EnumValue(left->enum_kind, item, *left);
        if (!value.ok()) return value.status();
        f.params.push_back(sql::Value::Int(*value));
        marks.push_back("?");
      }
      f.sql = absl::StrCat(
          "(", left->sql, keyword, absl::StrJoin(marks, ", "), ")",
          e.negated ? absl::StrCat(" OR ", left->sql, " IS NULL") : "", ")");
      return f;
    }
    f.sql = absl::StrCat("(", left->sql, keyword);
    Append(f.params, left->params);
    for (size_t i = 0; i < items.size(); ++i) {
      if (absl::Status st = CheckComparable(*left, items[i]); !st.ok()) {
        return st;
      }
      if (i > 0) f.sql.append(", ");
      f.sql.append(items[i].sql);
      Append(f.params, items[i].params);
    }
    f.sql.append("))");
    return f;
  }

  absl::StatusOr<Fragment> Like(const Expr& e) {
    auto left = Compile(*e.children[0]);
    if (!left.ok()) return left;
    if (absl::Status st = RequireResolved(*left); !st.ok()) return st;
    if (left->type != ValueType::kString) {
      return FilterError(left->column,
                         absl::StrCat("LIKE needs a string on its left, found ",
                                      Describe(*left)));
    }
    const Expr& pattern = *e.children[1];
    if (pattern.kind != ExprKind::kStringLiteral) {
      return FilterError(pattern.column,
                         "LIKE needs a quoted string pattern on its right");
    }
    const std::string& text = pattern.string_value;
    if (static_cast<int>(text.size()) > kMaxLikePatternBytes) {
      return FilterError(pattern.column,
                         absl::StrCat("LIKE pattern is longer than ",
                                      kMaxLikePatternBytes, " bytes"));
    }
    size_t trailing_backslashes = 0;
    while (trailing_backslashes < text.size() &&
           text[text.size() - 1 - trailing_backslashes] == '\\') {
      ++trailing_backslashes;
    }
    if (trailing_backslashes % 2 == 1) {
      return FilterError(pattern.column,
                         "LIKE pattern must not end with an unpaired escape "
                         "character '\\'");
    }
    Fragment f = Predicate(e.column, "the LIKE condition");
    f.sql = absl::StrCat("(", left->sql, e.negated ? " NOT LIKE ?" : " LIKE ?",
                         LikeEscapeClause(dialect_), ")");
    Append(f.params, left->params);
    f.params.push_back(sql::Value::Text(text));
    return f;
  }

  absl::StatusOr<Fragment> IsNull(const Expr& e) {
    auto operand = Compile(*e.children[0]);
    if (!operand.ok()) return operand;
    if (absl::Status st = RequireResolved(*operand); !st.ok()) return st;
    Fragment f = Predicate(e.column, "the IS NULL condition");
    f.sql = absl::StrCat("(", operand->sql,
                         e.negated ? " IS NOT NULL)" : " IS NULL)");
    Append(f.params, operand->params);
    return f;
  }

  absl::StatusOr<Fragment> Between(const Expr& e) {
    std::vector<Fragment> parts;
    for (const auto& child : e.children) {
      auto part = Compile(*child);
      if (!part.ok()) return part;
      parts.push_back(*std::move(part));
    }
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].type == ValueType::kEnum ||
          parts[i].type == ValueType::kBool) {
        return FilterError(parts[i].column,
                           absl::StrCat("BETWEEN needs numbers or strings, "
                                        "found ",
                                        Describe(parts[i])));
      }
      if (i > 0) {
        if (absl::Status st = CheckComparable(parts[0], parts[i]); !st.ok()) {
          return st;
        }
      }
    }
    Fragment f = Predicate(e.column, "the BETWEEN condition");
    f.sql = absl::StrCat("(", parts[0].sql,
                         e.negated ? " NOT BETWEEN " : " BETWEEN ",
                         parts[1].sql, " AND ", parts[2].sql, ")");
    for (Fragment& part : parts) Append(f.params, part.params);
    return f;
  }

  const TypeKind kind_;
  const sql::Dialect dialect_;
  const std::string base_;
  bool base_type_join_ = false;
  std::vector<Join> joins_;
  absl::flat_hash_map<std::string, size_t> join_index_;
};

bool IsPlainIdentifier(absl::string_view s) {
  if (s.empty() || absl::ascii_isdigit(s[0])) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(c) && c != '_') return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<CompiledFilter> CompileFilter(const Expr& expr, TypeKind kind,
                                             sql::Dialect dialect,
                                             absl::string_view base_alias) {
  if (!IsPlainIdentifier(base_alias)) {
    return absl::InternalError(
        absl::StrCat("CompileFilter: bad base alias '", base_alias, "'"));
  }
  return Compiler(kind, dialect, base_alias).Run(expr);
}

}  // namespace mlmd::filter
