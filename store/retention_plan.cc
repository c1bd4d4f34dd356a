// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/retention_plan.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/node_kinds.h"
#include "store/sql_lists.h"

namespace mlmd {
namespace {

using ml_metadata::Event;
using ml_metadata::Execution;
using mlmd_server::admin::v1::KeptNode;
using mlmd_server::admin::v1::SkippedRun;

std::vector<sql::Value> IdValues(const std::vector<int64_t> &ids) {
  std::vector<sql::Value> out;
  out.reserve(ids.size());
  for (int64_t id : ids) out.push_back(sql::Value::Int(id));
  return out;
}

template <typename Set>
std::vector<int64_t> Sorted(const Set &set) {
  std::vector<int64_t> out(set.begin(), set.end());
  std::sort(out.begin(), out.end());
  return out;
}

bool IsOutputEvent(int64_t type) {
  return type == Event::OUTPUT || type == Event::DECLARED_OUTPUT ||
         type == Event::INTERNAL_OUTPUT || type == Event::PENDING_OUTPUT;
}

struct EventRow {
  int64_t artifact_id, execution_id, type;
};

}  // namespace

absl::StatusOr<std::vector<RetentionRun>> LoadRetentionRuns(
    sql::Connection &conn, const std::string &run_type) {
  auto type = conn.Query(
      "SELECT id FROM Type WHERE name = ? AND type_kind = ? ORDER BY id",
      {sql::Value::Text(run_type),
       sql::Value::Int(static_cast<int>(TypeKind::kContext))});
  if (!type.ok()) return type.status();
  std::vector<RetentionRun> runs;
  if (type->empty()) return runs;
  const sql::Value type_id = sql::Value::Int(type->rows[0][0].AsInt());
  auto contexts = conn.Query(
      "SELECT c.id, c.name, c.create_time_since_epoch, "
      "c.last_update_time_since_epoch, "
      "(SELECT MIN(p.parent_context_id) FROM ParentContext p "
      "WHERE p.context_id = c.id) "
      "FROM Context c WHERE c.type_id = ? ORDER BY c.id",
      {type_id});
  if (!contexts.ok()) return contexts.status();
  absl::flat_hash_map<int64_t, size_t> index;
  for (const sql::Row &row : contexts->rows) {
    RetentionRun run;
    run.id = row[0].AsInt();
    run.name = row[1].AsText();
    run.create_time = row[2].AsInt();
    run.last_update = row[3].AsInt();
    run.pipeline_id = row[4].AsInt();
    index[run.id] = runs.size();
    runs.push_back(std::move(run));
  }
  // One row per (run, execution state): enough for the run's state and
  // its latest execution update.
  auto states = conn.Query(
      "SELECT a.context_id, e.last_known_state, COUNT(*), "
      "MAX(e.last_update_time_since_epoch) FROM Association a "
      "JOIN Execution e ON e.id = a.execution_id "
      "JOIN Context c ON c.id = a.context_id WHERE c.type_id = ? "
      "GROUP BY a.context_id, e.last_known_state",
      {type_id});
  if (!states.ok()) return states.status();
  struct Seen {
    bool running = false, failed = false, canceled = false, any = false;
  };
  absl::flat_hash_map<int64_t, Seen> seen;
  for (const sql::Row &row : states->rows) {
    auto it = index.find(row[0].AsInt());
    if (it == index.end()) continue;
    RetentionRun &run = runs[it->second];
    run.last_update = std::max(run.last_update, row[3].AsInt());
    Seen &s = seen[run.id];
    s.any = true;
    const int64_t state = row[1].AsInt();
    s.running |= state == Execution::NEW || state == Execution::RUNNING;
    s.failed |= state == Execution::FAILED;
    s.canceled |= state == Execution::CANCELED;
  }
  for (RetentionRun &run : runs) {
    const Seen &s = seen[run.id];
    run.state = !s.any       ? "EMPTY"
                : s.running  ? "RUNNING"
                : s.failed   ? "FAILED"
                : s.canceled ? "CANCELED"
                             : "COMPLETE";
  }
  return runs;
}

absl::StatusOr<std::vector<RetentionRun>> SelectRunsByPolicy(
    const std::vector<RetentionRun> &runs,
    const mlmd_server::admin::v1::RetentionPolicy &policy, int64_t now_ms) {
  if (policy.older_than_seconds() < 0 || policy.keep_last() < 0) {
    return absl::InvalidArgumentError(
        "retention policy: older_than and keep_last must not be negative");
  }
  if (policy.older_than_seconds() == 0 && policy.keep_last() == 0 &&
      policy.states().empty()) {
    return absl::InvalidArgumentError(
        "retention policy is empty: set older_than, keep_last or states "
        "(refusing to select every run)");
  }
  absl::flat_hash_set<std::string> states;
  for (const std::string &s : policy.states()) {
    if (s != "COMPLETE" && s != "FAILED" && s != "CANCELED" && s != "RUNNING" &&
        s != "EMPTY") {
      return absl::InvalidArgumentError(
          absl::StrCat("retention policy: unknown run state '", s,
                       "'; use COMPLETE, FAILED, CANCELED, RUNNING or EMPTY"));
    }
    states.insert(s);
  }
  // Newest first within each pipeline, for keep_last.
  absl::flat_hash_set<int64_t> newest;
  if (policy.keep_last() > 0) {
    absl::flat_hash_map<int64_t, std::vector<const RetentionRun *>> groups;
    for (const RetentionRun &run : runs)
      groups[run.pipeline_id].push_back(&run);
    for (auto &[pipeline, members] : groups) {
      std::sort(members.begin(), members.end(),
                [](const RetentionRun *a, const RetentionRun *b) {
                  return std::tie(a->create_time, a->id) >
                         std::tie(b->create_time, b->id);
                });
      for (size_t i = 0;
           i < members.size() && i < static_cast<size_t>(policy.keep_last());
           ++i) {
        newest.insert(members[i]->id);
      }
    }
  }
  const int64_t cutoff = now_ms - policy.older_than_seconds() * 1000;
  std::vector<RetentionRun> selected;
  for (const RetentionRun &run : runs) {
    if (policy.older_than_seconds() > 0 && run.last_update >= cutoff) continue;
    if (newest.contains(run.id)) continue;
    if (!states.empty() && !states.contains(run.state)) continue;
    selected.push_back(run);
  }
  return selected;
}

absl::StatusOr<RetentionPlan> PlanRunDeletion(
    sql::Connection &conn, const std::string &run_type,
    std::vector<RetentionRun> selected, bool force) {
  RetentionPlan plan;
  absl::flat_hash_set<int64_t> runs;
  for (RetentionRun &run : selected) {
    if (run.state == "RUNNING" && !force) {
      SkippedRun skipped;
      skipped.set_context_id(run.id);
      skipped.set_name(run.name);
      skipped.set_reason(
          "has NEW or RUNNING executions (use force to delete it anyway)");
      plan.skipped.push_back(std::move(skipped));
      continue;
    }
    runs.insert(run.id);
    plan.runs.push_back(std::move(run));
  }
  if (runs.empty()) return plan;
  auto type =
      conn.Query("SELECT id FROM Type WHERE name = ? AND type_kind = ?",
                 {sql::Value::Text(run_type),
                  sql::Value::Int(static_cast<int>(TypeKind::kContext))});
  if (!type.ok()) return type.status();
  const sql::Value type_id = sql::Value::Int(type->rows[0][0].AsInt());
  // Every run context of the type. Links below are filtered against this
  // set in memory: joining Context into the IN-list queries let SQLite walk
  // all runs for every chunk (minutes at 70,000 runs).
  absl::flat_hash_set<int64_t> all_runs;
  {
    auto ids = conn.Query("SELECT id FROM Context WHERE type_id = ?", {type_id});
    if (!ids.ok()) return ids.status();
    for (const sql::Row &r : ids->rows) all_runs.insert(r[0].AsInt());
  }

  // Candidate executions, and the run each belongs to (for reports).
  absl::flat_hash_map<int64_t, int64_t> exec_run;
  absl::Status st = QueryInChunks(
      conn,
      "SELECT execution_id, context_id FROM Association WHERE context_id IN ",
      "", {}, IdValues(Sorted(runs)), [&](const sql::ResultSet &rs) {
        for (const sql::Row &r : rs.rows) exec_run[r[0].AsInt()] = r[1].AsInt();
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  // Candidate artifacts: attributed to a deleted run ...
  absl::flat_hash_map<int64_t, int64_t> art_run;
  st = QueryInChunks(
      conn,
      "SELECT artifact_id, context_id FROM Attribution WHERE context_id IN ",
      "", {}, IdValues(Sorted(runs)), [&](const sql::ResultSet &rs) {
        for (const sql::Row &r : rs.rows) art_run[r[0].AsInt()] = r[1].AsInt();
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  std::vector<int64_t> exec_ids;
  for (const auto &[id, run] : exec_run) exec_ids.push_back(id);
  std::sort(exec_ids.begin(), exec_ids.end());
  // ... or touched by a candidate execution.
  std::vector<EventRow> events;
  absl::flat_hash_set<std::tuple<int64_t, int64_t, int64_t>> seen_events;
  auto collect_events = [&](const sql::ResultSet &rs) {
    for (const sql::Row &r : rs.rows) {
      EventRow e{r[0].AsInt(), r[1].AsInt(), r[2].AsInt()};
      if (seen_events.insert({e.artifact_id, e.execution_id, e.type}).second) {
        events.push_back(e);
      }
    }
    return absl::OkStatus();
  };
  st = QueryInChunks(conn,
                     "SELECT artifact_id, execution_id, type FROM Event WHERE "
                     "execution_id IN ",
                     "", {}, IdValues(exec_ids), collect_events);
  if (!st.ok()) return st;
  for (const EventRow &e : events) {
    art_run.try_emplace(e.artifact_id, exec_run[e.execution_id]);
  }
  std::vector<int64_t> art_ids;
  for (const auto &[id, run] : art_run) art_ids.push_back(id);
  std::sort(art_ids.begin(), art_ids.end());
  // Every event of a candidate artifact, kept executions' included.
  st = QueryInChunks(
      conn,
      "SELECT artifact_id, execution_id, type FROM Event WHERE artifact_id IN ",
      "", {}, IdValues(art_ids), collect_events);
  if (!st.ok()) return st;

  absl::flat_hash_map<int64_t, std::string> kept_art, kept_exec;
  // Links to runs that stay.
  st = QueryInChunks(
      conn, "SELECT execution_id, context_id FROM Association WHERE "
      "execution_id IN ",
      "", {}, IdValues(exec_ids), [&](const sql::ResultSet &rs) {
        for (const sql::Row &r : rs.rows) {
          if (all_runs.contains(r[1].AsInt()) && !runs.contains(r[1].AsInt())) {
            kept_exec.try_emplace(
                r[0].AsInt(), absl::StrCat("also in kept run ", r[1].AsInt()));
          }
        }
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  st = QueryInChunks(
      conn, "SELECT artifact_id, context_id FROM Attribution WHERE "
      "artifact_id IN ",
      "", {}, IdValues(art_ids), [&](const sql::ResultSet &rs) {
        for (const sql::Row &r : rs.rows) {
          if (all_runs.contains(r[1].AsInt()) && !runs.contains(r[1].AsInt())) {
            kept_art.try_emplace(
                r[0].AsInt(),
                absl::StrCat("attributed to kept run ", r[1].AsInt()));
          }
        }
        return absl::OkStatus();
      });
  if (!st.ok()) return st;
  // Runs of executions outside the candidates, to name them in reasons.
  std::vector<int64_t> outside;
  for (const EventRow &e : events) {
    if (!exec_run.contains(e.execution_id)) outside.push_back(e.execution_id);
  }
  absl::flat_hash_map<int64_t, int64_t> outside_run;
  st = QueryInChunks(
      conn, "SELECT execution_id, context_id FROM Association WHERE "
      "execution_id IN ",
      "", {}, IdValues(outside), [&](const sql::ResultSet &rs) {
        for (const sql::Row &r : rs.rows) {
          if (all_runs.contains(r[1].AsInt())) {
            outside_run[r[0].AsInt()] = r[1].AsInt();
          }
        }
        return absl::OkStatus();
      });
  if (!st.ok()) return st;

  auto exec_kept = [&](int64_t id) {
    return !exec_run.contains(id) || kept_exec.contains(id);
  };
  auto describe_exec = [&](int64_t id) {
    if (!exec_run.contains(id)) {
      auto it = outside_run.find(id);
      return it == outside_run.end()
                 ? absl::StrCat("execution ", id, " (in no run)")
                 : absl::StrCat("execution ", id, " of kept run ", it->second);
    }
    return absl::StrCat("kept execution ", id);
  };
  // Keeping an artifact keeps its producer, whose inputs are then kept too:
  // iterate until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (const EventRow &e : events) {
      if (!kept_art.contains(e.artifact_id) && exec_kept(e.execution_id)) {
        kept_art[e.artifact_id] =
            absl::StrCat(IsOutputEvent(e.type) ? "output of " : "input of ",
                         describe_exec(e.execution_id));
        changed = true;
      }
      if (kept_art.contains(e.artifact_id) && !exec_kept(e.execution_id) &&
          IsOutputEvent(e.type)) {
        kept_exec[e.execution_id] =
            absl::StrCat("produced kept artifact ", e.artifact_id, " (",
                         kept_art[e.artifact_id], ")");
        changed = true;
      }
    }
  }

  // Runs that still hold a kept execution keep their context.
  absl::flat_hash_map<int64_t, std::vector<int64_t>> run_kept_execs;
  for (const auto &[id, reason] : kept_exec) {
    auto it = exec_run.find(id);
    if (it != exec_run.end()) run_kept_execs[it->second].push_back(id);
  }
  std::vector<RetentionRun> deleted_runs;
  for (RetentionRun &run : plan.runs) {
    auto it = run_kept_execs.find(run.id);
    if (it == run_kept_execs.end()) {
      deleted_runs.push_back(std::move(run));
      continue;
    }
    std::sort(it->second.begin(), it->second.end());
    SkippedRun skipped;
    skipped.set_context_id(run.id);
    skipped.set_name(run.name);
    skipped.set_reason(absl::StrCat("context kept: its execution(s) ",
                                    absl::StrJoin(it->second, ", "),
                                    " are needed by the lineage of kept nodes; "
                                    "its other nodes are deleted"));
    plan.skipped.push_back(std::move(skipped));
  }
  plan.runs = std::move(deleted_runs);

  for (int64_t id : exec_ids) {
    auto it = kept_exec.find(id);
    if (it == kept_exec.end()) {
      plan.executions.push_back(id);
      plan.execution_set.insert(id);
    } else {
      KeptNode node;
      node.set_id(id);
      node.set_reason(it->second);
      plan.kept_executions.push_back(std::move(node));
    }
  }
  absl::flat_hash_map<int64_t, std::string> uris;
  st = QueryInChunks(conn, "SELECT id, uri FROM Artifact WHERE id IN ", "", {},
                     IdValues(art_ids), [&](const sql::ResultSet &rs) {
                       for (const sql::Row &r : rs.rows) {
                         uris[r[0].AsInt()] = r[1].AsText();
                       }
                       return absl::OkStatus();
                     });
  if (!st.ok()) return st;
  for (int64_t id : art_ids) {
    auto it = kept_art.find(id);
    if (it == kept_art.end()) {
      mlmd_server::admin::v1::DeletedArtifact art;
      art.set_id(id);
      art.set_uri(uris[id]);
      art.set_run_context_id(art_run[id]);
      plan.artifacts.push_back(std::move(art));
    } else {
      KeptNode node;
      node.set_id(id);
      node.set_uri(uris[id]);
      node.set_reason(it->second);
      plan.kept_artifacts.push_back(std::move(node));
    }
  }
  return plan;
}

}  // namespace mlmd
