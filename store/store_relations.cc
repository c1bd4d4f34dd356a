// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Relations: events, attributions, associations, parent contexts and the
// reads that walk them.
#include <algorithm>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "store/kind_fields.h"
#include "store/list_query.h"
#include "store/node_access.h"
#include "store/relation_access.h"
#include "store/store.h"

namespace mlmd {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::ListOperationOptions;

absl::Status CheckEventFields(const Event& event, absl::string_view where) {
  if (!event.has_artifact_id()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "No artifact id is specified. (", where, ": artifact_id is required)"));
  }
  if (!event.has_execution_id()) {
    return absl::InvalidArgumentError(
        absl::StrCat("No execution id is specified. (", where,
                     ": execution_id is required)"));
  }
  if (!event.has_type() || event.type() == Event::UNKNOWN) {
    return absl::InvalidArgumentError(
        absl::StrCat("No event type is specified. (", where,
                     ": type is required and must not be UNKNOWN)"));
  }
  return absl::OkStatus();
}

// ---- The read families ----
// Each returns a transaction body for RunRead. It clears the response at
// once (a read that never starts leaves it empty) and again in each attempt.

// Get{Artifacts,Executions}ByContext: one page of a context's artifacts or
// executions, honouring the request's ListOperationOptions (paging, order,
// filter_query); sets next_page_token when another page follows.
template <typename Node, typename Request, typename Response>
auto ContextMembersPage(const Request& request, Response* response) {
  response->Clear();
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    NodeRestriction restriction;
    restriction.context_id = request.context_id();
    std::string token;
    auto nodes = ListNodesPage<Node>(
        conn, request.has_options() ? &request.options() : nullptr, restriction,
        &token);
    if (!nodes.ok()) return nodes.status();
    auto* out = KindFields<Node>::MutableNodes(response);
    for (Node& node : *nodes) *out->Add() = std::move(node);
    if (!token.empty()) response->set_next_page_token(token);
    return absl::OkStatus();
  };
}

// GetEventsBy{Artifact,Execution}IDs: the events of the requested nodes,
// ascending event id; unknown ids match nothing.
template <typename Node, typename Request, typename Response>
auto EventsOf(const Request& request, Response* response) {
  response->Clear();
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto events =
        LoadEvents(conn,
                   std::is_same_v<Node, Artifact> ? EventLookup::kByArtifact
                                                  : EventLookup::kByExecution,
                   KindFields<Node>::Ids(request));
    if (!events.ok()) return events.status();
    for (Event& event : *events) *response->add_events() = std::move(event);
    return absl::OkStatus();
  };
}

// GetContextsBy{Artifact,Execution}: the contexts of one artifact or
// execution. Upstream reports a node without contexts as NOT_FOUND.
template <typename Node, typename Request, typename Response>
auto ContextsOf(const Request& request, Response* response) {
  response->Clear();
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const int64_t node_id = KindFields<Node>::Id(request);
    auto ids = std::is_same_v<Node, Artifact>
                   ? ContextIdsOfArtifact(conn, node_id)
                   : ContextIdsOfExecution(conn, node_id);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) {
      return absl::NotFoundError(absl::StrCat(
          "no contexts found for ", NodeTraits<Node>::kName, "_id ", node_id));
    }
    auto contexts = LoadNodes<Context>(conn, *ids);
    if (!contexts.ok()) return contexts.status();
    for (Context& c : *contexts) *response->add_contexts() = std::move(c);
    return absl::OkStatus();
  };
}

// Get{Parent,Children}ContextsByContext: the contexts linked to one context
// in one direction, ascending id.
template <typename Request, typename Response>
auto LinkedContexts(const Request& request, bool parents, Response* response) {
  response->Clear();
  return [&request, parents, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const int64_t ids[] = {request.context_id()};
    auto links =
        parents ? LoadParentLinks(conn, ids) : LoadChildLinks(conn, ids);
    if (!links.ok()) return links.status();
    std::vector<int64_t> linked;
    linked.reserve(links->size());
    for (const ContextLink& link : *links) {
      linked.push_back(parents ? link.parent_id : link.child_id);
    }
    if (linked.empty()) return absl::OkStatus();
    auto contexts = LoadNodes<Context>(conn, linked);
    if (!contexts.ok()) return contexts.status();
    for (Context& c : *contexts) *response->add_contexts() = std::move(c);
    return absl::OkStatus();
  };
}

// Get{Parent,Children}ContextsByContexts: the contexts linked to each
// requested context, keyed by its id; ids without links are absent.
template <bool kParents, typename Request, typename Response>
auto LinkedContextsMap(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto links = kParents ? LoadParentLinks(conn, request.context_ids())
                          : LoadChildLinks(conn, request.context_ids());
    if (!links.ok()) return links.status();
    absl::flat_hash_set<int64_t> linked_set;
    for (const ContextLink& link : *links) {
      linked_set.insert(kParents ? link.parent_id : link.child_id);
    }
    if (linked_set.empty()) return absl::OkStatus();
    std::vector<int64_t> linked(linked_set.begin(), linked_set.end());
    std::sort(linked.begin(), linked.end());
    auto contexts = LoadNodes<Context>(conn, linked);
    if (!contexts.ok()) return contexts.status();
    absl::flat_hash_map<int64_t, const Context*> by_id;
    for (const Context& context : *contexts) by_id[context.id()] = &context;
    auto& map = *response->mutable_contexts();
    for (const ContextLink& link : *links) {
      auto it = by_id.find(kParents ? link.parent_id : link.child_id);
      if (it == by_id.end()) continue;
      if constexpr (kParents) {
        *map[link.child_id].add_parent_contexts() = *it->second;
      } else {
        *map[link.parent_id].add_children_contexts() = *it->second;
      }
    }
    return absl::OkStatus();
  };
}

// Whether `target` is reachable from `start` following child -> parent edges.
bool ReachesUpwards(
    const absl::flat_hash_map<int64_t, std::vector<int64_t>>& parents_of,
    int64_t start, int64_t target) {
  std::vector<int64_t> stack = {start};
  absl::flat_hash_set<int64_t> visited;
  while (!stack.empty()) {
    const int64_t id = stack.back();
    stack.pop_back();
    if (id == target) return true;
    if (!visited.insert(id).second) continue;
    auto it = parents_of.find(id);
    if (it == parents_of.end()) continue;
    stack.insert(stack.end(), it->second.begin(), it->second.end());
  }
  return false;
}

}  // namespace

absl::Status MetadataStore::PutEvents(
    const ::ml_metadata::PutEventsRequest& request,
    ::ml_metadata::PutEventsResponse* response) {
  response->Clear();
  const auto& events = request.events();
  for (int i = 0; i < events.size(); ++i) {
    absl::Status st =
        CheckEventFields(events[i], absl::StrCat("events[", i, "]"));
    if (!st.ok()) return st;
  }
  if (events.empty()) return absl::OkStatus();
  const std::vector<Event> rows(events.begin(), events.end());
  if (auto repeat = FindRepeatedEvent(rows)) {
    return absl::AlreadyExistsError(absl::StrCat(
        "events[", repeat->second, "] repeats events[", repeat->first,
        "] (same artifact_id, execution_id and type)"));
  }
  return RunWrite([&](sql::Connection& conn) -> absl::Status {
    std::vector<int64_t> artifact_ids, execution_ids;
    for (const Event& event : events) {
      artifact_ids.push_back(event.artifact_id());
      execution_ids.push_back(event.execution_id());
    }
    auto artifacts = FindExistingNodeIds<Artifact>(conn, artifact_ids);
    if (!artifacts.ok()) return artifacts.status();
    auto executions = FindExistingNodeIds<Execution>(conn, execution_ids);
    if (!executions.ok()) return executions.status();
    for (int i = 0; i < events.size(); ++i) {
      if (!artifacts->contains(events[i].artifact_id())) {
        return absl::InvalidArgumentError(
            absl::StrCat("No artifact with the given id ",
                         events[i].artifact_id(), " (events[", i, "])"));
      }
      if (!executions->contains(events[i].execution_id())) {
        return absl::InvalidArgumentError(
            absl::StrCat("No execution with the given id ",
                         events[i].execution_id(), " (events[", i, "])"));
      }
    }
    absl::Status st = InsertEvents(conn, rows, NowMillis());
    if (absl::IsAlreadyExists(st)) {
      return absl::AlreadyExistsError(absl::StrCat(
          "Given event already exists: ",
          events.size() == 1 ? "events[0]" : "one of the events",
          " has the same artifact_id, execution_id and type as a stored "
          "event"));
    }
    return st;
  });
}

absl::Status MetadataStore::GetEventsByExecutionIDs(
    const ::ml_metadata::GetEventsByExecutionIDsRequest& request,
    ::ml_metadata::GetEventsByExecutionIDsResponse* response) {
  return RunRead(EventsOf<Execution>(request, response));
}

absl::Status MetadataStore::GetEventsByArtifactIDs(
    const ::ml_metadata::GetEventsByArtifactIDsRequest& request,
    ::ml_metadata::GetEventsByArtifactIDsResponse* response) {
  return RunRead(EventsOf<Artifact>(request, response));
}

absl::Status MetadataStore::PutAttributionsAndAssociations(
    const ::ml_metadata::PutAttributionsAndAssociationsRequest& request,
    ::ml_metadata::PutAttributionsAndAssociationsResponse* response) {
  response->Clear();
  std::vector<std::pair<int64_t, int64_t>> attributions, associations;
  std::vector<int64_t> context_ids, artifact_ids, execution_ids;
  for (int i = 0; i < request.attributions_size(); ++i) {
    const auto& a = request.attributions(i);
    if (!a.has_context_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("No context id is specified. (attributions[", i,
                       "]: context_id and artifact_id are required)"));
    }
    if (!a.has_artifact_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("No artifact id is specified (attributions[", i,
                       "]: context_id and artifact_id are required)"));
    }
    attributions.emplace_back(a.context_id(), a.artifact_id());
    context_ids.push_back(a.context_id());
    artifact_ids.push_back(a.artifact_id());
  }
  for (int i = 0; i < request.associations_size(); ++i) {
    const auto& a = request.associations(i);
    if (!a.has_context_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("No context id is specified. (associations[", i,
                       "]: context_id and execution_id are required)"));
    }
    if (!a.has_execution_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("No execution id is specified (associations[", i,
                       "]: context_id and execution_id are required)"));
    }
    associations.emplace_back(a.context_id(), a.execution_id());
    context_ids.push_back(a.context_id());
    execution_ids.push_back(a.execution_id());
  }
  if (attributions.empty() && associations.empty()) return absl::OkStatus();
  return RunWrite([&](sql::Connection& conn) -> absl::Status {
    auto contexts = FindExistingNodeIds<Context>(conn, context_ids);
    if (!contexts.ok()) return contexts.status();
    auto artifacts = FindExistingNodeIds<Artifact>(conn, artifact_ids);
    if (!artifacts.ok()) return artifacts.status();
    auto executions = FindExistingNodeIds<Execution>(conn, execution_ids);
    if (!executions.ok()) return executions.status();
    for (size_t i = 0; i < attributions.size(); ++i) {
      const auto& [context_id, artifact_id] = attributions[i];
      if (!contexts->contains(context_id)) {
        return absl::InvalidArgumentError(
            absl::StrCat("Context id not found. (attributions[", i,
                         "]: no context with id ", context_id, ")"));
      }
      if (!artifacts->contains(artifact_id)) {
        return absl::InvalidArgumentError(
            absl::StrCat("Artifact id not found. (attributions[", i,
                         "]: no artifact with id ", artifact_id, ")"));
      }
    }
    for (size_t i = 0; i < associations.size(); ++i) {
      const auto& [context_id, execution_id] = associations[i];
      if (!contexts->contains(context_id)) {
        return absl::InvalidArgumentError(
            absl::StrCat("Context id not found. (associations[", i,
                         "]: no context with id ", context_id, ")"));
      }
      if (!executions->contains(execution_id)) {
        return absl::InvalidArgumentError(
            absl::StrCat("Execution id not found. (associations[", i,
                         "]: no execution with id ", execution_id, ")"));
      }
    }
    absl::Status st = InsertAttributions(conn, attributions);
    if (!st.ok()) return st;
    return InsertAssociations(conn, associations);
  });
}

absl::Status MetadataStore::PutParentContexts(
    const ::ml_metadata::PutParentContextsRequest& request,
    ::ml_metadata::PutParentContextsResponse* response) {
  response->Clear();
  std::vector<ContextLink> links;
  std::vector<int64_t> ids;
  for (int i = 0; i < request.parent_contexts_size(); ++i) {
    const auto& pc = request.parent_contexts(i);
    if (!pc.has_child_id() || !pc.has_parent_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Missing parent / child id in the parent_context: "
                       "parent_contexts[",
                       i, "] needs child_id and parent_id"));
    }
    if (pc.child_id() == pc.parent_id()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "There is a cycle detected of the given relationship. "
          "(parent_contexts[",
          i, "]: context ", pc.child_id(), " cannot be its own parent)"));
    }
    links.push_back({pc.child_id(), pc.parent_id()});
    ids.push_back(pc.child_id());
    ids.push_back(pc.parent_id());
  }
  if (links.empty()) return absl::OkStatus();
  return RunWrite([&](sql::Connection& conn) -> absl::Status {
    auto existing = FindExistingNodeIds<Context>(conn, ids);
    if (!existing.ok()) return existing.status();
    for (size_t i = 0; i < links.size(); ++i) {
      for (int64_t id : {links[i].child_id, links[i].parent_id}) {
        if (!existing->contains(id)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "Given parent / child id in the parent_context cannot be found: "
              "parent_contexts[",
              i, "]: no context with id ", id));
        }
      }
    }

    // Cycle check: a new link child -> parent closes a cycle when child is
    // already above parent. Everything above the request's parents is read
    // in one query; links earlier in the request count too, as upstream
    // inserts them one by one.
    std::vector<int64_t> parent_ids;
    std::vector<int64_t> child_ids;
    for (const ContextLink& link : links) {
      parent_ids.push_back(link.parent_id);
      child_ids.push_back(link.child_id);
    }
    auto ancestors = LoadAncestorLinks(conn, parent_ids);
    if (!ancestors.ok()) return ancestors.status();
    absl::flat_hash_map<int64_t, std::vector<int64_t>> parents_of;
    for (const ContextLink& link : *ancestors) {
      parents_of[link.child_id].push_back(link.parent_id);
    }
    auto stored = LoadParentLinks(conn, child_ids);
    if (!stored.ok()) return stored.status();
    absl::flat_hash_set<std::pair<int64_t, int64_t>> known;
    for (const ContextLink& link : *stored) {
      known.insert({link.child_id, link.parent_id});
    }
    for (size_t i = 0; i < links.size(); ++i) {
      const ContextLink& link = links[i];
      if (!known.insert({link.child_id, link.parent_id}).second) {
        return absl::AlreadyExistsError(absl::StrCat(
            "Given parent_context already exists: parent_contexts[", i,
            "]: context ", link.parent_id, " is already a parent of context ",
            link.child_id));
      }
      if (ReachesUpwards(parents_of, link.parent_id, link.child_id)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "There is a cycle detected of the given relationship. "
            "(parent_contexts[",
            i, "]: making context ", link.parent_id, " a parent of context ",
            link.child_id, " would create a cycle (", link.child_id,
            " is already an ", "ancestor of ", link.parent_id, "))"));
      }
      parents_of[link.child_id].push_back(link.parent_id);
    }
    return InsertParentLinks(conn, links);
  });
}

absl::Status MetadataStore::GetContextsByArtifact(
    const ::ml_metadata::GetContextsByArtifactRequest& request,
    ::ml_metadata::GetContextsByArtifactResponse* response) {
  return RunRead(ContextsOf<Artifact>(request, response));
}

absl::Status MetadataStore::GetContextsByExecution(
    const ::ml_metadata::GetContextsByExecutionRequest& request,
    ::ml_metadata::GetContextsByExecutionResponse* response) {
  return RunRead(ContextsOf<Execution>(request, response));
}

absl::Status MetadataStore::GetArtifactsByContext(
    const ::ml_metadata::GetArtifactsByContextRequest& request,
    ::ml_metadata::GetArtifactsByContextResponse* response) {
  return RunRead(ContextMembersPage<Artifact>(request, response));
}

absl::Status MetadataStore::GetExecutionsByContext(
    const ::ml_metadata::GetExecutionsByContextRequest& request,
    ::ml_metadata::GetExecutionsByContextResponse* response) {
  return RunRead(ContextMembersPage<Execution>(request, response));
}

absl::Status MetadataStore::GetParentContextsByContext(
    const ::ml_metadata::GetParentContextsByContextRequest& request,
    ::ml_metadata::GetParentContextsByContextResponse* response) {
  return RunRead(LinkedContexts(request, /*parents=*/true, response));
}

absl::Status MetadataStore::GetChildrenContextsByContext(
    const ::ml_metadata::GetChildrenContextsByContextRequest& request,
    ::ml_metadata::GetChildrenContextsByContextResponse* response) {
  return RunRead(LinkedContexts(request, /*parents=*/false, response));
}

absl::Status MetadataStore::GetParentContextsByContexts(
    const ::ml_metadata::GetParentContextsByContextsRequest& request,
    ::ml_metadata::GetParentContextsByContextsResponse* response) {
  response->Clear();
  if (request.context_ids().empty()) {
    return absl::InvalidArgumentError("context_ids is empty");
  }
  return RunRead(LinkedContextsMap</*kParents=*/true>(request, response));
}

absl::Status MetadataStore::GetChildrenContextsByContexts(
    const ::ml_metadata::GetChildrenContextsByContextsRequest& request,
    ::ml_metadata::GetChildrenContextsByContextsResponse* response) {
  response->Clear();
  if (request.context_ids().empty()) {
    return absl::InvalidArgumentError("context_ids is empty");
  }
  return RunRead(LinkedContextsMap</*kParents=*/false>(request, response));
}

}  // namespace mlmd
