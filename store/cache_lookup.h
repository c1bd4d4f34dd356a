// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The statement behind MetadataStore::LookupCachedExecution, exposed so that
// tests can EXPLAIN it on every backend and check that an index serves it.
#ifndef MLMD_STORE_CACHE_LOOKUP_H_
#define MLMD_STORE_CACHE_LOOKUP_H_

#include "mlmd_server/cache/v1/cache.pb.h"
#include "store/sql/connection.h"

namespace mlmd {

// Custom property names and context types Kubeflow Pipelines v2 writes.
inline constexpr char kCacheFingerprintProperty[] = "cache_fingerprint";
inline constexpr char kRunNamespaceProperty[] = "namespace";
inline constexpr char kPipelineContextType[] = "system.Pipeline";
inline constexpr char kPipelineRunContextType[] = "system.PipelineRun";

// One statement returning at most one row (execution id, run context id,
// pipeline context id) for the request: the newest reusable execution.
// Dialect-specific only in how it keeps the planner on that path. It
// starts from the fingerprint, through the string index on
// ExecutionProperty (name, is_custom_property, string_value), so its cost
// grows with the executions carrying that fingerprint, not with the store.
// The request must have a fingerprint and a pipeline name.
sql::Statement CachedExecutionQuery(
    sql::Dialect dialect,
    const ::mlmd_server::cache::v1::LookupCachedExecutionRequest& request);

}  // namespace mlmd

#endif  // MLMD_STORE_CACHE_LOOKUP_H_
