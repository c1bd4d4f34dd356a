// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// PutNodes: creating and updating artifacts, executions and contexts with
// upstream MLMD's validation, update-mask and timestamp rules.
//
// Round trips: one LoadNodes (two queries) fetches every stored node the
// request updates, one query their types; consecutive creates become one
// multi-row INSERT; each changed update is one UPDATE; property rows of the
// whole request are written at the end with one DELETE and one multi-row
// INSERT (split only past a few hundred rows), held back to travel with the
// transaction's next statement where the backend can (ExecuteDeferred).
#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/field_mask_util.h"
#include "store/node_access.h"
#include "store/node_diff.h"
#include "store/node_rows.h"
#include "store/property_codec.h"
#include "store/type_access.h"
#include "store/type_cache.h"

namespace mlmd {
namespace {

using google::protobuf::FieldMask;
using google::protobuf::util::FieldMaskUtil;
using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;
using PropertyMap = google::protobuf::Map<std::string, ml_metadata::Value>;

constexpr size_t kMaxRowsPerInsert = 500;
constexpr size_t kMaxKeysPerDelete = 300;

// The property names an update touches, per upstream's update_mask rules: no
// mask, or the bare path "properties" / "custom_properties", means all of
// them; otherwise only the "properties.<name>" paths.
struct MaskedNames {
  bool all = true;
  absl::flat_hash_set<std::string> names;
  bool Contains(const std::string& name) const {
    return all || names.contains(name);
  }
};

MaskedNames PropertyNamesInMask(const FieldMask& mask, bool custom) {
  MaskedNames out;
  if (mask.paths().empty()) return out;
  const absl::string_view prefix = custom ? "custom_properties" : "properties";
  out.all = false;
  for (const std::string& path : mask.paths()) {
    if (path == prefix) {
      out.all = true;
      out.names.clear();
      return out;
    }
    absl::string_view rest = path;
    if (absl::ConsumePrefix(&rest, prefix) && absl::ConsumePrefix(&rest, ".")) {
      out.names.insert(std::string(rest));
    }
  }
  return out;
}

// The mask paths that name plain fields of the node (not properties); other
// paths are ignored, as upstream ignores them.
template <typename Node>
FieldMask FieldPathsOfMask(const FieldMask& mask) {
  FieldMask out;
  for (const std::string& path : mask.paths()) {
    if (absl::StartsWith(path, "properties") ||
        absl::StartsWith(path, "custom_properties")) {
      continue;
    }
    if (Node::descriptor()->FindFieldByName(path) != nullptr) {
      out.add_paths(path);
    }
  }
  return out;
}

std::vector<std::string> SortedKeys(const PropertyMap& map) {
  std::vector<std::string> keys;
  keys.reserve(map.size());
  for (const auto& [name, value] : map) keys.push_back(name);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Checks `properties` against the type (only the masked names) and that
// every written custom property carries a value.
template <typename Node>
absl::Status ValidateProperties(const Node& node, const TypeDef& type,
                                const MaskedNames& masked,
                                const MaskedNames& masked_custom,
                                absl::string_view label) {
  for (const std::string& name : SortedKeys(node.properties())) {
    if (!masked.Contains(name)) continue;
    const ml_metadata::Value& value = node.properties().at(name);
    auto declared = type.properties.find(name);
    if (declared == type.properties.end()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Found unknown property: ", name, " (", label, ": not declared in ",
          TypeKindName(type.kind), " type '", type.name, "')"));
    }
    if (!ValueMatchesPropertyType(value, declared->second)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Found unmatched property type: ", name, " (", label, ": declared ",
          PropertyTypeName(declared->second), " in type '", type.name,
          "' but got ", ValueKindName(value), ")"));
    }
  }
  for (const std::string& name : SortedKeys(node.custom_properties())) {
    if (!masked_custom.Contains(name)) continue;
    if (node.custom_properties().at(name).value_case() ==
        ml_metadata::Value::VALUE_NOT_SET) {
      return absl::InvalidArgumentError(absl::StrCat(
          label, ": custom property '", name, "' has no value set"));
    }
  }
  return absl::OkStatus();
}

// Mirrors in `stored` what an UPDATE of the row wrote from `written`.
void CopyUpdatedColumns(const Artifact& written, Artifact* stored) {
  stored->set_uri(written.uri());
  if (written.has_state()) {
    stored->set_state(written.state());
  } else {
    stored->clear_state();
  }
  if (written.has_external_id()) {
    stored->set_external_id(written.external_id());
  } else {
    stored->clear_external_id();
  }
}
void CopyUpdatedColumns(const Execution& written, Execution* stored) {
  if (written.has_last_known_state()) {
    stored->set_last_known_state(written.last_known_state());
  } else {
    stored->clear_last_known_state();
  }
  if (written.has_external_id()) {
    stored->set_external_id(written.external_id());
  } else {
    stored->clear_external_id();
  }
}
void CopyUpdatedColumns(const Context& written, Context* stored) {
  stored->set_name(written.name());
  if (written.has_external_id()) {
    stored->set_external_id(written.external_id());
  } else {
    stored->clear_external_id();
  }
}

// Context rows need a name (upstream checks it on create and update).
template <typename Node>
absl::Status CheckName(const Node&, absl::string_view) {
  return absl::OkStatus();
}
template <>
absl::Status CheckName(const Context& context, absl::string_view label) {
  if (!context.has_name() || context.name().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("Context name should not be empty (", label, ")"));
  }
  return absl::OkStatus();
}

// Rewrites a unique-key violation into a message naming the inputs.
absl::Status DescribeConflict(const absl::Status& st, absl::string_view label,
                              absl::string_view kind) {
  if (!absl::IsAlreadyExists(st)) return st;
  // The driver message names the violated key; the echoed SQL text (after
  // "[while running") must not be searched.
  absl::string_view driver_message = st.message();
  driver_message = driver_message.substr(0, driver_message.find("[while"));
  const bool external_id = absl::StrContains(driver_message, "external_id");
  return absl::AlreadyExistsError(absl::StrCat(
      "Given node already exists: ", label, ": a stored ", kind,
      " has the same ", external_id ? "external_id" : "(type_id, name)", " (",
      st.message(), ")"));
}

// Property rows to rewrite at the end of PutNodes, keyed by
// (node id, is_custom_property, name).
class PropertyWrites {
 public:
  // Records the final value (nullopt: deleted) of one property. `existed`
  // says whether the row is in the database now; only the first call for a
  // key can know that, later calls keep it.
  void Set(int64_t node_id, bool custom, const std::string& name,
           std::optional<ml_metadata::Value> value, bool existed) {
    auto [it, inserted] = writes_.try_emplace(Key{node_id, custom, name});
    if (inserted) it->second.existed = existed;
    it->second.value = std::move(value);
  }

  template <typename Node>
  absl::Status Flush(sql::Connection& conn) {
    using Traits = NodeTraits<Node>;
    std::vector<const Key*> deletes;
    std::vector<std::pair<const Key*, const ml_metadata::Value*>> inserts;
    for (const auto& [key, write] : writes_) {
      if (write.existed) deletes.push_back(&key);
      if (write.value.has_value()) inserts.emplace_back(&key, &*write.value);
    }
    // Hash order would give the same request a different statement each
    // time (the parameter types, NULL or not, follow the rows), and so a
    // different prepared statement; key order keeps it stable.
    auto by_key = [](const auto& a, const auto& b) {
      return *a.first < *b.first;
    };
    std::sort(inserts.begin(), inserts.end(), by_key);
    std::sort(deletes.begin(), deletes.end(),
              [](const Key* a, const Key* b) { return *a < *b; });
    for (size_t start = 0; start < deletes.size(); start += kMaxKeysPerDelete) {
      const size_t n = std::min(kMaxKeysPerDelete, deletes.size() - start);
      std::string sql =
          absl::StrCat("DELETE FROM ", Traits::kPropertyTable, " WHERE ");
      std::vector<sql::Value> params;
      params.reserve(3 * n);
      for (size_t i = 0; i < n; ++i) {
        const Key& key = *deletes[start + i];
        absl::StrAppend(&sql, i ? " OR " : "", "(", Traits::kPropertyIdColumn,
                        " = ? AND is_custom_property = ? AND name = ?)");
        params.push_back(sql::Value::Int(std::get<0>(key)));
        params.push_back(sql::Value::Bool(std::get<1>(key)));
        params.push_back(sql::Value::Text(std::get<2>(key)));
      }
      absl::Status done = conn.ExecuteDeferred(sql, params);
      if (!done.ok()) return done;
    }
    for (size_t start = 0; start < inserts.size(); start += kMaxRowsPerInsert) {
      const size_t n = std::min(kMaxRowsPerInsert, inserts.size() - start);
      std::vector<sql::Value> params;
      params.reserve(n * (3 + kPropertyValueColumnCount));
      for (size_t i = 0; i < n; ++i) {
        const auto& [key, value] = inserts[start + i];
        // Upstream's schema declares int_value as a 32-bit INT on MySQL and
        // PostgreSQL (SQLite integers are 64-bit); say so instead of passing
        // on the database's range error.
        if (value->value_case() == ml_metadata::Value::kIntValue &&
            conn.dialect() != sql::Dialect::kSqlite &&
            (value->int_value() < std::numeric_limits<int32_t>::min() ||
             value->int_value() > std::numeric_limits<int32_t>::max())) {
          return absl::InvalidArgumentError(absl::StrCat(
              Traits::kName, " ", std::get<0>(*key), ": ",
              std::get<1>(*key) ? "custom property '" : "property '",
              std::get<2>(*key), "' has int_value ", value->int_value(),
              ", outside the 32-bit range that the MLMD schema's int_value "
              "column holds on ",
              migrations::DialectName(conn.dialect()),
              "; store it as a double_value or string_value"));
        }
        auto columns = EncodePropertyValue(*value);
        if (!columns.ok()) return columns.status();  // validated before
        params.push_back(sql::Value::Int(std::get<0>(*key)));
        params.push_back(sql::Value::Text(std::get<2>(*key)));
        params.push_back(sql::Value::Bool(std::get<1>(*key)));
        for (sql::Value& v : *columns) params.push_back(std::move(v));
      }
      absl::Status done = conn.ExecuteDeferred(
          absl::StrCat("INSERT INTO ", Traits::kPropertyTable, " (",
                       Traits::kPropertyIdColumn,
                       ", name, is_custom_property, ", kPropertyValueColumns,
                       ") VALUES ",
                       sql::PlaceholderRows(n, 3 + kPropertyValueColumnCount)),
          params);
      if (!done.ok()) return done;
    }
    writes_.clear();
    return absl::OkStatus();
  }

 private:
  using Key = std::tuple<int64_t, bool, std::string>;
  struct Write {
    bool existed = false;
    std::optional<ml_metadata::Value> value;
  };
  absl::flat_hash_map<Key, Write> writes_;
};

// Records the property changes of one update (upstream's per-name rule:
// deleted, changed or added) and applies them to `stored`. Returns how many
// properties changed.
int DiffProperties(int64_t node_id, bool custom, const PropertyMap& requested,
                   const MaskedNames& masked, PropertyMap* stored,
                   PropertyWrites* writes) {
  std::vector<std::string> names;
  if (masked.all) {
    for (const auto& [name, v] : requested) names.push_back(name);
    for (const auto& [name, v] : *stored) names.push_back(name);
  } else {
    names.assign(masked.names.begin(), masked.names.end());
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  int changed = 0;
  for (const std::string& name : names) {
    auto before = stored->find(name);
    auto after = requested.find(name);
    const bool had = before != stored->end();
    if (after == requested.end()) {
      if (!had) continue;
      writes->Set(node_id, custom, name, std::nullopt, /*existed=*/true);
      stored->erase(before);
      ++changed;
    } else if (!had || !SamePropertyValue(before->second, after->second)) {
      writes->Set(node_id, custom, name, after->second, /*existed=*/had);
      (*stored)[name] = after->second;
      ++changed;
    }
  }
  return changed;
}

template <typename Node>
class NodeWriter {
 public:
  using Traits = NodeTraits<Node>;

  NodeWriter(sql::Connection& conn, const PutNodesOptions& options,
             absl::Span<const Node> nodes)
      : conn_(conn),
        options_(options),
        nodes_(nodes),
        now_(options.now_millis > 0 ? options.now_millis : NowMillis()),
        ids_(nodes.size(), 0) {
    if (options.update_mask != nullptr) mask_ = *options.update_mask;
    masked_ = PropertyNamesInMask(mask_, /*custom=*/false);
    masked_custom_ = PropertyNamesInMask(mask_, /*custom=*/true);
    field_paths_ = FieldPathsOfMask<Node>(mask_);
  }

  absl::StatusOr<std::vector<int64_t>> Run() {
    if (nodes_.size() > kMaxNodesPerPut) {
      return absl::InvalidArgumentError(absl::StrCat(
          "too many ", Traits::kName, "s in one request: ", nodes_.size(),
          " (the limit is ", kMaxNodesPerPut, ")"));
    }
    absl::Status st = LoadStoredNodesAndTypes();
    if (!st.ok()) return st;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      st = nodes_[i].has_id() ? Update(i) : AddCreate(i);
      if (!st.ok()) return st;
    }
    st = FlushCreates();
    if (!st.ok()) return st;
    st = writes_.template Flush<Node>(conn_);
    if (!st.ok()) return st;
    return std::move(ids_);
  }

 private:
  std::string Label(size_t i) const {
    return absl::StrCat(Traits::kName, "[", i, "]");
  }

  absl::Status LoadStoredNodesAndTypes() {
    std::vector<int64_t> update_ids;
    std::vector<int64_t> type_ids;
    for (const Node& node : nodes_) {
      if (node.has_id()) {
        update_ids.push_back(node.id());
      } else if (node.has_type_id()) {
        type_ids.push_back(node.type_id());
      }
    }
    if (!update_ids.empty()) {
      auto stored = LoadNodesToLink<Node>(conn_, update_ids);
      if (!stored.ok()) return stored.status();
      for (Node& node : *stored) {
        type_ids.push_back(node.type_id());
        const int64_t id = node.id();
        stored_.emplace(id, std::move(node));
      }
    }
    if (type_ids.empty()) return absl::OkStatus();
    std::sort(type_ids.begin(), type_ids.end());
    type_ids.erase(std::unique(type_ids.begin(), type_ids.end()),
                   type_ids.end());
    std::vector<TypeDefCache::Entry> cached;
    std::vector<int64_t> missing;
    if (options_.type_cache != nullptr) {
      options_.type_cache->Lookup(Traits::kKind, type_ids, &cached, &missing);
    } else {
      missing = std::move(type_ids);
    }
    for (TypeDefCache::Entry& type : cached) {
      const int64_t id = type->id;
      types_.emplace(id, CheckedType{std::move(type), /*from_cache=*/true});
    }
    return ReadTypes(missing);
  }

  // Reads types from the database (replacing what types_ holds for them)
  // and offers them to the cache.
  absl::Status ReadTypes(absl::Span<const int64_t> type_ids) {
    if (type_ids.empty()) return absl::OkStatus();
    auto types = LoadTypeDefs(conn_, Traits::kKind, type_ids);
    if (!types.ok()) return types.status();
    std::vector<TypeDefCache::Entry> read;
    read.reserve(types->size());
    for (TypeDef& type : *types) {
      read.push_back(std::make_shared<const TypeDef>(std::move(type)));
      types_[read.back()->id] = CheckedType{read.back(), /*from_cache=*/false};
    }
    if (options_.type_cache != nullptr) {
      options_.type_cache->Stage(std::move(read));
    }
    return absl::OkStatus();
  }

  // ValidateProperties against the node's type. A cached type may lack
  // properties added since it was cached: on failure it is read again from
  // the database and the node checked once more.
  absl::Status ValidateAgainstType(const Node& node, int64_t type_id,
                                   const MaskedNames& masked,
                                   const MaskedNames& masked_custom,
                                   const std::string& label) {
    auto type = types_.find(type_id);
    absl::Status st = ValidateProperties(node, *type->second.def, masked,
                                         masked_custom, label);
    if (st.ok() || !type->second.from_cache) return st;
    absl::Status reread = ReadTypes({type_id});
    if (!reread.ok()) return reread;
    type = types_.find(type_id);
    if (type == types_.end()) return st;  // types are never deleted
    return ValidateProperties(node, *type->second.def, masked, masked_custom,
                              label);
  }

  absl::Status AddCreate(size_t i) {
    const Node& node = nodes_[i];
    const std::string label = Label(i);
    if (!node.has_type_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Type id is missing. (", label, " has no type_id)"));
    }
    auto type = types_.find(node.type_id());
    if (type == types_.end()) {
      return absl::NotFoundError(absl::StrCat(
          "No type found for query, type_id: ", node.type_id(), " (", label,
          ": no ", Traits::kName, " type has this id)"));
    }
    const MaskedNames all;
    absl::Status st =
        ValidateAgainstType(node, node.type_id(), all, all, label);
    if (!st.ok()) return st;
    st = CheckName(node, label);
    if (!st.ok()) return st;
    if (node.has_name()) {
      auto [it, fresh] = new_names_.try_emplace(
          std::make_pair(node.type_id(), node.name()), i);
      if (!fresh) {
        return absl::AlreadyExistsError(absl::StrCat(
            "Given node already exists: ", label,
            " has the same type_id and "
            "name '",
            node.name(), "' as ", Label(it->second), " of this request"));
      }
    }
    if (node.has_external_id()) {
      auto [it, fresh] = new_external_ids_.try_emplace(node.external_id(), i);
      if (!fresh) {
        return absl::AlreadyExistsError(
            absl::StrCat("Given node already exists: ", label,
                         " has the same external_id '", node.external_id(),
                         "' as ", Label(it->second), " of this request"));
      }
    }
    pending_creates_.push_back(i);
    return absl::OkStatus();
  }

  // Inserts the pending creates (request order) and queues their properties.
  absl::Status FlushCreates() {
    const Node* kind = nullptr;
    for (size_t start = 0; start < pending_creates_.size();
         start += kMaxRowsPerInsert) {
      const size_t n =
          std::min(kMaxRowsPerInsert, pending_creates_.size() - start);
      const size_t columns = 3 + node_rows::KindColumnCount(kind);
      std::vector<sql::Value> params;
      params.reserve(n * columns);
      for (size_t k = start; k < start + n; ++k) {
        const Node& node = nodes_[pending_creates_[k]];
        params.push_back(sql::Value::Int(node.type_id()));
        node_rows::AppendKindValues(node, &params);
        params.push_back(sql::Value::Int(now_));
        params.push_back(sql::Value::Int(now_));
      }
      auto new_ids = conn_.InsertReturningIds(
          absl::StrCat("INSERT INTO ", Traits::kTable, " (type_id, ",
                       node_rows::KindColumns(kind),
                       ", create_time_since_epoch, "
                       "last_update_time_since_epoch) VALUES ",
                       sql::PlaceholderRows(n, columns)),
          params);
      if (!new_ids.ok()) {
        const size_t first = pending_creates_[start];
        const size_t last = pending_creates_[start + n - 1];
        const std::string label =
            n == 1 ? Label(first)
                   : absl::StrCat(Traits::kName, "[", first, "..", last, "]");
        return DescribeConflict(new_ids.status(), label, Traits::kName);
      }
      if (new_ids->size() != n) {
        return absl::InternalError("insert returned the wrong number of ids");
      }
      for (size_t k = 0; k < n; ++k) {
        const size_t i = pending_creates_[start + k];
        const int64_t id = (*new_ids)[k];
        ids_[i] = id;
        for (const auto& [name, value] : nodes_[i].properties()) {
          writes_.Set(id, false, name, value, /*existed=*/false);
        }
        for (const auto& [name, value] : nodes_[i].custom_properties()) {
          writes_.Set(id, true, name, value, /*existed=*/false);
        }
      }
    }
    pending_creates_.clear();
    return absl::OkStatus();
  }

  absl::Status Update(size_t i) {
    // Creates before this update are written first, keeping request order.
    absl::Status st = FlushCreates();
    if (!st.ok()) return st;
    const Node& node = nodes_[i];
    const std::string label = Label(i);
    auto found = stored_.find(node.id());
    if (found == stored_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Cannot find the given id ", node.id(), " (", label,
                       ": no ", Traits::kName, " has this id)"));
    }
    Node& stored = found->second;
    if (options_.abort_if_latest_updated_time_changed &&
        node.last_update_time_since_epoch() !=
            stored.last_update_time_since_epoch()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "`abort_if_latest_updated_time_changed` is set, and the stored ",
          Traits::kName, " with id = ", node.id(),
          " has a different last_update_time_since_epoch: ",
          stored.last_update_time_since_epoch(), " from the one in the given ",
          Traits::kName, ": ", node.last_update_time_since_epoch(), " (", label,
          ")"));
    }
    if (node.has_type_id() && node.type_id() != stored.type_id()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "Given type_id ", node.type_id(),
          " is different from the one known before: ", stored.type_id(), " (",
          label, ")"));
    }
    auto type = types_.find(stored.type_id());
    if (type == types_.end()) {
      return absl::NotFoundError(absl::StrCat(
          "No type found for query, type_id: ", stored.type_id(), " (", label,
          ": the type of the stored ", Traits::kName, " is missing)"));
    }
    st = ValidateAgainstType(node, stored.type_id(), masked_, masked_custom_,
                             label);
    if (!st.ok()) return st;

    // Upstream decides on "changed" before applying anything.
    const bool fields_differ = NodeFieldsDiffer(node, stored);
    PropertyMap properties = stored.properties();
    PropertyMap custom_properties = stored.custom_properties();
    const int changed =
        DiffProperties(node.id(), false, node.properties(), masked_,
                       &properties, &writes_) +
        DiffProperties(node.id(), true, node.custom_properties(),
                       masked_custom_, &custom_properties, &writes_);
    ids_[i] = node.id();
    if (!options_.force_update_time && !fields_differ && changed == 0) {
      return absl::OkStatus();
    }

    // The row as it will be written: the request (no mask) or the stored
    // node with the masked fields merged in.
    Node written;
    if (mask_.paths().empty()) {
      written = node;
    } else {
      written = stored;
      FieldMaskUtil::MergeMessageTo(node, field_paths_,
                                    FieldMaskUtil::MergeOptions(), &written);
    }
    st = CheckName(written, label);
    if (!st.ok()) return st;
    int64_t update_time = now_;
    if (options_.abort_if_latest_updated_time_changed) {
      // Callers compare this time on their next write; it must move.
      update_time =
          std::max(update_time, stored.last_update_time_since_epoch() + 1);
    }
    const Node* kind = nullptr;
    std::vector<sql::Value> params;
    node_rows::AppendUpdateValues(written, &params);
    params.push_back(sql::Value::Int(update_time));
    params.push_back(sql::Value::Int(node.id()));
    auto done = conn_.Execute(
        absl::StrCat("UPDATE ", Traits::kTable, " SET ",
                     node_rows::UpdateSetColumns(kind),
                     ", last_update_time_since_epoch = ? WHERE id = ?"),
        params);
    if (!done.ok())
      return DescribeConflict(done.status(), label, Traits::kName);

    // Later nodes of this request with the same id see this state.
    CopyUpdatedColumns(written, &stored);
    stored.set_last_update_time_since_epoch(update_time);
    *stored.mutable_properties() = std::move(properties);
    *stored.mutable_custom_properties() = std::move(custom_properties);
    return absl::OkStatus();
  }

  sql::Connection& conn_;
  const PutNodesOptions& options_;
  absl::Span<const Node> nodes_;
  const int64_t now_;
  std::vector<int64_t> ids_;
  FieldMask mask_;
  FieldMask field_paths_;
  MaskedNames masked_;
  MaskedNames masked_custom_;
  absl::flat_hash_map<int64_t, Node> stored_;
  struct CheckedType {
    TypeDefCache::Entry def;
    bool from_cache = false;
  };
  absl::flat_hash_map<int64_t, CheckedType> types_;
  std::vector<size_t> pending_creates_;
  absl::flat_hash_map<std::pair<int64_t, std::string>, size_t> new_names_;
  absl::flat_hash_map<std::string, size_t> new_external_ids_;
  PropertyWrites writes_;
};

}  // namespace

template <typename Node>
absl::StatusOr<std::vector<int64_t>> PutNodes(sql::Connection& conn,
                                              absl::Span<const Node> nodes,
                                              const PutNodesOptions& options) {
  return NodeWriter<Node>(conn, options, nodes).Run();
}

template absl::StatusOr<std::vector<int64_t>> PutNodes<Artifact>(
    sql::Connection&, absl::Span<const Artifact>, const PutNodesOptions&);
template absl::StatusOr<std::vector<int64_t>> PutNodes<Execution>(
    sql::Connection&, absl::Span<const Execution>, const PutNodesOptions&);
template absl::StatusOr<std::vector<int64_t>> PutNodes<Context>(
    sql::Connection&, absl::Span<const Context>, const PutNodesOptions&);

}  // namespace mlmd
