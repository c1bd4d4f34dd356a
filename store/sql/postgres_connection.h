// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// PostgreSQL backend over libpq.
//
// Statements with parameters are prepared once per connection (named
// server-side statements, LRU-bounded) and executed with text-format
// parameters: integers are declared bigint and doubles double precision;
// text, bool and NULL values take the type the server infers from their use
// (so `? IS NULL` cannot be typed when the value is NULL; write
// `col IS NULL` instead). bytea parameters travel as raw bytes and bytea
// results come back as raw bytes. Statements without parameters run through
// the unnamed statement, so one-off DDL does not fill the cache.
//
// Transactions run at the server's default isolation, READ COMMITTED: each
// statement sees data committed before it started, and the store relies on
// unique constraints and on row locks taken by UPDATE/DELETE (not on
// snapshot isolation) for correctness under concurrency.
//
// Round trips: under READ COMMITTED a read-only transaction gives nothing a
// series of single statements does not (each statement has its own snapshot
// either way), so kRead transactions send no BEGIN or COMMIT at all. A kWrite
// transaction sends BEGIN in one pipeline with its first statement, so it
// costs one round trip per statement plus the COMMIT.
#ifndef MLMD_STORE_SQL_POSTGRES_CONNECTION_H_
#define MLMD_STORE_SQL_POSTGRES_CONNECTION_H_

#include <memory>

#include "absl/status/statusor.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/sql/connection.h"

namespace mlmd::sql {

// INVALID_ARGUMENT when `config` lacks a dbname or names the database in a way
// we cannot create. Connecting happens in Open(); unless
// config.skip_db_creation(), the first Open() creates the database when it
// does not exist yet (through the `postgres` maintenance database).
absl::StatusOr<std::unique_ptr<ConnectionFactory>> NewPostgresConnectionFactory(
    const ml_metadata::PostgreSQLDatabaseConfig& config);

}  // namespace mlmd::sql

#endif  // MLMD_STORE_SQL_POSTGRES_CONNECTION_H_
