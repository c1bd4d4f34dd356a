// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Runs a workload on N threads for a bounded time or operation count, with
// an optional warm-up whose measurements are thrown away, and gathers the
// per-RPC statistics. Used by mlmd-bench (gRPC) and mlmd-baseline (direct
// database access), so both report the same JSON shape.
#ifndef MLMD_BENCH_RUNNER_H_
#define MLMD_BENCH_RUNNER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bench/stats.h"
#include "google/protobuf/struct.pb.h"

namespace mlmd::bench {

struct RunOptions {
  int concurrency = 1;
  // The measured phase ends after duration_s, or after `operations`
  // operations in total when that is > 0.
  double duration_s = 10;
  int64_t operations = 0;
  double warmup_s = 0;
  // Hard stop for the measured phase, whatever else is set.
  double max_duration_s = 600;
};

// One thread's share of a workload. Owned and called by one thread only.
class Worker {
 public:
  virtual ~Worker() = default;
  // Performs one operation, recording each RPC or statement in `rec`.
  // Returns how many items it completed (KFP tasks, artifacts written, ...)
  // or the error that ended the operation early.
  virtual absl::StatusOr<int64_t> RunOnce(Recorder& rec) = 0;
};

using WorkerFactory = std::function<std::unique_ptr<Worker>(int thread_index)>;

struct RunResult {
  int concurrency = 0;
  StatsSet stats;      // measured phase only; kOpName times operations
  double seconds = 0;  // measured wall time
  int64_t ops_ok = 0;
  int64_t ops_failed = 0;
  int64_t items = 0;  // summed RunOnce results of successful operations
  std::map<int, uint64_t> op_errors;  // failed operations by status code
};

RunResult RunWorkers(const RunOptions& options, const WorkerFactory& factory);

// Descriptive fields of a run (workload, backend, target, ...), copied into
// the JSON object and the summary heading.
using Labels = std::map<std::string, std::string>;

// One run as JSON: labels, concurrency, seconds, ops_ok, ops_failed,
// ops_per_s, <items_name>, <items_name>_per_s, rpcs, rpcs_per_s, errors
// (by code, RPC failures), expected (handled codes), op_latency_us and
// rpcs (per-RPC stats).
google::protobuf::Struct RunResultToJson(const RunResult& r,
                                         const Labels& labels,
                                         const std::string& items_name);

// The human summary on stdout.
void PrintSummary(const RunResult& r, const Labels& labels,
                  const std::string& items_name);

// Per-RPC latency and error table on stdout.
void PrintRpcTable(const StatsSet& stats);

// Writes {"tool": tool, "runs": [...]} to `path`.
absl::Status WriteRunsJson(const std::string& path, const std::string& tool,
                           const std::vector<google::protobuf::Struct>& runs);

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_RUNNER_H_
