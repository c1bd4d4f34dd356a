// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// Lineage: placeholder until implemented.
#include "store/store.h"

namespace mlmd {

absl::Status MetadataStore::GetLineageGraph(
    const ::ml_metadata::GetLineageGraphRequest& request,
    ::ml_metadata::GetLineageGraphResponse* response) {
  return absl::UnimplementedError("GetLineageGraph is not implemented yet");
}

absl::Status MetadataStore::GetLineageSubgraph(
    const ::ml_metadata::GetLineageSubgraphRequest& request,
    ::ml_metadata::GetLineageSubgraphResponse* response) {
  return absl::UnimplementedError("GetLineageSubgraph is not implemented yet");
}

}  // namespace mlmd
