// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The metadata store: the whole MLMD API over one database, without gRPC.
//
// Every method takes an upstream request message and fills the matching
// response, with the semantics of Google's MLMD 1.17 server. The server layer
// maps each RPC to the method of the same name and the returned absl::Status
// to the gRPC status of the same code.
//
// Contracts that hold for every method:
//  * Thread-safe: any number of threads may call concurrently; each call
//    borrows a pooled connection for its duration.
//  * Each write method runs as one database transaction: it commits fully or
//    leaves the database unchanged. Deadlocks, serialization failures and
//    lock timeouts are retried inside (with jittered backoff) and are not
//    returned to the caller unless retries run out (then ABORTED).
//  * `response` is cleared first and owned by the caller; on error its
//    contents are unspecified.
//  * Codes: INVALID_ARGUMENT for malformed requests, NOT_FOUND for unknown
//    ids and names where upstream reports them, ALREADY_EXISTS for duplicate
//    names or external ids, FAILED_PRECONDITION for type mismatches and
//    concurrent-update conflicts, UNAVAILABLE when the database cannot be
//    reached, UNIMPLEMENTED for features not built yet. Messages say what was
//    wrong and which input caused it.
#ifndef MLMD_STORE_STORE_H_
#define MLMD_STORE_STORE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "ml_metadata/proto/metadata_store_service.pb.h"
#include "mlmd_server/admin/v1/admin.pb.h"
#include "mlmd_server/cache/v1/cache.pb.h"
#include "store/transaction.h"

namespace mlmd {

namespace sql {
class Connection;
class ConnectionPool;
}  // namespace sql
class TypeDefCache;
struct RetentionPlan;

// What a retention call reports while it runs (store_retention.cc).
struct RetentionHooks {
  // After each committed batch, once per table with the rows it deleted.
  std::function<void(const std::string& table, int64_t rows)> on_rows_deleted;
  // Sleep between batches (tests use it to kill a purge half-way).
  absl::Duration pause_between_batches = absl::ZeroDuration();
};

struct StoreOptions {
  // Which database to use. An unset config means SQLite at `sqlite_path`.
  ml_metadata::ConnectionConfig connection_config;
  // Upgrade an older MLMD schema (7..9) to 10 at open. Without it an older
  // schema is refused with FAILED_PRECONDITION; a newer one always is.
  bool enable_upgrade_migration = false;
  // Connection pool.
  int pool_size = 16;
  absl::Duration pool_acquire_timeout = absl::Seconds(10);
  absl::Duration pool_idle_timeout = absl::Seconds(30);
  // How often a transaction that hit a deadlock or lock timeout is retried.
  int max_transaction_retries = 10;
};

class MetadataStore {
 public:
  // Connects, creates the MLMD schema-10 tables when the database is empty,
  // applies our own additive migrations, and makes sure MLMD's built-in
  // simple types (mlmd.Dataset, mlmd.Train, ...) exist.
  static absl::StatusOr<std::unique_ptr<MetadataStore>> Open(
      const StoreOptions& options);

  ~MetadataStore();
  MetadataStore(const MetadataStore&) = delete;
  MetadataStore& operator=(const MetadataStore&) = delete;

  // "sqlite", "postgresql" or "mysql".
  std::string backend_name() const;
  // Where the data lives, without secrets, for logs.
  std::string describe_target() const;
  // MLMDEnv.schema_version of the open database.
  int schema_version() const { return schema_version_; }
  // Proves the database answers (for health checks).
  absl::Status Ping();

  // Connection pool and transaction figures, for metrics. Thread-safe; a
  // consistent-enough snapshot (each field is read once).
  struct Stats {
    int pool_max_connections = 0;
    int pool_idle = 0;
    int pool_leased = 0;
    int64_t connections_opened_total = 0;  // reconnects included
    int64_t pool_waits_total = 0;          // acquisitions that had to wait
    int64_t transaction_retries_total = 0;
    int64_t transactions_given_up_total = 0;  // returned as ABORTED
  };
  Stats stats() const;

  // The pool itself, for white-box tests inside the store's own test suite;
  // code outside store/ uses the methods above.
  sql::ConnectionPool& pool() { return *pool_; }

#define MLMD_STORE_METHOD(Name)                                  \
  absl::Status Name(const ::ml_metadata::Name##Request& request, \
                    ::ml_metadata::Name##Response* response)

  // ---- Types (store_types.cc) ----
  // Creates a type, or returns the id of an identical existing one. Changing
  // an existing type needs can_add_fields (new properties) or can_omit_fields
  // (properties left out of the request); a changed property type is
  // ALREADY_EXISTS. base_type links the type to a built-in simple type.
  MLMD_STORE_METHOD(PutArtifactType);
  MLMD_STORE_METHOD(PutExecutionType);
  MLMD_STORE_METHOD(PutContextType);
  // All three kinds at once, one transaction.
  MLMD_STORE_METHOD(PutTypes);
  // By name and optional version; NOT_FOUND when absent.
  MLMD_STORE_METHOD(GetArtifactType);
  MLMD_STORE_METHOD(GetExecutionType);
  MLMD_STORE_METHOD(GetContextType);
  // By ids; unknown ids are skipped.
  MLMD_STORE_METHOD(GetArtifactTypesByID);
  MLMD_STORE_METHOD(GetExecutionTypesByID);
  MLMD_STORE_METHOD(GetContextTypesByID);
  // Every type of the kind, excluding the built-in simple types.
  MLMD_STORE_METHOD(GetArtifactTypes);
  MLMD_STORE_METHOD(GetExecutionTypes);
  MLMD_STORE_METHOD(GetContextTypes);
  MLMD_STORE_METHOD(GetArtifactTypesByExternalIds);
  MLMD_STORE_METHOD(GetExecutionTypesByExternalIds);
  MLMD_STORE_METHOD(GetContextTypesByExternalIds);

  // ---- Nodes (store_nodes.cc) ----
  // A node without id is created; with id it is updated (fully, or only the
  // fields in update_mask). Properties are checked against the type.
  MLMD_STORE_METHOD(PutArtifacts);
  MLMD_STORE_METHOD(PutExecutions);
  MLMD_STORE_METHOD(PutContexts);
  // Listing with ListOperationOptions (paging, ordering, filter_query).
  MLMD_STORE_METHOD(GetArtifacts);
  MLMD_STORE_METHOD(GetExecutions);
  MLMD_STORE_METHOD(GetContexts);
  // By ids; unknown ids are skipped.
  MLMD_STORE_METHOD(GetArtifactsByID);
  MLMD_STORE_METHOD(GetExecutionsByID);
  MLMD_STORE_METHOD(GetContextsByID);
  MLMD_STORE_METHOD(GetArtifactsByType);
  MLMD_STORE_METHOD(GetExecutionsByType);
  MLMD_STORE_METHOD(GetContextsByType);
  // Empty response (not NOT_FOUND) when no node matches.
  MLMD_STORE_METHOD(GetArtifactByTypeAndName);
  MLMD_STORE_METHOD(GetExecutionByTypeAndName);
  MLMD_STORE_METHOD(GetContextByTypeAndName);
  MLMD_STORE_METHOD(GetArtifactsByURI);
  MLMD_STORE_METHOD(GetArtifactsByExternalIds);
  MLMD_STORE_METHOD(GetExecutionsByExternalIds);
  MLMD_STORE_METHOD(GetContextsByExternalIds);

  // ---- Relations (store_relations.cc) ----
  MLMD_STORE_METHOD(PutEvents);
  MLMD_STORE_METHOD(GetEventsByExecutionIDs);
  MLMD_STORE_METHOD(GetEventsByArtifactIDs);
  MLMD_STORE_METHOD(PutAttributionsAndAssociations);
  // Rejects self-links and links that would close a cycle.
  MLMD_STORE_METHOD(PutParentContexts);
  MLMD_STORE_METHOD(GetContextsByArtifact);
  MLMD_STORE_METHOD(GetContextsByExecution);
  MLMD_STORE_METHOD(GetArtifactsByContext);
  MLMD_STORE_METHOD(GetExecutionsByContext);
  MLMD_STORE_METHOD(GetParentContextsByContext);
  MLMD_STORE_METHOD(GetChildrenContextsByContext);
  MLMD_STORE_METHOD(GetParentContextsByContexts);
  MLMD_STORE_METHOD(GetChildrenContextsByContexts);

  // ---- Composite writes (store_composite.cc) ----
  // An execution with its input/output artifacts, events and contexts.
  MLMD_STORE_METHOD(PutExecution);
  // Executions, artifacts, contexts and the events between them.
  MLMD_STORE_METHOD(PutLineageSubgraph);

  // ---- Lineage (store_lineage.cc) ----
  MLMD_STORE_METHOD(GetLineageGraph);
  MLMD_STORE_METHOD(GetLineageSubgraph);

#undef MLMD_STORE_METHOD

  // ---- Retention (store_retention.cc, retention_plan.h) ----
  // Deletes pipeline runs and what only they hold, keeping every node the
  // lineage of a kept node needs; the report lists the runs, rows per table,
  // deleted artifact URIs, and kept nodes with why (README "Retention").
  // Not one transaction: a plan is read first, then deleted in batches of
  // options.batch_size nodes, each its own write transaction, artifacts
  // first and run contexts last; a call that fails or is killed half-way
  // leaves a consistent store, and calling it again finishes the job. With
  // dry_run nothing is written and the report counts what would go.
  // Runs with NEW or RUNNING executions are skipped unless options.force.
  // Unknown run ids and names are reported as skipped.
  absl::Status DeletePipelineRuns(
      const mlmd_server::admin::v1::DeletePipelineRunsRequest& request,
      mlmd_server::admin::v1::DeletePipelineRunsResponse* response,
      const RetentionHooks& hooks = {});
  // The runs `request.policy` selects (criteria ANDed; INVALID_ARGUMENT for
  // an empty policy or unknown state), deleted as above.
  absl::Status PurgePipelineRuns(
      const mlmd_server::admin::v1::PurgePipelineRunsRequest& request,
      mlmd_server::admin::v1::PurgePipelineRunsResponse* response,
      const RetentionHooks& hooks = {});
  // ---- Cache lookup (cache_lookup.cc) ----
  // The newest execution Kubeflow Pipelines may reuse for a cache
  // fingerprint (semantics in proto/mlmd_server/cache/v1/cache.proto):
  // COMPLETE, carrying the fingerprint as a string custom property,
  // associated with a system.PipelineRun context whose parent is the
  // system.Pipeline context named pipeline_name and whose `namespace`
  // custom property matches. CACHED copies are never returned (they point at
  // their original through cached_execution_id). Nothing is cached between
  // calls, so deleted runs are never returned. One indexed query finds the
  // execution; its events and output artifacts are then read by id.
  // INVALID_ARGUMENT when fingerprint or pipeline_name is empty.
  absl::Status LookupCachedExecution(
      const ::mlmd_server::cache::v1::LookupCachedExecutionRequest& request,
      ::mlmd_server::cache::v1::LookupCachedExecutionResponse* response);

 private:
  absl::Status CarryOutRetention(
      RetentionPlan& plan,
      const mlmd_server::admin::v1::DeletionOptions& options,
      const RetentionHooks& hooks,
      mlmd_server::admin::v1::RetentionReport* report);

  MetadataStore(StoreOptions options, std::unique_ptr<sql::ConnectionPool> pool,
                int schema_version);

  // Run `body` in one transaction on a pooled connection (transaction.h).
  // Write bodies may run more than once (retry after a deadlock), so they
  // must start by resetting whatever they fill in.
  using TxnBody = absl::FunctionRef<absl::Status(sql::Connection&)>;
  absl::Status RunRead(TxnBody body);
  // Retries as configured, counted in transaction_counters_.
  RetryPolicy TransactionPolicy();
  absl::Status RunWrite(TxnBody body);
  // The type writes (Put*Type, PutTypes), which usually change nothing:
  // UNIMPLEMENTED when `all_fields_match` is false (upstream never
  // implemented partial matches), else `body` through RunWriteIfNeeded
  // (transaction.h), which takes no write lock when nothing changes.
  absl::Status RunTypeWrite(bool all_fields_match, TxnBody body);

  StoreOptions options_;
  std::unique_ptr<sql::ConnectionPool> pool_;
  int schema_version_ = 0;
  // Node types for validating writes; filled by committed write transactions.
  std::unique_ptr<TypeDefCache> type_cache_;
  TransactionCounters transaction_counters_;
};

}  // namespace mlmd

#endif  // MLMD_STORE_STORE_H_
