// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Reading types. Each read is one query: the Type rows joined with their
// TypeProperty rows and their ParentType link, grouped back into messages
// here. Creating and evolving types lives in type_upsert.cc.
#include "store/type_access.h"

#include <algorithm>
#include <limits>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "store/simple_types.h"
#include "store/sql_lists.h"

namespace mlmd {
namespace {

using ml_metadata::ArtifactType;
using ml_metadata::ContextType;
using ml_metadata::ExecutionType;
using ml_metadata::PropertyType;

// A TypeProperty.data_type; NULL or an unknown number reads as UNKNOWN.
PropertyType ToPropertyType(const sql::Value& v) {
  const int64_t n = v.AsInt();
  if (v.is_null() || n < 0 || n > std::numeric_limits<int>::max() ||
      !ml_metadata::PropertyType_IsValid(static_cast<int>(n))) {
    return ml_metadata::UNKNOWN;
  }
  return static_cast<PropertyType>(n);
}

std::optional<std::string> NullableText(const sql::Value& v) {
  if (v.is_null()) return std::nullopt;
  return v.AsText();
}

// --- TypeDef --------------------------------------------------------------

constexpr absl::string_view kTypeDefSelect =
    "SELECT T.id, T.name, T.version, P.name, P.data_type FROM Type T "
    "LEFT JOIN TypeProperty P ON P.type_id = T.id WHERE T.type_kind = ? AND ";

// Groups rows of kTypeDefSelect by type id, in order of first appearance.
std::vector<TypeDef> TypeDefsFromRows(TypeKind kind,
                                      const sql::ResultSet& rows) {
  std::vector<TypeDef> defs;
  absl::flat_hash_map<int64_t, size_t> index;
  for (const sql::Row& row : rows.rows) {
    const int64_t id = row[0].AsInt();
    auto [it, inserted] = index.try_emplace(id, defs.size());
    if (inserted) {
      TypeDef& def = defs.emplace_back();
      def.id = id;
      def.kind = kind;
      def.name = row[1].AsText();
      def.version = NullableText(row[2]);
    }
    if (!row[3].is_null()) {
      defs[it->second].properties[row[3].AsText()] = ToPropertyType(row[4]);
    }
  }
  return defs;
}

// --- Full type messages ---------------------------------------------------

// Type columns, then one property (P) and the base type's name (B); a type
// with several properties comes back as several rows.
constexpr absl::string_view kFullTypeSelect =
    "SELECT T.id, T.name, T.version, T.description, T.external_id, "
    "T.input_type, T.output_type, P.name, P.data_type, B.name FROM Type T "
    "LEFT JOIN TypeProperty P ON P.type_id = T.id "
    "LEFT JOIN ParentType L ON L.type_id = T.id "
    "LEFT JOIN Type B ON B.id = L.parent_type_id "
    "WHERE T.type_kind = ? AND ";

absl::Status ParseStructType(const sql::Value& column, int64_t type_id,
                             absl::string_view field,
                             ml_metadata::ArtifactStructType* out) {
  const std::string json = column.AsText();
  if (!google::protobuf::util::JsonStringToMessage(json, out).ok()) {
    return absl::InternalError(
        absl::StrCat("stored ", field, " of execution type ", type_id,
                     " is not a valid ArtifactStructType in JSON: ", json));
  }
  return absl::OkStatus();
}

template <typename TypeMessage>
absl::Status FillTypeColumns(const sql::Row& row, TypeMessage& type) {
  type.set_id(row[0].AsInt());
  type.set_name(row[1].AsText());
  if (!row[2].is_null()) type.set_version(row[2].AsText());
  if (!row[3].is_null()) type.set_description(row[3].AsText());
  if (!row[4].is_null()) type.set_external_id(row[4].AsText());
  if constexpr (std::is_same_v<TypeMessage, ExecutionType>) {
    // Upstream writes SQL NULL or JSON; an empty string also means unset.
    if (!row[5].is_null() && !row[5].AsText().empty()) {
      absl::Status st = ParseStructType(row[5], type.id(), "input_type",
                                        type.mutable_input_type());
      if (!st.ok()) return st;
    }
    if (!row[6].is_null() && !row[6].AsText().empty()) {
      absl::Status st = ParseStructType(row[6], type.id(), "output_type",
                                        type.mutable_output_type());
      if (!st.ok()) return st;
    }
  }
  return absl::OkStatus();
}

// Groups rows of kFullTypeSelect into messages, in order of first appearance
// (appending to `out`).
template <typename TypeMessage>
absl::Status AppendFullTypes(const sql::ResultSet& rows,
                             std::vector<TypeMessage>& out) {
  constexpr TypeKind kKind = TypeTraits<TypeMessage>::kKind;
  absl::flat_hash_map<int64_t, size_t> index;
  for (const sql::Row& row : rows.rows) {
    const int64_t id = row[0].AsInt();
    auto [it, inserted] = index.try_emplace(id, out.size());
    if (inserted) {
      absl::Status st = FillTypeColumns(row, out.emplace_back());
      if (!st.ok()) return st;
    }
    TypeMessage& type = out[it->second];
    if (!row[7].is_null()) {
      (*type.mutable_properties())[row[7].AsText()] = ToPropertyType(row[8]);
    }
    if (!row[9].is_null() && !type.has_base_type()) {
      // A link to a type that is no known base type is left out, not fatal.
      if (auto base = BaseTypeForName(kKind, row[9].AsText())) {
        type.set_base_type(
            static_cast<typename TypeMessage::SystemDefinedBaseType>(*base));
      }
    }
  }
  return absl::OkStatus();
}

template <typename TypeMessage>
void SortById(std::vector<TypeMessage>& types) {
  std::sort(types.begin(), types.end(),
            [](const TypeMessage& a, const TypeMessage& b) {
              return a.id() < b.id();
            });
}

// Full types whose `column` is one of `keys`, ascending by id.
template <typename TypeMessage>
absl::StatusOr<std::vector<TypeMessage>> LoadFullTypesWhereIn(
    sql::Connection& conn, absl::string_view column,
    std::vector<sql::Value> keys) {
  std::vector<TypeMessage> out;
  const sql::Value kind =
      sql::Value::Int(static_cast<int>(TypeTraits<TypeMessage>::kKind));
  absl::Status st = QueryInChunks(
      conn, absl::StrCat(kFullTypeSelect, column, " IN "), " ORDER BY T.id",
      {kind}, std::move(keys),
      [&](const sql::ResultSet& rows) { return AppendFullTypes(rows, out); });
  if (!st.ok()) return st;
  SortById(out);
  return out;
}

// Rows of `select` (which ends in "WHERE ... AND ") for the type of `kind`
// named `name` at `version` (none or empty: the unversioned type), oldest
// first: should upstream have stored duplicates, the oldest one wins.
absl::StatusOr<sql::ResultSet> QueryTypeByName(
    sql::Connection& conn, absl::string_view select, TypeKind kind,
    absl::string_view name, const std::optional<std::string>& version) {
  std::vector<sql::Value> params = {sql::Value::Int(static_cast<int>(kind)),
                                    sql::Value::Text(std::string(name))};
  std::string sql = absl::StrCat(select, "T.name = ? AND ");
  if (version.has_value() && !version->empty()) {
    absl::StrAppend(&sql, "T.version = ?");
    params.push_back(sql::Value::Text(*version));
  } else {
    absl::StrAppend(&sql, "T.version IS NULL");
  }
  absl::StrAppend(&sql, " ORDER BY T.id");
  return conn.Query(sql, params);
}

}  // namespace

absl::StatusOr<std::vector<TypeDef>> LoadTypeDefs(
    sql::Connection& conn, TypeKind kind, absl::Span<const int64_t> ids) {
  std::vector<TypeDef> out;
  std::vector<sql::Value> keys;
  keys.reserve(ids.size());
  for (int64_t id : ids) keys.push_back(sql::Value::Int(id));
  absl::Status st =
      QueryInChunks(conn, absl::StrCat(kTypeDefSelect, "T.id IN "), "",
                    {sql::Value::Int(static_cast<int>(kind))}, std::move(keys),
                    [&](const sql::ResultSet& rows) {
                      for (TypeDef& def : TypeDefsFromRows(kind, rows)) {
                        out.push_back(std::move(def));
                      }
                      return absl::OkStatus();
                    });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<std::optional<TypeDef>> FindTypeDef(
    sql::Connection& conn, TypeKind kind, absl::string_view name,
    const std::optional<std::string>& version) {
  auto rows = QueryTypeByName(conn, kTypeDefSelect, kind, name, version);
  if (!rows.ok()) return rows.status();
  std::vector<TypeDef> defs = TypeDefsFromRows(kind, *rows);
  if (defs.empty()) return std::nullopt;
  return std::move(defs.front());
}

template <typename TypeMessage>
absl::StatusOr<std::vector<TypeMessage>> LoadTypes(
    sql::Connection& conn, absl::Span<const int64_t> ids) {
  std::vector<sql::Value> keys;
  keys.reserve(ids.size());
  for (int64_t id : ids) keys.push_back(sql::Value::Int(id));
  return LoadFullTypesWhereIn<TypeMessage>(conn, "T.id", std::move(keys));
}

template <typename TypeMessage>
absl::StatusOr<std::vector<TypeMessage>> LoadTypesByExternalIds(
    sql::Connection& conn, absl::Span<const std::string> external_ids) {
  std::vector<sql::Value> keys;
  keys.reserve(external_ids.size());
  for (const std::string& e : external_ids) keys.push_back(sql::Value::Text(e));
  return LoadFullTypesWhereIn<TypeMessage>(conn, "T.external_id",
                                           std::move(keys));
}

template <typename TypeMessage>
absl::StatusOr<std::optional<TypeMessage>> FindType(
    sql::Connection& conn, absl::string_view name,
    const std::optional<std::string>& version) {
  auto rows = QueryTypeByName(conn, kFullTypeSelect,
                              TypeTraits<TypeMessage>::kKind, name, version);
  if (!rows.ok()) return rows.status();
  std::vector<TypeMessage> types;
  absl::Status st = AppendFullTypes(*rows, types);
  if (!st.ok()) return st;
  if (types.empty()) return std::nullopt;
  return std::move(types.front());
}

template <typename TypeMessage>
absl::StatusOr<std::vector<TypeMessage>> ListTypes(sql::Connection& conn,
                                                   bool include_simple_types) {
  auto rows = conn.Query(
      absl::StrCat(kFullTypeSelect, "1 = 1 ORDER BY T.id"),
      {sql::Value::Int(static_cast<int>(TypeTraits<TypeMessage>::kKind))});
  if (!rows.ok()) return rows.status();
  std::vector<TypeMessage> types;
  absl::Status st = AppendFullTypes(*rows, types);
  if (!st.ok()) return st;
  if (!include_simple_types) {
    // Upstream hides the built-in names from artifact and execution type
    // listings only; no context type is built in.
    if constexpr (!std::is_same_v<TypeMessage, ContextType>) {
      types.erase(std::remove_if(types.begin(), types.end(),
                                 [](const TypeMessage& t) {
                                   return IsSimpleTypeName(t.name());
                                 }),
                  types.end());
    }
  }
  return types;
}

#define MLMD_INSTANTIATE_TYPE_READS(T)                                         \
  template absl::StatusOr<std::vector<T>> LoadTypes<T>(                        \
      sql::Connection&, absl::Span<const int64_t>);                            \
  template absl::StatusOr<std::vector<T>> LoadTypesByExternalIds<T>(           \
      sql::Connection&, absl::Span<const std::string>);                        \
  template absl::StatusOr<std::optional<T>> FindType<T>(                       \
      sql::Connection&, absl::string_view, const std::optional<std::string>&); \
  template absl::StatusOr<std::vector<T>> ListTypes<T>(sql::Connection&, bool);
MLMD_INSTANTIATE_TYPE_READS(ArtifactType)
MLMD_INSTANTIATE_TYPE_READS(ExecutionType)
MLMD_INSTANTIATE_TYPE_READS(ContextType)
#undef MLMD_INSTANTIATE_TYPE_READS

}  // namespace mlmd
