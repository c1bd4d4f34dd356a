// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd-baseline's workloads: the rows of mlmd-bench's `ingest` and the
// writes of `kfp --kfp_reads=false`, written straight into the MLMD
// schema-10 tables with plain single-row INSERTs (prepared once), one
// transaction per server write RPC they mirror. Each transaction is timed
// under that RPC's name so the per-RPC tables line up with the server's.
#ifndef MLMD_BENCH_BASELINE_WORKLOADS_H_
#define MLMD_BENCH_BASELINE_WORKLOADS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bench/baseline_db.h"
#include "bench/runner.h"

namespace mlmd::bench {

struct BaselineIds {
  int64_t ingest_artifact_type = 0;
  int64_t model_type = 0;
  int64_t metrics_type = 0;
  int64_t container_type = 0;
  int64_t dag_type = 0;
  int64_t pipeline_type = 0;
  int64_t run_type = 0;
  std::vector<int64_t> pipeline_contexts;
};

// Creates (or finds) the types and the shared pipeline contexts.
absl::StatusOr<BaselineIds> PrepareBaseline(BaselineDb& db, int pipelines);

// Each worker opens its own connection; a connection failure makes every
// operation of that worker fail with the connection's status.
std::unique_ptr<Worker> MakeBaselineIngest(const DbConfig& config,
                                           const BaselineIds& ids, int batch,
                                           const std::string& session,
                                           int index);
std::unique_ptr<Worker> MakeBaselineKfp(const DbConfig& config,
                                        const BaselineIds& ids,
                                        int tasks_per_run,
                                        const std::string& session, int index);

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_BASELINE_WORKLOADS_H_
