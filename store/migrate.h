// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Schema checks and upgrades of one database without serving it: the store's
// face for `mlmd-server migrate` (and deploy steps), so callers outside
// store/ need neither the pool nor the schema internals.
#ifndef MLMD_STORE_MIGRATE_H_
#define MLMD_STORE_MIGRATE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd {

namespace sql {
class ConnectionPool;
}  // namespace sql

// One change bringing the database up to date would make.
struct MigrationStep {
  // e.g. "MLMD schema 8 -> 9 (mlmd_upgrade_v9.sql)".
  std::string description;
  // False when this build has no SQL for the step in the database's dialect.
  bool available = true;
};

struct MigrationPlan {
  int current_version = 0;  // MLMDEnv.schema_version; 0: empty database
  int target_version = 0;
  std::vector<MigrationStep> steps;  // in order; empty: up to date
  // True when a step upgrades upstream's schema, which needs the operator's
  // consent (--enable_database_upgrade).
  bool needs_upgrade = false;
};

class SchemaMigrator {
 public:
  // Prepares one connection to the database of `config` (connecting lazily;
  // a database that is down fails Plan/Apply with UNAVAILABLE, so callers
  // can retry). INVALID_ARGUMENT for an unusable config.
  static absl::StatusOr<std::unique_ptr<SchemaMigrator>> Create(
      const ml_metadata::ConnectionConfig &config,
      absl::Duration acquire_timeout);
  ~SchemaMigrator();

  // Where the database is, without secrets; the dialect's name.
  std::string Describe() const;
  std::string dialect_name() const;

  // What Apply would do, changing nothing. FAILED_PRECONDITION for a schema
  // newer than this build's or older than it can upgrade.
  absl::StatusOr<MigrationPlan> Plan();
  // Carries the plan out (each step a transaction where the dialect allows
  // DDL in one); upgrades upstream's schema only with `enable_upgrade`.
  // Lists the steps run in `applied`; returns the resulting schema version.
  absl::StatusOr<int> Apply(bool enable_upgrade,
                            std::vector<MigrationStep> *applied);

 private:
  explicit SchemaMigrator(std::unique_ptr<sql::ConnectionPool> pool);
  std::unique_ptr<sql::ConnectionPool> pool_;
};

}  // namespace mlmd

#endif  // MLMD_STORE_MIGRATE_H_
