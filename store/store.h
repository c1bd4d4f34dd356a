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
//  * Reads take no write lock. On PostgreSQL and MySQL/MariaDB they run at
//    READ COMMITTED, statement by statement, so a read of several statements
//    is not one snapshot (SQLite's is).
//  * "Not paged" below means the whole answer comes in one response.
//
// Paging and filters. The list calls GetArtifacts, GetExecutions,
// GetContexts, Get*ByType and Get*ByContext take optional
// ListOperationOptions (list_query.h):
//  * Without options: every match, ascending id, no next_page_token.
//  * With options: one page of at most min(max_result_size, 100) nodes
//    (max_result_size defaults to 20), ordered by order_by_field.field: ID
//    (the default), CREATE_TIME or LAST_UPDATE_TIME, ascending unless is_asc
//    is false, ties broken by id.
//  * next_page_token is set when another page follows (Get*ByType differs,
//    see there). Passed back as options.next_page_token it fetches the next
//    page; max_result_size may change between pages, order_by_field and
//    filter_query may not. Paging is by key, not offset: with rows inserted
//    between calls, no row comes twice and none that existed when paging
//    began is skipped.
//  * filter_query (empty: no filter) is MLMD's filter language
//    (filter/filter_compiler.h): node attributes (id, type_id, type, name,
//    external_id, create_time_since_epoch, last_update_time_since_epoch,
//    uri and state of artifacts, last_known_state of executions),
//    properties.NAME.int_value (double_value, string_value, bool_value; and
//    custom_properties), and neighbours through aliases: contexts_X and
//    events_X of artifacts and executions; parent_contexts_X,
//    child_contexts_X, artifacts_X and executions_X of contexts. A node
//    without a mentioned neighbour or property never matches.
//  * INVALID_ARGUMENT for max_result_size <= 0, FIELD_UNSPECIFIED, a token
//    that does not decode or was issued for another order_by_field or
//    filter_query, and a filter_query that is malformed, names a field the
//    kind lacks or exceeds the parser's bounds (filter/filter_parser.h);
//    filter errors give the column.
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
class GroupCommit;
class TypeDefCache;
struct WriteCombiners;
template <typename Request, typename Response>
class WriteCombiner;
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
  // SQLite only: write requests that queue behind one another share one
  // transaction, each under its own savepoint (store/group_commit.h).
  bool group_commit = true;
  // PutExecution (and Put{Artifacts,Executions,Contexts}) transactions that
  // may run at once, per RPC; requests arriving while that many run wait and
  // go together as the next one, their rows sharing statements
  // (write_combiner.h). 0: every request runs alone.
  int combined_write_slots = 1;
  // How long the oldest request waiting for a combined write's turn waits
  // before it starts a batch beside the running ones anyway.
  absl::Duration combined_write_patience = absl::Milliseconds(100);
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
    // Group commit (SQLite): transactions committed for groups of write
    // requests, and the requests they carried.
    int64_t group_commits_total = 0;
    int64_t group_commit_members_total = 0;
    // Write combining: transactions that carried two or more write
    // requests in shared statements, and the requests they carried.
    int64_t combined_writes_total = 0;
    int64_t combined_write_members_total = 0;
    // Batches that failed, whose requests then ran alone; and requests
    // queued now for the next batch.
    int64_t combined_write_fallbacks_total = 0;
    int combined_writes_waiting = 0;
    // Batches started beside running ones that were slow to finish.
    int64_t combined_write_impatient_starts_total = 0;
  };
  Stats stats() const;

  // The pool itself, for white-box tests inside the store's own test suite;
  // code outside store/ uses the methods above.
  sql::ConnectionPool& pool() { return *pool_; }

#define MLMD_STORE_METHOD(Name)                                  \
  absl::Status Name(const ::ml_metadata::Name##Request& request, \
                    ::ml_metadata::Name##Response* response)

  // ---- Types (store_types.cc) ----
  // A type is keyed by (kind, name, version); an empty version is no version.
  // The type's `id` field is ignored on writes.

  // Answers the id of the type with the request's name and version,
  // creating it when absent. A stored type is checked against the request
  // and gets the changes the flags allow: can_add_fields (new properties),
  // can_omit_fields (stored properties left out of the request stay);
  // can_delete_fields is ignored. A new external_id and a first base_type
  // link are applied too. A call that changes nothing takes no write lock.
  // Errors:
  //   INVALID_ARGUMENT  empty name; a property of type UNKNOWN; an unknown
  //                     base_type value;
  //   ALREADY_EXISTS    a property changes its value type; properties added
  //                     without can_add_fields or left out without
  //                     can_omit_fields; external_id held by another type;
  //   UNIMPLEMENTED     all_fields_match=false; base_type UNSET, or a base
  //                     type other than the stored one;
  //   NOT_FOUND         the built-in type base_type refers to is missing.
  MLMD_STORE_METHOD(PutArtifactType);
  MLMD_STORE_METHOD(PutExecutionType);
  MLMD_STORE_METHOD(PutContextType);
  // Put*Type for every type of the request in one transaction, artifact
  // types first, then execution and context types (so the first error is
  // upstream's). Ids are aligned with the request lists; a type listed twice
  // gets the same id. Messages name the entry ("artifact_types[2]").
  MLMD_STORE_METHOD(PutTypes);

  // The type with type_name and type_version, with its properties and
  // base_type. NOT_FOUND when there is none.
  MLMD_STORE_METHOD(GetArtifactType);
  MLMD_STORE_METHOD(GetExecutionType);
  MLMD_STORE_METHOD(GetContextType);
  // One type per requested id, in request order, repeats included; ids that
  // are unknown or belong to another kind are skipped (never NOT_FOUND).
  MLMD_STORE_METHOD(GetArtifactTypesByID);
  MLMD_STORE_METHOD(GetExecutionTypesByID);
  MLMD_STORE_METHOD(GetContextTypesByID);
  // Every type of the kind in ascending id, without the built-in simple
  // types (mlmd.Dataset, mlmd.Train, ...). Not paged.
  MLMD_STORE_METHOD(GetArtifactTypes);
  MLMD_STORE_METHOD(GetExecutionTypes);
  MLMD_STORE_METHOD(GetContextTypes);
  // The types whose external_id is listed, ascending id; unknown ones are
  // skipped. An empty list answers nothing (OK). INVALID_ARGUMENT for an
  // empty external id; NOT_FOUND when none of a non-empty list matches.
  MLMD_STORE_METHOD(GetArtifactTypesByExternalIds);
  MLMD_STORE_METHOD(GetExecutionTypesByExternalIds);
  MLMD_STORE_METHOD(GetContextTypesByExternalIds);

  // ---- Nodes (store_nodes.cc) ----

  // Creates each node without id (type_id required) and updates each node
  // with id, in request order as if one by one; answers the ids in request
  // order. An update replaces the node, or only the update_mask paths (a
  // field name such as "uri", or one map key such as
  // "custom_properties.k"; a listed key absent from the request is deleted).
  // `properties` must be declared by the type with a matching value kind;
  // custom_properties are free. The server sets create and last-update
  // times; an update moves last_update_time only when something changed.
  // At most kMaxNodesPerPut (10000) nodes per call. Errors:
  //   INVALID_ARGUMENT  missing type_id on create; changed type_id; unknown
  //                     id on update; undeclared property or wrong value
  //                     kind; a value without kind; a context without name;
  //                     too many nodes;
  //   NOT_FOUND         type_id is not a type of this kind;
  //   ALREADY_EXISTS    (type_id, name) or external_id taken, by a stored
  //                     node or another node of the request;
  //   FAILED_PRECONDITION  PutArtifacts with
  //                     options.abort_if_latest_updated_time_changed, when an
  //                     artifact's last_update_time_since_epoch differs from
  //                     the stored one.
  MLMD_STORE_METHOD(PutArtifacts);
  MLMD_STORE_METHOD(PutExecutions);
  MLMD_STORE_METHOD(PutContexts);

  // Every node of the kind, or one page of them with options (see "Paging
  // and filters" above).
  MLMD_STORE_METHOD(GetArtifacts);
  MLMD_STORE_METHOD(GetExecutions);
  MLMD_STORE_METHOD(GetContexts);
  // The nodes with the requested ids, each once, ascending id; unknown ids
  // are skipped (never NOT_FOUND). GetArtifactsByID with
  // populate_artifact_types also answers the found artifacts' types, each
  // once, without base_type (as upstream).
  MLMD_STORE_METHOD(GetArtifactsByID);
  MLMD_STORE_METHOD(GetExecutionsByID);
  MLMD_STORE_METHOD(GetContextsByID);
  // The nodes of the type named by type_name and type_version; an unknown
  // type answers nothing (OK). Paging and filters as above, except that with
  // options next_page_token is set whenever the page is not empty: "" on the
  // last page, as upstream does.
  MLMD_STORE_METHOD(GetArtifactsByType);
  MLMD_STORE_METHOD(GetExecutionsByType);
  MLMD_STORE_METHOD(GetContextsByType);
  // The node of that type and name; the field is left unset (not NOT_FOUND)
  // when the type or the node does not exist.
  MLMD_STORE_METHOD(GetArtifactByTypeAndName);
  MLMD_STORE_METHOD(GetExecutionByTypeAndName);
  MLMD_STORE_METHOD(GetContextByTypeAndName);
  // Artifacts whose uri is one of `uris`, ascending id; "" matches artifacts
  // stored without a uri. INVALID_ARGUMENT when the request carries field 1,
  // the single `uri` of clients older than 0.21.
  MLMD_STORE_METHOD(GetArtifactsByURI);
  // The nodes whose external_id is listed, ascending id. An empty list
  // answers nothing (OK). INVALID_ARGUMENT for an empty external id;
  // NOT_FOUND when none matches.
  MLMD_STORE_METHOD(GetArtifactsByExternalIds);
  MLMD_STORE_METHOD(GetExecutionsByExternalIds);
  MLMD_STORE_METHOD(GetContextsByExternalIds);

  // ---- Relations (store_relations.cc) ----

  // Stores events between existing artifacts and executions. Each needs
  // artifact_id, execution_id and a type other than UNKNOWN; an unset
  // milliseconds_since_epoch becomes now; path steps with neither index nor
  // key are dropped. Errors: INVALID_ARGUMENT for a missing field or a node
  // that does not exist (upstream would store it); ALREADY_EXISTS when two
  // events, in the request or stored, share (artifact_id, execution_id,
  // type).
  MLMD_STORE_METHOD(PutEvents);
  // The events of the listed executions (artifacts), ascending event id, with
  // their paths; unknown ids match nothing. Not paged.
  MLMD_STORE_METHOD(GetEventsByExecutionIDs);
  MLMD_STORE_METHOD(GetEventsByArtifactIDs);
  // Links artifacts (attributions) and executions (associations) to
  // contexts; links already stored are kept without error. INVALID_ARGUMENT
  // when an id is missing or names no stored node.
  MLMD_STORE_METHOD(PutAttributionsAndAssociations);
  // Makes parent_id a parent of child_id for each entry. INVALID_ARGUMENT
  // for a missing id, an unknown context, a self-link or a link that would
  // close a cycle (links earlier in the request count); ALREADY_EXISTS for a
  // link that is stored or repeated in the request.
  MLMD_STORE_METHOD(PutParentContexts);
  // The contexts an artifact is attributed to (an execution is associated
  // with), ascending id. NOT_FOUND when there are none, an unknown id
  // included.
  MLMD_STORE_METHOD(GetContextsByArtifact);
  MLMD_STORE_METHOD(GetContextsByExecution);
  // The artifacts attributed to (executions associated with) context_id;
  // an unknown context answers nothing (OK). Paging and filters as above.
  MLMD_STORE_METHOD(GetArtifactsByContext);
  MLMD_STORE_METHOD(GetExecutionsByContext);
  // The direct parents (children) of context_id, ascending id; an unknown
  // context answers nothing (OK).
  MLMD_STORE_METHOD(GetParentContextsByContext);
  MLMD_STORE_METHOD(GetChildrenContextsByContext);
  // The direct parents (children) of each listed context, keyed by its id,
  // each list ascending id; contexts without any (or unknown) have no entry.
  // INVALID_ARGUMENT when context_ids is empty.
  MLMD_STORE_METHOD(GetParentContextsByContexts);
  MLMD_STORE_METHOD(GetChildrenContextsByContexts);

  // ---- Composite writes (store_composite.cc) ----
  // Nodes are written as by Put{Artifacts,Executions,Contexts}, with their
  // errors (some messages prefixed with the request field), and events are
  // checked as by PutEvents. A context needs type_id and name
  // (INVALID_ARGUMENT).

  // One execution with its artifact/event pairs and contexts, in one
  // transaction: artifacts in pair order, the execution, the events (their
  // ids filled in), the contexts, then every artifact and the execution
  // linked to every context. artifact_ids are aligned with the pairs (-1 for
  // a pair with neither artifact nor event), context_ids with `contexts`.
  // Options: reuse_artifact_if_already_exist_by_external_id (an artifact
  // without id whose external_id is stored, or new earlier in the request,
  // updates that one); reuse_context_if_already_exist (a context without id
  // whose (type_id, name) is stored, or new earlier in the request, is used
  // as it is); force_reuse_context (a context with id is linked, not
  // written; NOT_FOUND if absent); force_update_time (the execution's
  // last_update_time moves even when nothing changed). INVALID_ARGUMENT
  // without execution, for a pair whose event has neither artifact nor
  // artifact_id, an event id that disagrees with its pair, or an event
  // naming an unknown artifact.
  MLMD_STORE_METHOD(PutExecution);
  // Executions, artifacts and contexts with the events between them, in one
  // transaction: contexts, artifacts, executions, every artifact and
  // execution linked to every context, then events. An event edge names its
  // ends by index into the request lists or by stored id. Ids are aligned
  // with the request lists. The two reuse options work as in PutExecution,
  // except that a new external_id repeated in the request is not reused
  // (ALREADY_EXISTS). OUT_OF_RANGE for an index outside its list;
  // INVALID_ARGUMENT for an edge without event or without an end, whose ids
  // disagree with the indexed node, or naming an unknown node.
  MLMD_STORE_METHOD(PutLineageSubgraph);

  // ---- Lineage (store_lineage.cc, lineage_access.h) ----

  // Deprecated upstream (1.15+ answers UNIMPLEMENTED); served with 1.14's
  // semantics. Starts from the artifacts options.artifacts_options lists
  // (its filter, order, page size and token) and walks events of any type up
  // to stop_conditions.max_num_hops (unset: 20; capped at 20). Nodes failing
  // boundary_artifacts / boundary_executions are left out and not walked
  // past. max_node_size (default 20; <= 0: no limit) caps artifacts plus
  // executions. Answers full artifacts and executions, the events between
  // them, every artifact and execution type but the built-in simple ones and
  // every context type; no contexts. INVALID_ARGUMENT without
  // artifacts_options, for a negative max_num_hops or a malformed filter or
  // list option; NOT_FOUND when no artifact matches. Not paged.
  MLMD_STORE_METHOD(GetLineageGraph);
  // Walks from the artifacts or executions matching starting_*.filter_query
  // (the first 100 by ascending id) up to max_num_hops (unset: 100; capped
  // at 100) in `direction` (UPSTREAM, DOWNSTREAM, or both when unspecified).
  // Nodes matching ending_*.filter_query stop the walk and are answered only
  // with include_ending_nodes. read_mask picks LineageGraph fields by
  // top-level name (empty: all). Nodes carry only their id; contexts,
  // attributions and associations are those of the answered nodes; the
  // *_types fields hold every stored type, built-in simple types included.
  // INVALID_ARGUMENT without starting nodes, for an empty starting
  // filter_query, a negative max_num_hops or a malformed filter; NOT_FOUND
  // when no node matches the starting filter. Not paged.
  MLMD_STORE_METHOD(GetLineageSubgraph);

#undef MLMD_STORE_METHOD

  // ---- Retention (store_retention.cc, retention_plan.h) ----
  // Deletes pipeline runs and what only they hold, keeping every node the
  // lineage of a kept node needs; the report lists the runs, rows per table,
  // deleted artifact URIs, and kept nodes with why (README "Retention").
  // Not one transaction: a plan is read first, then deleted in batches of
  // options.batch_size nodes (0: 500; at most 10000), each its own write
  // transaction, artifacts first and run contexts last; a call that fails or
  // is killed half-way leaves a consistent store, and calling it again
  // finishes the job. With dry_run nothing is written and the report counts
  // what would go. A run is a context of options.run_context_type (empty:
  // system.PipelineRun). Runs with NEW or RUNNING executions are skipped
  // unless options.force. Unknown run ids and names are reported as
  // skipped. INVALID_ARGUMENT without run_context_ids and run_names, or for
  // a negative batch_size.
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
  // Put{Artifacts,Executions,Contexts}, combined with concurrent requests of
  // the same RPC when `combiner` is not null (store_nodes.cc).
  template <typename Node, typename Request, typename Response>
  absl::Status PutNodesCombined(WriteCombiner<Request, Response>* combiner,
                                const Request& request, Response* response);

  StoreOptions options_;
  std::unique_ptr<sql::ConnectionPool> pool_;
  int schema_version_ = 0;
  // Node types for validating writes; filled by committed write transactions.
  std::unique_ptr<TypeDefCache> type_cache_;
  TransactionCounters transaction_counters_;
  // Null unless the database serializes writers and options_.group_commit.
  std::unique_ptr<GroupCommit> group_commit_;
  // Null when options_.combined_write_slots is 0.
  std::unique_ptr<WriteCombiners> combiners_;
};

}  // namespace mlmd

#endif  // MLMD_STORE_STORE_H_
