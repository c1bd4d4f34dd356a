// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The database schema as versioned SQL, embedded into the binary at build time
// from migrations/<dialect>/*.sql.
//
// Two independent version lines exist:
//  * The upstream MLMD schema, tracked in MLMDEnv.schema_version. The file
//    `mlmd_v10.sql` creates a database at MLMD schema version 10 exactly as
//    upstream lays it out, so upstream servers can open what we write.
//    `mlmd_upgrade_vN.sql` moves an upstream database from version N-1 to N.
//  * Our own additive changes (indexes, tables), tracked in the table
//    `mlmd_server_migrations`. Files are named `NNNN_description.sql`; NNNN is
//    the version. They never change what upstream reads or writes.
//
// Statements in a file are separated by lines holding only `-- statement`, so
// that drivers which run one statement per call can split them reliably.
#ifndef MLMD_MIGRATIONS_MIGRATIONS_H_
#define MLMD_MIGRATIONS_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace mlmd::migrations {

// The MLMD schema version this server reads and writes.
inline constexpr int kMlmdSchemaVersion = 10;

enum class Dialect { kSqlite, kPostgresql, kMysql };

// The folder name under migrations/ for `dialect`.
absl::string_view DialectName(Dialect dialect);

struct Migration {
  int version = 0;   // upstream schema version, or our own NNNN
  std::string name;  // the file name
  std::vector<std::string> statements;  // in order
};

// The statements that create an empty MLMD schema-version-10 database
// (without the MLMDEnv row, which the caller writes).
Migration BaseSchema(Dialect dialect);

// Upstream upgrades from `from_version` to `from_version + 1`, for
// from_version in [kOldestUpgradable, kMlmdSchemaVersion). Empty statements
// when no file exists for that step.
inline constexpr int kOldestUpgradable = 7;
Migration UpstreamUpgrade(Dialect dialect, int from_version);

// Our own additive migrations for `dialect`, sorted by version.
std::vector<Migration> ExtensionMigrations(Dialect dialect);

// Splits SQL text on `-- statement` separator lines; drops empty pieces.
std::vector<std::string> SplitStatements(absl::string_view sql);

}  // namespace mlmd::migrations

#endif  // MLMD_MIGRATIONS_MIGRATIONS_H_
