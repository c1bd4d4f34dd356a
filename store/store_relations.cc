// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// Relations: placeholder until implemented.
#include "store/store.h"

namespace mlmd {

absl::Status MetadataStore::PutEvents(
    const ::ml_metadata::PutEventsRequest& request,
    ::ml_metadata::PutEventsResponse* response) {
  return absl::UnimplementedError("PutEvents is not implemented yet");
}

absl::Status MetadataStore::GetEventsByExecutionIDs(
    const ::ml_metadata::GetEventsByExecutionIDsRequest& request,
    ::ml_metadata::GetEventsByExecutionIDsResponse* response) {
  return absl::UnimplementedError(
      "GetEventsByExecutionIDs is not implemented yet");
}

absl::Status MetadataStore::GetEventsByArtifactIDs(
    const ::ml_metadata::GetEventsByArtifactIDsRequest& request,
    ::ml_metadata::GetEventsByArtifactIDsResponse* response) {
  return absl::UnimplementedError(
      "GetEventsByArtifactIDs is not implemented yet");
}

absl::Status MetadataStore::PutAttributionsAndAssociations(
    const ::ml_metadata::PutAttributionsAndAssociationsRequest& request,
    ::ml_metadata::PutAttributionsAndAssociationsResponse* response) {
  return absl::UnimplementedError(
      "PutAttributionsAndAssociations is not implemented yet");
}

absl::Status MetadataStore::PutParentContexts(
    const ::ml_metadata::PutParentContextsRequest& request,
    ::ml_metadata::PutParentContextsResponse* response) {
  return absl::UnimplementedError("PutParentContexts is not implemented yet");
}

absl::Status MetadataStore::GetContextsByArtifact(
    const ::ml_metadata::GetContextsByArtifactRequest& request,
    ::ml_metadata::GetContextsByArtifactResponse* response) {
  return absl::UnimplementedError(
      "GetContextsByArtifact is not implemented yet");
}

absl::Status MetadataStore::GetContextsByExecution(
    const ::ml_metadata::GetContextsByExecutionRequest& request,
    ::ml_metadata::GetContextsByExecutionResponse* response) {
  return absl::UnimplementedError(
      "GetContextsByExecution is not implemented yet");
}

absl::Status MetadataStore::GetArtifactsByContext(
    const ::ml_metadata::GetArtifactsByContextRequest& request,
    ::ml_metadata::GetArtifactsByContextResponse* response) {
  return absl::UnimplementedError(
      "GetArtifactsByContext is not implemented yet");
}

absl::Status MetadataStore::GetExecutionsByContext(
    const ::ml_metadata::GetExecutionsByContextRequest& request,
    ::ml_metadata::GetExecutionsByContextResponse* response) {
  return absl::UnimplementedError(
      "GetExecutionsByContext is not implemented yet");
}

absl::Status MetadataStore::GetParentContextsByContext(
    const ::ml_metadata::GetParentContextsByContextRequest& request,
    ::ml_metadata::GetParentContextsByContextResponse* response) {
  return absl::UnimplementedError(
      "GetParentContextsByContext is not implemented yet");
}

absl::Status MetadataStore::GetChildrenContextsByContext(
    const ::ml_metadata::GetChildrenContextsByContextRequest& request,
    ::ml_metadata::GetChildrenContextsByContextResponse* response) {
  return absl::UnimplementedError(
      "GetChildrenContextsByContext is not implemented yet");
}

absl::Status MetadataStore::GetParentContextsByContexts(
    const ::ml_metadata::GetParentContextsByContextsRequest& request,
    ::ml_metadata::GetParentContextsByContextsResponse* response) {
  return absl::UnimplementedError(
      "GetParentContextsByContexts is not implemented yet");
}

absl::Status MetadataStore::GetChildrenContextsByContexts(
    const ::ml_metadata::GetChildrenContextsByContextsRequest& request,
    ::ml_metadata::GetChildrenContextsByContextsResponse* response) {
  return absl::UnimplementedError(
      "GetChildrenContextsByContexts is not implemented yet");
}

}  // namespace mlmd
