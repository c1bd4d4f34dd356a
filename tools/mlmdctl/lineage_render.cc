// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tools/mlmdctl/format.h"
#include "tools/mlmdctl/lineage_graph.h"

namespace mlmdctl {
namespace {

// Node keys shared by every renderer: "a<id>" for artifacts, "e<id>" for
// executions (also valid DOT and Mermaid identifiers).
std::string Key(bool artifact, int64_t id) {
  return absl::StrCat(artifact ? "a" : "e", id);
}

std::string Label(const LineageGraph &g, bool artifact, int64_t id) {
  if (artifact) {
    auto it = g.artifacts.find(id);
    if (it == g.artifacts.end()) return absl::StrCat("artifact ", id);
    return NodeLabel(it->second, g.artifact_types.at(id));
  }
  auto it = g.executions.find(id);
  if (it == g.executions.end()) return absl::StrCat("execution ", id);
  return NodeLabel(it->second, g.execution_types.at(id));
}

struct Step {
  bool artifact;
  int64_t id;
  const LineageEdge *edge;
};

// Neighbours of a node one step in `upstream` or downstream direction.
std::vector<Step> Next(const LineageGraph &g, bool artifact, int64_t id,
                       bool upstream) {
  std::vector<Step> out;
  for (const LineageEdge &e : g.edges) {
    if (artifact && e.artifact_id == id) {
      // Upstream of an artifact: the executions that output it.
      if (upstream != e.input) out.push_back({false, e.execution_id, &e});
    } else if (!artifact && e.execution_id == id) {
      // Upstream of an execution: the artifacts it read.
      if (upstream == e.input) out.push_back({true, e.artifact_id, &e});
    }
  }
  return out;
}

void TreeLines(const LineageGraph &g, bool artifact, int64_t id, bool upstream,
               const std::string &indent, std::set<std::string> &seen,
               std::string &out) {
  std::vector<Step> steps = Next(g, artifact, id, upstream);
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step &s = steps[i];
    const bool last = i + 1 == steps.size();
    const std::string key = Key(s.artifact, s.id);
    const bool again = !seen.insert(key).second;
    std::string via =
        s.edge->path.empty()
            ? s.edge->event_type
            : absl::StrCat(s.edge->event_type, " \"", s.edge->path, "\"");
    absl::StrAppend(&out, indent, last ? "└── " : "├── ",
                    Label(g, s.artifact, s.id), "  (", via, ")",
                    again ? " (see above)" : "", "\n");
    if (!again) {
      TreeLines(g, s.artifact, s.id, upstream,
                absl::StrCat(indent, last ? "    " : "│   "), seen, out);
    }
  }
}

std::string DotEscape(const std::string &text) {
  return absl::StrReplaceAll(text,
                             {{"\\", "\\\\"}, {"\"", "\\\""}, {"\n", "\\n"}});
}

std::string MermaidEscape(const std::string &text) {
  return absl::StrReplaceAll(text,
                             {{"\"", "#quot;"}, {"|", "#124;"}, {"\n", " "}});
}

bool IsRoot(const LineageGraph &g, bool artifact, int64_t id) {
  for (const auto &r : g.roots) {
    if (r.is_artifact == artifact && r.id == id) return true;
  }
  return false;
}

// Two-line node caption for graphs: type and name, then id and URI/state.
std::string Caption(const LineageGraph &g, bool artifact, int64_t id,
                    const std::string &line_break) {
  if (artifact) {
    const ml_metadata::Artifact &a = g.artifacts.at(id);
    std::string name = DisplayName(a);
    return absl::StrCat(g.artifact_types.at(id),
                        name.empty() ? "" : absl::StrCat(" ", name), line_break,
                        "artifact ", id,
                        a.uri().empty() ? "" : absl::StrCat(" ", a.uri()));
  }
  const ml_metadata::Execution &e = g.executions.at(id);
  std::string name = DisplayName(e);
  return absl::StrCat(g.execution_types.at(id),
                      name.empty() ? "" : absl::StrCat(" ", name), line_break,
                      "execution ", id, " ",
                      ExecutionStateName(e.last_known_state()));
}

}  // namespace

const char *DirectionName(Direction direction) {
  switch (direction) {
    case Direction::kUpstream:
      return "upstream";
    case Direction::kDownstream:
      return "downstream";
    case Direction::kBoth:
      return "both";
  }
  return "both";
}

std::string RenderTree(const LineageGraph &g) {
  std::string out;
  for (const auto &root : g.roots) {
    if (!out.empty()) out += "\n";
    absl::StrAppend(&out, Label(g, root.is_artifact, root.id), "\n");
    std::vector<bool> ways;
    if (g.direction != Direction::kDownstream) ways.push_back(true);
    if (g.direction != Direction::kUpstream) ways.push_back(false);
    for (size_t i = 0; i < ways.size(); ++i) {
      const bool last = i + 1 == ways.size();
      std::set<std::string> seen = {Key(root.is_artifact, root.id)};
      std::string body;
      TreeLines(g, root.is_artifact, root.id, ways[i], last ? "    " : "│   ",
                seen, body);
      absl::StrAppend(&out, last ? "└── " : "├── ",
                      ways[i] ? "upstream" : "downstream",
                      body.empty() ? " (none)" : "", "\n", body);
    }
  }
  return out;
}

std::string RenderDot(const LineageGraph &g) {
  std::string out = "digraph lineage {\n  rankdir=LR;\n";
  absl::StrAppend(&out, "  node [fontname=\"Helvetica\", fontsize=10];\n");
  for (const auto &[id, a] : g.artifacts) {
    absl::StrAppend(&out, "  ", Key(true, id), " [shape=box, label=\"",
                    DotEscape(Caption(g, true, id, "\n")), "\"",
                    IsRoot(g, true, id) ? ", penwidth=2.5" : "", "];\n");
  }
  for (const auto &[id, e] : g.executions) {
    absl::StrAppend(&out, "  ", Key(false, id),
                    " [shape=ellipse, style=filled, fillcolor=\"#e8eef7\", "
                    "label=\"",
                    DotEscape(Caption(g, false, id, "\n")), "\"",
                    IsRoot(g, false, id) ? ", penwidth=2.5" : "", "];\n");
  }
  for (const LineageEdge &e : g.edges) {
    const std::string a = Key(true, e.artifact_id);
    const std::string x = Key(false, e.execution_id);
    absl::StrAppend(&out, "  ", e.input ? a : x, " -> ", e.input ? x : a,
                    " [label=\"", DotEscape(e.path), "\"];\n");
  }
  out += "}\n";
  return out;
}

std::string RenderMermaid(const LineageGraph &g) {
  std::string out = "flowchart LR\n";
  for (const auto &[id, a] : g.artifacts) {
    absl::StrAppend(&out, "  ", Key(true, id), "[\"",
                    MermaidEscape(Caption(g, true, id, "<br/>")), "\"]\n");
  }
  for (const auto &[id, e] : g.executions) {
    absl::StrAppend(&out, "  ", Key(false, id), "([\"",
                    MermaidEscape(Caption(g, false, id, "<br/>")), "\"])\n");
  }
  for (const LineageEdge &e : g.edges) {
    const std::string a = Key(true, e.artifact_id);
    const std::string x = Key(false, e.execution_id);
    absl::StrAppend(&out, "  ", e.input ? a : x, " -->",
                    e.path.empty()
                        ? std::string(" ")
                        : absl::StrCat("|", MermaidEscape(e.path), "| "),
                    e.input ? x : a, "\n");
  }
  for (const auto &root : g.roots) {
    absl::StrAppend(&out, "  style ", Key(root.is_artifact, root.id),
                    " stroke-width:3px\n");
  }
  return out;
}

std::string RenderJson(const LineageGraph &g) {
  Json doc;
  Json roots;
  roots.mutable_list_value();
  for (const auto &r : g.roots) {
    Json j;
    JsonSet(j, "kind", JsonString(r.is_artifact ? "artifact" : "execution"));
    JsonSet(j, "id", JsonNumber(static_cast<double>(r.id)));
    JsonAppend(roots, j);
  }
  JsonSet(doc, "roots", roots);
  JsonSet(doc, "direction", JsonString(DirectionName(g.direction)));
  JsonSet(doc, "hops", JsonNumber(static_cast<double>(g.hops)));
  Json artifacts, executions, edges;
  artifacts.mutable_list_value();
  executions.mutable_list_value();
  edges.mutable_list_value();
  for (const auto &[id, a] : g.artifacts) {
    JsonAppend(artifacts, NodeJson(a, g.artifact_types.at(id)));
  }
  for (const auto &[id, e] : g.executions) {
    JsonAppend(executions, NodeJson(e, g.execution_types.at(id)));
  }
  for (const LineageEdge &e : g.edges) {
    Json j;
    const std::string a = Key(true, e.artifact_id);
    const std::string x = Key(false, e.execution_id);
    JsonSet(j, "from", JsonString(e.input ? a : x));
    JsonSet(j, "to", JsonString(e.input ? x : a));
    JsonSet(j, "artifact_id", JsonNumber(static_cast<double>(e.artifact_id)));
    JsonSet(j, "execution_id", JsonNumber(static_cast<double>(e.execution_id)));
    JsonSet(j, "event_type", JsonString(e.event_type));
    JsonSet(j, "path", JsonString(e.path));
    JsonAppend(edges, j);
  }
  JsonSet(doc, "artifacts", artifacts);
  JsonSet(doc, "executions", executions);
  JsonSet(doc, "edges", edges);
  return JsonText(doc);
}

}  // namespace mlmdctl
