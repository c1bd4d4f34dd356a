// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// Composite writes: placeholder until implemented.
#include "store/store.h"

namespace mlmd {

absl::Status MetadataStore::PutExecution(
    const ::ml_metadata::PutExecutionRequest& request,
    ::ml_metadata::PutExecutionResponse* response) {
  return absl::UnimplementedError("PutExecution is not implemented yet");
}

absl::Status MetadataStore::PutLineageSubgraph(
    const ::ml_metadata::PutLineageSubgraphRequest& request,
    ::ml_metadata::PutLineageSubgraphResponse* response) {
  return absl::UnimplementedError("PutLineageSubgraph is not implemented yet");
}

}  // namespace mlmd
