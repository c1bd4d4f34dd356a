// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Opening the store and running transactions. The API methods live in
// store_types.cc, store_nodes.cc, store_relations.cc, store_composite.cc and
// store_lineage.cc.
#include "absl/strings/str_cat.h"
#include "store/backends.h"
#include "store/group_commit.h"
#include "store/schema.h"
#include "store/sql/connection_pool.h"
#include "store/store.h"
#include "store/transaction.h"
#include "store/type_access.h"
#include "store/type_cache.h"
#include "store/write_combiner.h"

namespace mlmd {

absl::StatusOr<std::unique_ptr<MetadataStore>> MetadataStore::Open(
    const StoreOptions &options) {
  auto factory = MakeConnectionFactory(options.connection_config);
  if (!factory.ok()) return factory.status();
  sql::PoolOptions pool_options;
  pool_options.max_size = options.pool_size;
  pool_options.acquire_timeout = options.pool_acquire_timeout;
  pool_options.idle_timeout = options.pool_idle_timeout;
  auto pool =
      std::make_unique<sql::ConnectionPool>(*std::move(factory), pool_options);
  auto version = InitializeSchema(*pool, options.enable_upgrade_migration);
  if (!version.ok()) return version.status();
  std::unique_ptr<MetadataStore> store(
      new MetadataStore(options, std::move(pool), *version));
  absl::Status st = store->RunWrite(
      [](sql::Connection &conn) { return EnsureSimpleTypes(conn); });
  if (!st.ok()) return st;
  return store;
}

MetadataStore::MetadataStore(StoreOptions options,
                             std::unique_ptr<sql::ConnectionPool> pool,
                             int schema_version)
    : options_(std::move(options)),
      pool_(std::move(pool)),
      schema_version_(schema_version),
      type_cache_(std::make_unique<TypeDefCache>()) {
  if (options_.group_commit && pool_->dialect() == sql::Dialect::kSqlite) {
    group_commit_ = std::make_unique<GroupCommit>(*pool_);
  }
  if (options_.combined_write_slots > 0) {
    combiners_ = std::make_unique<WriteCombiners>(
        options_.combined_write_slots,
        absl::ToChronoMilliseconds(options_.combined_write_patience));
  }
}

MetadataStore::~MetadataStore() = default;

std::string MetadataStore::backend_name() const {
  return std::string(migrations::DialectName(pool_->dialect()));
}

std::string MetadataStore::describe_target() const { return pool_->Describe(); }

MetadataStore::Stats MetadataStore::stats() const {
  const sql::ConnectionPool::Stats pool = pool_->stats();
  Stats s;
  s.pool_max_connections = pool_->max_size();
  s.pool_idle = pool.idle;
  s.pool_leased = pool.leased;
  s.connections_opened_total = pool.opened_total;
  s.pool_waits_total = pool.waits_total;
  s.transaction_retries_total = transaction_counters_.retries.load();
  s.transactions_given_up_total = transaction_counters_.given_up.load();
  if (group_commit_ != nullptr) {
    const GroupCommit::Stats groups = group_commit_->stats();
    s.group_commits_total = groups.groups;
    s.group_commit_members_total = groups.members;
  }
  if (combiners_ != nullptr) {
    const WriteCombinerStats combined = combiners_->stats();
    s.combined_writes_total = combined.batches;
    s.combined_write_members_total = combined.members;
    s.combined_write_fallbacks_total = combined.failed_batches;
    s.combined_writes_waiting = combined.waiting;
    s.combined_write_impatient_starts_total = combined.impatient_starts;
  }
  return s;
}

absl::Status MetadataStore::Ping() {
  auto lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  return (*lease)->Ping();
}

RetryPolicy MetadataStore::TransactionPolicy() {
  RetryPolicy policy;
  policy.max_retries = options_.max_transaction_retries;
  policy.counters = &transaction_counters_;
  policy.group_commit = group_commit_.get();
  return policy;
}

absl::Status MetadataStore::RunRead(TxnBody body) {
  return RunInTransaction(*pool_, sql::TransactionMode::kRead,
                          TransactionPolicy(), body);
}

absl::Status MetadataStore::RunWrite(TxnBody body) {
  return RunInTransaction(*pool_, sql::TransactionMode::kWrite,
                          TransactionPolicy(), body, type_cache_.get());
}

}  // namespace mlmd
