// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// Lineage RPCs: request handling around the walks in lineage_access.h.
#include "store/lineage_access.h"
#include "store/store.h"

namespace mlmd {

absl::Status MetadataStore::GetLineageGraph(
    const ::ml_metadata::GetLineageGraphRequest& request,
    ::ml_metadata::GetLineageGraphResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return QueryLineageGraph(conn, request.options(),
                             response->mutable_subgraph());
  });
}

absl::Status MetadataStore::GetLineageSubgraph(
    const ::ml_metadata::GetLineageSubgraphRequest& request,
    ::ml_metadata::GetLineageSubgraphResponse* response) {
  return RunRead([&](sql::Connection& conn) {
    response->Clear();
    return QueryLineageSubgraph(conn, request.lineage_subgraph_query_options(),
                                request.read_mask(),
                                response->mutable_lineage_subgraph());
  });
}

}  // namespace mlmd
