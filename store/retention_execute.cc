// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/retention_execute.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "store/row_locks.h"
#include "store/sql_lists.h"

namespace mlmd {
namespace {

std::vector<sql::Value> IdValues(const std::vector<int64_t> &ids) {
  std::vector<sql::Value> out;
  out.reserve(ids.size());
  for (int64_t id : ids) out.push_back(sql::Value::Int(id));
  return out;
}

// Runs `prefix (?, ...) suffix` for `ids` in IN-list chunks (sql_lists.h)
// and adds the rows changed to `table`.
absl::Status DeleteInChunks(sql::Connection &conn, absl::string_view prefix,
                            absl::string_view suffix,
                            const std::vector<int64_t> &ids,
                            const std::string &table,
                            RetentionRowCounts *counts) {
  return ForEachInListChunk(
      IdValues(ids), kMaxInListKeys,
      [&](const std::string &placeholders, std::vector<sql::Value> &params) {
        auto changed = conn.Execute(
            absl::StrCat(prefix, "(", placeholders, ")", suffix), params);
        if (!changed.ok()) return changed.status();
        (*counts)[table] += *changed;
        return absl::OkStatus();
      });
}

absl::Status CountInChunks(sql::Connection &conn, absl::string_view table,
                           absl::string_view column,
                           const std::vector<int64_t> &ids,
                           RetentionRowCounts *counts) {
  return QueryInChunks(
      conn,
      absl::StrCat("SELECT COUNT(*) FROM ", table, " WHERE ", column, " IN "),
      "", {}, IdValues(ids), [&](const sql::ResultSet &rs) {
        (*counts)[std::string(table)] += rs.rows[0][0].AsInt();
        return absl::OkStatus();
      });
}

// Ids of `table` rows whose `column` is one of `ids`, into `out`.
absl::Status CollectIds(sql::Connection &conn, absl::string_view table,
                        absl::string_view column,
                        const std::vector<int64_t> &ids,
                        absl::flat_hash_set<int64_t> *out) {
  return QueryInChunks(
      conn, absl::StrCat("SELECT id FROM ", table, " WHERE ", column, " IN "),
      "", {}, IdValues(ids), [&](const sql::ResultSet &rs) {
        for (const sql::Row &r : rs.rows) out->insert(r[0].AsInt());
        return absl::OkStatus();
      });
}

// The EventPath rows of the events whose `column` (artifact_id or
// execution_id) is one of `ids`. The events' ids are read first and the
// paths deleted by event id: MariaDB runs `DELETE ... WHERE event_id IN
// (SELECT ...)` as a scan of EventPath per chunk (seconds each on a 1M-node
// store), where a plain IN list uses the index.
absl::Status DeleteEventPaths(sql::Connection &conn, absl::string_view column,
                              const std::vector<int64_t> &ids,
                              RetentionRowCounts *counts) {
  absl::flat_hash_set<int64_t> events;
  absl::Status st = CollectIds(conn, "Event", column, ids, &events);
  if (!st.ok()) return st;
  std::vector<int64_t> event_ids(events.begin(), events.end());
  std::sort(event_ids.begin(), event_ids.end());
  return DeleteInChunks(conn, "DELETE FROM EventPath WHERE event_id IN ", "",
                        event_ids, "EventPath", counts);
}

// Locks the rows of `table` with these ids for the rest of the transaction
// (row_locks.h): writers that want to link to them wait until the batch
// commits and then find them gone, and links they committed before are
// visible to the reads that follow. Ids are locked in ascending order, the
// order concurrent batches and writers' IN-list reads take them in.
absl::Status LockForDelete(sql::Connection &conn, absl::string_view table,
                           const std::vector<int64_t> &ids) {
  const absl::string_view lock = DeleteLock(conn.dialect());
  if (lock.empty()) return absl::OkStatus();
  return QueryInChunks(
      conn, absl::StrCat("SELECT id FROM ", table, " WHERE id IN "), lock, {},
      IdValues(ids), [](const sql::ResultSet &) { return absl::OkStatus(); });
}

}  // namespace

absl::Status DeleteArtifactBatch(
    sql::Connection &conn, const std::vector<int64_t> &ids,
    const absl::flat_hash_set<int64_t> &deleted_executions,
    RetentionRowCounts *counts,
    std::vector<std::pair<int64_t, int64_t>> *spared) {
  absl::Status st = LockForDelete(conn, "Artifact", ids);
  if (!st.ok()) return st;
  absl::flat_hash_map<int64_t, int64_t> newly_used;
  st = QueryInChunks(
      conn, "SELECT artifact_id, execution_id FROM Event WHERE artifact_id IN ",
      "", {}, IdValues(ids), [&](const sql::ResultSet &rs) {
        for (const sql::Row &r : rs.rows) {
          if (!deleted_executions.contains(r[1].AsInt())) {
            newly_used.try_emplace(r[0].AsInt(), r[1].AsInt());
          }
        }
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  std::vector<int64_t> doomed;
  for (int64_t id : ids) {
    auto it = newly_used.find(id);
    if (it == newly_used.end()) {
      doomed.push_back(id);
    } else {
      spared->push_back({id, it->second});
    }
  }
  if (doomed.empty()) return absl::OkStatus();
  st = DeleteEventPaths(conn, "artifact_id", doomed, counts);
  if (!st.ok()) return st;
  for (const auto &[prefix, suffix, table] :
       {std::tuple<const char *, const char *, const char *>{
            "DELETE FROM Event WHERE artifact_id IN ", "", "Event"},
        {"DELETE FROM Attribution WHERE artifact_id IN ", "", "Attribution"},
        {"DELETE FROM ArtifactProperty WHERE artifact_id IN ", "",
         "ArtifactProperty"},
        {"DELETE FROM Artifact WHERE id IN ", "", "Artifact"}}) {
    st = DeleteInChunks(conn, prefix, suffix, doomed, table, counts);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status DeleteExecutionBatch(sql::Connection &conn,
                                  const std::vector<int64_t> &ids,
                                  RetentionRowCounts *counts) {
  absl::Status st = LockForDelete(conn, "Execution", ids);
  if (!st.ok()) return st;
  st = DeleteEventPaths(conn, "execution_id", ids, counts);
  if (!st.ok()) return st;
  for (const auto &[prefix, suffix, table] :
       {std::tuple<const char *, const char *, const char *>{
            "DELETE FROM Event WHERE execution_id IN ", "", "Event"},
        {"DELETE FROM Association WHERE execution_id IN ", "", "Association"},
        {"DELETE FROM ExecutionProperty WHERE execution_id IN ", "",
         "ExecutionProperty"},
        {"DELETE FROM Execution WHERE id IN ", "", "Execution"}}) {
    st = DeleteInChunks(conn, prefix, suffix, ids, table, counts);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status DeleteContextBatch(sql::Connection &conn,
                                const std::vector<int64_t> &ids,
                                RetentionRowCounts *counts) {
  absl::Status locked = LockForDelete(conn, "Context", ids);
  if (!locked.ok()) return locked;
  for (const auto &[prefix, table] :
       {std::pair<const char *, const char *>{
            "DELETE FROM Attribution WHERE context_id IN ", "Attribution"},
        {"DELETE FROM Association WHERE context_id IN ", "Association"},
        {"DELETE FROM ParentContext WHERE context_id IN ", "ParentContext"},
        {"DELETE FROM ParentContext WHERE parent_context_id IN ",
         "ParentContext"},
        {"DELETE FROM ContextProperty WHERE context_id IN ", "ContextProperty"},
        {"DELETE FROM Context WHERE id IN ", "Context"}}) {
    absl::Status st = DeleteInChunks(conn, prefix, "", ids, table, counts);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status CountPlannedRows(sql::Connection &conn, const RetentionPlan &plan,
                              RetentionRowCounts *counts) {
  std::vector<int64_t> arts, runs;
  for (const auto &a : plan.artifacts) arts.push_back(a.id());
  for (const auto &r : plan.runs) runs.push_back(r.id);
  const std::vector<int64_t> &execs = plan.executions;
  // Rows reachable from two deleted nodes are counted once, as the real run
  // deletes them once.
  absl::flat_hash_set<int64_t> events, attributions, associations;
  for (const auto &[table, column, ids, out] :
       {std::tuple<const char *, const char *, const std::vector<int64_t> *,
                   absl::flat_hash_set<int64_t> *>{"Event", "artifact_id",
                                                   &arts, &events},
        {"Event", "execution_id", &execs, &events},
        {"Attribution", "artifact_id", &arts, &attributions},
        {"Attribution", "context_id", &runs, &attributions},
        {"Association", "execution_id", &execs, &associations},
        {"Association", "context_id", &runs, &associations}}) {
    absl::Status st = CollectIds(conn, table, column, *ids, out);
    if (!st.ok()) return st;
  }
  std::vector<int64_t> event_ids(events.begin(), events.end());
  absl::Status st =
      CountInChunks(conn, "EventPath", "event_id", event_ids, counts);
  if (!st.ok()) return st;
  (*counts)["Event"] += events.size();
  (*counts)["Attribution"] += attributions.size();
  (*counts)["Association"] += associations.size();
  absl::flat_hash_set<std::pair<int64_t, int64_t>> parent_links;
  for (const char *column : {"context_id", "parent_context_id"}) {
    st = QueryInChunks(
        conn,
        absl::StrCat("SELECT context_id, parent_context_id FROM ParentContext "
                     "WHERE ",
                     column, " IN "),
        "", {}, IdValues(runs), [&](const sql::ResultSet &rs) {
          for (const sql::Row &r : rs.rows) {
            parent_links.insert({r[0].AsInt(), r[1].AsInt()});
          }
          return absl::OkStatus();
        });
    if (!st.ok()) return st;
  }
  (*counts)["ParentContext"] += parent_links.size();
  for (const auto &[table, column, ids] :
       {std::tuple<const char *, const char *, const std::vector<int64_t> *>{
            "ArtifactProperty", "artifact_id", &arts},
        {"ExecutionProperty", "execution_id", &execs},
        {"ContextProperty", "context_id", &runs},
        {"Artifact", "id", &arts},
        {"Execution", "id", &execs},
        {"Context", "id", &runs}}) {
    st = CountInChunks(conn, table, column, *ids, counts);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

}  // namespace mlmd
