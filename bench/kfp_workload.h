// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The `kfp` workload: each thread is a simulated Kubeflow Pipelines v2
// driver/launcher making, per task, the calls KFP's metadata client makes
// (backend/src/v2/metadata/client.go): get-or-create the pipeline and run
// contexts and their parent link, create the execution with its input
// events, read it back, record a model and a metrics artifact, publish the
// execution as COMPLETE with output events, and list the DAG's executions
// with the parent_dag_id filter. One operation = one task.
#ifndef MLMD_BENCH_KFP_WORKLOAD_H_
#define MLMD_BENCH_KFP_WORKLOAD_H_

#include <memory>
#include <string>

#include "bench/grpc_client.h"
#include "bench/runner.h"

namespace mlmd::bench {

struct KfpOptions {
  // Pipelines shared by all drivers (their contexts are created concurrently
  // on the first tasks, exercising the ALREADY_EXISTS path).
  int pipelines = 4;
  int tasks_per_run = 10;
  // false: only the write RPCs, types and contexts cached per driver (the
  // same writes mlmd-baseline performs directly on the database).
  bool reads = true;
  std::string session;  // prefix making run names unique
};

std::unique_ptr<Worker> MakeKfpDriver(std::shared_ptr<grpc::Channel> channel,
                                      const KfpOptions& options, int index);

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_KFP_WORKLOAD_H_
