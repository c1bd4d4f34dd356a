// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Composite writes: PutExecution and PutLineageSubgraph. Each runs as one
// transaction; nodes go through PutNodes (validation, properties), links and
// events through relation_access.
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "store/node_access.h"
#include "store/relation_access.h"
#include "store/store.h"
#include "store/write_combiner.h"

namespace mlmd {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::PutExecutionRequest;
using ml_metadata::PutExecutionResponse;
using ml_metadata::PutLineageSubgraphRequest;

absl::Status Annotate(const absl::Status& st, absl::string_view what) {
  if (st.ok()) return st;
  return absl::Status(st.code(), absl::StrCat(what, ": ", st.message()));
}

// PutNodes for a whole list; PutNodes applies the nodes one after another,
// so a node listed twice is updated twice, in request order, as upstream.
template <typename Node>
absl::StatusOr<std::vector<int64_t>> WriteNodes(
    sql::Connection& conn, absl::Span<const Node> nodes,
    const PutNodesOptions& options) {
  if (nodes.empty()) return std::vector<int64_t>();
  auto written = PutNodes<Node>(conn, nodes, options);
  if (written.ok() && written->size() != nodes.size()) {
    return absl::InternalError("PutNodes returned a wrong number of ids");
  }
  return written;
}

// Maps ALREADY_EXISTS from creating contexts whose (type_id, name) the
// reuse_context_if_already_exist lookup had just missed: a concurrent
// transaction created one of them in between. SQLite write transactions hold
// the database lock from BEGIN, so nothing can race there and the conflict is
// genuine: it is reported as is. Elsewhere the failed statement may have
// aborted the transaction (PostgreSQL), so the other caller's context cannot
// be read here; ABORTED makes RunWrite retry the whole transaction, whose
// lookup then finds it. (Upstream returns ABORTED to the client for the same
// race.) A clash on external_id is caught before the insert by
// RefuseStoredExternalIds, so the retry of such a race answers
// ALREADY_EXISTS instead of looping until the retry budget is spent.
absl::Status ContextCreateConflict(const sql::Connection& conn,
                                   const absl::Status& st) {
  if (conn.dialect() == sql::Dialect::kSqlite) return st;
  return absl::AbortedError(
      absl::StrCat("a context was created concurrently; retrying to reuse it: ",
                   st.message()));
}

// ALREADY_EXISTS when a context about to be created carries an external_id
// that a stored context already has. Costs one query, and only when some new
// context sets an external_id.
absl::Status RefuseStoredExternalIds(sql::Connection& conn,
                                     absl::Span<const Context> creates,
                                     absl::Span<const size_t> slots) {
  std::vector<std::string> external_ids;
  for (const Context& c : creates) {
    if (!c.external_id().empty()) external_ids.push_back(c.external_id());
  }
  if (external_ids.empty()) return absl::OkStatus();
  auto stored = LoadNodesByExternalIds<Context>(conn, external_ids);
  if (!stored.ok()) return stored.status();
  if (stored->empty()) return absl::OkStatus();
  const Context& clash = stored->front();
  for (size_t k = 0; k < creates.size(); ++k) {
    if (creates[k].external_id() != clash.external_id()) continue;
    return absl::AlreadyExistsError(absl::StrCat(
        "contexts[", slots[k], "]: Given node already exists: context ",
        clash.id(), " (name '", clash.name(), "') has the same external_id '",
        clash.external_id(), "'"));
  }
  return absl::OkStatus();
}

// Creates, updates or reuses `contexts`; returns their ids in order.
//  * force_reuse_by_id: a context with an id is used as stored (NOT_FOUND if
//    absent) and not written.
//  * reuse_if_exists: a context without id whose (type_id, name) is stored,
//    or created earlier in this request, is used as stored.
//  * otherwise a context with id is updated and one without id created.
absl::StatusOr<std::vector<int64_t>> UpsertContexts(
    sql::Connection& conn,
    const google::protobuf::RepeatedPtrField<Context>& contexts,
    bool reuse_if_exists, bool force_reuse_by_id,
    const PutNodesOptions& write_options) {
  const size_t n = contexts.size();
  std::vector<int64_t> ids(n, -1);
  std::vector<int64_t> forced_ids;
  std::vector<TypeAndName> lookup_keys;
  for (size_t i = 0; i < n; ++i) {
    const Context& c = contexts[i];
    if (force_reuse_by_id && c.has_id()) {
      forced_ids.push_back(c.id());
      continue;
    }
    if (!c.has_type_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Context is missing a type_id: contexts[", i, "]"));
    }
    if (!c.has_name()) {
      return absl::InvalidArgumentError(
          absl::StrCat("Context is missing a name: contexts[", i, "]"));
    }
    if (reuse_if_exists && !c.has_id()) {
      lookup_keys.emplace_back(c.type_id(), c.name());
    }
  }
  auto existing_ids = FindExistingNodeIds<Context>(conn, forced_ids);
  if (!existing_ids.ok()) return existing_ids.status();
  auto stored = ContextIdsByTypeAndName(conn, lookup_keys);
  if (!stored.ok()) return stored.status();

  std::vector<Context> updates, creates;
  std::vector<size_t> update_slots, create_slots;
  absl::flat_hash_map<TypeAndName, size_t> created_by_key;  // -> creates[k]
  std::vector<std::pair<size_t, size_t>> repeats;  // (slot, creates index)
  for (size_t i = 0; i < n; ++i) {
    const Context& c = contexts[i];
    if (force_reuse_by_id && c.has_id()) {
      if (!existing_ids->contains(c.id())) {
        return absl::NotFoundError(
            absl::StrCat("contexts[", i,
                         "]: force_reuse_context is set but no context has "
                         "id ",
                         c.id()));
      }
      ids[i] = c.id();
    } else if (c.has_id()) {
      updates.push_back(c);
      update_slots.push_back(i);
    } else if (reuse_if_exists) {
      TypeAndName key(c.type_id(), c.name());
      if (auto found = stored->find(key); found != stored->end()) {
        ids[i] = found->second;
      } else if (auto earlier = created_by_key.find(key);
                 earlier != created_by_key.end()) {
        repeats.emplace_back(i, earlier->second);
      } else {
        created_by_key.emplace(std::move(key), creates.size());
        creates.push_back(c);
        create_slots.push_back(i);
      }
    } else {
      creates.push_back(c);
      create_slots.push_back(i);
    }
  }

  if (!updates.empty()) {
    auto written = WriteNodes<Context>(conn, updates, write_options);
    if (!written.ok()) return Annotate(written.status(), "updating contexts");
    for (size_t k = 0; k < updates.size(); ++k) {
      ids[update_slots[k]] = (*written)[k];
    }
  }
  if (!creates.empty()) {
    if (reuse_if_exists) {
      auto clash = RefuseStoredExternalIds(conn, creates, create_slots);
      if (!clash.ok()) return clash;
    }
    auto written = WriteNodes<Context>(conn, creates, write_options);
    if (absl::IsAlreadyExists(written.status()) && reuse_if_exists) {
      return ContextCreateConflict(conn, written.status());
    }
    if (!written.ok()) return Annotate(written.status(), "creating contexts");
    for (size_t k = 0; k < creates.size(); ++k) {
      ids[create_slots[k]] = (*written)[k];
    }
  }
  for (const auto& [slot, k] : repeats) ids[slot] = ids[create_slots[k]];
  return ids;
}

// Creates or updates `artifacts`; returns their ids in order.
//  * reuse_by_external_id: an artifact without id whose non-empty
//    external_id is stored updates that artifact.
//  * reuse_within_request (with reuse_by_external_id): an artifact repeating
//    the new external_id of an earlier one in the request updates the one
//    just created. PutExecution behaves so upstream (it upserts one pair at
//    a time); PutLineageSubgraph looks external ids up once beforehand, so
//    there the repeat fails as a duplicate.
absl::StatusOr<std::vector<int64_t>> UpsertArtifacts(
    sql::Connection& conn, std::vector<Artifact> artifacts,
    bool reuse_by_external_id, bool reuse_within_request,
    const PutNodesOptions& write_options) {
  std::vector<int64_t> ids(artifacts.size(), 0);
  std::vector<size_t> first_pass, second_pass;
  std::vector<size_t> repeat_of(artifacts.size(), 0);
  if (reuse_by_external_id) {
    std::vector<std::string> external_ids;
    for (const Artifact& a : artifacts) {
      if (!a.has_id() && !a.external_id().empty()) {
        external_ids.push_back(a.external_id());
      }
    }
    auto stored = ArtifactIdsByExternalId(conn, external_ids);
    if (!stored.ok()) return stored.status();
    absl::flat_hash_map<std::string, size_t> new_by_external_id;
    for (size_t i = 0; i < artifacts.size(); ++i) {
      Artifact& a = artifacts[i];
      if (a.has_id() || a.external_id().empty()) {
        first_pass.push_back(i);
      } else if (auto found = stored->find(a.external_id());
                 found != stored->end()) {
        a.set_id(found->second);
        first_pass.push_back(i);
      } else if (auto [earlier, inserted] =
                     new_by_external_id.try_emplace(a.external_id(), i);
                 inserted || !reuse_within_request) {
        first_pass.push_back(i);
      } else {
        repeat_of[i] = earlier->second;
        second_pass.push_back(i);
      }
    }
  } else {
    for (size_t i = 0; i < artifacts.size(); ++i) first_pass.push_back(i);
  }

  for (int pass = 0; pass < 2; ++pass) {
    const std::vector<size_t>& slots = pass == 0 ? first_pass : second_pass;
    if (slots.empty()) continue;
    std::vector<Artifact> batch;
    batch.reserve(slots.size());
    for (size_t i : slots) {
      batch.push_back(artifacts[i]);
      if (pass == 1) batch.back().set_id(ids[repeat_of[i]]);
    }
    auto written = WriteNodes<Artifact>(conn, batch, write_options);
    if (!written.ok()) return written.status();
    for (size_t k = 0; k < slots.size(); ++k) ids[slots[k]] = (*written)[k];
  }
  return ids;
}

// Attributions and associations to store, each pair once.
class ContextLinks {
 public:
  // Every artifact and execution joins every context.
  void Add(absl::Span<const int64_t> context_ids,
           absl::Span<const int64_t> artifact_ids,
           absl::Span<const int64_t> execution_ids) {
    for (int64_t context_id : context_ids) {
      for (int64_t artifact_id : artifact_ids) {
        if (attributed_.insert({context_id, artifact_id}).second) {
          attributions_.emplace_back(context_id, artifact_id);
        }
      }
      for (int64_t execution_id : execution_ids) {
        if (associated_.insert({context_id, execution_id}).second) {
          associations_.emplace_back(context_id, execution_id);
        }
      }
    }
  }

  // Pairs already stored are kept as they are.
  absl::Status Insert(sql::Connection& conn) const {
    absl::Status st = InsertAttributions(conn, attributions_);
    if (!st.ok()) return st;
    return InsertAssociations(conn, associations_);
  }

 private:
  std::vector<std::pair<int64_t, int64_t>> attributions_, associations_;
  absl::flat_hash_set<std::pair<int64_t, int64_t>> attributed_, associated_;
};

// Stores `events` (ids filled in, types checked); `labels[i]` names events[i]
// in the request for error messages. Ids in `unchecked_artifact_ids` and
// `unchecked_execution_ids` came from the request rather than from nodes
// written in this transaction, so they are checked to exist (upstream skips
// this check and would store a dangling event).
absl::Status StoreEvents(sql::Connection& conn,
                         const std::vector<Event>& events,
                         const std::vector<std::string>& labels,
                         const std::vector<int64_t>& unchecked_artifact_ids,
                         const std::vector<int64_t>& unchecked_execution_ids) {
  if (events.empty()) return absl::OkStatus();
  if (auto repeat = FindRepeatedEvent(events)) {
    return absl::AlreadyExistsError(absl::StrCat(
        "Given event already exists: ", labels[repeat->second], " repeats ",
        labels[repeat->first], " (same artifact, execution and type)"));
  }
  auto artifacts = FindExistingNodeIds<Artifact>(conn, unchecked_artifact_ids);
  if (!artifacts.ok()) return artifacts.status();
  auto executions =
      FindExistingNodeIds<Execution>(conn, unchecked_execution_ids);
  if (!executions.ok()) return executions.status();
  for (int64_t id : unchecked_artifact_ids) {
    if (!artifacts->contains(id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("No artifact with the given id ", id,
                       " (an event names it, but no artifact has that id)"));
    }
  }
  for (int64_t id : unchecked_execution_ids) {
    if (!executions->contains(id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("No execution with the given id ", id,
                       " (an event names it, but no execution has that id)"));
    }
  }
  absl::Status st = InsertEvents(conn, events, NowMillis());
  if (absl::IsAlreadyExists(st)) {
    return absl::AlreadyExistsError(absl::StrCat(
        "Given event already exists: ",
        events.size() == 1 ? labels[0] : "one of the events",
        " has the same artifact_id, execution_id and type as a stored "
        "event"));
  }
  return st;
}

absl::Status CheckEventType(const Event& event, absl::string_view label) {
  if (!event.has_type() || event.type() == Event::UNKNOWN) {
    return absl::InvalidArgumentError(
        absl::StrCat("No event type is specified. (", label,
                     ": type is required and must not be UNKNOWN)"));
  }
  return absl::OkStatus();
}

// Request checks of PutLineageSubgraph that need no database.
absl::Status CheckEventEdges(const PutLineageSubgraphRequest& request) {
  for (int i = 0; i < request.event_edges_size(); ++i) {
    const auto& edge = request.event_edges(i);
    const std::string label = absl::StrCat("event_edges[", i, "]");
    if (!edge.has_event()) {
      return absl::InvalidArgumentError(
          absl::StrCat(label, ": event is required"));
    }
    const Event& event = edge.event();
    if (!edge.has_execution_index() && !event.has_execution_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat(label, ": needs execution_index or event.execution_id"));
    }
    if (edge.has_execution_index()) {
      const int index = edge.execution_index();
      if (index < 0 || index >= request.executions_size()) {
        return absl::OutOfRangeError(
            absl::StrCat(label, ": execution_index ", index, " is outside [0, ",
                         request.executions_size(), ")"));
      }
      const Execution& execution = request.executions(index);
      if (event.has_execution_id() &&
          (!execution.has_id() || execution.id() != event.execution_id())) {
        return absl::InvalidArgumentError(absl::StrCat(
            label, ": event.execution_id ", event.execution_id(),
            " does not match executions[", index, "] (id ",
            execution.has_id() ? absl::StrCat(execution.id()) : "unset", ")"));
      }
    }
    if (!edge.has_artifact_index() && !event.has_artifact_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat(label, ": needs artifact_index or event.artifact_id"));
    }
    if (edge.has_artifact_index()) {
      const int index = edge.artifact_index();
      if (index < 0 || index >= request.artifacts_size()) {
        return absl::OutOfRangeError(
            absl::StrCat(label, ": artifact_index ", index, " is outside [0, ",
                         request.artifacts_size(), ")"));
      }
      const Artifact& artifact = request.artifacts(index);
      if (event.has_artifact_id() &&
          (!artifact.has_id() || artifact.id() != event.artifact_id())) {
        return absl::InvalidArgumentError(absl::StrCat(
            label, ": event.artifact_id ", event.artifact_id(),
            " does not match artifacts[", index, "] (id ",
            artifact.has_id() ? absl::StrCat(artifact.id()) : "unset", ")"));
      }
    }
    absl::Status st = CheckEventType(event, absl::StrCat(label, ".event"));
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

std::vector<int64_t> Distinct(absl::Span<const int64_t> ids) {
  std::vector<int64_t> out;
  absl::flat_hash_set<int64_t> seen;
  for (int64_t id : ids) {
    if (seen.insert(id).second) out.push_back(id);
  }
  return out;
}

// Request checks of PutExecution that need no database.
absl::Status CheckPutExecution(const PutExecutionRequest& request) {
  if (!request.has_execution()) {
    return absl::InvalidArgumentError(
        "No execution is found: the request has no execution");
  }
  const auto& pairs = request.artifact_event_pairs();
  for (int i = 0; i < pairs.size(); ++i) {
    if (!pairs[i].has_event()) continue;
    const std::string label = absl::StrCat("artifact_event_pairs[", i, "]");
    if (!pairs[i].has_artifact() && !pairs[i].event().has_artifact_id()) {
      return absl::InvalidArgumentError(
          absl::StrCat("If no artifact is present, given event must have an "
                       "artifact_id: ",
                       label, " has neither"));
    }
    absl::Status st = CheckEventType(pairs[i].event(), label + ".event");
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

// PutExecution for one request or for several sharing one transaction and
// one statement per kind of row (write_combiner.h); every request has passed
// CheckPutExecution and all have equal options. The stages run in a fixed
// order (artifacts, executions, events, contexts, links), each over all
// requests in request order, and PutNodes / UpsertContexts apply a node
// named twice twice, in order. A request reads nothing a later request
// writes, with one exception checked below, so each request gets what it
// would get run alone after the ones before it. A batch that fails returns
// its first error; the combiner then runs each request alone, so error
// messages (which name positions in the whole batch here) are only ever
// reported from a batch of one.
absl::Status PutExecutionsTogether(
    sql::Connection& conn, absl::Span<const PutExecutionRequest* const> requests,
    absl::Span<PutExecutionResponse* const> responses,
    const PutNodesOptions& write_options) {
  const size_t n = requests.size();
  const PutExecutionRequest::Options& options = requests[0]->options();
  for (PutExecutionResponse* response : responses) response->Clear();

  // 1. Artifacts, request by request, in pair order.
  std::vector<Artifact> artifacts;
  std::vector<size_t> artifacts_end(n);  // past each request's last artifact
  for (size_t q = 0; q < n; ++q) {
    for (const auto& pair : requests[q]->artifact_event_pairs()) {
      if (pair.has_artifact()) artifacts.push_back(pair.artifact());
    }
    artifacts_end[q] = artifacts.size();
  }
  auto artifact_ids = UpsertArtifacts(
      conn, std::move(artifacts),
      options.reuse_artifact_if_already_exist_by_external_id(),
      /*reuse_within_request=*/true, write_options);
  if (!artifact_ids.ok()) {
    return Annotate(artifact_ids.status(), "artifact_event_pairs");
  }

  // 2. The executions.
  std::vector<Execution> executions;
  executions.reserve(n);
  for (const PutExecutionRequest* request : requests) {
    executions.push_back(request->execution());
  }
  PutNodesOptions execution_options = write_options;
  execution_options.force_update_time = options.force_update_time();
  auto execution_ids =
      PutNodes<Execution>(conn, executions, execution_options);
  if (!execution_ids.ok()) return execution_ids.status();

  // 3. Events, with the ids just written filled in.
  std::vector<Event> events;
  std::vector<std::string> labels;
  std::vector<int64_t> unchecked_artifact_ids;
  size_t next_artifact = 0;
  for (size_t q = 0; q < n; ++q) {
    const int64_t execution_id = (*execution_ids)[q];
    PutExecutionResponse* response = responses[q];
    response->set_execution_id(execution_id);
    const auto& pairs = requests[q]->artifact_event_pairs();
    for (int i = 0; i < pairs.size(); ++i) {
      const auto& pair = pairs[i];
      int64_t artifact_id = -1;  // upstream's answer for an empty pair
      if (pair.has_artifact()) {
        artifact_id = (*artifact_ids)[next_artifact++];
      } else if (pair.has_event()) {
        artifact_id = pair.event().artifact_id();
      }
      response->add_artifact_ids(artifact_id);
      if (!pair.has_event()) continue;
      const std::string label = absl::StrCat("artifact_event_pairs[", i, "]");
      Event event = pair.event();
      if (event.has_execution_id() && event.execution_id() != execution_id) {
        return absl::InvalidArgumentError(
            absl::StrCat("Request's event.execution_id does not match with "
                         "the given execution: ",
                         label, ": event.execution_id ", event.execution_id(),
                         " differs from the execution's id ", execution_id));
      }
      if (event.has_artifact_id() && event.artifact_id() != artifact_id) {
        return absl::InvalidArgumentError(
            absl::StrCat("Given event.artifact_id is not aligned with the "
                         "artifact: ",
                         label, ": event.artifact_id ", event.artifact_id(),
                         " differs from the artifact's id ", artifact_id));
      }
      if (!pair.has_artifact()) {
        // The exception: an event naming by id an artifact that a later
        // request of the batch wrote. Alone, this request would not see it.
        for (size_t k = artifacts_end[q]; k < artifact_ids->size(); ++k) {
          if ((*artifact_ids)[k] == artifact_id) {
            return absl::FailedPreconditionError(
                "a request names an artifact a later request writes; "
                "they run alone");
          }
        }
        unchecked_artifact_ids.push_back(artifact_id);
      }
      event.set_execution_id(execution_id);
      event.set_artifact_id(artifact_id);
      events.push_back(std::move(event));
      labels.push_back(label);
    }
  }
  absl::Status st =
      StoreEvents(conn, events, labels, unchecked_artifact_ids, {});
  if (!st.ok()) return st;

  // 4. Contexts, then attributions and associations.
  google::protobuf::RepeatedPtrField<Context> batch_contexts;
  if (n > 1) {
    for (const PutExecutionRequest* request : requests) {
      batch_contexts.MergeFrom(request->contexts());
    }
  }
  auto context_ids = UpsertContexts(
      conn, n > 1 ? batch_contexts : requests[0]->contexts(),
      options.reuse_context_if_already_exist(), options.force_reuse_context(),
      write_options);
  if (!context_ids.ok()) return context_ids.status();
  ContextLinks links;
  size_t next_context = 0;
  for (size_t q = 0; q < n; ++q) {
    PutExecutionResponse* response = responses[q];
    const size_t count = requests[q]->contexts_size();
    const absl::Span<const int64_t> ids =
        absl::MakeConstSpan(*context_ids).subspan(next_context, count);
    next_context += count;
    for (int64_t id : ids) response->add_context_ids(id);
    std::vector<int64_t> linked_artifacts;
    for (int64_t id : response->artifact_ids()) {
      if (id != -1) linked_artifacts.push_back(id);
    }
    const int64_t execution_ids_of_request[] = {response->execution_id()};
    links.Add(ids, Distinct(linked_artifacts), execution_ids_of_request);
  }
  return links.Insert(conn);
}

}  // namespace

absl::Status MetadataStore::PutExecution(
    const PutExecutionRequest& request,
    ml_metadata::PutExecutionResponse* response) {
  response->Clear();
  absl::Status checked = CheckPutExecution(request);
  if (!checked.ok()) return checked;
  PutNodesOptions write_options;
  write_options.type_cache = type_cache_.get();
  std::string key;
  request.options().SerializeToString(&key);
  return WriteCombiner<PutExecutionRequest, PutExecutionResponse>::RunMaybe(
      combiners_ ? &combiners_->put_execution : nullptr, request, response,
      request.artifact_event_pairs_size() + request.contexts_size(),
      std::move(key),
      [&](absl::Span<const PutExecutionRequest* const> requests,
          absl::Span<PutExecutionResponse* const> responses) {
        return RunWrite([&](sql::Connection& conn) {
          return PutExecutionsTogether(conn, requests, responses,
                                       write_options);
        });
      });
}

absl::Status MetadataStore::PutLineageSubgraph(
    const PutLineageSubgraphRequest& request,
    ml_metadata::PutLineageSubgraphResponse* response) {
  response->Clear();
  absl::Status checked = CheckEventEdges(request);
  if (!checked.ok()) return checked;
  const PutLineageSubgraphRequest::Options& options = request.options();
  PutNodesOptions write_options;
  write_options.type_cache = type_cache_.get();

  return RunWrite([&](sql::Connection& conn) -> absl::Status {
    response->Clear();
    // 1. Contexts.
    auto context_ids = UpsertContexts(
        conn, request.contexts(), options.reuse_context_if_already_exist(),
        /*force_reuse_by_id=*/false, write_options);
    if (!context_ids.ok()) return context_ids.status();
    for (int64_t id : *context_ids) response->add_context_ids(id);

    // 2. Artifacts.
    auto artifact_ids = UpsertArtifacts(
        conn,
        std::vector<Artifact>(request.artifacts().begin(),
                              request.artifacts().end()),
        options.reuse_artifact_if_already_exist_by_external_id(),
        /*reuse_within_request=*/false, write_options);
    if (!artifact_ids.ok()) return Annotate(artifact_ids.status(), "artifacts");
    for (int64_t id : *artifact_ids) response->add_artifact_ids(id);

    // 3. Executions.
    std::vector<int64_t> execution_ids;
    if (!request.executions().empty()) {
      const std::vector<Execution> executions(request.executions().begin(),
                                              request.executions().end());
      auto written = WriteNodes<Execution>(conn, executions, write_options);
      if (!written.ok()) return Annotate(written.status(), "executions");
      execution_ids = *std::move(written);
    }
    for (int64_t id : execution_ids) response->add_execution_ids(id);

    // 4. Every artifact and execution joins every context.
    ContextLinks links;
    links.Add(*context_ids, *artifact_ids, execution_ids);
    absl::Status st = links.Insert(conn);
    if (!st.ok()) return st;

    // 5. Events between the written nodes (or nodes named by id).
    std::vector<Event> events;
    std::vector<std::string> labels;
    std::vector<int64_t> unchecked_artifact_ids, unchecked_execution_ids;
    for (int i = 0; i < request.event_edges_size(); ++i) {
      const auto& edge = request.event_edges(i);
      Event event = edge.event();
      if (edge.has_execution_index()) {
        event.set_execution_id(execution_ids[edge.execution_index()]);
      } else {
        unchecked_execution_ids.push_back(event.execution_id());
      }
      if (edge.has_artifact_index()) {
        event.set_artifact_id((*artifact_ids)[edge.artifact_index()]);
      } else {
        unchecked_artifact_ids.push_back(event.artifact_id());
      }
      events.push_back(std::move(event));
      labels.push_back(absl::StrCat("event_edges[", i, "]"));
    }
    return StoreEvents(conn, events, labels, unchecked_artifact_ids,
                       unchecked_execution_ids);
  });
}

}  // namespace mlmd
