// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/lineage_queries.h"

#include <algorithm>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "store/filter/filter_parser.h"
#include "store/sql_lists.h"

namespace mlmd::lineage {
namespace {

using ml_metadata::Association;
using ml_metadata::Attribution;
using ml_metadata::Event;

// Runs `sql_for(placeholders)` once per IN-list chunk (sql_lists.h) of the
// distinct `ids`, binding `before`, the chunk's ids, then `after`, and hands
// each row to `on_row`.
absl::Status QueryPerIdChunk(
    sql::Connection& conn, absl::Span<const int64_t> ids,
    absl::FunctionRef<std::string(absl::string_view placeholders)> sql_for,
    const std::vector<sql::Value>& before, const std::vector<sql::Value>& after,
    absl::FunctionRef<void(const sql::Row&)> on_row) {
  std::vector<int64_t> keys(ids.begin(), ids.end());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::vector<sql::Value> values;
  values.reserve(keys.size());
  for (int64_t id : keys) values.push_back(sql::Value::Int(id));
  std::vector<sql::Value> params;
  return ForEachInListChunk(
      values, kMaxIdsPerStatement,
      [&](const std::string& placeholders, std::vector<sql::Value>& chunk) {
        params = before;
        params.insert(params.end(), chunk.begin(), chunk.end());
        params.insert(params.end(), after.begin(), after.end());
        auto rows = conn.Query(sql_for(placeholders), params);
        if (!rows.ok()) return rows.status();
        for (const sql::Row& row : rows->rows) on_row(row);
        return absl::OkStatus();
      });
}

absl::string_view NodeTable(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return NodeTraits<ml_metadata::Artifact>::kTable;
    case TypeKind::kExecution:
      return NodeTraits<ml_metadata::Execution>::kTable;
    case TypeKind::kContext:
      return NodeTraits<ml_metadata::Context>::kTable;
  }
  return "";
}

// SQL condition on `Event AS <alias>` for the event types; empty for kAll.
// The numbers are the proto enum values, not user input.
std::string EventTypeCondition(EventTypes types, absl::string_view alias) {
  switch (types) {
    case EventTypes::kAll:
      return "";
    case EventTypes::kInputs:
      return absl::StrCat(" AND ", alias, ".type IN (", Event::INPUT, ", ",
                          Event::DECLARED_INPUT, ", ", Event::INTERNAL_INPUT,
                          ")");
    case EventTypes::kOutputs:
      return absl::StrCat(" AND ", alias, ".type IN (", Event::OUTPUT, ", ",
                          Event::DECLARED_OUTPUT, ", ", Event::INTERNAL_OUTPUT,
                          ", ", Event::PENDING_OUTPUT, ")");
  }
  return "";
}

// Event's column naming the node of `kind`.
absl::string_view EventColumn(TypeKind kind) {
  return kind == TypeKind::kArtifact ? "artifact_id" : "execution_id";
}

// Fills the event fields (without path) from columns id, artifact_id,
// execution_id, type, milliseconds_since_epoch at `first`.
void ReadEventColumns(const sql::Row& row, size_t first, int64_t* event_id,
                      Event* event) {
  *event_id = row[first].AsInt();
  event->set_artifact_id(row[first + 1].AsInt());
  event->set_execution_id(row[first + 2].AsInt());
  const int64_t type = row[first + 3].AsInt();
  if (Event::Type_IsValid(static_cast<int>(type))) {
    event->set_type(static_cast<Event::Type>(type));
  }
  if (!row[first + 4].is_null()) {
    event->set_milliseconds_since_epoch(row[first + 4].AsInt());
  }
}

}  // namespace

absl::StatusOr<NodeFilter> CompileNodeFilter(absl::string_view query,
                                             TypeKind kind,
                                             sql::Dialect dialect,
                                             absl::string_view what) {
  NodeFilter out;
  out.kind = kind;
  if (query.empty()) {
    out.match_all = true;
    return out;
  }
  auto expr = filter::ParseFilterQuery(query);
  if (!expr.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", expr.status().message()));
  }
  // "lf" (lineage filter) is the alias of the filtered node row.
  auto compiled = filter::CompileFilter(**expr, kind, dialect, "lf");
  if (!compiled.ok()) {
    if (!absl::IsInvalidArgument(compiled.status())) return compiled.status();
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", compiled.status().message()));
  }
  out.compiled = *std::move(compiled);
  return out;
}

absl::StatusOr<std::vector<FrontierEvent>> LoadFrontierEvents(
    sql::Connection& conn, TypeKind from, absl::Span<const int64_t> frontier,
    EventTypes types, const NodeFilter* target_filter) {
  const bool from_artifacts = from == TypeKind::kArtifact;
  const absl::string_view from_column =
      from_artifacts ? "ev.artifact_id" : "ev.execution_id";
  const absl::string_view target_column =
      from_artifacts ? "ev.execution_id" : "ev.artifact_id";

  // The target test is a correlated EXISTS over the compiled filter, so the
  // hop and the filter cost one round trip together.
  std::string target_test = "0";
  std::vector<sql::Value> before;
  const bool test_in_sql =
      target_filter != nullptr && !target_filter->match_all;
  if (test_in_sql) {
    const filter::CompiledFilter& f = target_filter->compiled;
    target_test = absl::StrCat("CASE WHEN EXISTS (SELECT 1 FROM ",
                               NodeTable(target_filter->kind), " AS lf",
                               f.joins, " WHERE lf.id = ", target_column,
                               " AND ", f.where, ") THEN 1 ELSE 0 END");
    before = f.params;
  }
  const std::string type_condition = EventTypeCondition(types, "ev");

  std::vector<FrontierEvent> out;
  absl::Status st = QueryPerIdChunk(
      conn, frontier,
      [&](absl::string_view placeholders) {
        return absl::StrCat(
            "SELECT ev.id, ev.artifact_id, ev.execution_id, ev.type, "
            "ev.milliseconds_since_epoch, ",
            target_test, " FROM Event AS ev WHERE ", from_column, " IN (",
            placeholders, ")", type_condition, " ORDER BY ev.id");
      },
      before, {},
      [&](const sql::Row& row) {
        FrontierEvent& edge = out.emplace_back();
        ReadEventColumns(row, 0, &edge.event_id, &edge.event);
        edge.target_id = from_artifacts ? row[2].AsInt() : row[1].AsInt();
        edge.target_matches = target_filter != nullptr &&
                              (target_filter->match_all || row[5].AsInt() != 0);
      });
  if (!st.ok()) return st;
  if (frontier.size() > kMaxIdsPerStatement) {
    std::sort(out.begin(), out.end(),
              [](const FrontierEvent& a, const FrontierEvent& b) {
                return a.event_id < b.event_id;
              });
  }
  return out;
}

absl::StatusOr<std::vector<WalkedEvent>> WalkOneWay(
    sql::Connection& conn, TypeKind start_kind, absl::Span<const int64_t> start,
    EventTypes start_types, EventTypes other_types, int64_t max_hops) {
  std::vector<WalkedEvent> out;
  if (start.empty() || max_hops <= 0) return out;
  const TypeKind other_kind = start_kind == TypeKind::kArtifact
                                  ? TypeKind::kExecution
                                  : TypeKind::kArtifact;
  const absl::string_view self = EventColumn(start_kind);
  const absl::string_view other = EventColumn(other_kind);
  // `walk` holds start-kind nodes at each distance below max_hops, two hops
  // per step (start kind -> other kind -> start kind); a node reached at
  // several distances keeps its least (s_min), as the hop-by-hop walk
  // expands each node once, from its first hop. The other kind's distances
  // (o_min) are one more than the start-kind node they are reached from.
  // The statement returns the events each node closer than max_hops
  // follows, in hop order.
  // Starting nodes are capped far below this, so the walk is one statement.
  if (start.size() > kMaxIdsPerStatement) {
    return absl::InvalidArgumentError("too many starting nodes");
  }
  const std::string start_events = EventTypeCondition(start_types, "ev");
  // s_events: what start-kind nodes follow, with their distance; o_min takes
  // the other kind's distances from it.
  const std::string sql_prefix =
      absl::StrCat("WITH RECURSIVE walk(id, depth) AS (SELECT id, 0 FROM ",
                   NodeTable(start_kind), " WHERE id IN (");
  const std::string sql_suffix = absl::StrCat(
      ") UNION SELECT e2.", self, ", w.depth + 2 FROM walk AS w JOIN Event ",
      "AS e1 ON e1.", self, " = w.id", EventTypeCondition(start_types, "e1"),
      " JOIN Event AS e2 ON e2.", other, " = e1.", other,
      EventTypeCondition(other_types, "e2"), " WHERE w.depth + 2 < ?), ",
      "s_min AS (SELECT id, MIN(depth) AS depth FROM walk GROUP BY id), ",
      "s_events AS (SELECT ev.id, ev.artifact_id, ev.execution_id, ev.type, ",
      "ev.milliseconds_since_epoch, s.depth FROM s_min AS s JOIN Event AS ev ",
      "ON ev.", self, " = s.id", start_events, "), ", "o_min AS (SELECT ",
      other, " AS id, MIN(depth) + 1 AS depth FROM ", "s_events GROUP BY ",
      other, ") ",
      "SELECT * FROM s_events UNION ALL SELECT ev.id, ev.artifact_id, ",
      "ev.execution_id, ev.type, ev.milliseconds_since_epoch, o.depth FROM ",
      "o_min AS o JOIN Event AS ev ON ev.", other, " = o.id",
      EventTypeCondition(other_types, "ev"),
      " WHERE o.depth < ? ORDER BY 6, 1");
  absl::Status st = QueryPerIdChunk(
      conn, start,
      [&](absl::string_view placeholders) {
        return absl::StrCat(sql_prefix, placeholders, sql_suffix);
      },
      {}, {sql::Value::Int(max_hops), sql::Value::Int(max_hops)},
      [&](const sql::Row& row) {
        WalkedEvent& walked = out.emplace_back();
        ReadEventColumns(row, 0, &walked.event_id, &walked.event);
        walked.from_depth = row[5].AsInt();
      });
  if (!st.ok()) return st;
  return out;
}

absl::StatusOr<absl::flat_hash_set<int64_t>> SelectMatchingIds(
    sql::Connection& conn, const NodeFilter& filter,
    absl::Span<const int64_t> ids) {
  absl::flat_hash_set<int64_t> out;
  if (filter.match_all) {
    out.insert(ids.begin(), ids.end());
    return out;
  }
  const filter::CompiledFilter& f = filter.compiled;
  // Joins bind their values before the WHERE clause's; the ids come last.
  std::vector<sql::Value> before = f.params;
  absl::Status st = QueryPerIdChunk(
      conn, ids,
      [&](absl::string_view placeholders) {
        return absl::StrCat(
            "SELECT DISTINCT lf.id FROM ", NodeTable(filter.kind), " AS lf",
            f.joins, " WHERE ", f.where, " AND lf.id IN (", placeholders, ")");
      },
      before, {}, [&](const sql::Row& row) { out.insert(row[0].AsInt()); });
  if (!st.ok()) return st;
  return out;
}

absl::Status LoadEventPaths(
    sql::Connection& conn, const absl::flat_hash_map<int64_t, Event*>& events) {
  std::vector<int64_t> ids;
  ids.reserve(events.size());
  for (const auto& [id, event] : events) ids.push_back(id);
  // EventPath has no ordering column: steps come back in insertion order
  // through the event_id index (relation_access.cc relies on the same).
  return QueryPerIdChunk(
      conn, ids,
      [](absl::string_view placeholders) {
        return absl::StrCat(
            "SELECT event_id, is_index_step, step_index, step_key "
            "FROM EventPath WHERE event_id IN (",
            placeholders, ")");
      },
      {}, {},
      [&](const sql::Row& row) {
        auto it = events.find(row[0].AsInt());
        if (it == events.end()) return;
        ml_metadata::Event& event = *it->second;
        if (row[1].AsBool()) {
          event.mutable_path()->add_steps()->set_index(row[2].AsInt());
        } else {
          event.mutable_path()->add_steps()->set_key(row[3].AsText());
        }
      });
}

absl::StatusOr<std::vector<Attribution>> LoadAttributionsOf(
    sql::Connection& conn, absl::Span<const int64_t> artifact_ids) {
  std::vector<Attribution> out;
  absl::Status st = QueryPerIdChunk(
      conn, artifact_ids,
      [](absl::string_view placeholders) {
        return absl::StrCat(
            "SELECT artifact_id, context_id FROM Attribution "
            "WHERE artifact_id IN (",
            placeholders, ")");
      },
      {}, {},
      [&](const sql::Row& row) {
        Attribution& a = out.emplace_back();
        a.set_artifact_id(row[0].AsInt());
        a.set_context_id(row[1].AsInt());
      });
  if (!st.ok()) return st;
  std::sort(out.begin(), out.end(),
            [](const Attribution& a, const Attribution& b) {
              return std::make_pair(a.artifact_id(), a.context_id()) <
                     std::make_pair(b.artifact_id(), b.context_id());
            });
  return out;
}

absl::StatusOr<std::vector<Association>> LoadAssociationsOf(
    sql::Connection& conn, absl::Span<const int64_t> execution_ids) {
  std::vector<Association> out;
  absl::Status st = QueryPerIdChunk(
      conn, execution_ids,
      [](absl::string_view placeholders) {
        return absl::StrCat(
            "SELECT execution_id, context_id FROM Association "
            "WHERE execution_id IN (",
            placeholders, ")");
      },
      {}, {},
      [&](const sql::Row& row) {
        Association& a = out.emplace_back();
        a.set_execution_id(row[0].AsInt());
        a.set_context_id(row[1].AsInt());
      });
  if (!st.ok()) return st;
  std::sort(out.begin(), out.end(),
            [](const Association& a, const Association& b) {
              return std::make_pair(a.execution_id(), a.context_id()) <
                     std::make_pair(b.execution_id(), b.context_id());
            });
  return out;
}

}  // namespace mlmd::lineage
