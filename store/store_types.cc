// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The type API: Put*Type, PutTypes and the type lookups. Row work is in
// type_access.cc (reads) and type_upsert.cc (creation and evolution).
//
// Each per-kind method family is written once, as a template over the type
// message that returns the family's transaction body; the public methods pick
// the kind and run that body.
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "store/kind_fields.h"
#include "store/node_kinds.h"
#include "store/store.h"
#include "store/transaction.h"
#include "store/type_access.h"
#include "store/type_cache.h"
#include "store/type_upsert.h"

namespace mlmd {
namespace {

using ml_metadata::ArtifactType;
using ml_metadata::ContextType;
using ml_metadata::ExecutionType;

// KindFields (kind_fields.h) of a type message's kind.
template <typename TypeMessage>
using TypeFields = KindFields<typename TypeTraits<TypeMessage>::Node>;

template <typename Request>
TypeEvolutionOptions EvolutionOf(const Request& request) {
  // can_delete_fields is deprecated and, as upstream, ignored.
  return {request.can_add_fields(), request.can_omit_fields()};
}

std::string DescribeTypeQuery(TypeKind kind, const std::string& name,
                              const std::optional<std::string>& version) {
  return absl::StrCat(TypeKindName(kind), " type '", name, "'",
                      version ? absl::StrCat(" version '", *version, "'")
                              : std::string(" (no version)"));
}

template <typename TypeMessage, typename Repeated>
absl::StatusOr<std::vector<int64_t>> PutTypeList(
    sql::Connection& conn, const Repeated& types,
    const TypeEvolutionOptions& options, absl::string_view field) {
  return UpsertTypes<TypeMessage>(
      conn, absl::MakeConstSpan(types.data(), types.size()), options, field,
      /*indexed=*/true);
}

// ---- The method families ----
// Each returns a transaction body, which clears the response first (a
// retried transaction runs it again).

// Put{Artifact,Execution,Context}Type: stores one type, answering its id.
template <typename TypeMessage, typename Request, typename Response>
auto PutTypeBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const TypeMessage* types[] = {&TypeFields<TypeMessage>::Type(request)};
    auto ids = UpsertTypes<TypeMessage>(conn, types, EvolutionOf(request),
                                        TypeFields<TypeMessage>::kTypeField,
                                        /*indexed=*/false);
    if (!ids.ok()) return ids.status();
    response->set_type_id(ids->front());
    return absl::OkStatus();
  };
}

// Get{Artifact,Execution,Context}Type: by name and version (an empty version
// is no version), NOT_FOUND when absent.
template <typename TypeMessage, typename Request, typename Response>
auto TypeByNameBody(const Request& request, Response* response) {
  std::optional<std::string> version;
  if (request.has_type_version() && !request.type_version().empty()) {
    version = request.type_version();
  }
  return [&request, response,
          version = std::move(version)](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto found = FindType<TypeMessage>(conn, request.type_name(), version);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("no ", DescribeTypeQuery(TypeTraits<TypeMessage>::kKind,
                                                request.type_name(), version)));
    }
    *TypeFields<TypeMessage>::MutableType(response) = **std::move(found);
    return absl::OkStatus();
  };
}

// Get{Artifact,Execution,Context}TypesByID: types for the requested ids in
// request order, as upstream answers it: one entry per requested id that
// exists with this kind, repeats included.
template <typename TypeMessage, typename Request, typename Response>
auto TypesByIdBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const auto& ids = request.type_ids();
    auto types = LoadTypes<TypeMessage>(conn, ids);
    if (!types.ok()) return types.status();
    absl::flat_hash_map<int64_t, const TypeMessage*> by_id;
    for (const TypeMessage& t : *types) by_id[t.id()] = &t;
    auto* out = TypeFields<TypeMessage>::MutableTypes(response);
    for (int64_t id : ids) {
      auto it = by_id.find(id);
      if (it != by_id.end()) *out->Add() = *it->second;
    }
    return absl::OkStatus();
  };
}

// Get{Artifact,Execution,Context}Types: every type of the kind but the
// built-in simple types, ascending id.
template <typename TypeMessage, typename Response>
auto AllTypesBody(Response* response) {
  return [response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    auto types = ListTypes<TypeMessage>(conn, /*include_simple_types=*/false);
    if (!types.ok()) return types.status();
    auto* out = TypeFields<TypeMessage>::MutableTypes(response);
    for (TypeMessage& t : *types) *out->Add() = std::move(t);
    return absl::OkStatus();
  };
}

// Get{Artifact,Execution,Context}TypesByExternalIds. Upstream: an empty
// external id is INVALID_ARGUMENT; a non-empty list that matches nothing is
// NOT_FOUND; an empty list is OK and empty.
template <typename TypeMessage, typename Request, typename Response>
auto TypesByExternalIdsBody(const Request& request, Response* response) {
  return [&request, response](sql::Connection& conn) -> absl::Status {
    response->Clear();
    const auto& external_ids = request.external_ids();
    for (int i = 0; i < external_ids.size(); ++i) {
      if (external_ids[i].empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("external_ids[", i, "] is empty"));
      }
    }
    if (external_ids.empty()) return absl::OkStatus();
    std::vector<std::string> keys(external_ids.begin(), external_ids.end());
    auto types = LoadTypesByExternalIds<TypeMessage>(conn, keys);
    if (!types.ok()) return types.status();
    if (types->empty()) {
      return absl::NotFoundError(absl::StrCat(
          "no ", TypeKindName(TypeTraits<TypeMessage>::kKind),
          " type has any of the ", keys.size(), " requested external_ids"));
    }
    auto* out = TypeFields<TypeMessage>::MutableTypes(response);
    for (TypeMessage& t : *types) *out->Add() = std::move(t);
    return absl::OkStatus();
  };
}

}  // namespace

absl::Status MetadataStore::RunTypeWrite(bool all_fields_match, TxnBody body) {
  // all_fields_match=false asked upstream for a partial match it never
  // implemented; the flag is deprecated and defaults to true.
  if (!all_fields_match) {
    return absl::UnimplementedError(
        "all_fields_match=false is not supported: a type must match all "
        "fields");
  }
  return RunWriteIfNeeded(*pool_, TransactionPolicy(), body, type_cache_.get());
}

// ---- Writes ----

absl::Status MetadataStore::PutArtifactType(
    const ml_metadata::PutArtifactTypeRequest& request,
    ml_metadata::PutArtifactTypeResponse* response) {
  return RunTypeWrite(request.all_fields_match(),
                      PutTypeBody<ArtifactType>(request, response));
}

absl::Status MetadataStore::PutExecutionType(
    const ml_metadata::PutExecutionTypeRequest& request,
    ml_metadata::PutExecutionTypeResponse* response) {
  return RunTypeWrite(request.all_fields_match(),
                      PutTypeBody<ExecutionType>(request, response));
}

absl::Status MetadataStore::PutContextType(
    const ml_metadata::PutContextTypeRequest& request,
    ml_metadata::PutContextTypeResponse* response) {
  return RunTypeWrite(request.all_fields_match(),
                      PutTypeBody<ContextType>(request, response));
}

absl::Status MetadataStore::PutTypes(
    const ml_metadata::PutTypesRequest& request,
    ml_metadata::PutTypesResponse* response) {
  const TypeEvolutionOptions options = EvolutionOf(request);
  return RunTypeWrite(
      request.all_fields_match(), [&](sql::Connection& conn) -> absl::Status {
        response->Clear();
        // Kinds in upstream's order, so the first error reported is the same.
        auto artifact_ids = PutTypeList<ArtifactType>(
            conn, request.artifact_types(), options, "artifact_types");
        if (!artifact_ids.ok()) return artifact_ids.status();
        auto execution_ids = PutTypeList<ExecutionType>(
            conn, request.execution_types(), options, "execution_types");
        if (!execution_ids.ok()) return execution_ids.status();
        auto context_ids = PutTypeList<ContextType>(
            conn, request.context_types(), options, "context_types");
        if (!context_ids.ok()) return context_ids.status();
        response->mutable_artifact_type_ids()->Add(artifact_ids->begin(),
                                                   artifact_ids->end());
        response->mutable_execution_type_ids()->Add(execution_ids->begin(),
                                                    execution_ids->end());
        response->mutable_context_type_ids()->Add(context_ids->begin(),
                                                  context_ids->end());
        return absl::OkStatus();
      });
}

// ---- Reads ----

absl::Status MetadataStore::GetArtifactType(
    const ml_metadata::GetArtifactTypeRequest& request,
    ml_metadata::GetArtifactTypeResponse* response) {
  return RunRead(TypeByNameBody<ArtifactType>(request, response));
}

absl::Status MetadataStore::GetExecutionType(
    const ml_metadata::GetExecutionTypeRequest& request,
    ml_metadata::GetExecutionTypeResponse* response) {
  return RunRead(TypeByNameBody<ExecutionType>(request, response));
}

absl::Status MetadataStore::GetContextType(
    const ml_metadata::GetContextTypeRequest& request,
    ml_metadata::GetContextTypeResponse* response) {
  return RunRead(TypeByNameBody<ContextType>(request, response));
}

absl::Status MetadataStore::GetArtifactTypesByID(
    const ml_metadata::GetArtifactTypesByIDRequest& request,
    ml_metadata::GetArtifactTypesByIDResponse* response) {
  return RunRead(TypesByIdBody<ArtifactType>(request, response));
}

absl::Status MetadataStore::GetExecutionTypesByID(
    const ml_metadata::GetExecutionTypesByIDRequest& request,
    ml_metadata::GetExecutionTypesByIDResponse* response) {
  return RunRead(TypesByIdBody<ExecutionType>(request, response));
}

absl::Status MetadataStore::GetContextTypesByID(
    const ml_metadata::GetContextTypesByIDRequest& request,
    ml_metadata::GetContextTypesByIDResponse* response) {
  return RunRead(TypesByIdBody<ContextType>(request, response));
}

absl::Status MetadataStore::GetArtifactTypes(
    const ml_metadata::GetArtifactTypesRequest& request,
    ml_metadata::GetArtifactTypesResponse* response) {
  return RunRead(AllTypesBody<ArtifactType>(response));
}

absl::Status MetadataStore::GetExecutionTypes(
    const ml_metadata::GetExecutionTypesRequest& request,
    ml_metadata::GetExecutionTypesResponse* response) {
  return RunRead(AllTypesBody<ExecutionType>(response));
}

absl::Status MetadataStore::GetContextTypes(
    const ml_metadata::GetContextTypesRequest& request,
    ml_metadata::GetContextTypesResponse* response) {
  return RunRead(AllTypesBody<ContextType>(response));
}

absl::Status MetadataStore::GetArtifactTypesByExternalIds(
    const ml_metadata::GetArtifactTypesByExternalIdsRequest& request,
    ml_metadata::GetArtifactTypesByExternalIdsResponse* response) {
  return RunRead(TypesByExternalIdsBody<ArtifactType>(request, response));
}

absl::Status MetadataStore::GetExecutionTypesByExternalIds(
    const ml_metadata::GetExecutionTypesByExternalIdsRequest& request,
    ml_metadata::GetExecutionTypesByExternalIdsResponse* response) {
  return RunRead(TypesByExternalIdsBody<ExecutionType>(request, response));
}

absl::Status MetadataStore::GetContextTypesByExternalIds(
    const ml_metadata::GetContextTypesByExternalIdsRequest& request,
    ml_metadata::GetContextTypesByExternalIdsResponse* response) {
  return RunRead(TypesByExternalIdsBody<ContextType>(request, response));
}

}  // namespace mlmd
