// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Small helpers for building MLMD messages and registering the types the
// workloads use (the names Kubeflow Pipelines v2 uses, schemaless as KFP
// declares them).
#ifndef MLMD_BENCH_MLMD_UTIL_H_
#define MLMD_BENCH_MLMD_UTIL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "bench/grpc_client.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd::bench {

inline constexpr absl::string_view kPipelineType = "system.Pipeline";
inline constexpr absl::string_view kPipelineRunType = "system.PipelineRun";
inline constexpr absl::string_view kContainerExecutionType =
    "system.ContainerExecution";
inline constexpr absl::string_view kDagExecutionType = "system.DAGExecution";
inline constexpr absl::string_view kModelType = "system.Model";
inline constexpr absl::string_view kMetricsType = "system.Metrics";
inline constexpr absl::string_view kDatasetType = "system.Dataset";
inline constexpr absl::string_view kArtifactType = "system.Artifact";

ml_metadata::Value StrValue(absl::string_view s);
ml_metadata::Value IntValue(int64_t v);
ml_metadata::Value DoubleValue(double v);

// A hex string of `len` characters derived from `seed` (fingerprints,
// pod uids): deterministic, cheap, looks like the real thing.
std::string HexId(uint64_t seed, int len);

// A random-enough session tag so repeated runs against one store do not
// collide on names.
std::string NewSessionTag();

// Registers a schemaless type by name (idempotent) and returns its id.
// A concurrent registration answering ALREADY_EXISTS is retried once.
absl::StatusOr<int64_t> PutArtifactTypeByName(Stub& stub, Recorder& rec,
                                              absl::string_view name);
absl::StatusOr<int64_t> PutExecutionTypeByName(Stub& stub, Recorder& rec,
                                               absl::string_view name);
absl::StatusOr<int64_t> PutContextTypeByName(Stub& stub, Recorder& rec,
                                             absl::string_view name);

// KFP's get-or-create of a context: read by type and name; if absent create
// it (ALREADY_EXISTS from a concurrent creator is expected) and read again.
absl::StatusOr<ml_metadata::Context> GetOrCreateContext(
    Stub& stub, Recorder& rec, int64_t type_id, absl::string_view type_name,
    absl::string_view name,
    const google::protobuf::Map<std::string, ml_metadata::Value>& props);

// The KFP event path: one step whose key is the artifact's name in the task.
void SetEventPathKey(ml_metadata::Event* event, absl::string_view key);

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_MLMD_UTIL_H_
