// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The `floor`, `ingest`, `lineage` and `query` workloads of mlmd-bench, and the
// fixtures the read workloads need. (`kfp` is in kfp_workload.h.)
#ifndef MLMD_BENCH_WORKLOADS_H_
#define MLMD_BENCH_WORKLOADS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/grpc_client.h"
#include "bench/runner.h"

namespace mlmd::bench {

// ---- floor: an empty PutEvents, which the server answers without touching
// the database (floor_workload.cc). One operation = one call.
std::unique_ptr<Worker> MakeFloorWorker(std::shared_ptr<grpc::Channel> channel);

// ---- ingest: PutArtifacts of `batch` new artifacts, 5 custom properties
// each. One operation = one call; items = artifacts.
inline constexpr absl::string_view kIngestArtifactType = "bench.IngestArtifact";
std::unique_ptr<Worker> MakeIngestWorker(std::shared_ptr<grpc::Channel> channel,
                                         int batch, const std::string& session,
                                         int index);

// ---- lineage: upstream lineage of a model, both APIs.
struct LineageOptions {
  int max_num_hops = 20;
  int graph_max_nodes = 100;  // GetLineageGraph's max_node_size
  // "subgraph", "graph" or "both" (alternating).
  std::string kind = "both";
};
// Up to `limit` ids of system.Model artifacts, newest first.
absl::StatusOr<std::vector<int64_t>> FindModelIds(Stub& stub, Recorder& rec,
                                                  int limit);
// One operation = one lineage query from a model in `model_ids`; items =
// nodes (artifacts + executions) returned.
std::unique_ptr<Worker> MakeLineageWorker(
    std::shared_ptr<grpc::Channel> channel, const LineageOptions& options,
    std::shared_ptr<const std::vector<int64_t>> model_ids, int index);

// ---- query: listings with custom-property filters.
struct QueryOptions {
  int run_executions = 10000;  // executions in the run context
  int dags = 100;              // distinct parent_dag_id values among them
  int artifacts = 10000;       // artifacts carrying the filtered property
  int shards = 100;            // distinct values of that property
  int page_size = 0;           // 0: the server default (20), as KFP does
  // "executions", "artifacts" or "both" (alternating).
  std::string kind = "both";
};
// What the query workload reads: a run context with its executions spread
// over `dags` parent_dag_id values, and artifacts spread over `shards`
// values of custom property bench_shard.
struct QueryFixture {
  int64_t run_context_id = 0;
  std::vector<int64_t> dag_ids;
  std::vector<int64_t> shard_values;
  int executions_per_dag = 0;
  int artifacts_per_shard = 0;
};
// Finds the fixture from an earlier run or builds it (in batches of 500).
absl::StatusOr<QueryFixture> PrepareQueryFixture(Stub& stub, Recorder& rec,
                                                 const QueryOptions& options,
                                                 const std::string& session);
// One operation = one filtered listing, all pages; the number of rows is
// checked against the fixture (a wrong count fails the operation with
// INTERNAL). items = rows returned.
std::unique_ptr<Worker> MakeQueryWorker(
    std::shared_ptr<grpc::Channel> channel, const QueryOptions& options,
    std::shared_ptr<const QueryFixture> fixture, int index);

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_WORKLOADS_H_
