// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Lineage walks for GetLineageSubgraph and the deprecated GetLineageGraph,
// with upstream MLMD's semantics. Both are breadth-first walks over the
// bipartite artifact/execution graph whose edges are events; each hop costs
// one statement for the whole frontier (lineage_queries.h), so a request
// costs at most (hops walked + a small constant) round trips, never one per
// node. Run inside the caller's transaction on `conn`.
#ifndef MLMD_STORE_LINEAGE_ACCESS_H_
#define MLMD_STORE_LINEAGE_ACCESS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "google/protobuf/field_mask.pb.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/sql/connection.h"

namespace mlmd {

// max_num_hops when unset, and its ceiling (upstream's constants).
inline constexpr int64_t kLineageSubgraphMaxHops = 100;
inline constexpr int64_t kLineageGraphMaxHops = 20;
// At most this many starting nodes (upstream documents 100).
inline constexpr int kLineageMaxStartingNodes = 100;

// GetLineageSubgraph. Starts from the artifacts or executions matching
// starting_*.filter_query (ascending id, at most kLineageMaxStartingNodes)
// and walks up to max_num_hops hops in `direction`:
//   DOWNSTREAM follows artifact -[input event]-> execution and
//     execution -[output event]-> artifact;
//   UPSTREAM the reverse; BIDIRECTIONAL (or unspecified) any event.
// Nodes matching ending_*.filter_query stop the walk (a set but empty query
// matches every node); they and the events reaching them are returned only
// with include_ending_nodes. In a one-way walk an event from an expanded node
// to an already visited node is returned too; in a two-way walk every event
// between two returned nodes is returned once.
// `read_mask` selects LineageGraph fields by top-level name (empty = all;
// unknown paths are ignored). Nodes are returned with their id only, as
// upstream does; contexts are those attributed/associated with returned
// nodes; attributions/associations are those of returned nodes; *_types are
// every stored type of the kind (built-in simple types included).
// Errors: INVALID_ARGUMENT for no starting nodes option, an empty starting
// filter_query, negative max_num_hops or a malformed filter query; NOT_FOUND
// when no node matches the starting filter.
absl::Status QueryLineageSubgraph(
    sql::Connection& conn,
    const ml_metadata::LineageSubgraphQueryOptions& options,
    const google::protobuf::FieldMask& read_mask,
    ml_metadata::LineageGraph* subgraph);

// GetLineageGraph (upstream 1.14 semantics). Starts from the artifacts that
// artifacts_options lists (its filter, order, page size and token) and walks
// up to max_num_hops (default and ceiling 20) hops along events of any type.
// Nodes failing boundary_artifacts / boundary_executions are left out and not
// walked past (starting artifacts are never left out). max_node_size (> 0)
// caps artifacts + executions: the starting list is cut first, then the hop
// that would exceed it keeps its lowest ids and the walk stops. Returns full
// artifacts (starting ones first, in list order) and executions, the events
// between them (each once), every artifact and execution type except the
// built-in simple ones and every context type; no contexts or context edges.
// Upstream 1.15+ answers UNIMPLEMENTED here; this keeps older clients served.
// Errors: INVALID_ARGUMENT for missing artifacts_options, negative
// max_num_hops, malformed filter or list options; NOT_FOUND when no artifact
// matches.
absl::Status QueryLineageGraph(
    sql::Connection& conn, const ml_metadata::LineageGraphQueryOptions& options,
    ml_metadata::LineageGraph* subgraph);

}  // namespace mlmd

#endif  // MLMD_STORE_LINEAGE_ACCESS_H_
