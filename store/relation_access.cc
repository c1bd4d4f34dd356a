// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/relation_access.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "store/row_locks.h"
#include "store/sql_lists.h"

namespace mlmd {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Event;
using ml_metadata::Execution;
using sql::Value;

// Bound parameters per statement stay well below every backend's limit
// (SQLite's is the lowest of them in old builds: 999).
constexpr size_t kMaxParams = 900;

// Calls `fn` with consecutive slices of `items` holding at most `chunk` each.
template <typename T, typename Fn>
absl::Status ForEachChunk(absl::Span<const T> items, size_t chunk, Fn fn) {
  for (size_t start = 0; start < items.size(); start += chunk) {
    absl::Status st = fn(items.subspan(start, chunk));
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

std::vector<Value> IntValues(absl::Span<const int64_t> ids) {
  std::vector<Value> params;
  params.reserve(ids.size());
  for (int64_t id : ids) params.push_back(Value::Int(id));
  return params;
}

// Runs `sql_prefix` + "(?, ...)" + `sql_suffix` for the distinct `ids` in
// IN-list chunks (sql_lists.h) and appends every returned row to `out`.
absl::Status RowsInChunks(sql::Connection& conn, absl::string_view sql_prefix,
                          absl::string_view sql_suffix,
                          absl::Span<const int64_t> ids,
                          std::vector<sql::Row>& out) {
  return QueryInChunks(conn, sql_prefix, sql_suffix, {}, IntValues(ids),
                       [&](const sql::ResultSet& rs) {
                         out.insert(out.end(), rs.rows.begin(), rs.rows.end());
                         return absl::OkStatus();
                       });
}

void AddStep(const sql::Row& row, Event& event) {
  // Columns: event_id, is_index_step, step_index, step_key.
  if (row[1].AsBool()) {
    event.mutable_path()->add_steps()->set_index(row[2].AsInt());
  } else {
    event.mutable_path()->add_steps()->set_key(row[3].AsText());
  }
}

absl::Status InsertLinkRows(
    sql::Connection& conn, absl::string_view into,
    absl::Span<const std::pair<int64_t, int64_t>> pairs) {
  return ForEachChunk(
      pairs, kMaxParams / 2,
      [&](absl::Span<const std::pair<int64_t, int64_t>> part) {
        std::vector<Value> params;
        params.reserve(part.size() * 2);
        for (const auto& [context_id, node_id] : part) {
          params.push_back(Value::Int(context_id));
          params.push_back(Value::Int(node_id));
        }
        return conn.ExecuteDeferred(
            sql::InsertIgnore(conn.dialect(), into,
                              sql::PlaceholderRows(part.size(), 2)),
            params);
      });
}

absl::StatusOr<std::vector<int64_t>> SingleColumnIds(sql::Connection& conn,
                                                     absl::string_view sql,
                                                     int64_t id) {
  const Value param = Value::Int(id);
  auto rows = conn.Query(sql, absl::MakeConstSpan(&param, 1));
  if (!rows.ok()) return rows.status();
  std::vector<int64_t> ids;
  ids.reserve(rows->size());
  for (const sql::Row& row : rows->rows) ids.push_back(row[0].AsInt());
  return ids;
}

absl::StatusOr<std::vector<ContextLink>> LoadLinks(
    sql::Connection& conn, absl::string_view where_column,
    absl::string_view order_by, absl::Span<const int64_t> ids) {
  std::vector<sql::Row> rows;
  absl::Status st = RowsInChunks(
      conn,
      absl::StrCat("SELECT context_id, parent_context_id FROM ParentContext "
                   "WHERE ",
                   where_column, " IN "),
      absl::StrCat(" ORDER BY ", order_by), ids, rows);
  if (!st.ok()) return st;
  std::vector<ContextLink> links;
  links.reserve(rows.size());
  for (const sql::Row& row : rows) {
    links.push_back({row[0].AsInt(), row[1].AsInt()});
  }
  // Chunks are each ordered; restore the global order across chunks.
  if (ids.size() > kMaxInListKeys) {
    const bool by_child = where_column == "context_id";
    std::sort(links.begin(), links.end(),
              [by_child](const ContextLink& a, const ContextLink& b) {
                return by_child ? std::tie(a.child_id, a.parent_id) <
                                      std::tie(b.child_id, b.parent_id)
                                : std::tie(a.parent_id, a.child_id) <
                                      std::tie(b.parent_id, b.child_id);
              });
  }
  return links;
}

}  // namespace

absl::Status InsertEvents(sql::Connection& conn, absl::Span<const Event> events,
                          int64_t now_millis) {
  constexpr size_t kEventColumns = 4;
  std::vector<int64_t> event_ids;
  event_ids.reserve(events.size());
  absl::Status st = ForEachChunk(
      events, kMaxParams / kEventColumns, [&](absl::Span<const Event> part) {
        std::vector<Value> params;
        params.reserve(part.size() * kEventColumns);
        for (const Event& event : part) {
          params.push_back(Value::Int(event.artifact_id()));
          params.push_back(Value::Int(event.execution_id()));
          params.push_back(Value::Int(event.type()));
          params.push_back(Value::Int(event.has_milliseconds_since_epoch()
                                          ? event.milliseconds_since_epoch()
                                          : now_millis));
        }
        auto ids = conn.InsertReturningIds(
            absl::StrCat("INSERT INTO Event(artifact_id, execution_id, type, "
                         "milliseconds_since_epoch) VALUES ",
                         sql::PlaceholderRows(part.size(), kEventColumns)),
            params);
        if (!ids.ok()) return ids.status();
        if (ids->size() != part.size()) {
          return absl::InternalError(absl::StrCat("inserting ", part.size(),
                                                  " events returned ",
                                                  ids->size(), " ids"));
        }
        // One statement allocates ascending ids in row order; sorting guards
        // against a backend that returns them in another order.
        std::sort(ids->begin(), ids->end());
        event_ids.insert(event_ids.end(), ids->begin(), ids->end());
        return absl::OkStatus();
      });
  if (!st.ok()) return st;

  constexpr size_t kPathColumns = 4;
  std::vector<Value> step_rows;
  for (size_t i = 0; i < events.size(); ++i) {
    for (const Event::Path::Step& step : events[i].path().steps()) {
      if (step.has_index()) {
        step_rows.insert(step_rows.end(),
                         {Value::Int(event_ids[i]), Value::Bool(true),
                          Value::Int(step.index()), Value::Null()});
      } else if (step.has_key()) {
        step_rows.insert(step_rows.end(),
                         {Value::Int(event_ids[i]), Value::Bool(false),
                          Value::Null(), Value::Text(step.key())});
      }
    }
  }
  const size_t rows_per_statement = kMaxParams / kPathColumns;
  for (size_t start = 0; start < step_rows.size();
       start += rows_per_statement * kPathColumns) {
    const size_t count =
        std::min(rows_per_statement * kPathColumns, step_rows.size() - start);
    absl::Status inserted = conn.ExecuteDeferred(
        absl::StrCat("INSERT INTO EventPath(event_id, is_index_step, "
                     "step_index, step_key) VALUES ",
                     sql::PlaceholderRows(count / kPathColumns, kPathColumns)),
        absl::MakeConstSpan(step_rows).subspan(start, count));
    if (!inserted.ok()) return inserted;
  }
  return absl::OkStatus();
}

std::optional<std::pair<size_t, size_t>> FindRepeatedEvent(
    absl::Span<const Event> events) {
  absl::flat_hash_map<std::tuple<int64_t, int64_t, int>, size_t> first;
  for (size_t i = 0; i < events.size(); ++i) {
    auto [it, inserted] = first.try_emplace(
        std::make_tuple(events[i].artifact_id(), events[i].execution_id(),
                        static_cast<int>(events[i].type())),
        i);
    if (!inserted) return std::make_pair(it->second, i);
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<Event>> LoadEvents(sql::Connection& conn,
                                              EventLookup lookup,
                                              absl::Span<const int64_t> ids) {
  std::vector<Event> events;
  if (ids.empty()) return events;
  const absl::string_view column =
      lookup == EventLookup::kByExecution ? "execution_id" : "artifact_id";
  std::vector<sql::Row> rows;
  absl::Status st =
      RowsInChunks(conn,
                   absl::StrCat("SELECT id, artifact_id, execution_id, type, "
                                "milliseconds_since_epoch FROM Event WHERE ",
                                column, " IN "),
                   " ORDER BY id", ids, rows);
  if (!st.ok()) return st;
  if (ids.size() > kMaxInListKeys) {
    std::sort(rows.begin(), rows.end(),
              [](const sql::Row& a, const sql::Row& b) {
                return a[0].AsInt() < b[0].AsInt();
              });
    // The same event can match two chunks only if `ids` repeats an id.
    rows.erase(std::unique(rows.begin(), rows.end(),
                           [](const sql::Row& a, const sql::Row& b) {
                             return a[0].AsInt() == b[0].AsInt();
                           }),
               rows.end());
  }

  std::vector<int64_t> event_ids;
  event_ids.reserve(rows.size());
  absl::flat_hash_map<int64_t, size_t> index_of;
  events.reserve(rows.size());
  for (const sql::Row& row : rows) {
    Event& event = events.emplace_back();
    event.set_artifact_id(row[1].AsInt());
    event.set_execution_id(row[2].AsInt());
    const int64_t type = row[3].AsInt();
    if (Event::Type_IsValid(static_cast<int>(type))) {
      event.set_type(static_cast<Event::Type>(type));
    }
    if (!row[4].is_null()) event.set_milliseconds_since_epoch(row[4].AsInt());
    index_of[row[0].AsInt()] = events.size() - 1;
    event_ids.push_back(row[0].AsInt());
  }
  if (event_ids.empty()) return events;

  // EventPath has no ordering column: steps come back in insertion order,
  // which is what every backend returns for rows read through the event_id
  // index or a table scan (upstream relies on the same).
  std::vector<sql::Row> steps;
  st = RowsInChunks(conn,
                    "SELECT event_id, is_index_step, step_index, step_key "
                    "FROM EventPath WHERE event_id IN ",
                    "", event_ids, steps);
  if (!st.ok()) return st;
  for (const sql::Row& row : steps) {
    auto it = index_of.find(row[0].AsInt());
    if (it != index_of.end()) AddStep(row, events[it->second]);
  }
  return events;
}

template <typename Node>
absl::StatusOr<absl::flat_hash_set<int64_t>> FindExistingNodeIds(
    sql::Connection& conn, absl::Span<const int64_t> ids) {
  absl::flat_hash_set<int64_t> found;
  if (ids.empty()) return found;
  std::vector<sql::Row> rows;
  absl::Status st =
      RowsInChunks(conn,
                   absl::StrCat("SELECT id FROM ", NodeTraits<Node>::kTable,
                                " WHERE id IN "),
                   LinkTargetLock(conn.dialect()), ids, rows);
  if (!st.ok()) return st;
  for (const sql::Row& row : rows) found.insert(row[0].AsInt());
  return found;
}

template absl::StatusOr<absl::flat_hash_set<int64_t>>
FindExistingNodeIds<Artifact>(sql::Connection&, absl::Span<const int64_t>);
template absl::StatusOr<absl::flat_hash_set<int64_t>>
FindExistingNodeIds<Execution>(sql::Connection&, absl::Span<const int64_t>);
template absl::StatusOr<absl::flat_hash_set<int64_t>>
FindExistingNodeIds<Context>(sql::Connection&, absl::Span<const int64_t>);

absl::StatusOr<absl::flat_hash_map<std::string, int64_t>>
ArtifactIdsByExternalId(sql::Connection& conn,
                        absl::Span<const std::string> external_ids) {
  absl::flat_hash_map<std::string, int64_t> out;
  std::vector<Value> params;
  params.reserve(external_ids.size());
  for (const std::string& id : external_ids) params.push_back(Value::Text(id));
  absl::Status st = QueryInChunks(
      conn, "SELECT external_id, id FROM Artifact WHERE external_id IN ",
      LinkTargetLock(conn.dialect()), {}, std::move(params),
      [&](const sql::ResultSet& rs) {
        for (const sql::Row& row : rs.rows) {
          out[row[0].AsText()] = row[1].AsInt();
        }
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<absl::flat_hash_map<TypeAndName, int64_t>>
ContextIdsByTypeAndName(sql::Connection& conn,
                        absl::Span<const TypeAndName> keys) {
  absl::flat_hash_map<TypeAndName, int64_t> out;
  if (keys.empty()) return out;
  const absl::flat_hash_set<TypeAndName> wanted(keys.begin(), keys.end());
  // Matches on name, then keeps the wanted (type_id, name) pairs: row-value
  // IN lists are not portable, and names rarely repeat across types.
  std::vector<std::string> names;
  absl::flat_hash_set<std::string> seen;
  for (const auto& key : keys) {
    if (seen.insert(key.second).second) names.push_back(key.second);
  }
  std::vector<Value> params;
  params.reserve(names.size());
  for (const std::string& name : names) params.push_back(Value::Text(name));
  absl::Status st = QueryInChunks(
      conn, "SELECT type_id, name, id FROM Context WHERE name IN ",
      LinkTargetLock(conn.dialect()), {}, std::move(params),
      [&](const sql::ResultSet& rs) {
        for (const sql::Row& row : rs.rows) {
          TypeAndName key(row[0].AsInt(), row[1].AsText());
          if (wanted.contains(key)) out[std::move(key)] = row[2].AsInt();
        }
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  return out;
}

absl::Status InsertAttributions(
    sql::Connection& conn,
    absl::Span<const std::pair<int64_t, int64_t>> context_artifact_pairs) {
  return InsertLinkRows(conn, "Attribution(context_id, artifact_id)",
                        context_artifact_pairs);
}

absl::Status InsertAssociations(
    sql::Connection& conn,
    absl::Span<const std::pair<int64_t, int64_t>> context_execution_pairs) {
  return InsertLinkRows(conn, "Association(context_id, execution_id)",
                        context_execution_pairs);
}

absl::StatusOr<std::vector<int64_t>> ContextIdsOfArtifact(sql::Connection& conn,
                                                          int64_t artifact_id) {
  return SingleColumnIds(conn,
                         "SELECT context_id FROM Attribution WHERE "
                         "artifact_id = ? ORDER BY context_id",
                         artifact_id);
}

absl::StatusOr<std::vector<int64_t>> ContextIdsOfExecution(
    sql::Connection& conn, int64_t execution_id) {
  return SingleColumnIds(conn,
                         "SELECT context_id FROM Association WHERE "
                         "execution_id = ? ORDER BY context_id",
                         execution_id);
}

absl::StatusOr<std::vector<ContextLink>> LoadParentLinks(
    sql::Connection& conn, absl::Span<const int64_t> child_ids) {
  if (child_ids.empty()) return std::vector<ContextLink>();
  return LoadLinks(conn, "context_id", "context_id, parent_context_id",
                   child_ids);
}

absl::StatusOr<std::vector<ContextLink>> LoadChildLinks(
    sql::Connection& conn, absl::Span<const int64_t> parent_ids) {
  if (parent_ids.empty()) return std::vector<ContextLink>();
  return LoadLinks(conn, "parent_context_id", "parent_context_id, context_id",
                   parent_ids);
}

absl::StatusOr<std::vector<ContextLink>> LoadAncestorLinks(
    sql::Connection& conn, absl::Span<const int64_t> context_ids) {
  std::vector<ContextLink> links;
  if (context_ids.empty()) return links;
  // `up` holds the start contexts that have parents and every context above
  // them. Both terms select a column of ParentContext, so their types agree
  // on every backend. UNION (not UNION ALL) drops repeats, so the recursion
  // ends even on a stored cycle.
  std::vector<sql::Row> rows;
  absl::Status st = RowsInChunks(
      conn,
      "WITH RECURSIVE up(id) AS ("
      "SELECT s.context_id FROM ParentContext s WHERE s.context_id IN ",
      " UNION SELECT p.parent_context_id FROM ParentContext p "
      "JOIN up ON p.context_id = up.id) "
      "SELECT p.context_id, p.parent_context_id FROM ParentContext p "
      "JOIN up ON p.context_id = up.id",
      context_ids, rows);
  if (!st.ok()) return st;
  absl::flat_hash_set<std::pair<int64_t, int64_t>> seen;
  for (const sql::Row& row : rows) {
    ContextLink link{row[0].AsInt(), row[1].AsInt()};
    if (seen.insert({link.child_id, link.parent_id}).second) {
      links.push_back(link);
    }
  }
  return links;
}

absl::Status InsertParentLinks(sql::Connection& conn,
                               absl::Span<const ContextLink> links) {
  return ForEachChunk(
      links, kMaxParams / 2, [&](absl::Span<const ContextLink> part) {
        std::vector<Value> params;
        params.reserve(part.size() * 2);
        for (const ContextLink& link : part) {
          params.push_back(Value::Int(link.child_id));
          params.push_back(Value::Int(link.parent_id));
        }
        auto st =
            conn.Execute(absl::StrCat("INSERT INTO ParentContext(context_id, "
                                      "parent_context_id) VALUES ",
                                      sql::PlaceholderRows(part.size(), 2)),
                         params);
        return st.status();
      });
}

}  // namespace mlmd
