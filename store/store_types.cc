// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// Types: placeholder until implemented.
#include "store/store.h"

namespace mlmd {

absl::Status MetadataStore::PutArtifactType(
    const ::ml_metadata::PutArtifactTypeRequest& request,
    ::ml_metadata::PutArtifactTypeResponse* response) {
  return absl::UnimplementedError("PutArtifactType is not implemented yet");
}

absl::Status MetadataStore::PutExecutionType(
    const ::ml_metadata::PutExecutionTypeRequest& request,
    ::ml_metadata::PutExecutionTypeResponse* response) {
  return absl::UnimplementedError("PutExecutionType is not implemented yet");
}

absl::Status MetadataStore::PutContextType(
    const ::ml_metadata::PutContextTypeRequest& request,
    ::ml_metadata::PutContextTypeResponse* response) {
  return absl::UnimplementedError("PutContextType is not implemented yet");
}

absl::Status MetadataStore::PutTypes(
    const ::ml_metadata::PutTypesRequest& request,
    ::ml_metadata::PutTypesResponse* response) {
  return absl::UnimplementedError("PutTypes is not implemented yet");
}

absl::Status MetadataStore::GetArtifactType(
    const ::ml_metadata::GetArtifactTypeRequest& request,
    ::ml_metadata::GetArtifactTypeResponse* response) {
  return absl::UnimplementedError("GetArtifactType is not implemented yet");
}

absl::Status MetadataStore::GetExecutionType(
    const ::ml_metadata::GetExecutionTypeRequest& request,
    ::ml_metadata::GetExecutionTypeResponse* response) {
  return absl::UnimplementedError("GetExecutionType is not implemented yet");
}

absl::Status MetadataStore::GetContextType(
    const ::ml_metadata::GetContextTypeRequest& request,
    ::ml_metadata::GetContextTypeResponse* response) {
  return absl::UnimplementedError("GetContextType is not implemented yet");
}

absl::Status MetadataStore::GetArtifactTypesByID(
    const ::ml_metadata::GetArtifactTypesByIDRequest& request,
    ::ml_metadata::GetArtifactTypesByIDResponse* response) {
  return absl::UnimplementedError(
      "GetArtifactTypesByID is not implemented yet");
}

absl::Status MetadataStore::GetExecutionTypesByID(
    const ::ml_metadata::GetExecutionTypesByIDRequest& request,
    ::ml_metadata::GetExecutionTypesByIDResponse* response) {
  return absl::UnimplementedError(
      "GetExecutionTypesByID is not implemented yet");
}

absl::Status MetadataStore::GetContextTypesByID(
    const ::ml_metadata::GetContextTypesByIDRequest& request,
    ::ml_metadata::GetContextTypesByIDResponse* response) {
  return absl::UnimplementedError("GetContextTypesByID is not implemented yet");
}

absl::Status MetadataStore::GetArtifactTypes(
    const ::ml_metadata::GetArtifactTypesRequest& request,
    ::ml_metadata::GetArtifactTypesResponse* response) {
  return absl::UnimplementedError("GetArtifactTypes is not implemented yet");
}

absl::Status MetadataStore::GetExecutionTypes(
    const ::ml_metadata::GetExecutionTypesRequest& request,
    ::ml_metadata::GetExecutionTypesResponse* response) {
  return absl::UnimplementedError("GetExecutionTypes is not implemented yet");
}

absl::Status MetadataStore::GetContextTypes(
    const ::ml_metadata::GetContextTypesRequest& request,
    ::ml_metadata::GetContextTypesResponse* response) {
  return absl::UnimplementedError("GetContextTypes is not implemented yet");
}

absl::Status MetadataStore::GetArtifactTypesByExternalIds(
    const ::ml_metadata::GetArtifactTypesByExternalIdsRequest& request,
    ::ml_metadata::GetArtifactTypesByExternalIdsResponse* response) {
  return absl::UnimplementedError(
      "GetArtifactTypesByExternalIds is not implemented yet");
}

absl::Status MetadataStore::GetExecutionTypesByExternalIds(
    const ::ml_metadata::GetExecutionTypesByExternalIdsRequest& request,
    ::ml_metadata::GetExecutionTypesByExternalIdsResponse* response) {
  return absl::UnimplementedError(
      "GetExecutionTypesByExternalIds is not implemented yet");
}

absl::Status MetadataStore::GetContextTypesByExternalIds(
    const ::ml_metadata::GetContextTypesByExternalIdsRequest& request,
    ::ml_metadata::GetContextTypesByExternalIdsResponse* response) {
  return absl::UnimplementedError(
      "GetContextTypesByExternalIds is not implemented yet");
}

}  // namespace mlmd
