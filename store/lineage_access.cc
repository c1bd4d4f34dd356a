// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/lineage_access.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "store/lineage_queries.h"
#include "store/list_query.h"
#include "store/node_access.h"
#include "store/type_access.h"

namespace mlmd {
namespace {

using lineage::EventTypes;
using lineage::FrontierEvent;
using lineage::NodeFilter;
using ml_metadata::Artifact;
using ml_metadata::ArtifactType;
using ml_metadata::ContextType;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::ExecutionType;
using ml_metadata::LineageGraph;
using ml_metadata::LineageGraphQueryOptions;
using ml_metadata::LineageSubgraphQueryOptions;
using ml_metadata::ListOperationOptions;

TypeKind OtherKind(TypeKind kind) {
  return kind == TypeKind::kArtifact ? TypeKind::kExecution
                                     : TypeKind::kArtifact;
}

// Index of a walked kind in two-element per-kind arrays.
int Side(TypeKind kind) { return kind == TypeKind::kArtifact ? 0 : 1; }

std::vector<int64_t> Sorted(const absl::flat_hash_set<int64_t>& ids) {
  std::vector<int64_t> out(ids.begin(), ids.end());
  std::sort(out.begin(), out.end());
  return out;
}

// The events a hop from `from` nodes may follow in `direction`.
EventTypes HopEventTypes(LineageSubgraphQueryOptions::Direction direction,
                         TypeKind from) {
  const bool from_artifacts = from == TypeKind::kArtifact;
  switch (direction) {
    case LineageSubgraphQueryOptions::DOWNSTREAM:
      // artifact -> consuming execution; execution -> produced artifact.
      return from_artifacts ? EventTypes::kInputs : EventTypes::kOutputs;
    case LineageSubgraphQueryOptions::UPSTREAM:
      return from_artifacts ? EventTypes::kOutputs : EventTypes::kInputs;
    default:
      return EventTypes::kAll;
  }
}

absl::StatusOr<std::optional<NodeFilter>> CompileIfSet(bool set,
                                                       const std::string& query,
                                                       TypeKind kind,
                                                       sql::Dialect dialect,
                                                       absl::string_view what) {
  if (!set) return std::nullopt;
  auto compiled = lineage::CompileNodeFilter(query, kind, dialect, what);
  if (!compiled.ok()) return compiled.status();
  return std::optional<NodeFilter>(*std::move(compiled));
}

// Fills the events' paths (one statement per kMaxIdsPerStatement events).
absl::Status AddEventsWithPaths(sql::Connection& conn,
                                std::vector<std::pair<int64_t, Event>> events,
                                LineageGraph* graph) {
  if (events.empty()) return absl::OkStatus();
  absl::flat_hash_map<int64_t, Event*> by_id;
  for (auto& [id, event] : events) {
    Event* added = graph->add_events();
    *added = std::move(event);
    by_id[id] = added;
  }
  return lineage::LoadEventPaths(conn, by_id);
}

// Every stored type of the three kinds; simple types only when asked.
struct TypeFields {
  bool artifact_types = false;
  bool execution_types = false;
  bool context_types = false;
};

absl::Status AddTypes(sql::Connection& conn, const TypeFields& fields,
                      bool include_simple_types, LineageGraph* graph) {
  if (fields.artifact_types) {
    auto types = ListTypes<ArtifactType>(conn, include_simple_types);
    if (!types.ok()) return types.status();
    for (ArtifactType& t : *types) *graph->add_artifact_types() = std::move(t);
  }
  if (fields.execution_types) {
    auto types = ListTypes<ExecutionType>(conn, include_simple_types);
    if (!types.ok()) return types.status();
    for (ExecutionType& t : *types) {
      *graph->add_execution_types() = std::move(t);
    }
  }
  if (fields.context_types) {
    auto types = ListTypes<ContextType>(conn, include_simple_types);
    if (!types.ok()) return types.status();
    for (ContextType& t : *types) *graph->add_context_types() = std::move(t);
  }
  return absl::OkStatus();
}

// ---- GetLineageSubgraph ----

struct SubgraphRequest {
  TypeKind start_kind = TypeKind::kArtifact;
  std::string start_query;
  int64_t max_hops = kLineageSubgraphMaxHops;
  LineageSubgraphQueryOptions::Direction direction =
      LineageSubgraphQueryOptions::BIDIRECTIONAL;
  // Per kind (Side()): the ending filter, if any, and include_ending_nodes.
  std::optional<NodeFilter> ending[2];
  bool include_ending[2] = {false, false};
  absl::flat_hash_set<std::string> fields;
};

absl::StatusOr<SubgraphRequest> CheckSubgraphRequest(
    const LineageSubgraphQueryOptions& options,
    const google::protobuf::FieldMask& read_mask, sql::Dialect dialect) {
  SubgraphRequest req;
  if (options.has_starting_artifacts()) {
    req.start_kind = TypeKind::kArtifact;
    req.start_query = options.starting_artifacts().filter_query();
  } else if (options.has_starting_executions()) {
    req.start_kind = TypeKind::kExecution;
    req.start_query = options.starting_executions().filter_query();
  } else {
    return absl::InvalidArgumentError(
        "Missing arguments for listing starting nodes. Set "
        "lineage_subgraph_query_options.starting_artifacts or "
        "starting_executions.");
  }
  if (req.start_query.empty()) {
    return absl::InvalidArgumentError(
        "Cannot list starting nodes if `filter_query` is unspecified: set "
        "the filter_query of the starting nodes.");
  }
  if (options.has_max_num_hops()) {
    if (options.max_num_hops() < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("max_num_hops cannot be negative: max_num_hops = ",
                       options.max_num_hops()));
    }
    req.max_hops = std::min(options.max_num_hops(), kLineageSubgraphMaxHops);
  }
  req.direction = options.direction();

  const auto& ending_artifacts = options.ending_artifacts();
  const auto& ending_executions = options.ending_executions();
  auto artifacts_filter = CompileIfSet(
      ending_artifacts.has_filter_query(), ending_artifacts.filter_query(),
      TypeKind::kArtifact, dialect, "ending_artifacts.filter_query");
  if (!artifacts_filter.ok()) return artifacts_filter.status();
  auto executions_filter = CompileIfSet(
      ending_executions.has_filter_query(), ending_executions.filter_query(),
      TypeKind::kExecution, dialect, "ending_executions.filter_query");
  if (!executions_filter.ok()) return executions_filter.status();
  req.ending[Side(TypeKind::kArtifact)] = *std::move(artifacts_filter);
  req.ending[Side(TypeKind::kExecution)] = *std::move(executions_filter);
  req.include_ending[Side(TypeKind::kArtifact)] =
      ending_artifacts.include_ending_nodes();
  req.include_ending[Side(TypeKind::kExecution)] =
      ending_executions.include_ending_nodes();

  if (read_mask.paths().empty()) {
    const auto* descriptor = LineageGraph::descriptor();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      req.fields.insert(descriptor->field(i)->name());
    }
  } else {
    req.fields.insert(read_mask.paths().begin(), read_mask.paths().end());
  }
  return req;
}

// What the walk found, per kind (Side()).
struct SubgraphWalk {
  absl::flat_hash_set<int64_t> visited[2];        // reached, not ending nodes
  absl::flat_hash_set<int64_t> ending[2];         // reached ending nodes
  std::vector<std::pair<int64_t, Event>> events;  // (event id, event)
};

absl::StatusOr<SubgraphWalk> WalkSubgraph(sql::Connection& conn,
                                          const SubgraphRequest& req) {
  ListOperationOptions list;
  list.set_filter_query(req.start_query);
  list.set_max_result_size(kLineageMaxStartingNodes);
  auto page = ListNodeIds(conn, req.start_kind, &list, {});
  if (!page.ok()) return page.status();
  if (page->ids.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "Cannot find qualified nodes to start the traversal: no ",
        TypeKindName(req.start_kind), " matches '", req.start_query, "'"));
  }

  SubgraphWalk walk;
  const int start = Side(req.start_kind);
  if (req.ending[start].has_value()) {
    auto ending =
        lineage::SelectMatchingIds(conn, *req.ending[start], page->ids);
    if (!ending.ok()) return ending.status();
    walk.ending[start] = *std::move(ending);
  }
  std::vector<int64_t> frontier;
  for (int64_t id : page->ids) {
    if (walk.ending[start].contains(id)) continue;
    walk.visited[start].insert(id);
    frontier.push_back(id);
  }

  const bool one_way = req.direction == LineageSubgraphQueryOptions::UPSTREAM ||
                       req.direction == LineageSubgraphQueryOptions::DOWNSTREAM;
  if (one_way && !req.ending[0].has_value() && !req.ending[1].has_value()) {
    // The common shape ("where did this model come from") runs as one
    // statement; ending filters and two-way walks go hop by hop below.
    const TypeKind other = OtherKind(req.start_kind);
    auto events =
        lineage::WalkOneWay(conn, req.start_kind, frontier,
                            HopEventTypes(req.direction, req.start_kind),
                            HopEventTypes(req.direction, other), req.max_hops);
    if (!events.ok()) return events.status();
    for (lineage::WalkedEvent& row : *events) {
      // Distances alternate kinds: even ones are of the starting kind.
      const bool from_start_kind = row.from_depth % 2 == 0;
      const TypeKind to = from_start_kind ? other : req.start_kind;
      walk.visited[Side(to)].insert(to == TypeKind::kArtifact
                                        ? row.event.artifact_id()
                                        : row.event.execution_id());
      walk.events.emplace_back(row.event_id, std::move(row.event));
    }
    return walk;
  }
  TypeKind from = req.start_kind;
  for (int64_t hop = 0; hop < req.max_hops && !frontier.empty(); ++hop) {
    const int to = Side(OtherKind(from));
    const NodeFilter* ending_filter =
        req.ending[to].has_value() ? &*req.ending[to] : nullptr;
    auto rows = lineage::LoadFrontierEvents(conn, from, frontier,
                                            HopEventTypes(req.direction, from),
                                            ending_filter);
    if (!rows.ok()) return rows.status();

    // Targets first reached in this hop; `visited` still holds the earlier
    // hops so that several events reaching one new node all count.
    absl::flat_hash_set<int64_t> reached;
    for (FrontierEvent& row : *rows) {
      const int64_t target = row.target_id;
      bool keep_event;
      if (walk.visited[to].contains(target)) {
        // A two-way walk returned this event when it reached `target`.
        keep_event = one_way;
      } else if (reached.contains(target)) {
        keep_event = true;
      } else if (walk.ending[to].contains(target) || row.target_matches) {
        walk.ending[to].insert(target);
        keep_event = req.include_ending[to];
      } else {
        reached.insert(target);
        keep_event = true;
      }
      if (keep_event) {
        walk.events.emplace_back(row.event_id, std::move(row.event));
      }
    }
    frontier = Sorted(reached);
    walk.visited[to].insert(reached.begin(), reached.end());
    from = OtherKind(from);
  }
  return walk;
}

absl::Status FillSubgraph(sql::Connection& conn, const SubgraphRequest& req,
                          SubgraphWalk walk, LineageGraph* graph) {
  std::vector<int64_t> ids[2];
  for (int side = 0; side < 2; ++side) {
    absl::flat_hash_set<int64_t> returned = walk.visited[side];
    if (req.include_ending[side]) {
      returned.insert(walk.ending[side].begin(), walk.ending[side].end());
    }
    ids[side] = Sorted(returned);
  }
  const std::vector<int64_t>& artifact_ids = ids[Side(TypeKind::kArtifact)];
  const std::vector<int64_t>& execution_ids = ids[Side(TypeKind::kExecution)];
  const auto& fields = req.fields;

  // Nodes without details: clients fetch them by id (upstream's contract).
  if (fields.contains("artifacts")) {
    for (int64_t id : artifact_ids) graph->add_artifacts()->set_id(id);
  }
  if (fields.contains("executions")) {
    for (int64_t id : execution_ids) graph->add_executions()->set_id(id);
  }

  const bool want_contexts = fields.contains("contexts");
  absl::flat_hash_set<int64_t> context_ids;
  if (want_contexts || fields.contains("attributions")) {
    auto attributions = lineage::LoadAttributionsOf(conn, artifact_ids);
    if (!attributions.ok()) return attributions.status();
    for (auto& a : *attributions) {
      context_ids.insert(a.context_id());
      if (fields.contains("attributions")) {
        *graph->add_attributions() = std::move(a);
      }
    }
  }
  if (want_contexts || fields.contains("associations")) {
    auto associations = lineage::LoadAssociationsOf(conn, execution_ids);
    if (!associations.ok()) return associations.status();
    for (auto& a : *associations) {
      context_ids.insert(a.context_id());
      if (fields.contains("associations")) {
        *graph->add_associations() = std::move(a);
      }
    }
  }
  if (want_contexts) {
    for (int64_t id : Sorted(context_ids)) graph->add_contexts()->set_id(id);
  }

  if (fields.contains("events")) {
    absl::Status st = AddEventsWithPaths(conn, std::move(walk.events), graph);
    if (!st.ok()) return st;
  }
  TypeFields types;
  types.artifact_types = fields.contains("artifact_types");
  types.execution_types = fields.contains("execution_types");
  types.context_types = fields.contains("context_types");
  return AddTypes(conn, types, /*include_simple_types=*/true, graph);
}

// ---- GetLineageGraph ----

struct GraphRequest {
  int64_t max_hops = kLineageGraphMaxHops;
  // Per kind (Side()): nodes must satisfy this to be kept.
  std::optional<NodeFilter> boundary[2];
};

absl::StatusOr<GraphRequest> CheckGraphRequest(
    const LineageGraphQueryOptions& options, sql::Dialect dialect) {
  GraphRequest req;
  if (!options.has_artifacts_options()) {
    return absl::InvalidArgumentError(
        "Missing query_nodes conditions: set options.artifacts_options");
  }
  const auto& stop = options.stop_conditions();
  if (stop.has_max_num_hops()) {
    if (stop.max_num_hops() < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "max_num_hops cannot be negative: stop_conditions.max_num_hops = ",
          stop.max_num_hops()));
    }
    req.max_hops = std::min(stop.max_num_hops(), kLineageGraphMaxHops);
  }
  // An empty boundary keeps every node.
  auto artifacts = CompileIfSet(!stop.boundary_artifacts().empty(),
                                stop.boundary_artifacts(), TypeKind::kArtifact,
                                dialect, "stop_conditions.boundary_artifacts");
  if (!artifacts.ok()) return artifacts.status();
  auto executions = CompileIfSet(
      !stop.boundary_executions().empty(), stop.boundary_executions(),
      TypeKind::kExecution, dialect, "stop_conditions.boundary_executions");
  if (!executions.ok()) return executions.status();
  req.boundary[Side(TypeKind::kArtifact)] = *std::move(artifacts);
  req.boundary[Side(TypeKind::kExecution)] = *std::move(executions);
  return req;
}

// Appends the nodes with `order` ids, in that order.
template <typename Node>
absl::Status AddNodesInOrder(sql::Connection& conn,
                             const std::vector<int64_t>& order,
                             google::protobuf::RepeatedPtrField<Node>* out) {
  if (order.empty()) return absl::OkStatus();
  auto nodes = LoadNodes<Node>(conn, order);
  if (!nodes.ok()) return nodes.status();
  absl::flat_hash_map<int64_t, Node*> by_id;
  for (Node& node : *nodes) by_id[node.id()] = &node;
  for (int64_t id : order) {
    auto it = by_id.find(id);
    if (it != by_id.end()) *out->Add() = std::move(*it->second);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status QueryLineageSubgraph(sql::Connection& conn,
                                  const LineageSubgraphQueryOptions& options,
                                  const google::protobuf::FieldMask& read_mask,
                                  LineageGraph* subgraph) {
  subgraph->Clear();
  auto req = CheckSubgraphRequest(options, read_mask, conn.dialect());
  if (!req.ok()) return req.status();
  auto walk = WalkSubgraph(conn, *req);
  if (!walk.ok()) return walk.status();
  return FillSubgraph(conn, *req, *std::move(walk), subgraph);
}

absl::Status QueryLineageGraph(sql::Connection& conn,
                               const LineageGraphQueryOptions& options,
                               LineageGraph* subgraph) {
  subgraph->Clear();
  auto req = CheckGraphRequest(options, conn.dialect());
  if (!req.ok()) return req.status();

  auto page =
      ListNodeIds(conn, TypeKind::kArtifact, &options.artifacts_options(), {});
  if (!page.ok()) return page.status();
  if (page->ids.empty()) {
    return absl::NotFoundError(
        "The query_nodes condition does not match any nodes to do traversal.");
  }
  std::vector<int64_t> starting = std::move(page->ids);
  // max_node_size counts artifacts and executions; <= 0 means no limit.
  const int64_t max_nodes = options.max_node_size();
  if (max_nodes > 0 && static_cast<int64_t>(starting.size()) > max_nodes) {
    starting.resize(max_nodes);
  }
  int64_t quota = max_nodes > 0
                      ? max_nodes - static_cast<int64_t>(starting.size())
                      : std::numeric_limits<int64_t>::max();

  absl::flat_hash_set<int64_t> visited[2];
  std::vector<int64_t> found[2];  // in walk order (hop, then id)
  visited[Side(TypeKind::kArtifact)].insert(starting.begin(), starting.end());
  std::vector<std::pair<int64_t, Event>> events;
  std::vector<int64_t> frontier = starting;
  TypeKind from = TypeKind::kArtifact;
  for (int64_t hop = 0; hop < req->max_hops && quota > 0 && !frontier.empty();
       ++hop) {
    const int to = Side(OtherKind(from));
    const NodeFilter* boundary =
        req->boundary[to].has_value() ? &*req->boundary[to] : nullptr;
    auto rows = lineage::LoadFrontierEvents(conn, from, frontier,
                                            EventTypes::kAll, boundary);
    if (!rows.ok()) return rows.status();

    absl::flat_hash_set<int64_t> candidates;
    for (const FrontierEvent& row : *rows) {
      if (visited[to].contains(row.target_id)) continue;
      if (boundary != nullptr && !row.target_matches) continue;
      candidates.insert(row.target_id);
    }
    // The hop that would pass max_node_size keeps its lowest ids (upstream
    // drops arbitrary ones) and ends the walk.
    std::vector<int64_t> kept = Sorted(candidates);
    if (static_cast<int64_t>(kept.size()) > quota) kept.resize(quota);
    if (kept.empty()) break;
    const absl::flat_hash_set<int64_t> kept_set(kept.begin(), kept.end());
    for (FrontierEvent& row : *rows) {
      if (kept_set.contains(row.target_id)) {
        events.emplace_back(row.event_id, std::move(row.event));
      }
    }
    quota -= static_cast<int64_t>(kept.size());
    visited[to].insert(kept.begin(), kept.end());
    found[to].insert(found[to].end(), kept.begin(), kept.end());
    frontier = std::move(kept);
    from = OtherKind(from);
  }

  std::vector<int64_t> artifact_order = starting;
  const auto& found_artifacts = found[Side(TypeKind::kArtifact)];
  artifact_order.insert(artifact_order.end(), found_artifacts.begin(),
                        found_artifacts.end());
  absl::Status st = AddNodesInOrder<Artifact>(conn, artifact_order,
                                              subgraph->mutable_artifacts());
  if (!st.ok()) return st;
  st = AddNodesInOrder<Execution>(conn, found[Side(TypeKind::kExecution)],
                                  subgraph->mutable_executions());
  if (!st.ok()) return st;
  st = AddEventsWithPaths(conn, std::move(events), subgraph);
  if (!st.ok()) return st;
  // Upstream hides the built-in simple types here, unlike in the subgraph.
  return AddTypes(conn, TypeFields{true, true, true},
                  /*include_simple_types=*/false, subgraph);
}

}  // namespace mlmd
