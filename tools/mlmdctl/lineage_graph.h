// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A lineage subgraph as the renderers see it: full nodes, their type names,
// and one edge per event, oriented the way data flows (input artifact ->
// execution -> output artifact). Renderers: terminal tree, Graphviz DOT,
// Mermaid flowchart and JSON (tools/mlmdctl/schema/lineage.schema.json).
#ifndef MLMD_TOOLS_MLMDCTL_LINEAGE_GRAPH_H_
#define MLMD_TOOLS_MLMDCTL_LINEAGE_GRAPH_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmdctl {

enum class Direction { kUpstream, kDownstream, kBoth };

struct LineageEdge {
  int64_t artifact_id = 0;
  int64_t execution_id = 0;
  bool input = false;      // artifact -> execution; else execution -> artifact
  std::string event_type;  // e.g. "INPUT", "OUTPUT"
  std::string path;        // event path steps joined by '.', e.g. "model"
};

struct LineageGraph {
  struct Root {
    bool is_artifact = true;
    int64_t id = 0;
  };
  std::vector<Root> roots;
  Direction direction = Direction::kBoth;
  int64_t hops = 0;
  std::map<int64_t, ml_metadata::Artifact> artifacts;
  std::map<int64_t, ml_metadata::Execution> executions;
  std::map<int64_t, std::string> artifact_types;   // by artifact id
  std::map<int64_t, std::string> execution_types;  // by execution id
  std::vector<LineageEdge> edges;                  // sorted, no duplicates
};

const char *DirectionName(Direction direction);  // "upstream", ...

std::string RenderTree(const LineageGraph &graph);
std::string RenderDot(const LineageGraph &graph);
std::string RenderMermaid(const LineageGraph &graph);
std::string RenderJson(const LineageGraph &graph);

}  // namespace mlmdctl

#endif  // MLMD_TOOLS_MLMDCTL_LINEAGE_GRAPH_H_
