// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `lineage`: resolves the starting node, asks the server for the subgraph
// around it (GetLineageSubgraph, one call), fetches the full nodes, and
// renders it.
#include <algorithm>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/mlmdctl/commands.h"
#include "tools/mlmdctl/format.h"
#include "tools/mlmdctl/lineage_graph.h"

namespace mlmdctl {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::LineageSubgraphQueryOptions;

// Two arrows (node -> event -> node) per execution step: the default
// reaches three executions away.
constexpr int64_t kDefaultHops = 6;

bool IsInputEvent(Event::Type type) {
  return type == Event::INPUT || type == Event::DECLARED_INPUT ||
         type == Event::INTERNAL_INPUT;
}

std::string PathText(const Event &e) {
  std::vector<std::string> steps;
  for (const auto &step : e.path().steps()) {
    steps.push_back(step.has_key() ? step.key() : absl::StrCat(step.index()));
  }
  return absl::StrJoin(steps, ".");
}

}  // namespace

absl::Status Lineage(Invocation &inv) {
  if (inv.words.empty() ||
      (inv.words[0] != "artifact" && inv.words[0] != "execution")) {
    return UsageError(
        "usage: mlmdctl lineage artifact|execution ID|--uri U|--name N "
        "--type T [--direction upstream|downstream|both] [--hops N] "
        "[--format tree|dot|mermaid|json]");
  }
  const bool of_artifact = inv.words[0] == "artifact";
  std::optional<std::string> uri;
  if (of_artifact) uri = inv.args.Get("uri");
  std::optional<std::string> name = inv.args.Get("name");
  std::optional<std::string> type = inv.args.Get("type");
  const int ways = (uri ? 1 : 0) + (name ? 1 : 0) + (inv.words.size() > 1);
  if (ways != 1 || inv.words.size() > 2) {
    return UsageError(absl::StrCat(
        "`mlmdctl lineage ", inv.words[0], "` wants exactly one of ID",
        of_artifact ? ", --uri U" : "", " or --name N --type T"));
  }
  if (name.has_value() != type.has_value()) {
    return UsageError("--name and --type go together");
  }
  int64_t id = 0;
  if (inv.words.size() > 1 &&
      (!absl::SimpleAtoi(inv.words[1], &id) || id <= 0)) {
    return UsageError(absl::StrCat("expected a numeric ", inv.words[0],
                                   " id, got '", inv.words[1], "'"));
  }
  LineageGraph graph;
  const std::string direction = inv.args.GetOr("direction", "both");
  LineageSubgraphQueryOptions options;
  if (direction == "upstream") {
    graph.direction = Direction::kUpstream;
    options.set_direction(LineageSubgraphQueryOptions::UPSTREAM);
  } else if (direction == "downstream") {
    graph.direction = Direction::kDownstream;
    options.set_direction(LineageSubgraphQueryOptions::DOWNSTREAM);
  } else if (direction == "both") {
    options.set_direction(LineageSubgraphQueryOptions::BIDIRECTIONAL);
  } else {
    return UsageError(absl::StrCat("--direction: '", direction,
                                   "' is not upstream, downstream or both"));
  }
  absl::StatusOr<std::optional<int64_t>> hops = inv.args.GetInt("hops");
  if (!hops.ok()) return hops.status();
  graph.hops = hops->value_or(kDefaultHops);
  if (graph.hops < 0) return UsageError("--hops must be 0 or more");
  options.set_max_num_hops(graph.hops);
  std::string format = inv.args.GetOr("format", inv.json ? "json" : "tree");
  if (format != "tree" && format != "dot" && format != "mermaid" &&
      format != "json") {
    return UsageError(absl::StrCat("--format: '", format,
                                   "' is not tree, dot, mermaid or json"));
  }
  if (inv.json && format != "json") {
    return UsageError("--output json and --format " + format + " disagree");
  }
  absl::Status ready = inv.Ready();
  if (!ready.ok()) return ready;

  // Resolve the seeds first, so an unknown one is NOT_FOUND (exit 3)
  // rather than an empty graph.
  std::vector<int64_t> seeds;
  if (of_artifact) {
    absl::StatusOr<std::vector<Artifact>> found;
    if (id) {
      found = inv.fetcher.ArtifactsById({id});
    } else if (uri) {
      found = inv.fetcher.ArtifactsByUri(*uri);
    } else {
      absl::StatusOr<Artifact> one = inv.fetcher.ArtifactByName(*type, *name);
      if (!one.ok()) return one.status();
      found = std::vector<Artifact>{*one};
    }
    if (!found.ok()) return found.status();
    for (const Artifact &a : *found) seeds.push_back(a.id());
  } else {
    if (id) {
      absl::StatusOr<std::vector<Execution>> found =
          inv.fetcher.ExecutionsById({id});
      if (!found.ok()) return found.status();
      seeds.push_back(id);
    } else {
      absl::StatusOr<Execution> one = inv.fetcher.ExecutionByName(*type, *name);
      if (!one.ok()) return one.status();
      seeds.push_back(one->id());
    }
  }
  std::sort(seeds.begin(), seeds.end());
  if (seeds.size() > 100) {
    return UsageError(absl::StrCat(seeds.size(),
                                   " artifacts share that URI; the server "
                                   "starts lineage from at most 100"));
  }
  for (int64_t seed : seeds) graph.roots.push_back({of_artifact, seed});

  std::string filter = absl::StrCat("id IN (", absl::StrJoin(seeds, ", "), ")");
  if (of_artifact) {
    options.mutable_starting_artifacts()->set_filter_query(filter);
  } else {
    options.mutable_starting_executions()->set_filter_query(filter);
  }
  ml_metadata::GetLineageSubgraphRequest request;
  *request.mutable_lineage_subgraph_query_options() = options;
  for (const char *field : {"artifacts", "executions", "events"}) {
    request.mutable_read_mask()->add_paths(field);
  }
  ml_metadata::GetLineageSubgraphResponse response;
  absl::Status status = inv.fetcher.client().Call(
      "GetLineageSubgraph", &Stub::GetLineageSubgraph, request, &response);
  if (!status.ok()) return status;

  // The subgraph may carry ids only; read the nodes in full.
  std::vector<int64_t> artifact_ids, execution_ids;
  for (const Artifact &a : response.lineage_subgraph().artifacts()) {
    artifact_ids.push_back(a.id());
  }
  for (const Execution &e : response.lineage_subgraph().executions()) {
    execution_ids.push_back(e.id());
  }
  if (!artifact_ids.empty()) {
    auto full = inv.fetcher.ArtifactsById(artifact_ids);
    if (!full.ok()) return full.status();
    for (const Artifact &a : *full) {
      absl::StatusOr<std::string> t =
          NodeTypeName(inv.fetcher, NodeKind::kArtifact, a);
      if (!t.ok()) return t.status();
      graph.artifacts[a.id()] = a;
      graph.artifact_types[a.id()] = *t;
    }
  }
  if (!execution_ids.empty()) {
    auto full = inv.fetcher.ExecutionsById(execution_ids);
    if (!full.ok()) return full.status();
    for (const Execution &e : *full) {
      absl::StatusOr<std::string> t =
          NodeTypeName(inv.fetcher, NodeKind::kExecution, e);
      if (!t.ok()) return t.status();
      graph.executions[e.id()] = e;
      graph.execution_types[e.id()] = *t;
    }
  }
  for (const Event &e : response.lineage_subgraph().events()) {
    // Edges whose ends both made it into the graph.
    if (!graph.artifacts.count(e.artifact_id()) ||
        !graph.executions.count(e.execution_id())) {
      continue;
    }
    graph.edges.push_back({e.artifact_id(), e.execution_id(),
                           IsInputEvent(e.type()), Event::Type_Name(e.type()),
                           PathText(e)});
  }
  auto key = [](const LineageEdge &e) {
    return std::tie(e.execution_id, e.input, e.artifact_id, e.event_type,
                    e.path);
  };
  std::sort(graph.edges.begin(), graph.edges.end(),
            [&](const auto &x, const auto &y) { return key(x) < key(y); });
  graph.edges.erase(std::unique(graph.edges.begin(), graph.edges.end(),
                                [&](const auto &x, const auto &y) {
                                  return key(x) == key(y);
                                }),
                    graph.edges.end());

  if (format == "dot") {
    inv.out = RenderDot(graph);
  } else if (format == "mermaid") {
    inv.out = RenderMermaid(graph);
  } else if (format == "json") {
    inv.out = RenderJson(graph);
  } else {
    inv.out = RenderTree(graph);
  }
  return absl::OkStatus();
}

}  // namespace mlmdctl
