// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Creating, checking and upgrading the database schema at start-up.
#ifndef MLMD_STORE_SCHEMA_H_
#define MLMD_STORE_SCHEMA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
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

// Brings the database to MLMD schema 10 plus all our migrations:
//  * empty database: creates everything;
//  * schema 10: applies any of our own pending migrations;
//  * older schema: upgrades when `enable_upgrade`, else FAILED_PRECONDITION
//    naming the flag;
//  * newer schema: FAILED_PRECONDITION (this server is too old for it).
// Each step runs in a transaction where the dialect allows DDL in one.
// Returns the resulting MLMD schema version.
absl::StatusOr<int> InitializeSchema(sql::ConnectionPool& pool,
                                     bool enable_upgrade);

}  // namespace mlmd

#endif  // MLMD_STORE_SCHEMA_H_
