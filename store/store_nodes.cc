// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The node RPCs: Put{Artifacts,Executions,Contexts} and their getters. Row
// mapping lives in node_access.cc / node_write.cc, paging and filters in
// list_query.cc.
//
// Each method family is written once, as a template over the node message
// that returns the family's transaction body; the public methods pick the
// kind and run that body with RunRead or RunWrite.
#include <algorithm>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store/kind_fields.h"
#include "store/list_query.h"
#include "store/node_access.h"
#include "store/store.h"
#include "store/type_access.h"
#include "store/write_combiner.h"

namespace mlmd {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;

// Moves `nodes` into the response's node list (artifacts, executions or
// contexts).
template <typename Node, typename Response>
void MoveInto(std::vector<Node>& nodes, Response* response) {
  auto* out = KindFields<Node>::MutableNodes(response);
  out->Reserve(static_cast<int>(nodes.size()));
  for (Node& node : nodes) *out->Add() = std::move(node);
}

// The request's type_version; upstream treats an empty one like an absent
// one (nullopt).
template <typename Request>
std::optional<std::string> RequestedVersion(const Request& request) {
  if (request.has_type_version() && !request.type_version().empty()) {
    return request.type_version();
  }
  return std::nullopt;
}

// The type named by the request's type_name and type_version, or nullopt.
template <typename Node, typename Request>
absl::StatusOr<std::optional<TypeDef>> RequestedType(sql::Connection& conn,
                                                     const Request& request) {
  return FindTypeDef(conn, NodeTraits<Node>::kKind, request.type_name(),
                     RequestedVersion(request));
}

// The types of `artifacts`, for GetArtifactsByID's populate_artifact_types.
absl::Status AddArtifactTypes(
    sql::Connection& conn, const std::vector<Artifact>& artifacts,
    google::protobuf::RepeatedPtrField<ml_metadata::ArtifactType>* out) {
  std::vector<int64_t> type_ids;
  for (const Artifact& a : artifacts) type_ids.push_back(a.type_id());
  std::sort(type_ids.begin(), type_ids.end());
  type_ids.erase(std::unique(type_ids.begin(), type_ids.end()), type_ids.end());
  auto types = LoadTypes<ml_metadata::ArtifactType>(conn, type_ids);
  if (!types.ok()) return types.status();
  for (ml_metadata::ArtifactType& type : *types) {
    // Upstream fills these types from the artifact query alone, which
    // carries no base_type.
    type.clear_base_type();
    *out->Add() = std::move(type);
  }
  return absl::OkStatus();
}

// ---- The method families ----
// Each returns a transaction body, which clears the response first (a
// retried transaction runs it again).

// Put{Artifacts,Executions,Contexts}: creates or updates the nodes, answering
// their ids in request order. Several requests with equal options and
// update_mask (write_combiner.h) go as one PutNodes call, the nodes of each
// request after those of the requests before it; PutNodes applies nodes in
// order, so each request gets what it would alone after the ones before.
template <typename Node, typename Request, typename Response>
absl::Status PutNodesTogether(sql::Connection& conn,
                              absl::Span<const Request* const> requests,
                              absl::Span<Response* const> responses,
                              TypeDefCache* type_cache) {
  const Request& first = *requests[0];
  PutNodesOptions options;
  options.update_mask = &first.update_mask();
  options.type_cache = type_cache;
  if constexpr (std::is_same_v<Node, Artifact>) {
    options.abort_if_latest_updated_time_changed =
        first.options().abort_if_latest_updated_time_changed();
  }
  std::vector<Node> nodes;
  for (size_t q = 0; q < requests.size(); ++q) {
    responses[q]->Clear();
    const auto& request_nodes = KindFields<Node>::Nodes(*requests[q]);
    if (static_cast<size_t>(request_nodes.size()) > kMaxNodesPerPut) {
      return absl::InvalidArgumentError(absl::StrCat(
          "too many ", NodeTraits<Node>::kName, "s in one request: ",
          request_nodes.size(), " (the limit is ", kMaxNodesPerPut, ")"));
    }
    nodes.insert(nodes.end(), request_nodes.begin(), request_nodes.end());
  }
  auto ids = PutNodes<Node>(conn, nodes, options);
  if (!ids.ok()) return ids.status();
  auto next = ids->begin();
  for (size_t q = 0; q < requests.size(); ++q) {
    const auto count = KindFields<Node>::Nodes(*requests[q]).size();
    KindFields<Node>::MutableIds(responses[q])->Add(next, next + count);
    next += count;
  }
  return absl::OkStatus();
}

// What requests must share to go in one batch: what PutNodesTogether takes
// from the first request for all of them (transaction_options are unused).
template <typename Request>
std::string CombineKey(const Request& request) {
  std::string key;
  if constexpr (std::is_same_v<Request, ml_metadata::PutArtifactsRequest>) {
    request.options().AppendToString(&key);
  }
  key.push_back('|');
  request.update_mask().AppendToString(&key);
  return key;
}

// Get{Artifacts,Executions,Contexts}: every node of the kind, or one page of
// them when the request has options (a token only when another page
// follows).
template <typename Node, typename Request, typename Response>
auto ListNodesBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    if (!request.has_options()) {
      auto nodes = LoadAllNodes<Node>(conn);
      if (!nodes.ok()) return nodes.status();
      MoveInto(*nodes, response);
      return absl::OkStatus();
    }
    std::string token;
    auto nodes = ListNodesPage<Node>(conn, &request.options(),
                                     NodeRestriction(), &token);
    if (!nodes.ok()) return nodes.status();
    if (!token.empty()) response->set_next_page_token(std::move(token));
    MoveInto(*nodes, response);
    return absl::OkStatus();
  };
}

// Get{Artifacts,Executions,Contexts}ByID: ascending id, unknown ids skipped;
// GetArtifactsByID adds the artifacts' types when asked.
template <typename Node, typename Request, typename Response>
auto NodesByIdBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const auto& ids = KindFields<Node>::Ids(request);
    auto nodes =
        LoadNodes<Node>(conn, absl::MakeConstSpan(ids.data(), ids.size()));
    if (!nodes.ok()) return nodes.status();
    if constexpr (std::is_same_v<Node, Artifact>) {
      if (request.populate_artifact_types() && !nodes->empty()) {
        absl::Status st =
            AddArtifactTypes(conn, *nodes, response->mutable_artifact_types());
        if (!st.ok()) return st;
      }
    }
    MoveInto(*nodes, response);
    return absl::OkStatus();
  };
}

// Get{Artifacts,Executions,Contexts}ByType: the nodes of the named type, none
// when the type does not exist. With options, upstream reports the token
// (even an empty one) whenever the type has nodes.
template <typename Node, typename Request, typename Response>
auto NodesByTypeBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto type = RequestedType<Node>(conn, request);
    if (!type.ok()) return type.status();
    if (!type->has_value()) return absl::OkStatus();
    if (!request.has_options()) {
      auto nodes = LoadNodesByType<Node>(conn, (*type)->id);
      if (!nodes.ok()) return nodes.status();
      MoveInto(*nodes, response);
      return absl::OkStatus();
    }
    std::string token;
    NodeRestriction restriction;
    restriction.type_id = (*type)->id;
    auto nodes =
        ListNodesPage<Node>(conn, &request.options(), restriction, &token);
    if (!nodes.ok()) return nodes.status();
    if (!nodes->empty()) response->set_next_page_token(std::move(token));
    MoveInto(*nodes, response);
    return absl::OkStatus();
  };
}

// Get{Artifact,Execution,Context}ByTypeAndName: the node of the named type
// and name, or an empty response (never NOT_FOUND).
template <typename Node, typename Request, typename Response>
auto NodeByTypeAndNameBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto node = LoadNodeByTypeAndName<Node>(conn, request.type_name(),
                                            RequestedVersion(request),
                                            KindFields<Node>::Name(request));
    if (!node.ok()) return node.status();
    if (node->has_value()) {
      *KindFields<Node>::MutableNode(response) = std::move(**node);
    }
    return absl::OkStatus();
  };
}

// Get{Artifacts,Executions,Contexts}ByExternalIds. Upstream: no ids is an
// empty answer, an empty id is INVALID_ARGUMENT and no match at all is
// NOT_FOUND.
template <typename Node, typename Request, typename Response>
auto NodesByExternalIdsBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const auto& external_ids = request.external_ids();
    if (external_ids.empty()) return absl::OkStatus();
    for (int i = 0; i < external_ids.size(); ++i) {
      if (external_ids[i].empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "external_ids[", i,
            "] is empty: Invalid argument because at least one empty "
            "external_id exists."));
      }
    }
    const std::vector<std::string> ids(external_ids.begin(),
                                       external_ids.end());
    auto nodes = LoadNodesByExternalIds<Node>(conn, ids);
    if (!nodes.ok()) return nodes.status();
    if (nodes->empty()) {
      return absl::NotFoundError(absl::StrCat("No ", NodeTraits<Node>::kName,
                                              "s found for external_ids."));
    }
    MoveInto(*nodes, response);
    return absl::OkStatus();
  };
}

}  // namespace

// ---- Writes ----

// Put{Artifacts,Executions,Contexts} through their combiner.
template <typename Node, typename Request, typename Response>
absl::Status MetadataStore::PutNodesCombined(
    WriteCombiner<Request, Response>* combiner, const Request& request,
    Response* response) {
  return WriteCombiner<Request, Response>::RunMaybe(
      combiner, request, response, KindFields<Node>::Nodes(request).size(),
      CombineKey(request),
      [&](absl::Span<const Request* const> requests,
          absl::Span<Response* const> responses) {
        return RunWrite([&](sql::Connection& conn) {
          return PutNodesTogether<Node>(conn, requests, responses,
                                        type_cache_.get());
        });
      });
}

absl::Status MetadataStore::PutArtifacts(
    const ml_metadata::PutArtifactsRequest& request,
    ml_metadata::PutArtifactsResponse* response) {
  return PutNodesCombined<Artifact>(
      combiners_ ? &combiners_->put_artifacts : nullptr, request, response);
}

absl::Status MetadataStore::PutExecutions(
    const ml_metadata::PutExecutionsRequest& request,
    ml_metadata::PutExecutionsResponse* response) {
  return PutNodesCombined<Execution>(
      combiners_ ? &combiners_->put_executions : nullptr, request, response);
}

absl::Status MetadataStore::PutContexts(
    const ml_metadata::PutContextsRequest& request,
    ml_metadata::PutContextsResponse* response) {
  return PutNodesCombined<Context>(
      combiners_ ? &combiners_->put_contexts : nullptr, request, response);
}

// ---- Listing ----

absl::Status MetadataStore::GetArtifacts(
    const ml_metadata::GetArtifactsRequest& request,
    ml_metadata::GetArtifactsResponse* response) {
  return RunRead(ListNodesBody<Artifact>(request, response));
}

absl::Status MetadataStore::GetExecutions(
    const ml_metadata::GetExecutionsRequest& request,
    ml_metadata::GetExecutionsResponse* response) {
  return RunRead(ListNodesBody<Execution>(request, response));
}

absl::Status MetadataStore::GetContexts(
    const ml_metadata::GetContextsRequest& request,
    ml_metadata::GetContextsResponse* response) {
  return RunRead(ListNodesBody<Context>(request, response));
}

// ---- By id ----

absl::Status MetadataStore::GetArtifactsByID(
    const ml_metadata::GetArtifactsByIDRequest& request,
    ml_metadata::GetArtifactsByIDResponse* response) {
  return RunRead(NodesByIdBody<Artifact>(request, response));
}

absl::Status MetadataStore::GetExecutionsByID(
    const ml_metadata::GetExecutionsByIDRequest& request,
    ml_metadata::GetExecutionsByIDResponse* response) {
  return RunRead(NodesByIdBody<Execution>(request, response));
}

absl::Status MetadataStore::GetContextsByID(
    const ml_metadata::GetContextsByIDRequest& request,
    ml_metadata::GetContextsByIDResponse* response) {
  return RunRead(NodesByIdBody<Context>(request, response));
}

// ---- By type ----

absl::Status MetadataStore::GetArtifactsByType(
    const ml_metadata::GetArtifactsByTypeRequest& request,
    ml_metadata::GetArtifactsByTypeResponse* response) {
  return RunRead(NodesByTypeBody<Artifact>(request, response));
}

absl::Status MetadataStore::GetExecutionsByType(
    const ml_metadata::GetExecutionsByTypeRequest& request,
    ml_metadata::GetExecutionsByTypeResponse* response) {
  return RunRead(NodesByTypeBody<Execution>(request, response));
}

absl::Status MetadataStore::GetContextsByType(
    const ml_metadata::GetContextsByTypeRequest& request,
    ml_metadata::GetContextsByTypeResponse* response) {
  return RunRead(NodesByTypeBody<Context>(request, response));
}

absl::Status MetadataStore::GetArtifactByTypeAndName(
    const ml_metadata::GetArtifactByTypeAndNameRequest& request,
    ml_metadata::GetArtifactByTypeAndNameResponse* response) {
  return RunRead(NodeByTypeAndNameBody<Artifact>(request, response));
}

absl::Status MetadataStore::GetExecutionByTypeAndName(
    const ml_metadata::GetExecutionByTypeAndNameRequest& request,
    ml_metadata::GetExecutionByTypeAndNameResponse* response) {
  return RunRead(NodeByTypeAndNameBody<Execution>(request, response));
}

absl::Status MetadataStore::GetContextByTypeAndName(
    const ml_metadata::GetContextByTypeAndNameRequest& request,
    ml_metadata::GetContextByTypeAndNameResponse* response) {
  return RunRead(NodeByTypeAndNameBody<Context>(request, response));
}

// ---- By uri / external id ----

absl::Status MetadataStore::GetArtifactsByURI(
    const ml_metadata::GetArtifactsByURIRequest& request,
    ml_metadata::GetArtifactsByURIResponse* response) {
  // Field 1 was a single `uri` in clients older than 0.21; upstream refuses
  // such requests instead of silently ignoring the filter.
  const auto& unknown = request.GetReflection()->GetUnknownFields(request);
  for (int i = 0; i < unknown.field_count(); ++i) {
    if (unknown.field(i).number() == 1) {
      return absl::InvalidArgumentError(
          "The request contains deprecated field `uri`. Please upgrade the "
          "client library version above 0.21.0 and use `uris`.");
    }
  }
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    const std::vector<std::string> uris(request.uris().begin(),
                                        request.uris().end());
    auto nodes = LoadArtifactsByUris(conn, uris);
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response);
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetArtifactsByExternalIds(
    const ml_metadata::GetArtifactsByExternalIdsRequest& request,
    ml_metadata::GetArtifactsByExternalIdsResponse* response) {
  return RunRead(NodesByExternalIdsBody<Artifact>(request, response));
}

absl::Status MetadataStore::GetExecutionsByExternalIds(
    const ml_metadata::GetExecutionsByExternalIdsRequest& request,
    ml_metadata::GetExecutionsByExternalIdsResponse* response) {
  return RunRead(NodesByExternalIdsBody<Execution>(request, response));
}

absl::Status MetadataStore::GetContextsByExternalIds(
    const ml_metadata::GetContextsByExternalIdsRequest& request,
    ml_metadata::GetContextsByExternalIdsResponse* response) {
  return RunRead(NodesByExternalIdsBody<Context>(request, response));
}

}  // namespace mlmd
