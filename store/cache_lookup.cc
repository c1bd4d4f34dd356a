// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/cache_lookup.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store/node_access.h"
#include "store/node_kinds.h"
#include "store/relation_access.h"
#include "store/store.h"

namespace mlmd {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Event;
using ::ml_metadata::Execution;
using ::mlmd_server::cache::v1::LookupCachedExecutionRequest;
using ::mlmd_server::cache::v1::LookupCachedExecutionResponse;

bool IsOutputEvent(Event::Type type) {
  return type == Event::OUTPUT || type == Event::DECLARED_OUTPUT ||
         type == Event::INTERNAL_OUTPUT || type == Event::PENDING_OUTPUT;
}

}  // namespace

sql::Statement CachedExecutionQuery(
    sql::Dialect dialect, const LookupCachedExecutionRequest& request) {
  sql::Statement statement;
  auto& params = statement.params;
  // The fingerprint's property rows lead (their index is the only selective
  // entry point): the candidates are the COMPLETE executions carrying the
  // fingerprint and the contexts they are associated with; the run,
  // pipeline and namespace checks then follow primary keys. Planners left
  // free start elsewhere when their statistics are missing or misleading
  // (SQLite without ANALYZE started from the namespace index, i.e. every
  // run; PostgreSQL on small tables from the pipeline's runs), so the order
  // is pinned: a materialized CTE on PostgreSQL and SQLite, CROSS JOIN
  // (SQLite's fixed-order join) and STRAIGHT_JOIN (MySQL's) for the rest.
  const bool sqlite = dialect == sql::Dialect::kSqlite;
  const bool mysql = dialect == sql::Dialect::kMysql;
  const bool postgres = dialect == sql::Dialect::kPostgresql;
  const absl::string_view join = sqlite ? " CROSS JOIN " : " JOIN ";
  const absl::string_view select = mysql ? "SELECT STRAIGHT_JOIN " : "SELECT ";
  absl::StrAppend(&statement.sql, "WITH c AS ", mysql ? "" : "MATERIALIZED ",
                  "(", select,
                  "e.id, e.create_time_since_epoch, a.context_id"
                  " FROM ExecutionProperty AS fpp",
                  join, "Execution AS e ON e.id = fpp.execution_id", join,
                  "Association AS a ON a.execution_id = e.id"
                  " WHERE fpp.name = ? AND fpp.is_custom_property = ?"
                  " AND fpp.string_value = ? AND e.last_known_state = ?",
                  request.min_create_time_since_epoch() > 0
                      ? " AND e.create_time_since_epoch >= ?"
                      : "",
                  ") ", select, "c.id, rc.id, p.id FROM c", join,
                  "Context AS rc ON rc.id = c.context_id", join,
                  "ParentContext AS pc ON pc.context_id = rc.id", join,
                  "Context AS p ON p.id = pc.parent_context_id");
  if (!postgres) {
    absl::StrAppend(&statement.sql, join, "Type AS rt ON rt.id = rc.type_id",
                    join, "Type AS pt ON pt.id = p.type_id");
  }
  params.push_back(sql::Value::Text(kCacheFingerprintProperty));
  params.push_back(sql::Value::Bool(true));
  params.push_back(sql::Value::Text(request.fingerprint()));
  params.push_back(sql::Value::Int(Execution::COMPLETE));
  if (request.min_create_time_since_epoch() > 0) {
    params.push_back(sql::Value::Int(request.min_create_time_since_epoch()));
  }
  // A run without a namespace property counts as the empty namespace.
  const bool any_empty_namespace = request.namespace_().empty();
  absl::StrAppend(&statement.sql, any_empty_namespace ? " LEFT JOIN " : join,
                  "ContextProperty AS ns ON ns.context_id = rc.id"
                  " AND ns.name = ? AND ns.is_custom_property = ?");
  params.push_back(sql::Value::Text(kRunNamespaceProperty));
  params.push_back(sql::Value::Bool(true));
  // PostgreSQL spends far longer planning (10+ ms on a busy machine) than
  // running this statement; type ids as InitPlans keep two tables out of
  // its join search.
  absl::StrAppend(
      &statement.sql,
      postgres ? " WHERE rc.type_id = ANY (ARRAY(SELECT id FROM Type WHERE"
                 " type_kind = ? AND name = ?))"
                 " AND p.type_id = ANY (ARRAY(SELECT id FROM Type WHERE"
                 " type_kind = ? AND name = ?)) AND p.name = ?"
               : " WHERE rt.type_kind = ? AND rt.name = ?"
                 " AND pt.type_kind = ? AND pt.name = ? AND p.name = ?");
  params.push_back(sql::Value::Int(static_cast<int>(TypeKind::kContext)));
  params.push_back(sql::Value::Text(kPipelineRunContextType));
  params.push_back(sql::Value::Int(static_cast<int>(TypeKind::kContext)));
  params.push_back(sql::Value::Text(kPipelineContextType));
  params.push_back(sql::Value::Text(request.pipeline_name()));
  if (any_empty_namespace) {
    absl::StrAppend(&statement.sql,
                    " AND (ns.string_value IS NULL OR ns.string_value = ?)");
    params.push_back(sql::Value::Text(""));
  } else {
    absl::StrAppend(&statement.sql, " AND ns.string_value = ?");
    params.push_back(sql::Value::Text(request.namespace_()));
  }
  absl::StrAppend(&statement.sql,
                  " ORDER BY c.create_time_since_epoch DESC, c.id DESC"
                  " LIMIT 1");
  return statement;
}

absl::Status MetadataStore::LookupCachedExecution(
    const LookupCachedExecutionRequest& request,
    LookupCachedExecutionResponse* response) {
  response->Clear();
  if (request.fingerprint().empty()) {
    return absl::InvalidArgumentError(
        "LookupCachedExecution: fingerprint is required");
  }
  if (request.pipeline_name().empty()) {
    return absl::InvalidArgumentError(
        "LookupCachedExecution: pipeline_name is required (the name of the "
        "system.Pipeline context)");
  }
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const sql::Statement query = CachedExecutionQuery(conn.dialect(), request);
    auto found = conn.Query(query.sql, query.params);
    if (!found.ok()) return found.status();
    if (found->empty()) {
      response->set_found(false);
      return absl::OkStatus();
    }
    const sql::Row& row = found->rows.front();
    const int64_t execution_id = row[0].AsInt();
    const int64_t ids[] = {execution_id};
    auto executions = LoadNodes<Execution>(conn, ids);
    if (!executions.ok()) return executions.status();
    // Gone between the two statements cannot happen inside one read
    // transaction on PostgreSQL/SQLite; on MySQL READ COMMITTED it can.
    if (executions->empty()) {
      response->set_found(false);
      return absl::OkStatus();
    }
    auto events = LoadEvents(conn, EventLookup::kByExecution, ids);
    if (!events.ok()) return events.status();
    std::vector<int64_t> output_ids;
    for (const Event& event : *events) {
      if (IsOutputEvent(event.type()))
        output_ids.push_back(event.artifact_id());
    }
    std::sort(output_ids.begin(), output_ids.end());
    output_ids.erase(std::unique(output_ids.begin(), output_ids.end()),
                     output_ids.end());
    if (!output_ids.empty()) {
      auto artifacts = LoadNodes<Artifact>(conn, output_ids);
      if (!artifacts.ok()) return artifacts.status();
      for (Artifact& artifact : *artifacts) {
        *response->add_output_artifacts() = std::move(artifact);
      }
    }
    response->set_found(true);
    *response->mutable_execution() = std::move(executions->front());
    response->set_run_context_id(row[1].AsInt());
    response->set_pipeline_context_id(row[2].AsInt());
    for (Event& event : *events) *response->add_events() = std::move(event);
    return absl::OkStatus();
  });
}

}  // namespace mlmd
