// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Fills a store through the gRPC API with realistic pipeline history: runs
// of a six-task training DAG (ingest, validate, transform, train, evaluate,
// push), each with a root DAG execution, seven output artifacts, events,
// a run context linked to one of a few pipeline contexts, and KFP-style
// custom properties. Runs often consume an earlier run's dataset, so
// upstream lineage of a model spans several runs. Writes are batched: one
// PutLineageSubgraph per `runs_per_call` runs plus four small calls
// (root DAG executions, run contexts, attributions/associations, parent
// links), with several threads writing at once.
#ifndef MLMD_BENCH_POPULATE_H_
#define MLMD_BENCH_POPULATE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bench/grpc_client.h"
#include "bench/stats.h"
#include "google/protobuf/struct.pb.h"

namespace mlmd::bench {

struct PopulateOptions {
  int64_t nodes = 100000;  // artifacts + executions to add (approximately)
  int concurrency = 4;
  int runs_per_call = 50;
  int pipelines = 10;
  double max_duration_s = 3600;  // stops early (and says so) when reached
  double progress_interval_s = 5;
  std::string session;  // unique prefix for run context names
};

struct PopulateResult {
  absl::Status status;  // first failure, or DEADLINE_EXCEEDED on time cap
  double seconds = 0;
  int64_t runs = 0;
  int64_t executions = 0;
  int64_t artifacts = 0;
  int64_t events = 0;
  int64_t contexts = 0;
  StatsSet stats;
};

// `channels` are used round-robin by the writer threads.
PopulateResult Populate(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const PopulateOptions& options);

google::protobuf::Struct PopulateResultToJson(const PopulateResult& r,
                                              const PopulateOptions& options,
                                              const std::string& target);

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_POPULATE_H_
