// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `list` and `show` for artifacts, executions and contexts.
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tools/mlmdctl/commands.h"
#include "tools/mlmdctl/format.h"

namespace mlmdctl {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;
using OrderBy = ml_metadata::ListOperationOptions::OrderByField;

absl::Status ParseOrderBy(const std::string &text, ListSpec &spec) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  const std::string field = absl::AsciiStrToLower(parts[0]);
  if (field == "id") {
    spec.order_by = OrderBy::ID;
  } else if (field == "create_time") {
    spec.order_by = OrderBy::CREATE_TIME;
  } else if (field == "last_update_time" || field == "update_time") {
    spec.order_by = OrderBy::LAST_UPDATE_TIME;
  } else {
    return UsageError(absl::StrCat(
        "--order_by: unknown field '", parts[0],
        "' (id, create_time or last_update_time, optionally :asc or :desc)"));
  }
  if (parts.size() > 2 ||
      (parts.size() == 2 && parts[1] != "asc" && parts[1] != "desc")) {
    return UsageError(
        absl::StrCat("--order_by: '", text, "' should be FIELD[:asc|:desc]"));
  }
  spec.ascending = parts.size() < 2 || parts[1] == "asc";
  return absl::OkStatus();
}

template <typename Node>
absl::Status AppendNodes(NodeKind kind, Invocation &inv,
                         const std::vector<Node> &nodes, Json &items,
                         std::vector<std::vector<std::string>> &rows) {
  for (const Node &node : nodes) {
    absl::StatusOr<std::string> type = NodeTypeName(inv.fetcher, kind, node);
    if (!type.ok()) return type.status();
    JsonAppend(items, NodeJson(node, *type));
    std::vector<std::string> row = {absl::StrCat(node.id()), *type};
    if constexpr (std::is_same_v<Node, Artifact>) {
      row.push_back(DisplayName(node));
      row.push_back(ArtifactStateName(node.state()));
      row.push_back(node.uri());
    } else if constexpr (std::is_same_v<Node, Execution>) {
      row.push_back(DisplayName(node));
      row.push_back(ExecutionStateName(node.last_known_state()));
    } else {
      row.push_back(node.name());
    }
    row.push_back(TimeText(node.create_time_since_epoch()));
    rows.push_back(std::move(row));
  }
  return absl::OkStatus();
}

std::vector<std::string> Header(NodeKind kind) {
  switch (kind) {
    case NodeKind::kArtifact:
      return {"ID", "TYPE", "NAME", "STATE", "URI", "CREATED (UTC)"};
    case NodeKind::kExecution:
      return {"ID", "TYPE", "NAME", "STATE", "CREATED (UTC)"};
    case NodeKind::kContext:
      return {"ID", "TYPE", "NAME", "CREATED (UTC)"};
  }
  return {};
}

void Emit(NodeKind kind, Invocation &inv, Json items, size_t count,
          const std::vector<std::vector<std::string>> &rows) {
  if (inv.json) {
    Json doc;
    JsonSet(doc, "kind", JsonString(KindName(kind)));
    JsonSet(doc, "count", JsonNumber(static_cast<double>(count)));
    items.mutable_list_value();
    JsonSet(doc, "items", std::move(items));
    inv.out = JsonText(doc);
  } else {
    inv.out = Table(rows);
  }
}

}  // namespace

absl::Status ListNodes(NodeKind kind, Invocation &inv) {
  ListSpec spec;
  std::optional<std::string> type = inv.args.Get("type");
  std::optional<std::string> filter = inv.args.Get("filter");
  if (type && filter) {
    spec.filter =
        absl::StrCat("type = ", FilterLiteral(*type), " AND (", *filter, ")");
  } else if (type) {
    spec.filter = absl::StrCat("type = ", FilterLiteral(*type));
  } else if (filter) {
    spec.filter = *filter;
  }
  absl::StatusOr<std::optional<int64_t>> limit = inv.args.GetInt("limit");
  if (!limit.ok()) return limit.status();
  if (limit->has_value()) {
    if (**limit <= 0) return UsageError("--limit must be positive");
    spec.limit = **limit;
  }
  absl::StatusOr<std::optional<int64_t>> page = inv.args.GetInt("page_size");
  if (!page.ok()) return page.status();
  if (page->has_value()) {
    if (**page <= 0 || **page > 100) {
      return UsageError("--page_size must be between 1 and 100");
    }
    spec.page_size = static_cast<int32_t>(**page);
  }
  if (std::optional<std::string> order = inv.args.Get("order_by")) {
    absl::Status status = ParseOrderBy(*order, spec);
    if (!status.ok()) return status;
  }
  if (!inv.words.empty()) {
    return UsageError(absl::StrCat(
        "`", inv.command, "` takes no arguments; got '", inv.words[0], "'"));
  }
  absl::Status ready = inv.Ready();
  if (!ready.ok()) return ready;

  Json items;
  items.mutable_list_value();
  std::vector<std::vector<std::string>> rows = {Header(kind)};
  size_t count = 0;
  absl::Status status;
  if (kind == NodeKind::kArtifact) {
    auto nodes = inv.fetcher.Artifacts(spec);
    if (!nodes.ok()) return nodes.status();
    count = nodes->size();
    status = AppendNodes(kind, inv, *nodes, items, rows);
  } else if (kind == NodeKind::kExecution) {
    auto nodes = inv.fetcher.Executions(spec);
    if (!nodes.ok()) return nodes.status();
    count = nodes->size();
    status = AppendNodes(kind, inv, *nodes, items, rows);
  } else {
    auto nodes = inv.fetcher.Contexts(spec);
    if (!nodes.ok()) return nodes.status();
    count = nodes->size();
    status = AppendNodes(kind, inv, *nodes, items, rows);
  }
  if (!status.ok()) return status;
  Emit(kind, inv, std::move(items), count, rows);
  return absl::OkStatus();
}

namespace {

// Text block of one node for `show`.
template <typename Node>
std::string ShowText(NodeKind kind, const Node &node, const std::string &type,
                     const std::vector<std::string> &extra) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"type:", type});
  rows.push_back({"name:", node.name()});
  if (!node.external_id().empty()) {
    rows.push_back({"external_id:", node.external_id()});
  }
  if constexpr (std::is_same_v<Node, Artifact>) {
    rows.push_back({"uri:", node.uri()});
    rows.push_back({"state:", ArtifactStateName(node.state())});
  } else if constexpr (std::is_same_v<Node, Execution>) {
    rows.push_back({"state:", ExecutionStateName(node.last_known_state())});
  }
  rows.push_back({"created:", TimeText(node.create_time_since_epoch())});
  rows.push_back({"updated:", TimeText(node.last_update_time_since_epoch())});
  std::string out = absl::StrCat(KindName(kind), " ", node.id(), "\n");
  for (absl::string_view line : absl::StrSplit(Table(rows), '\n')) {
    if (!line.empty()) absl::StrAppend(&out, "  ", line, "\n");
  }
  auto props = [&](const char *title, const auto &map) {
    if (map.empty()) return;
    absl::StrAppend(&out, "  ", title, ":\n");
    std::map<std::string, std::string> sorted;
    for (const auto &[key, value] : map) sorted[key] = ValueText(value);
    for (const auto &[key, value] : sorted) {
      absl::StrAppend(&out, "    ", key, ": ", value, "\n");
    }
  };
  props("properties", node.properties());
  props("custom properties", node.custom_properties());
  for (const std::string &line : extra) absl::StrAppend(&out, line);
  return out;
}

// Contexts a node belongs to, as text lines and JSON.
template <typename Req, typename Resp>
absl::Status AddContexts(Invocation &inv, const char *rpc,
                         grpc::Status (Stub::*method)(grpc::ClientContext *,
                                                      const Req &, Resp *),
                         const Req &request, Json &json,
                         std::vector<std::string> &lines) {
  Resp response;
  absl::Status status =
      inv.fetcher.client().Call(rpc, method, request, &response);
  if (!status.ok()) return status;
  Json list;
  list.mutable_list_value();
  if (response.contexts_size() > 0) lines.push_back("  contexts:\n");
  for (const Context &c : response.contexts()) {
    absl::StatusOr<std::string> type =
        NodeTypeName(inv.fetcher, NodeKind::kContext, c);
    if (!type.ok()) return type.status();
    Json entry;
    JsonSet(entry, "id", JsonNumber(static_cast<double>(c.id())));
    JsonSet(entry, "type", JsonString(*type));
    JsonSet(entry, "name", JsonString(c.name()));
    JsonAppend(list, entry);
    lines.push_back(
        absl::StrCat("    ", c.id(), " ", *type, " \"", c.name(), "\"\n"));
  }
  JsonSet(json, "contexts", list);
  return absl::OkStatus();
}

// Events of a node, as text lines and JSON.
absl::Status AddEvents(
    const google::protobuf::RepeatedPtrField<ml_metadata::Event> &events,
    bool of_artifact, Json &json, std::vector<std::string> &lines) {
  Json list;
  list.mutable_list_value();
  if (!events.empty()) lines.push_back("  events:\n");
  for (const ml_metadata::Event &e : events) {
    std::string path;
    for (const auto &step : e.path().steps()) {
      if (!path.empty()) path += ".";
      path += step.has_key() ? step.key() : absl::StrCat(step.index());
    }
    Json entry;
    JsonSet(entry, "type", JsonString(ml_metadata::Event::Type_Name(e.type())));
    JsonSet(entry, "artifact_id",
            JsonNumber(static_cast<double>(e.artifact_id())));
    JsonSet(entry, "execution_id",
            JsonNumber(static_cast<double>(e.execution_id())));
    JsonSet(entry, "path", JsonString(path));
    JsonAppend(list, entry);
    lines.push_back(absl::StrCat(
        "    ", ml_metadata::Event::Type_Name(e.type()), " ",
        of_artifact ? absl::StrCat("of execution ", e.execution_id())
                    : absl::StrCat("artifact ", e.artifact_id()),
        path.empty() ? "" : absl::StrCat(" (", path, ")"), "\n"));
  }
  JsonSet(json, "events", list);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseId(const std::string &kind,
                                const std::string &text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return UsageError(
        absl::StrCat("expected a numeric ", kind, " id, got '", text, "'"));
  }
  return id;
}

}  // namespace

absl::Status ShowNode(NodeKind kind, Invocation &inv) {
  std::optional<std::string> uri;
  if (kind == NodeKind::kArtifact) uri = inv.args.Get("uri");
  std::optional<std::string> name = inv.args.Get("name");
  std::optional<std::string> type = inv.args.Get("type");
  const int ways = (uri ? 1 : 0) + (name ? 1 : 0) + (inv.words.empty() ? 0 : 1);
  const std::string how = kind == NodeKind::kArtifact
                              ? "ID, --uri U or --name N --type T"
                              : "ID or --name N --type T";
  if (ways != 1 || inv.words.size() > 1) {
    return UsageError(
        absl::StrCat("`", inv.command, "` wants exactly one of ", how));
  }
  if (name.has_value() != type.has_value()) {
    return UsageError("--name and --type go together");
  }
  std::optional<int64_t> id;
  if (!inv.words.empty()) {
    absl::StatusOr<int64_t> parsed = ParseId(KindName(kind), inv.words[0]);
    if (!parsed.ok()) return parsed.status();
    id = *parsed;
  }
  absl::Status ready = inv.Ready();
  if (!ready.ok()) return ready;

  Json items;
  items.mutable_list_value();
  std::string text;
  size_t count = 0;
  if (kind == NodeKind::kArtifact) {
    absl::StatusOr<std::vector<Artifact>> nodes;
    if (id) {
      nodes = inv.fetcher.ArtifactsById({*id});
    } else if (uri) {
      nodes = inv.fetcher.ArtifactsByUri(*uri);
    } else {
      absl::StatusOr<Artifact> one = inv.fetcher.ArtifactByName(*type, *name);
      if (!one.ok()) return one.status();
      nodes = std::vector<Artifact>{*one};
    }
    if (!nodes.ok()) return nodes.status();
    for (const Artifact &a : *nodes) {
      absl::StatusOr<std::string> t = NodeTypeName(inv.fetcher, kind, a);
      if (!t.ok()) return t.status();
      Json json = NodeJson(a, *t);
      std::vector<std::string> lines;
      ml_metadata::GetContextsByArtifactRequest creq;
      creq.set_artifact_id(a.id());
      absl::Status s =
          AddContexts(inv, "GetContextsByArtifact",
                      &Stub::GetContextsByArtifact, creq, json, lines);
      if (!s.ok()) return s;
      ml_metadata::GetEventsByArtifactIDsRequest ereq;
      ereq.add_artifact_ids(a.id());
      ml_metadata::GetEventsByArtifactIDsResponse eresp;
      s = inv.fetcher.client().Call("GetEventsByArtifactIDs",
                                    &Stub::GetEventsByArtifactIDs, ereq,
                                    &eresp);
      if (!s.ok()) return s;
      AddEvents(eresp.events(), true, json, lines).IgnoreError();
      JsonAppend(items, json);
      absl::StrAppend(&text, count++ ? "\n" : "", ShowText(kind, a, *t, lines));
    }
  } else if (kind == NodeKind::kExecution) {
    absl::StatusOr<std::vector<Execution>> nodes;
    if (id) {
      nodes = inv.fetcher.ExecutionsById({*id});
    } else {
      absl::StatusOr<Execution> one = inv.fetcher.ExecutionByName(*type, *name);
      if (!one.ok()) return one.status();
      nodes = std::vector<Execution>{*one};
    }
    if (!nodes.ok()) return nodes.status();
    for (const Execution &e : *nodes) {
      absl::StatusOr<std::string> t = NodeTypeName(inv.fetcher, kind, e);
      if (!t.ok()) return t.status();
      Json json = NodeJson(e, *t);
      std::vector<std::string> lines;
      ml_metadata::GetContextsByExecutionRequest creq;
      creq.set_execution_id(e.id());
      absl::Status s =
          AddContexts(inv, "GetContextsByExecution",
                      &Stub::GetContextsByExecution, creq, json, lines);
      if (!s.ok()) return s;
      ml_metadata::GetEventsByExecutionIDsRequest ereq;
      ereq.add_execution_ids(e.id());
      ml_metadata::GetEventsByExecutionIDsResponse eresp;
      s = inv.fetcher.client().Call("GetEventsByExecutionIDs",
                                    &Stub::GetEventsByExecutionIDs, ereq,
                                    &eresp);
      if (!s.ok()) return s;
      AddEvents(eresp.events(), false, json, lines).IgnoreError();
      JsonAppend(items, json);
      absl::StrAppend(&text, count++ ? "\n" : "", ShowText(kind, e, *t, lines));
    }
  } else {
    absl::StatusOr<Context> c = id ? inv.fetcher.ContextById(*id)
                                   : inv.fetcher.ContextByName(*type, *name);
    if (!c.ok()) return c.status();
    absl::StatusOr<std::string> t = NodeTypeName(inv.fetcher, kind, *c);
    if (!t.ok()) return t.status();
    Json json = NodeJson(*c, *t);
    std::vector<std::string> lines;
    ml_metadata::GetParentContextsByContextRequest preq;
    preq.set_context_id(c->id());
    Json parents;
    absl::Status s =
        AddContexts(inv, "GetParentContextsByContext",
                    &Stub::GetParentContextsByContext, preq, parents, lines);
    if (!s.ok()) return s;
    if (!lines.empty()) lines[0] = "  parent contexts:\n";
    JsonSet(json, "parents", parents.struct_value().fields().at("contexts"));
    JsonAppend(items, json);
    text = ShowText(kind, *c, *t, lines);
    count = 1;
  }
  if (inv.json) {
    Json doc;
    JsonSet(doc, "kind", JsonString(KindName(kind)));
    JsonSet(doc, "count", JsonNumber(static_cast<double>(count)));
    JsonSet(doc, "items", std::move(items));
    inv.out = JsonText(doc);
  } else {
    inv.out = text;
  }
  return absl::OkStatus();
}

}  // namespace mlmdctl
