// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// Nodes: placeholder until implemented.
#include "store/store.h"

namespace mlmd {

absl::Status MetadataStore::PutArtifacts(
    const ::ml_metadata::PutArtifactsRequest& request,
    ::ml_metadata::PutArtifactsResponse* response) {
  return absl::UnimplementedError("PutArtifacts is not implemented yet");
}

absl::Status MetadataStore::PutExecutions(
    const ::ml_metadata::PutExecutionsRequest& request,
    ::ml_metadata::PutExecutionsResponse* response) {
  return absl::UnimplementedError("PutExecutions is not implemented yet");
}

absl::Status MetadataStore::PutContexts(
    const ::ml_metadata::PutContextsRequest& request,
    ::ml_metadata::PutContextsResponse* response) {
  return absl::UnimplementedError("PutContexts is not implemented yet");
}

absl::Status MetadataStore::GetArtifacts(
    const ::ml_metadata::GetArtifactsRequest& request,
    ::ml_metadata::GetArtifactsResponse* response) {
  return absl::UnimplementedError("GetArtifacts is not implemented yet");
}

absl::Status MetadataStore::GetExecutions(
    const ::ml_metadata::GetExecutionsRequest& request,
    ::ml_metadata::GetExecutionsResponse* response) {
  return absl::UnimplementedError("GetExecutions is not implemented yet");
}

absl::Status MetadataStore::GetContexts(
    const ::ml_metadata::GetContextsRequest& request,
    ::ml_metadata::GetContextsResponse* response) {
  return absl::UnimplementedError("GetContexts is not implemented yet");
}

absl::Status MetadataStore::GetArtifactsByID(
    const ::ml_metadata::GetArtifactsByIDRequest& request,
    ::ml_metadata::GetArtifactsByIDResponse* response) {
  return absl::UnimplementedError("GetArtifactsByID is not implemented yet");
}

absl::Status MetadataStore::GetExecutionsByID(
    const ::ml_metadata::GetExecutionsByIDRequest& request,
    ::ml_metadata::GetExecutionsByIDResponse* response) {
  return absl::UnimplementedError("GetExecutionsByID is not implemented yet");
}

absl::Status MetadataStore::GetContextsByID(
    const ::ml_metadata::GetContextsByIDRequest& request,
    ::ml_metadata::GetContextsByIDResponse* response) {
  return absl::UnimplementedError("GetContextsByID is not implemented yet");
}

absl::Status MetadataStore::GetArtifactsByType(
    const ::ml_metadata::GetArtifactsByTypeRequest& request,
    ::ml_metadata::GetArtifactsByTypeResponse* response) {
  return absl::UnimplementedError("GetArtifactsByType is not implemented yet");
}

absl::Status MetadataStore::GetExecutionsByType(
    const ::ml_metadata::GetExecutionsByTypeRequest& request,
    ::ml_metadata::GetExecutionsByTypeResponse* response) {
  return absl::UnimplementedError("GetExecutionsByType is not implemented yet");
}

absl::Status MetadataStore::GetContextsByType(
    const ::ml_metadata::GetContextsByTypeRequest& request,
    ::ml_metadata::GetContextsByTypeResponse* response) {
  return absl::UnimplementedError("GetContextsByType is not implemented yet");
}

absl::Status MetadataStore::GetArtifactByTypeAndName(
    const ::ml_metadata::GetArtifactByTypeAndNameRequest& request,
    ::ml_metadata::GetArtifactByTypeAndNameResponse* response) {
  return absl::UnimplementedError(
      "GetArtifactByTypeAndName is not implemented yet");
}

absl::Status MetadataStore::GetExecutionByTypeAndName(
    const ::ml_metadata::GetExecutionByTypeAndNameRequest& request,
    ::ml_metadata::GetExecutionByTypeAndNameResponse* response) {
  return absl::UnimplementedError(
      "GetExecutionByTypeAndName is not implemented yet");
}

absl::Status MetadataStore::GetContextByTypeAndName(
    const ::ml_metadata::GetContextByTypeAndNameRequest& request,
    ::ml_metadata::GetContextByTypeAndNameResponse* response) {
  return absl::UnimplementedError(
      "GetContextByTypeAndName is not implemented yet");
}

absl::Status MetadataStore::GetArtifactsByURI(
    const ::ml_metadata::GetArtifactsByURIRequest& request,
    ::ml_metadata::GetArtifactsByURIResponse* response) {
  return absl::UnimplementedError("GetArtifactsByURI is not implemented yet");
}

absl::Status MetadataStore::GetArtifactsByExternalIds(
    const ::ml_metadata::GetArtifactsByExternalIdsRequest& request,
    ::ml_metadata::GetArtifactsByExternalIdsResponse* response) {
  return absl::UnimplementedError(
      "GetArtifactsByExternalIds is not implemented yet");
}

absl::Status MetadataStore::GetExecutionsByExternalIds(
    const ::ml_metadata::GetExecutionsByExternalIdsRequest& request,
    ::ml_metadata::GetExecutionsByExternalIdsResponse* response) {
  return absl::UnimplementedError(
      "GetExecutionsByExternalIds is not implemented yet");
}

absl::Status MetadataStore::GetContextsByExternalIds(
    const ::ml_metadata::GetContextsByExternalIdsRequest& request,
    ::ml_metadata::GetContextsByExternalIdsResponse* response) {
  return absl::UnimplementedError(
      "GetContextsByExternalIds is not implemented yet");
}

}  // namespace mlmd
