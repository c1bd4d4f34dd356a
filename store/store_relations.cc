// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Relations: events, attributions, associations, parent contexts and the
// reads that walk them.
#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
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

// Upstream caps every page at this many nodes.

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

// One page of a context's artifacts or executions (GetArtifactsByContext,
// GetExecutionsByContext) into `out`, honouring the request's
// ListOperationOptions (paging, order, filter_query); sets the response's
// next_page_token when another page follows. Clears the response first, as
// a retried read must.
template <typename Node, typename Request, typename Response>
absl::Status ContextMembersPage(sql::Connection& conn, const Request& request,
                                Response* response,
                                google::protobuf::RepeatedPtrField<Node>* out) {
  response->Clear();
  NodeRestriction restriction;
  restriction.context_id = request.context_id();
  std::string token;
  auto nodes = ListNodesPage<Node>(
      conn, request.has_options() ? &request.options() : nullptr, restriction,
      &token);
  if (!nodes.ok()) return nodes.status();
  for (Node& node : *nodes) *out->Add() = std::move(node);
  if (!token.empty()) response->set_next_page_token(token);
  return absl::OkStatus();
}

// Contexts linked to one context in one direction, ascending id.
absl::Status LinkedContexts(sql::Connection& conn, int64_t context_id,
                            bool parents,
                            google::protobuf::RepeatedPtrField<Context>* out) {
  const int64_t ids[] = {context_id};
  auto links = parents ? LoadParentLinks(conn, ids) : LoadChildLinks(conn, ids);
  if (!links.ok()) return links.status();
  std::vector<int64_t> linked;
  linked.reserve(links->size());
  for (const ContextLink& link : *links) {
    linked.push_back(parents ? link.parent_id : link.child_id);
  }
  if (linked.empty()) return absl::OkStatus();
  auto contexts = LoadNodes<Context>(conn, linked);
  if (!contexts.ok()) return contexts.status();
  for (Context& context : *contexts) *out->Add() = std::move(context);
  return absl::OkStatus();
}

// Contexts linked to each of `context_ids`, keyed by that id; ids without
// links are absent. `add` appends one linked context to the entry of an id.
template <typename AddFn>
absl::Status LinkedContextsMap(sql::Connection& conn,
                               absl::Span<const int64_t> context_ids,
                               bool parents, AddFn add) {
  auto links = parents ? LoadParentLinks(conn, context_ids)
                       : LoadChildLinks(conn, context_ids);
  if (!links.ok()) return links.status();
  absl::flat_hash_set<int64_t> linked_set;
  for (const ContextLink& link : *links) {
    linked_set.insert(parents ? link.parent_id : link.child_id);
  }
  if (linked_set.empty()) return absl::OkStatus();
  std::vector<int64_t> linked(linked_set.begin(), linked_set.end());
  std::sort(linked.begin(), linked.end());
  auto contexts = LoadNodes<Context>(conn, linked);
  if (!contexts.ok()) return contexts.status();
  absl::flat_hash_map<int64_t, const Context*> by_id;
  for (const Context& context : *contexts) by_id[context.id()] = &context;
  for (const ContextLink& link : *links) {
    const int64_t key = parents ? link.child_id : link.parent_id;
    const int64_t value = parents ? link.parent_id : link.child_id;
    auto it = by_id.find(value);
    if (it != by_id.end()) add(key, *it->second);
  }
  return absl::OkStatus();
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
  response->Clear();
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto events =
        LoadEvents(conn, EventLookup::kByExecution, request.execution_ids());
    if (!events.ok()) return events.status();
    for (Event& event : *events) *response->add_events() = std::move(event);
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetEventsByArtifactIDs(
    const ::ml_metadata::GetEventsByArtifactIDsRequest& request,
    ::ml_metadata::GetEventsByArtifactIDsResponse* response) {
  response->Clear();
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto events =
        LoadEvents(conn, EventLookup::kByArtifact, request.artifact_ids());
    if (!events.ok()) return events.status();
    for (Event& event : *events) *response->add_events() = std::move(event);
    return absl::OkStatus();
  });
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

namespace {

// The contexts of one artifact or execution, given the context ids found for
// it. Upstream reports a node without contexts as NOT_FOUND.
absl::Status AddContextsOf(sql::Connection& conn,
                           absl::StatusOr<std::vector<int64_t>> ids,
                           absl::string_view node_field, int64_t node_id,
                           google::protobuf::RepeatedPtrField<Context>* out) {
  if (!ids.ok()) return ids.status();
  if (ids->empty()) {
    return absl::NotFoundError(
        absl::StrCat("no contexts found for ", node_field, " ", node_id));
  }
  auto contexts = LoadNodes<Context>(conn, *ids);
  if (!contexts.ok()) return contexts.status();
  for (Context& c : *contexts) *out->Add() = std::move(c);
  return absl::OkStatus();
}

}  // namespace

absl::Status MetadataStore::GetContextsByArtifact(
    const ::ml_metadata::GetContextsByArtifactRequest& request,
    ::ml_metadata::GetContextsByArtifactResponse* response) {
  response->Clear();
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    return AddContextsOf(
        conn, ContextIdsOfArtifact(conn, request.artifact_id()), "artifact_id",
        request.artifact_id(), response->mutable_contexts());
  });
}

absl::Status MetadataStore::GetContextsByExecution(
    const ::ml_metadata::GetContextsByExecutionRequest& request,
    ::ml_metadata::GetContextsByExecutionResponse* response) {
  response->Clear();
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    return AddContextsOf(
        conn, ContextIdsOfExecution(conn, request.execution_id()),
        "execution_id", request.execution_id(), response->mutable_contexts());
  });
}

absl::Status MetadataStore::GetArtifactsByContext(
    const ::ml_metadata::GetArtifactsByContextRequest& request,
    ::ml_metadata::GetArtifactsByContextResponse* response) {
  response->Clear();
  return RunRead([&](sql::Connection& conn) {
    return ContextMembersPage(conn, request, response,
                              response->mutable_artifacts());
  });
}

absl::Status MetadataStore::GetExecutionsByContext(
    const ::ml_metadata::GetExecutionsByContextRequest& request,
    ::ml_metadata::GetExecutionsByContextResponse* response) {
  response->Clear();
  return RunRead([&](sql::Connection& conn) {
    return ContextMembersPage(conn, request, response,
                              response->mutable_executions());
  });
}

absl::Status MetadataStore::GetParentContextsByContext(
    const ::ml_metadata::GetParentContextsByContextRequest& request,
    ::ml_metadata::GetParentContextsByContextResponse* response) {
  response->Clear();
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    return LinkedContexts(conn, request.context_id(), /*parents=*/true,
                          response->mutable_contexts());
  });
}

absl::Status MetadataStore::GetChildrenContextsByContext(
    const ::ml_metadata::GetChildrenContextsByContextRequest& request,
    ::ml_metadata::GetChildrenContextsByContextResponse* response) {
  response->Clear();
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    return LinkedContexts(conn, request.context_id(), /*parents=*/false,
                          response->mutable_contexts());
  });
}

absl::Status MetadataStore::GetParentContextsByContexts(
    const ::ml_metadata::GetParentContextsByContextsRequest& request,
    ::ml_metadata::GetParentContextsByContextsResponse* response) {
  response->Clear();
  if (request.context_ids().empty()) {
    return absl::InvalidArgumentError("context_ids is empty");
  }
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto* map = response->mutable_contexts();
    return LinkedContextsMap(conn, request.context_ids(), /*parents=*/true,
                             [map](int64_t id, const Context& context) {
                               *(*map)[id].add_parent_contexts() = context;
                             });
  });
}

absl::Status MetadataStore::GetChildrenContextsByContexts(
    const ::ml_metadata::GetChildrenContextsByContextsRequest& request,
    ::ml_metadata::GetChildrenContextsByContextsResponse* response) {
  response->Clear();
  if (request.context_ids().empty()) {
    return absl::InvalidArgumentError("context_ids is empty");
  }
  return RunRead([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto* map = response->mutable_contexts();
    return LinkedContextsMap(conn, request.context_ids(), /*parents=*/false,
                             [map](int64_t id, const Context& context) {
                               *(*map)[id].add_children_contexts() = context;
                             });
  });
}

}  // namespace mlmd
