// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/filter/filter_compiler.h"

#include <cstdint>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "store/filter/filter_lexer.h"
#include "store/filter/filter_names.h"
#include "store/filter/filter_sql.h"

namespace mlmd::filter {
namespace {

bool IsNumeric(ValueType t) {
  return t == ValueType::kInt || t == ValueType::kDouble;
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
bool LikeNeedsEscapeClause(sql::Dialect dialect) {
  return dialect == sql::Dialect::kSqlite;
}

Fragment Predicate(int column, std::string text, Prec prec) {
  Fragment f;
  f.type = ValueType::kBool;
  f.is_predicate = true;
  f.prec = prec;
  f.stack = 0;
  f.column = column;
  f.text = std::move(text);
  return f;
}

// A bound value.
Fragment Placeholder(sql::Value value) {
  Fragment f;
  f.sql = "?";
  f.params.push_back(std::move(value));
  return f;
}

class Compiler {
 public:
  Compiler(TypeKind kind, sql::Dialect dialect, absl::string_view base_alias)
      : kind_(kind), dialect_(dialect), base_(base_alias) {}

  absl::StatusOr<CompiledFilter> Run(const Expr& root) {
    auto where = CompilePredicate(root);
    if (!where.ok()) return where.status();
    Fragment wrapped = Operand(*std::move(where), Prec::kAtom);
    if (wrapped.stack > kMaxWhereParserDepth) {
      return FilterError(
          root.column,
          absl::StrCat("the query is nested too deeply to run (its SQL "
                       "needs ",
                       wrapped.stack, " parser levels; the limit is ",
                       kMaxWhereParserDepth,
                       "); remove parentheses or flatten the conditions"));
    }
    CompiledFilter out;
    BuildJoins(&out);
    out.where = std::move(wrapped.sql);
    for (sql::Value& v : wrapped.params) out.params.push_back(std::move(v));
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
    std::string property_name;  // for properties
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
      f.type = ValueType::kLabel;  // maybe an enum name; the user decides
      f.text = path[0].text;
      return f;
    }
    const PathSegment& head = path[0];
    if (head.text == "properties" || head.text == "custom_properties") {
      return ResolveProperty(e, head.text == "custom_properties", f);
    }
    for (absl::string_view prefix : AllHopPrefixes()) {
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
    for (absl::string_view prefix : AllHopPrefixes()) {
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
    if (path.size() != 3) {
      return FilterError(
          e.column,
          absl::StrCat("expected ", path[0].text,
                       ".NAME.FIELD with FIELD one of int_value, "
                       "double_value, string_value, bool_value; found '",
                       f.text, "'"));
    }
    const FieldSpec* field =
        FindField(NeighbourFields(kind_, Hop::kProperty), path[2].text);
    if (field == nullptr) {
      return FilterError(
          path[2].column,
          absl::StrCat(
              "properties have no field '", path[2].text, "' (fields: ",
              FieldNames(NeighbourFields(kind_, Hop::kProperty)), ")"));
    }
    auto join = FindOrAddJoin(
        absl::StrCat(custom ? "custom:" : "property:", path[1].text),
        custom ? Hop::kCustomProperty : Hop::kProperty, e.column);
    if (!join.ok()) return join.status();
    (*join)->property_name = path[1].text;
    return ColumnOf(*field, (*join)->alias, *join, e.column, f);
  }

  absl::StatusOr<Fragment> ResolveNeighbour(const Expr& e, Hop hop,
                                            Fragment f) {
    const std::vector<PathSegment>& path = e.path;
    absl::Span<const FieldSpec> fields = NeighbourFields(kind_, hop);
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

  // The SQL column for `field` on table `alias`; `join` is null for the
  // listed node itself.
  absl::StatusOr<Fragment> ColumnOf(const FieldSpec& field,
                                    absl::string_view alias, Join* join,
                                    int column, Fragment f) {
    f.type = field.type;
    f.enum_kind = field.enum_kind;
    f.prec = Prec::kAtom;
    f.stack = 3;  // name . name
    if (!field.is_type_name) {
      f.sql = absl::StrCat(alias, ".", field.column);
      return f;
    }
    bool& needs_type = join == nullptr ? base_type_join_ : join->needs_type;
    if (!needs_type) {
      needs_type = true;
      if (absl::Status st = CheckTableCount(column); !st.ok()) return st;
    }
    f.sql = absl::StrCat(alias, "_t.name");
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
    for (const Join& j : joins_) tables += TablesOf(j.hop) + j.needs_type;
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
    if (base_type_join_) {
      absl::StrAppend(&out->joins, " JOIN Type AS ", base_, "_t ON ", base_,
                      "_t.id = ", base_, ".type_id");
    }
    for (const Join& j : joins_) {
      AppendJoinSql(kind_, j.hop, base_, j.alias, j.property_name, j.needs_type,
                    &out->joins, &out->params);
    }
  }

  // ---- Expressions ----

  absl::StatusOr<Fragment> Compile(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kIntLiteral:
        return Literal(e, ValueType::kInt, sql::Value::Int(e.int_value),
                       absl::StrCat(e.int_value));
      case ExprKind::kDoubleLiteral:
        return Literal(e, ValueType::kDouble,
                       sql::Value::Double(e.double_value),
                       absl::StrCat(e.double_value));
      case ExprKind::kStringLiteral:
        return Literal(e, ValueType::kString, sql::Value::Text(e.string_value),
                       absl::StrCat("'", Abbreviate(e.string_value), "'"));
      case ExprKind::kBoolLiteral:
        return Literal(e, ValueType::kBool, sql::Value::Bool(e.bool_value),
                       e.bool_value ? "TRUE" : "FALSE");
      case ExprKind::kNullLiteral: {
        Fragment f;
        f.type = ValueType::kNull;
        f.sql = "NULL";
        f.text = "NULL";
        f.column = e.column;
        return f;
      }
      case ExprKind::kPath:
        return ResolvePath(e);
      case ExprKind::kNegate:
        return Negate(e);
      case ExprKind::kArithmetic:
        return Arithmetic(e);
      case ExprKind::kNot:
        return Not(e);
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

  static Fragment Literal(const Expr& e, ValueType type, sql::Value value,
                          std::string text) {
    Fragment f = Placeholder(std::move(value));
    f.type = type;
    f.text = std::move(text);
    f.column = e.column;
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
    if (f.is_predicate) return f;
    // A boolean value used as a condition: `value = TRUE`.
    Fragment out = Predicate(f.column, f.text, Prec::kCompare);
    AppendPart(Operand(std::move(f), Prec::kAdditive), 0, &out);
    AppendToken("=", &out);
    AppendPart(Placeholder(sql::Value::Bool(true)), 2, &out);
    return out;
  }

  absl::StatusOr<Fragment> CompilePredicate(const Expr& e) {
    auto f = Compile(e);
    if (!f.ok()) return f;
    return AsPredicate(*std::move(f));
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
    // Anything but a plain value is parenthesized, so "--" (a comment) never
    // appears.
    Fragment f = Operand(*std::move(operand), Prec::kAtom);
    f.sql = absl::StrCat("-", f.sql);
    f.stack += 1;
    f.prec = Prec::kUnary;
    f.column = e.column;
    f.text = absl::StrCat("-", f.text);
    return f;
  }

  absl::StatusOr<Fragment> Arithmetic(const Expr& e) {
    auto left = Numeric(*e.children[0]);
    if (!left.ok()) return left;
    auto right = Numeric(*e.children[1]);
    if (!right.ok()) return right;
    Fragment f;
    f.column = e.column;
    f.text = "the arithmetic result";
    f.stack = 0;
    f.type = left->type == ValueType::kInt && right->type == ValueType::kInt
                 ? ValueType::kInt
                 : ValueType::kDouble;
    const bool additive = e.arithmetic_op == ArithmeticOp::kAdd ||
                          e.arithmetic_op == ArithmeticOp::kSub;
    f.prec = additive ? Prec::kAdditive : Prec::kMultiplicative;
    // Left-associative: the right operand must bind strictly tighter.
    const Prec right_min = additive ? Prec::kMultiplicative : Prec::kUnary;
    AppendPart(Operand(*std::move(left), f.prec), 0, &f);
    switch (e.arithmetic_op) {
      case ArithmeticOp::kAdd:
        AppendToken("+", &f);
        break;
      case ArithmeticOp::kSub:
        AppendToken("-", &f);
        break;
      case ArithmeticOp::kMul:
        AppendToken("*", &f);
        break;
      case ArithmeticOp::kDiv:
        // ZetaSQL divides in floating point, and x / 0 becomes NULL rather
        // than an error on every backend.
        f.type = ValueType::kDouble;
        AppendToken("* 1.0 / NULLIF(", &f);
        AppendPart(*std::move(right), 6, &f);
        AppendToken(", 0)", &f);
        f.stack = std::max(f.stack, 8);
        return f;
    }
    AppendPart(Operand(*std::move(right), right_min), 2, &f);
    return f;
  }

  absl::StatusOr<Fragment> Not(const Expr& e) {
    // NOT NOT x is x, also for NULL; folding keeps NOT chains shallow.
    const Expr* inner = e.children[0].get();
    bool negate = true;
    while (inner->kind == ExprKind::kNot) {
      inner = inner->children[0].get();
      negate = !negate;
    }
    auto operand = CompilePredicate(*inner);
    if (!operand.ok() || !negate) return operand;
    Fragment f = Predicate(e.column, "the NOT condition", Prec::kNot);
    AppendToken("NOT", &f);
    // Parenthesized, so MySQL's HIGH_NOT_PRECEDENCE mode reads it the same.
    AppendPart(Operand(*std::move(operand), Prec::kAtom), 1, &f);
    return f;
  }

  absl::StatusOr<Fragment> Logical(const Expr& e) {
    std::vector<Fragment> operands;
    for (const auto& child : e.children) {
      auto p = CompilePredicate(*child);
      if (!p.ok()) return p;
      operands.push_back(*std::move(p));
    }
    Fragment f = Chain(std::move(operands),
                       e.kind == ExprKind::kAnd ? Prec::kAnd : Prec::kOr);
    f.column = e.column;
    f.text = "the condition";
    return f;
  }

  // The number of enum `kind` named by label fragment `f`.
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

  // Checks that `a` and `b` may be compared; enum fields against enum names
  // are handled by the callers first.
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

  // `field = ?` for one enum value; `!=` also matches NULL, as upstream
  // rewrites it.
  static Fragment EnumCompare(Fragment field, int value, bool negated,
                              int column) {
    Fragment f = Predicate(column, "the comparison",
                           negated ? Prec::kOr : Prec::kCompare);
    AppendPart(field, 0, &f);
    AppendToken(negated ? "<>" : "=", &f);
    AppendPart(Placeholder(sql::Value::Int(value)), 2, &f);
    if (negated) AppendNullAlternative(std::move(field), &f);
    return f;
  }

  // Appends " OR field IS NULL".
  static void AppendNullAlternative(Fragment field, Fragment* f) {
    AppendToken("OR", f);
    AppendPart(std::move(field), 2, f);
    AppendToken("IS NULL", f);
    f->stack = std::max(f->stack, 4);
  }

  absl::StatusOr<Fragment> Compare(const Expr& e) {
    auto left = Compile(*e.children[0]);
    if (!left.ok()) return left;
    auto right = Compile(*e.children[1]);
    if (!right.ok()) return right;
    // An enum field against an enum name, on either side.
    Fragment* field = nullptr;
    Fragment* name = nullptr;
    if (left->type == ValueType::kEnum && right->type != ValueType::kEnum) {
      field = &*left, name = &*right;
    } else if (right->type == ValueType::kEnum &&
               left->type != ValueType::kEnum) {
      field = &*right, name = &*left;
    }
    if (field != nullptr) {
      auto value = EnumValue(field->enum_kind, *name, *field);
      if (!value.ok()) return value.status();
      if (e.compare_op != CompareOp::kEq && e.compare_op != CompareOp::kNe) {
        return FilterError(
            e.column,
            absl::StrCat(field->text, " is an ", EnumName(field->enum_kind),
                         " and supports only =, !=, IN and "
                         "NOT IN"));
      }
      return EnumCompare(std::move(*field), *value,
                         e.compare_op == CompareOp::kNe, e.column);
    }
    if (absl::Status st = CheckComparable(*left, *right); !st.ok()) return st;
    Fragment f = Predicate(e.column, "the comparison", Prec::kCompare);
    AppendPart(Operand(*std::move(left), Prec::kAdditive), 0, &f);
    AppendToken(CompareSql(e.compare_op), &f);
    AppendPart(Operand(*std::move(right), Prec::kAdditive), 2, &f);
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
    const bool is_enum = left->type == ValueType::kEnum;
    for (Fragment& item : items) {
      if (is_enum) {
        auto value = EnumValue(left->enum_kind, item, *left);
        if (!value.ok()) return value.status();
        item = Placeholder(sql::Value::Int(*value));
      } else if (absl::Status st = CheckComparable(*left, item); !st.ok()) {
        return st;
      }
    }
    // NOT IN on an enum also matches NULL, as upstream rewrites it.
    const bool null_too = is_enum && e.negated;
    Fragment f = Predicate(e.column, "the IN condition",
                           null_too ? Prec::kOr : Prec::kCompare);
    Fragment operand = Operand(*std::move(left), Prec::kAdditive);
    const Fragment operand_copy = null_too ? operand : Fragment();
    AppendPart(std::move(operand), 0, &f);
    AppendToken(e.negated ? "NOT IN (" : "IN (", &f);
    // Pending: operand, [NOT,] IN, '(' and, after the first item, the list
    // so far and a comma.
    const int before_list = e.negated ? 4 : 3;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) AppendToken(",", &f);
      AppendPart(std::move(items[i]), before_list + (i > 0 ? 2 : 0), &f);
    }
    AppendToken(")", &f);
    if (null_too) AppendNullAlternative(operand_copy, &f);
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
    Fragment f = Predicate(e.column, "the LIKE condition", Prec::kCompare);
    AppendPart(Operand(*std::move(left), Prec::kAdditive), 0, &f);
    AppendToken(e.negated ? "NOT LIKE" : "LIKE", &f);
    AppendPart(Placeholder(sql::Value::Text(text)), e.negated ? 3 : 2, &f);
    if (LikeNeedsEscapeClause(dialect_)) AppendToken("ESCAPE '\\'", &f);
    f.stack = std::max(f.stack, 6);
    return f;
  }

  absl::StatusOr<Fragment> IsNull(const Expr& e) {
    auto operand = Compile(*e.children[0]);
    if (!operand.ok()) return operand;
    if (absl::Status st = RequireResolved(*operand); !st.ok()) return st;
    Fragment f = Predicate(e.column, "the IS NULL condition", Prec::kCompare);
    AppendPart(Operand(*std::move(operand), Prec::kAdditive), 0, &f);
    AppendToken(e.negated ? "IS NOT NULL" : "IS NULL", &f);
    f.stack = std::max(f.stack, 4);
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
    Fragment f = Predicate(e.column, "the BETWEEN condition", Prec::kCompare);
    const int keyword = e.negated ? 2 : 1;
    AppendPart(Operand(std::move(parts[0]), Prec::kAdditive), 0, &f);
    AppendToken(e.negated ? "NOT BETWEEN" : "BETWEEN", &f);
    AppendPart(Operand(std::move(parts[1]), Prec::kAdditive), 1 + keyword, &f);
    AppendToken("AND", &f);
    AppendPart(Operand(std::move(parts[2]), Prec::kAdditive), 3 + keyword, &f);
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
