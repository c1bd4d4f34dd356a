// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The type API: Put*Type, PutTypes and the type lookups. Row work is in
// type_access.cc (reads) and type_upsert.cc (creation and evolution).
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
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

// all_fields_match=false asked upstream for a partial match it never
// implemented; the flag is deprecated and defaults to true.
absl::Status CheckAllFieldsMatch(bool all_fields_match) {
  if (all_fields_match) return absl::OkStatus();
  return absl::UnimplementedError(
      "all_fields_match=false is not supported: a type must match all fields");
}

template <typename Request>
TypeEvolutionOptions EvolutionOf(const Request& request) {
  // can_delete_fields is deprecated and, as upstream, ignored.
  return {request.can_add_fields(), request.can_omit_fields()};
}

std::optional<std::string> RequestedVersion(bool has_version,
                                            const std::string& version) {
  if (!has_version || version.empty()) return std::nullopt;
  return version;
}

std::string DescribeTypeQuery(TypeKind kind, const std::string& name,
                              const std::optional<std::string>& version) {
  return absl::StrCat(TypeKindName(kind), " type '", name, "'",
                      version ? absl::StrCat(" version '", *version, "'")
                              : std::string(" (no version)"));
}

// Stores a single type and returns its id
// (Put{Artifact,Execution,Context}Type).
template <typename TypeMessage>
absl::StatusOr<int64_t> PutOneType(sql::Connection& conn,
                                   const TypeMessage& type,
                                   const TypeEvolutionOptions& options,
                                   absl::string_view field) {
  const TypeMessage* types[] = {&type};
  auto ids = UpsertTypes<TypeMessage>(conn, types, options, field,
                                      /*indexed=*/false);
  if (!ids.ok()) return ids.status();
  return ids->front();
}

template <typename TypeMessage, typename Repeated>
absl::StatusOr<std::vector<int64_t>> PutTypeList(
    sql::Connection& conn, const Repeated& types,
    const TypeEvolutionOptions& options, absl::string_view field) {
  return UpsertTypes<TypeMessage>(
      conn, absl::MakeConstSpan(types.data(), types.size()), options, field,
      /*indexed=*/true);
}

// Fetches by name and version, NOT_FOUND when absent.
template <typename TypeMessage>
absl::Status GetTypeByName(sql::Connection& conn, const std::string& name,
                           const std::optional<std::string>& version,
                           TypeMessage* out) {
  auto found = FindType<TypeMessage>(conn, name, version);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat(
        "no ",
        DescribeTypeQuery(TypeTraits<TypeMessage>::kKind, name, version)));
  }
  *out = **std::move(found);
  return absl::OkStatus();
}

// Types for the requested ids in request order, as upstream answers it: one
// entry per requested id that exists with this kind, repeats included.
template <typename TypeMessage, typename Repeated>
absl::Status GetTypesById(sql::Connection& conn,
                          const google::protobuf::RepeatedField<int64_t>& ids,
                          Repeated* out) {
  auto types = LoadTypes<TypeMessage>(conn, ids);
  if (!types.ok()) return types.status();
  absl::flat_hash_map<int64_t, const TypeMessage*> by_id;
  for (const TypeMessage& t : *types) by_id[t.id()] = &t;
  for (int64_t id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) *out->Add() = *it->second;
  }
  return absl::OkStatus();
}

template <typename TypeMessage, typename Repeated>
absl::Status ListAllTypes(sql::Connection& conn, Repeated* out) {
  auto types = ListTypes<TypeMessage>(conn, /*include_simple_types=*/false);
  if (!types.ok()) return types.status();
  for (TypeMessage& t : *types) *out->Add() = std::move(t);
  return absl::OkStatus();
}

// Upstream: an empty external id is INVALID_ARGUMENT; a non-empty list that
// matches nothing is NOT_FOUND; an empty list is OK and empty.
template <typename TypeMessage, typename Repeated>
absl::Status GetTypesByExternalIds(
    sql::Connection& conn,
    const google::protobuf::RepeatedPtrField<std::string>& external_ids,
    Repeated* out) {
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
  for (TypeMessage& t : *types) *out->Add() = std::move(t);
  return absl::OkStatus();
}

}  // namespace

// ---- Writes ----

absl::Status MetadataStore::PutArtifactType(
    const ml_metadata::PutArtifactTypeRequest& request,
    ml_metadata::PutArtifactTypeResponse* response) {
  if (auto st = CheckAllFieldsMatch(request.all_fields_match()); !st.ok()) {
    return st;
  }
  return RunWriteIfNeeded(
      *pool_, TransactionPolicy(),
      [&](sql::Connection& conn) -> absl::Status {
        response->Clear();
        auto id = PutOneType(conn, request.artifact_type(),
                             EvolutionOf(request), "artifact_type");
        if (!id.ok()) return id.status();
        response->set_type_id(*id);
        return absl::OkStatus();
      },
      type_cache_.get());
}

absl::Status MetadataStore::PutExecutionType(
    const ml_metadata::PutExecutionTypeRequest& request,
    ml_metadata::PutExecutionTypeResponse* response) {
  if (auto st = CheckAllFieldsMatch(request.all_fields_match()); !st.ok()) {
    return st;
  }
  return RunWriteIfNeeded(
      *pool_, TransactionPolicy(),
      [&](sql::Connection& conn) -> absl::Status {
        response->Clear();
        auto id = PutOneType(conn, request.execution_type(),
                             EvolutionOf(request), "execution_type");
        if (!id.ok()) return id.status();
        response->set_type_id(*id);
        return absl::OkStatus();
      },
      type_cache_.get());
}

absl::Status MetadataStore::PutContextType(
    const ml_metadata::PutContextTypeRequest& request,
    ml_metadata::PutContextTypeResponse* response) {
  if (auto st = CheckAllFieldsMatch(request.all_fields_match()); !st.ok()) {
    return st;
  }
  return RunWriteIfNeeded(
      *pool_, TransactionPolicy(),
      [&](sql::Connection& conn) -> absl::Status {
        response->Clear();
        auto id = PutOneType(conn, request.context_type(), EvolutionOf(request),
                             "context_type");
        if (!id.ok()) return id.status();
        response->set_type_id(*id);
        return absl::OkStatus();
      },
      type_cache_.get());
}

absl::Status MetadataStore::PutTypes(
    const ml_metadata::PutTypesRequest& request,
    ml_metadata::PutTypesResponse* response) {
  if (auto st = CheckAllFieldsMatch(request.all_fields_match()); !st.ok()) {
    return st;
  }
  const TypeEvolutionOptions options = EvolutionOf(request);
  return RunWriteIfNeeded(
      *pool_, TransactionPolicy(),
      [&](sql::Connection& conn) -> absl::Status {
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
      },
      type_cache_.get());
}

// ---- Reads ----

absl::Status MetadataStore::GetArtifactType(
    const ml_metadata::GetArtifactTypeRequest& request,
    ml_metadata::GetArtifactTypeResponse* response) {
  const auto version =
      RequestedVersion(request.has_type_version(), request.type_version());
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypeByName(conn, request.type_name(), version,
                         response->mutable_artifact_type());
  });
}

absl::Status MetadataStore::GetExecutionType(
    const ml_metadata::GetExecutionTypeRequest& request,
    ml_metadata::GetExecutionTypeResponse* response) {
  const auto version =
      RequestedVersion(request.has_type_version(), request.type_version());
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypeByName(conn, request.type_name(), version,
                         response->mutable_execution_type());
  });
}

absl::Status MetadataStore::GetContextType(
    const ml_metadata::GetContextTypeRequest& request,
    ml_metadata::GetContextTypeResponse* response) {
  const auto version =
      RequestedVersion(request.has_type_version(), request.type_version());
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypeByName(conn, request.type_name(), version,
                         response->mutable_context_type());
  });
}

absl::Status MetadataStore::GetArtifactTypesByID(
    const ml_metadata::GetArtifactTypesByIDRequest& request,
    ml_metadata::GetArtifactTypesByIDResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypesById<ArtifactType>(conn, request.type_ids(),
                                      response->mutable_artifact_types());
  });
}

absl::Status MetadataStore::GetExecutionTypesByID(
    const ml_metadata::GetExecutionTypesByIDRequest& request,
    ml_metadata::GetExecutionTypesByIDResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypesById<ExecutionType>(conn, request.type_ids(),
                                       response->mutable_execution_types());
  });
}

absl::Status MetadataStore::GetContextTypesByID(
    const ml_metadata::GetContextTypesByIDRequest& request,
    ml_metadata::GetContextTypesByIDResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypesById<ContextType>(conn, request.type_ids(),
                                     response->mutable_context_types());
  });
}

absl::Status MetadataStore::GetArtifactTypes(
    const ml_metadata::GetArtifactTypesRequest& request,
    ml_metadata::GetArtifactTypesResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return ListAllTypes<ArtifactType>(conn, response->mutable_artifact_types());
  });
}

absl::Status MetadataStore::GetExecutionTypes(
    const ml_metadata::GetExecutionTypesRequest& request,
    ml_metadata::GetExecutionTypesResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return ListAllTypes<ExecutionType>(conn,
                                       response->mutable_execution_types());
  });
}

absl::Status MetadataStore::GetContextTypes(
    const ml_metadata::GetContextTypesRequest& request,
    ml_metadata::GetContextTypesResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return ListAllTypes<ContextType>(conn, response->mutable_context_types());
  });
}

absl::Status MetadataStore::GetArtifactTypesByExternalIds(
    const ml_metadata::GetArtifactTypesByExternalIdsRequest& request,
    ml_metadata::GetArtifactTypesByExternalIdsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypesByExternalIds<ArtifactType>(
        conn, request.external_ids(), response->mutable_artifact_types());
  });
}

absl::Status MetadataStore::GetExecutionTypesByExternalIds(
    const ml_metadata::GetExecutionTypesByExternalIdsRequest& request,
    ml_metadata::GetExecutionTypesByExternalIdsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypesByExternalIds<ExecutionType>(
        conn, request.external_ids(), response->mutable_execution_types());
  });
}

absl::Status MetadataStore::GetContextTypesByExternalIds(
    const ml_metadata::GetContextTypesByExternalIdsRequest& request,
    ml_metadata::GetContextTypesByExternalIdsResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return GetTypesByExternalIds<ContextType>(
        conn, request.external_ids(), response->mutable_context_types());
  });
}

}  // namespace mlmd
