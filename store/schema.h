// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Creating, checking and upgrading the database schema at start-up.
#ifndef MLMD_STORE_SCHEMA_H_
#define MLMD_STORE_SCHEMA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "migrations/migrations.h"
#include "store/sql/connection.h"
#include "store/sql/connection_pool.h"

namespace mlmd {

struct SchemaStatus {
  int mlmd_schema_version = 0;                  // MLMDEnv.schema_version
  std::vector<int> applied_extensions;          // our own migrations present
  std::vector<std::string> pending_extensions;  // names not yet applied
};

// Reads the schema state without changing anything. mlmd_schema_version is 0
// for an empty database.
absl::StatusOr<SchemaStatus> InspectSchema(sql::Connection& conn);

// One change that bringing a database up to date makes.
struct SchemaStep {
  enum class Kind {
    kCreate,     // empty database: create MLMD schema 10
    kUpgrade,    // upstream upgrade to `version` from `version - 1`
    kExtension,  // one of our own migrations (mlmd_server_migrations)
  };
  Kind kind = Kind::kCreate;
  int version = 0;            // MLMD schema reached, or our migration number
  std::string description;    // e.g. "MLMD schema 8 -> 9 (mlmd_upgrade_v9.sql)"
  migrations::Migration sql;  // no statements when no file exists for it
  // False when the dialect has no file for this create or upgrade step.
  bool available() const {
    return kind == Kind::kExtension || !sql.statements.empty();
  }
};

struct SchemaPlan {
  int current_version = 0;  // MLMDEnv.schema_version; 0 for an empty database
  int target_version = migrations::kMlmdSchemaVersion;
  std::vector<SchemaStep> steps;  // in the order they run; empty: up to date
  // True when the plan upgrades the upstream schema, which needs the
  // operator's consent (--enable_database_upgrade).
  bool needs_upgrade() const;
};

// What InitializeSchema would do to the database, without changing it.
// FAILED_PRECONDITION (as InitializeSchema) for a schema newer than ours or
// older than the oldest upgradable one, and for what InspectSchema refuses.
// Steps whose file is missing for the dialect are listed, not available().
absl::StatusOr<SchemaPlan> PlanSchemaMigration(sql::Connection& conn);

// Brings the database to MLMD schema 10 plus all our migrations:
//  * empty database: creates everything;
//  * schema 10: applies any of our own pending migrations;
//  * older schema: upgrades when `enable_upgrade`, else FAILED_PRECONDITION
//    naming the flag;
//  * newer schema: FAILED_PRECONDITION (this server is too old for it).
// Each step runs in a transaction where the dialect allows DDL in one.
// It carries out PlanSchemaMigration's plan, and lists the steps it ran in
// `applied` when given. Returns the resulting MLMD schema version.
absl::StatusOr<int> InitializeSchema(
    sql::ConnectionPool& pool, bool enable_upgrade,
    std::vector<SchemaStep>* applied = nullptr);

}  // namespace mlmd

#endif  // MLMD_STORE_SCHEMA_H_
