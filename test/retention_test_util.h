// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// For retention tests: a KFP-shaped store built through the store API, a
// consistency checker (no link or property row naming a missing node) and
// per-table row counts.
//
// The store: pipelines "pipe-0", "pipe-1", ... (system.Pipeline), each with
// `runs_per_pipeline` runs (system.PipelineRun, child of its pipeline). A
// run has a "train" execution (input: the shared dataset, output: a model)
// and an "eval" execution (input: the model, output: metrics), both
// associated with the run, the artifacts attributed to it. The shared
// dataset is produced by an "ingest" execution that belongs to no run. The
// last run of pipe-0 also reads the model of its first run (a cached input
// across runs).
#ifndef MLMD_TEST_RETENTION_TEST_UTIL_H_
#define MLMD_TEST_RETENTION_TEST_UTIL_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "store/sql/connection_pool.h"
#include "store/store.h"

namespace mlmd::testing {

struct KfpRun {
  int64_t context_id = 0;
  int64_t train = 0, eval = 0;     // execution ids
  int64_t model = 0, metrics = 0;  // artifact ids
};

struct KfpStore {
  int64_t execution_type = 0, model_type = 0, metrics_type = 0;
  int64_t run_type = 0, pipeline_type = 0;
  int64_t dataset = 0, ingest = 0;
  std::vector<int64_t> pipelines;
  std::vector<std::vector<KfpRun>> runs;  // [pipeline][run]
};

// Adds one run to `kfp` for pipeline `p`; `extra_input` (0: none) is an
// artifact its eval also reads; `eval_state` is the eval's last_known_state.
absl::StatusOr<KfpRun> AddKfpRun(MetadataStore &store, const KfpStore &kfp,
                                 int p, const std::string &name,
                                 int64_t extra_input = 0,
                                 ml_metadata::Execution::State eval_state =
                                     ml_metadata::Execution::COMPLETE);

absl::StatusOr<KfpStore> BuildKfpStore(MetadataStore &store, int pipelines,
                                       int runs_per_pipeline);

// Moves a run's context and executions' last update `age` into the past.
absl::Status AgeRun(MetadataStore &store, const KfpRun &run,
                    absl::Duration age);

// Every dangling row, described; empty when the store is consistent.
std::vector<std::string> ConsistencyProblems(MetadataStore &store);

// Rows per table (the tables retention deletes from).
std::map<std::string, int64_t> TableRowCounts(MetadataStore &store);

}  // namespace mlmd::testing

#endif  // MLMD_TEST_RETENTION_TEST_UTIL_H_
