// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Type creation and evolution. The common case, a type that already exists
// unchanged (every KFP task registers its types again), costs one query: the
// stored types of the whole request are read at once, together with their
// properties and base type links, and compared in memory.
#include "store/type_upsert.h"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/node_kinds.h"
#include "store/simple_types.h"
#include "store/type_access.h"

namespace mlmd {
namespace {

using ml_metadata::ArtifactType;
using ml_metadata::ContextType;
using ml_metadata::ExecutionType;
using ml_metadata::PropertyType;

// (name, version); "" stands for no version, as upstream treats both alike.
using TypeKey = std::pair<std::string, std::string>;

// What the evolution rules need of a stored type.
struct StoredType {
  int64_t id = 0;
  // Ordered, so messages list properties deterministically.
  std::map<std::string, PropertyType> properties;
  std::optional<std::string> external_id;
  std::optional<std::string> base_type_name;  // name of the linked parent
};

using StoredTypes = absl::flat_hash_map<TypeKey, StoredType>;

// A TypeProperty.data_type; NULL or an unknown number reads as UNKNOWN.
PropertyType PropertyTypeOfColumn(const sql::Value& v) {
  const int64_t n = v.AsInt();
  if (v.is_null() || n < 0 || n > std::numeric_limits<int>::max() ||
      !ml_metadata::PropertyType_IsValid(static_cast<int>(n))) {
    return ml_metadata::UNKNOWN;
  }
  return static_cast<PropertyType>(n);
}

// Keys per lookup statement; bounds the statement length.
constexpr size_t kKeysPerLookup = 100;

std::string Describe(const TypeKey& key) {
  if (key.second.empty()) return absl::StrCat("'", key.first, "'");
  return absl::StrCat("'", key.first, "' version '", key.second, "'");
}

std::string ListNames(const std::vector<std::string>& names) {
  return absl::StrJoin(names, ", ", [](std::string* out, const std::string& n) {
    absl::StrAppend(out, "'", n, "'");
  });
}

// Reads the stored types of `kind` with the given keys. On MySQL with
// `lock_rows` the read also locks the rows it found (missing keys are
// guarded by LockTypeCreation).
absl::Status LookupStoredTypes(sql::Connection& conn, TypeKind kind,
                               const std::vector<TypeKey>& keys, bool lock_rows,
                               StoredTypes& out) {
  for (size_t begin = 0; begin < keys.size(); begin += kKeysPerLookup) {
    const size_t end = std::min(keys.size(), begin + kKeysPerLookup);
    std::string sql =
        "SELECT T.id, T.name, T.version, T.external_id, P.name, P.data_type, "
        "B.name FROM Type T "
        "LEFT JOIN TypeProperty P ON P.type_id = T.id "
        "LEFT JOIN ParentType L ON L.type_id = T.id "
        "LEFT JOIN Type B ON B.id = L.parent_type_id "
        "WHERE T.type_kind = ? AND (";
    std::vector<sql::Value> params = {sql::Value::Int(static_cast<int>(kind))};
    for (size_t i = begin; i < end; ++i) {
      const TypeKey& key = keys[i];
      absl::StrAppend(&sql, i > begin ? " OR " : "", "(T.name = ? AND ");
      params.push_back(sql::Value::Text(key.first));
      if (key.second.empty()) {
        absl::StrAppend(&sql, "T.version IS NULL)");
      } else {
        absl::StrAppend(&sql, "T.version = ?)");
        params.push_back(sql::Value::Text(key.second));
      }
    }
    absl::StrAppend(&sql, ") ORDER BY T.id");
    if (lock_rows) absl::StrAppend(&sql, " FOR UPDATE");
    auto rows = conn.Query(sql, params);
    if (!rows.ok()) return rows.status();
    // One row per property of a type. Should upstream have stored duplicate
    // types for one key, the oldest (lowest id, first in the rows) wins.
    for (const sql::Row& row : rows->rows) {
      const int64_t id = row[0].AsInt();
      TypeKey key(row[1].AsText(), row[2].is_null() ? "" : row[2].AsText());
      auto [it, inserted] = out.try_emplace(std::move(key));
      StoredType& stored = it->second;
      if (inserted) {
        stored.id = id;
        if (!row[3].is_null()) stored.external_id = row[3].AsText();
      } else if (stored.id != id) {
        continue;
      }
      if (!row[4].is_null()) {
        stored.properties[row[4].AsText()] = PropertyTypeOfColumn(row[5]);
      }
      if (!row[6].is_null() && !stored.base_type_name) {
        stored.base_type_name = row[6].AsText();
      }
    }
  }
  return absl::OkStatus();
}

// Makes concurrent transactions that are about to create types take turns.
// SQLite: writes already hold the database's write lock (BEGIN IMMEDIATE).
// PostgreSQL: a table lock that conflicts with itself and with writers but
// not with readers. MySQL: the row lock on MLMDEnv's single row, held to
// commit. A FOR UPDATE read of the missing type rows is not enough there:
// under READ COMMITTED (our MySQL isolation level) it locks no gaps, so two
// creators both saw nothing and both inserted (found by kfp_stress_test).
absl::Status LockTypeCreation(sql::Connection& conn) {
  switch (conn.dialect()) {
    case sql::Dialect::kPostgresql:
      return conn.Execute("LOCK TABLE Type IN SHARE ROW EXCLUSIVE MODE")
          .status();
    case sql::Dialect::kMysql:
      return conn.Query("SELECT schema_version FROM MLMDEnv FOR UPDATE")
          .status();
    default:
      return absl::OkStatus();
  }
}

absl::Status InsertProperties(
    sql::Connection& conn, int64_t type_id,
    const std::vector<std::pair<std::string, PropertyType>>& properties) {
  if (properties.empty()) return absl::OkStatus();
  std::vector<sql::Value> params;
  params.reserve(properties.size() * 3);
  for (const auto& [name, data_type] : properties) {
    params.push_back(sql::Value::Int(type_id));
    params.push_back(sql::Value::Text(name));
    params.push_back(sql::Value::Int(static_cast<int>(data_type)));
  }
  return conn
      .Execute(
          absl::StrCat("INSERT INTO TypeProperty(type_id, name, data_type) "
                       "VALUES ",
                       sql::PlaceholderRows(properties.size(), 3)),
          params)
      .status();
}

absl::StatusOr<sql::Value> StructTypeJson(
    const ml_metadata::ArtifactStructType& type, absl::string_view label,
    absl::string_view field) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(type, &json).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(label, ": ", field, " cannot be written as JSON"));
  }
  return sql::Value::Text(std::move(json));
}

// The Type row and its TypeProperty rows of a new type; returns its id.
template <typename TypeMessage>
absl::StatusOr<int64_t> InsertType(sql::Connection& conn,
                                   const TypeMessage& type,
                                   const std::string& label) {
  constexpr TypeKind kKind = TypeTraits<TypeMessage>::kKind;
  sql::Value input_type, output_type;
  if constexpr (std::is_same_v<TypeMessage, ExecutionType>) {
    if (type.has_input_type()) {
      auto json = StructTypeJson(type.input_type(), label, "input_type");
      if (!json.ok()) return json.status();
      input_type = *std::move(json);
    }
    if (type.has_output_type()) {
      auto json = StructTypeJson(type.output_type(), label, "output_type");
      if (!json.ok()) return json.status();
      output_type = *std::move(json);
    }
  }
  const std::vector<sql::Value> params = {
      sql::Value::Text(type.name()),
      sql::Value::Int(static_cast<int>(kKind)),
      type.version().empty() ? sql::Value::Null()
                             : sql::Value::Text(type.version()),
      type.has_description() ? sql::Value::Text(type.description())
                             : sql::Value::Null(),
      input_type,
      output_type,
      // An empty external_id is stored as none, so it never collides.
      type.external_id().empty() ? sql::Value::Null()
                                 : sql::Value::Text(type.external_id()),
  };
  auto ids = conn.InsertReturningIds(
      "INSERT INTO Type(name, type_kind, version, description, input_type, "
      "output_type, external_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
      params);
  if (absl::IsAlreadyExists(ids.status())) {
    return absl::AlreadyExistsError(
        absl::StrCat(label, ": external_id '", type.external_id(),
                     "' is already used by another type"));
  }
  if (!ids.ok()) return ids.status();
  if (ids->size() != 1) {
    return absl::InternalError("inserting a type returned no id");
  }
  const int64_t id = ids->front();
  std::vector<std::pair<std::string, PropertyType>> properties(
      type.properties().begin(), type.properties().end());
  absl::Status st = InsertProperties(conn, id, properties);
  if (!st.ok()) return st;
  return id;
}

// Upstream's rules for a request that names an existing type. On success
// returns the properties to add (empty when nothing changes).
template <typename TypeMessage>
absl::StatusOr<std::vector<std::pair<std::string, PropertyType>>>
CheckEvolution(const StoredType& stored, const TypeMessage& type,
               const TypeKey& key, const TypeEvolutionOptions& options,
               const std::string& label) {
  std::vector<std::string> omitted;
  for (const auto& [name, stored_type] : stored.properties) {
    auto it = type.properties().find(name);
    if (it == type.properties().end()) {
      omitted.push_back(name);
    } else if (it->second != stored_type) {
      return absl::AlreadyExistsError(absl::StrCat(
          "Type already exists with different properties: Conflicting "
          "property value type found in stored and given types: ",
          label, ": type ", Describe(key),
          " already exists and declares "
          "property '",
          name, "' as ", PropertyType_Name(stored_type), ", not ",
          PropertyType_Name(it->second),
          "; a stored property cannot change its type (register a new type "
          "version instead)"));
    }
  }
  if (!omitted.empty() && !options.can_omit_fields) {
    return absl::AlreadyExistsError(absl::StrCat(
        "Type already exists with different properties: can_omit_fields is "
        "false while stored type has more properties: ",
        label, ": type ", Describe(key),
        " already exists with properties "
        "the request leaves out (",
        ListNames(omitted), "); set can_omit_fields to accept that"));
  }
  std::vector<std::pair<std::string, PropertyType>> added;
  for (const auto& [name, data_type] : type.properties()) {
    if (stored.properties.count(name) == 0) added.emplace_back(name, data_type);
  }
  std::sort(added.begin(), added.end());
  if (!added.empty() && !options.can_add_fields) {
    std::vector<std::string> names;
    for (const auto& p : added) names.push_back(p.first);
    return absl::AlreadyExistsError(absl::StrCat(
        "Type already exists with different properties: can_add_fields is "
        "false while the given type has more properties: ",
        label, ": type ", Describe(key), " already exists without properties ",
        ListNames(names), "; set can_add_fields to add them"));
  }
  return added;
}

absl::Status CheckKnownPropertyTypes(
    const std::vector<std::pair<std::string, PropertyType>>& properties,
    const TypeKey& key, const std::string& label) {
  for (const auto& [name, data_type] : properties) {
    if (data_type == ml_metadata::UNKNOWN) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Property:", name, " type should not be UNKNOWN. (", label,
          ": property '", name, "' of type ", Describe(key),
          " has type UNKNOWN; declare INT, DOUBLE, STRING, STRUCT, PROTO or "
          "BOOLEAN)"));
    }
  }
  return absl::OkStatus();
}

// Links a type to the built-in type its base_type names, the first time one
// is given. Messages of the two UNIMPLEMENTED cases are upstream's.
template <typename TypeMessage>
absl::Status UpsertBaseTypeLink(sql::Connection& conn, const TypeMessage& type,
                                StoredType& stored, const std::string& label) {
  constexpr TypeKind kKind = TypeTraits<TypeMessage>::kKind;
  if (!type.has_base_type()) return absl::OkStatus();
  if (static_cast<int>(type.base_type()) == 0) {
    return absl::UnimplementedError("base_type deletion is not supported yet");
  }
  std::optional<std::string> base_name =
      BaseTypeName(kKind, static_cast<int>(type.base_type()));
  if (!base_name.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(label, ": unknown base_type ", type.base_type()));
  }
  if (stored.base_type_name.has_value()) {
    if (*stored.base_type_name != *base_name) {
      return absl::UnimplementedError("base_type update is not supported yet");
    }
    return absl::OkStatus();
  }
  auto base = FindTypeDef(conn, kKind, *base_name, std::nullopt);
  if (!base.ok()) return base.status();
  if (!base->has_value()) {
    return absl::NotFoundError(
        absl::StrCat(label, ": the built-in ", TypeKindName(kKind), " type '",
                     *base_name, "' that base_type refers to does not exist"));
  }
  auto n = conn.Execute(
      "INSERT INTO ParentType(type_id, parent_type_id) VALUES (?, ?)",
      {sql::Value::Int(stored.id), sql::Value::Int((*base)->id)});
  if (!n.ok()) return n.status();
  stored.base_type_name = *base_name;
  return absl::OkStatus();
}

}  // namespace

template <typename TypeMessage>
absl::StatusOr<std::vector<int64_t>> UpsertTypes(
    sql::Connection& conn, absl::Span<const TypeMessage* const> types,
    const TypeEvolutionOptions& options, absl::string_view field,
    bool indexed) {
  constexpr TypeKind kKind = TypeTraits<TypeMessage>::kKind;
  std::vector<int64_t> ids;
  if (types.empty()) return ids;

  std::vector<TypeKey> keys;
  absl::flat_hash_map<TypeKey, bool> seen;
  for (const TypeMessage* type : types) {
    TypeKey key(type->name(), type->version());
    if (seen.emplace(key, true).second) keys.push_back(std::move(key));
  }
  StoredTypes stored;
  absl::Status st = LookupStoredTypes(conn, kKind, keys, false, stored);
  if (!st.ok()) return st;
  if (stored.size() < keys.size() && conn.dialect() != sql::Dialect::kSqlite) {
    // Something will be created: take turns with concurrent creators and
    // look again, in case one of them just created it.
    st = LockTypeCreation(conn);
    if (!st.ok()) return st;
    stored.clear();
    st = LookupStoredTypes(conn, kKind, keys,
                           conn.dialect() == sql::Dialect::kMysql, stored);
    if (!st.ok()) return st;
  }

  ids.reserve(types.size());
  for (size_t i = 0; i < types.size(); ++i) {
    const TypeMessage& type = *types[i];
    const std::string label =
        indexed ? absl::StrCat(field, "[", i, "]") : std::string(field);
    const TypeKey key(type.name(), type.version());
    auto it = stored.find(key);
    if (it == stored.end()) {
      if (type.name().empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(label, ": a type needs a non-empty name"));
      }
      st = CheckKnownPropertyTypes(
          {type.properties().begin(), type.properties().end()}, key, label);
      if (!st.ok()) return st;
      auto id = InsertType(conn, type, label);
      if (!id.ok()) return id.status();
      StoredType created;
      created.id = *id;
      created.properties.insert(type.properties().begin(),
                                type.properties().end());
      if (!type.external_id().empty()) created.external_id = type.external_id();
      it = stored.emplace(key, std::move(created)).first;
    } else {
      StoredType& existing = it->second;
      auto added = CheckEvolution(existing, type, key, options, label);
      if (!added.ok()) return added.status();
      st = CheckKnownPropertyTypes(*added, key, label);
      if (!st.ok()) return st;
      st = InsertProperties(conn, existing.id, *added);
      if (!st.ok()) return st;
      existing.properties.insert(added->begin(), added->end());
      // Upstream overwrites the stored external_id with any non-empty one
      // the request carries.
      if (!type.external_id().empty() &&
          existing.external_id != type.external_id()) {
        auto n = conn.Execute("UPDATE Type SET external_id = ? WHERE id = ?",
                              {sql::Value::Text(type.external_id()),
                               sql::Value::Int(existing.id)});
        if (absl::IsAlreadyExists(n.status())) {
          return absl::AlreadyExistsError(
              absl::StrCat(label, ": external_id '", type.external_id(),
                           "' is already used by another type"));
        }
        if (!n.ok()) return n.status();
        existing.external_id = type.external_id();
      }
    }
    st = UpsertBaseTypeLink(conn, type, it->second, label);
    if (!st.ok()) return st;
    ids.push_back(it->second.id);
  }
  return ids;
}

template absl::StatusOr<std::vector<int64_t>> UpsertTypes<ArtifactType>(
    sql::Connection&, absl::Span<const ArtifactType* const>,
    const TypeEvolutionOptions&, absl::string_view, bool);
template absl::StatusOr<std::vector<int64_t>> UpsertTypes<ExecutionType>(
    sql::Connection&, absl::Span<const ExecutionType* const>,
    const TypeEvolutionOptions&, absl::string_view, bool);
template absl::StatusOr<std::vector<int64_t>> UpsertTypes<ContextType>(
    sql::Connection&, absl::Span<const ContextType* const>,
    const TypeEvolutionOptions&, absl::string_view, bool);

// Declared in type_access.h; lives here because it creates types.
absl::Status EnsureSimpleTypes(sql::Connection& conn) {
  const std::vector<SimpleType>& simple = SimpleTypes();
  std::vector<sql::Value> params;
  for (const SimpleType& t : simple) params.push_back(sql::Value::Text(t.name));
  auto rows = conn.Query(
      absl::StrCat("SELECT type_kind, name FROM Type WHERE version IS NULL "
                   "AND name IN (",
                   sql::Placeholders(simple.size()), ")"),
      params);
  if (!rows.ok()) return rows.status();
  std::vector<ArtifactType> artifact_types;
  std::vector<ExecutionType> execution_types;
  for (const SimpleType& t : simple) {
    bool present = false;
    for (const sql::Row& row : rows->rows) {
      present |= row[0].AsInt() == static_cast<int>(t.kind) &&
                 row[1].AsText() == t.name;
    }
    if (present) continue;
    if (t.kind == TypeKind::kArtifact) {
      artifact_types.emplace_back().set_name(t.name);
    } else {
      execution_types.emplace_back().set_name(t.name);
    }
  }
  // Upstream registers them allowing any evolution, so a built-in type that
  // gained properties is left as it is.
  const TypeEvolutionOptions lenient{/*can_add_fields=*/true,
                                     /*can_omit_fields=*/true};
  std::vector<const ArtifactType*> artifact_ptrs;
  for (const ArtifactType& t : artifact_types) artifact_ptrs.push_back(&t);
  std::vector<const ExecutionType*> execution_ptrs;
  for (const ExecutionType& t : execution_types) execution_ptrs.push_back(&t);
  auto a = UpsertTypes<ArtifactType>(conn, artifact_ptrs, lenient,
                                     "simple artifact types", true);
  if (!a.ok()) return a.status();
  auto e = UpsertTypes<ExecutionType>(conn, execution_ptrs, lenient,
                                      "simple execution types", true);
  return e.status();
}

}  // namespace mlmd
