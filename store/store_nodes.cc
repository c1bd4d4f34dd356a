// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The node RPCs: Put{Artifacts,Executions,Contexts} and their getters. Row
// mapping lives in node_access.cc / node_write.cc, paging and filters in
// list_query.cc.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store/list_query.h"
#include "store/node_access.h"
#include "store/store.h"
#include "store/type_access.h"

namespace mlmd {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;

template <typename Node, typename Repeated>
void MoveInto(std::vector<Node>& nodes, Repeated* out) {
  out->Reserve(static_cast<int>(nodes.size()));
  for (Node& node : nodes) *out->Add() = std::move(node);
}

// Upstream treats an empty type_version like an absent one.
template <typename Request>
std::optional<std::string> RequestedTypeVersion(const Request& request) {
  if (!request.has_type_version() || request.type_version().empty()) {
    return std::nullopt;
  }
  return request.type_version();
}

template <typename Node>
absl::Status PutAll(sql::Connection& conn,
                    const google::protobuf::RepeatedPtrField<Node>& nodes,
                    const PutNodesOptions& options,
                    google::protobuf::RepeatedField<int64_t>* ids_out) {
  if (static_cast<size_t>(nodes.size()) > kMaxNodesPerPut) {
    return absl::InvalidArgumentError(
        absl::StrCat("too many ", NodeTraits<Node>::kName, "s in one request: ",
                     nodes.size(), " (the limit is ", kMaxNodesPerPut, ")"));
  }
  const std::vector<Node> copy(nodes.begin(), nodes.end());
  auto ids = PutNodes<Node>(conn, copy, options);
  if (!ids.ok()) return ids.status();
  ids_out->Add(ids->begin(), ids->end());
  return absl::OkStatus();
}

// Every node of the kind, or one page of them when the request has options.
// `set_token` receives a non-empty next-page token.
template <typename Node, typename Request, typename SetToken>
absl::StatusOr<std::vector<Node>> ListAll(sql::Connection& conn,
                                          const Request& request,
                                          SetToken set_token) {
  if (!request.has_options()) return LoadAllNodes<Node>(conn);
  std::string token;
  auto nodes =
      ListNodesPage<Node>(conn, &request.options(), NodeRestriction(), &token);
  if (nodes.ok() && !token.empty()) set_token(std::move(token));
  return nodes;
}

// Nodes of the type named in the request; none when the type does not exist.
// With options, upstream reports the token (even an empty one) whenever the
// type has nodes.
template <typename Node, typename Request, typename SetToken>
absl::StatusOr<std::vector<Node>> ListByType(sql::Connection& conn,
                                             const Request& request,
                                             SetToken set_token) {
  auto type = FindTypeDef(conn, NodeTraits<Node>::kKind, request.type_name(),
                          RequestedTypeVersion(request));
  if (!type.ok()) return type.status();
  if (!type->has_value()) return std::vector<Node>();
  if (!request.has_options()) return LoadNodesByType<Node>(conn, (*type)->id);
  std::string token;
  NodeRestriction restriction;
  restriction.type_id = (*type)->id;
  auto nodes =
      ListNodesPage<Node>(conn, &request.options(), restriction, &token);
  if (nodes.ok() && !nodes->empty()) set_token(std::move(token));
  return nodes;
}

// The node of the named type and name, or nullopt (never NOT_FOUND).
template <typename Node, typename Request>
absl::StatusOr<std::optional<Node>> ByTypeAndName(sql::Connection& conn,
                                                  const Request& request,
                                                  const std::string& name) {
  auto type = FindTypeDef(conn, NodeTraits<Node>::kKind, request.type_name(),
                          RequestedTypeVersion(request));
  if (!type.ok()) return type.status();
  if (!type->has_value()) return std::optional<Node>();
  return LoadNodeByTypeAndName<Node>(conn, (*type)->id, name);
}

// Upstream: no ids is an empty answer, an empty id is INVALID_ARGUMENT and
// no match at all is NOT_FOUND.
template <typename Node>
absl::StatusOr<std::vector<Node>> ByExternalIds(
    sql::Connection& conn,
    const google::protobuf::RepeatedPtrField<std::string>& external_ids) {
  if (external_ids.empty()) return std::vector<Node>();
  for (int i = 0; i < external_ids.size(); ++i) {
    if (external_ids[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "external_ids[", i,
          "] is empty: Invalid argument because at least one empty "
          "external_id exists."));
    }
  }
  const std::vector<std::string> ids(external_ids.begin(), external_ids.end());
  auto nodes = LoadNodesByExternalIds<Node>(conn, ids);
  if (!nodes.ok()) return nodes.status();
  if (nodes->empty()) {
    return absl::NotFoundError(absl::StrCat("No ", NodeTraits<Node>::kName,
                                            "s found for external_ids."));
  }
  return nodes;
}

absl::Span<const int64_t> AsSpan(
    const google::protobuf::RepeatedField<int64_t>& ids) {
  return absl::MakeConstSpan(ids.data(), ids.size());
}

}  // namespace

// ---- Writes ----

absl::Status MetadataStore::PutArtifacts(
    const ml_metadata::PutArtifactsRequest& request,
    ml_metadata::PutArtifactsResponse* response) {
  PutNodesOptions options;
  options.update_mask = &request.update_mask();
  options.type_cache = type_cache_.get();
  options.abort_if_latest_updated_time_changed =
      request.options().abort_if_latest_updated_time_changed();
  return RunWrite([&](sql::Connection& conn) {
    response->Clear();
    return PutAll<Artifact>(conn, request.artifacts(), options,
                            response->mutable_artifact_ids());
  });
}

absl::Status MetadataStore::PutExecutions(
    const ml_metadata::PutExecutionsRequest& request,
    ml_metadata::PutExecutionsResponse* response) {
  PutNodesOptions options;
  options.update_mask = &request.update_mask();
  options.type_cache = type_cache_.get();
  return RunWrite([&](sql::Connection& conn) {
    response->Clear();
    return PutAll<Execution>(conn, request.executions(), options,
                             response->mutable_execution_ids());
  });
}

absl::Status MetadataStore::PutContexts(
    const ml_metadata::PutContextsRequest& request,
    ml_metadata::PutContextsResponse* response) {
  PutNodesOptions options;
  options.update_mask = &request.update_mask();
  options.type_cache = type_cache_.get();
  return RunWrite([&](sql::Connection& conn) {
    response->Clear();
    return PutAll<Context>(conn, request.contexts(), options,
                           response->mutable_context_ids());
  });
}

// ---- Listing ----

absl::Status MetadataStore::GetArtifacts(
    const ml_metadata::GetArtifactsRequest& request,
    ml_metadata::GetArtifactsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ListAll<Artifact>(conn, request, [&](std::string token) {
      response->set_next_page_token(std::move(token));
    });
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_artifacts());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetExecutions(
    const ml_metadata::GetExecutionsRequest& request,
    ml_metadata::GetExecutionsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ListAll<Execution>(conn, request, [&](std::string token) {
      response->set_next_page_token(std::move(token));
    });
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_executions());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetContexts(
    const ml_metadata::GetContextsRequest& request,
    ml_metadata::GetContextsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ListAll<Context>(conn, request, [&](std::string token) {
      response->set_next_page_token(std::move(token));
    });
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_contexts());
    return absl::OkStatus();
  });
}

// ---- By id ----

absl::Status MetadataStore::GetArtifactsByID(
    const ml_metadata::GetArtifactsByIDRequest& request,
    ml_metadata::GetArtifactsByIDResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto loaded = LoadNodes<Artifact>(conn, AsSpan(request.artifact_ids()));
    if (!loaded.ok()) return loaded.status();
    std::vector<Artifact>& nodes = *loaded;
    if (request.populate_artifact_types() && !nodes.empty()) {
      std::vector<int64_t> type_ids;
      for (const Artifact& a : nodes) type_ids.push_back(a.type_id());
      std::sort(type_ids.begin(), type_ids.end());
      type_ids.erase(std::unique(type_ids.begin(), type_ids.end()),
                     type_ids.end());
      auto types = LoadTypes<ml_metadata::ArtifactType>(conn, type_ids);
      if (!types.ok()) return types.status();
      for (ml_metadata::ArtifactType& type : *types) {
        // Upstream fills these types from the artifact query alone, which
        // carries no base_type.
        type.clear_base_type();
        *response->add_artifact_types() = std::move(type);
      }
    }
    MoveInto(nodes, response->mutable_artifacts());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetExecutionsByID(
    const ml_metadata::GetExecutionsByIDRequest& request,
    ml_metadata::GetExecutionsByIDResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto loaded = LoadNodes<Execution>(conn, AsSpan(request.execution_ids()));
    if (!loaded.ok()) return loaded.status();
    std::vector<Execution>& nodes = *loaded;
    MoveInto(nodes, response->mutable_executions());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetContextsByID(
    const ml_metadata::GetContextsByIDRequest& request,
    ml_metadata::GetContextsByIDResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto loaded = LoadNodes<Context>(conn, AsSpan(request.context_ids()));
    if (!loaded.ok()) return loaded.status();
    std::vector<Context>& nodes = *loaded;
    MoveInto(nodes, response->mutable_contexts());
    return absl::OkStatus();
  });
}

// ---- By type ----

absl::Status MetadataStore::GetArtifactsByType(
    const ml_metadata::GetArtifactsByTypeRequest& request,
    ml_metadata::GetArtifactsByTypeResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ListByType<Artifact>(conn, request, [&](std::string token) {
      response->set_next_page_token(std::move(token));
    });
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_artifacts());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetExecutionsByType(
    const ml_metadata::GetExecutionsByTypeRequest& request,
    ml_metadata::GetExecutionsByTypeResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ListByType<Execution>(conn, request, [&](std::string token) {
      response->set_next_page_token(std::move(token));
    });
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_executions());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetContextsByType(
    const ml_metadata::GetContextsByTypeRequest& request,
    ml_metadata::GetContextsByTypeResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ListByType<Context>(conn, request, [&](std::string token) {
      response->set_next_page_token(std::move(token));
    });
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_contexts());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetArtifactByTypeAndName(
    const ml_metadata::GetArtifactByTypeAndNameRequest& request,
    ml_metadata::GetArtifactByTypeAndNameResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto node = ByTypeAndName<Artifact>(conn, request, request.artifact_name());
    if (!node.ok()) return node.status();
    if (node->has_value()) *response->mutable_artifact() = std::move(**node);
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetExecutionByTypeAndName(
    const ml_metadata::GetExecutionByTypeAndNameRequest& request,
    ml_metadata::GetExecutionByTypeAndNameResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto node =
        ByTypeAndName<Execution>(conn, request, request.execution_name());
    if (!node.ok()) return node.status();
    if (node->has_value()) *response->mutable_execution() = std::move(**node);
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetContextByTypeAndName(
    const ml_metadata::GetContextByTypeAndNameRequest& request,
    ml_metadata::GetContextByTypeAndNameResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto node = ByTypeAndName<Context>(conn, request, request.context_name());
    if (!node.ok()) return node.status();
    if (node->has_value()) *response->mutable_context() = std::move(**node);
    return absl::OkStatus();
  });
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
    MoveInto(*nodes, response->mutable_artifacts());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetArtifactsByExternalIds(
    const ml_metadata::GetArtifactsByExternalIdsRequest& request,
    ml_metadata::GetArtifactsByExternalIdsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ByExternalIds<Artifact>(conn, request.external_ids());
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_artifacts());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetExecutionsByExternalIds(
    const ml_metadata::GetExecutionsByExternalIdsRequest& request,
    ml_metadata::GetExecutionsByExternalIdsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ByExternalIds<Execution>(conn, request.external_ids());
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_executions());
    return absl::OkStatus();
  });
}

absl::Status MetadataStore::GetContextsByExternalIds(
    const ml_metadata::GetContextsByExternalIdsRequest& request,
    ml_metadata::GetContextsByExternalIdsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    auto nodes = ByExternalIds<Context>(conn, request.external_ids());
    if (!nodes.ok()) return nodes.status();
    MoveInto(*nodes, response->mutable_contexts());
    return absl::OkStatus();
  });
}

}  // namespace mlmd
