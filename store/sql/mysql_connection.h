// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// MySQL and MariaDB backend over MySQL Connector/C++ 1.1.
//
// Statements with parameters are server-side prepared once per connection
// (LRU-bounded cache); statements without parameters use the text protocol,
// which also runs statements the binary protocol cannot prepare.
//
// Sessions use READ COMMITTED instead of InnoDB's default REPEATABLE READ:
// it takes no gap locks for ordinary reads and writes, which makes deadlocks
// between concurrent inserts into the same tables much rarer under parallel
// load. The store relies on unique keys and row locks, not on snapshots.
// (With binary logging on, READ COMMITTED needs binlog_format ROW or MIXED.)
//
// Round trips: Connector/C++ cannot pipeline, so each statement costs one,
// and BEGIN and COMMIT would cost one each. A session settles at its first
// Begin() on the kind of transaction it serves (suited_mode(), which the
// pool uses to hand reads and writes their own connections):
//   - for writes it keeps autocommit off, so a transaction starts by itself
//     with its first statement and Begin() costs nothing; COMMIT ends it;
//   - for reads it turns autocommit on: under READ COMMITTED each statement
//     of a read sees what it would see inside a transaction, so a read sends
//     no BEGIN and no COMMIT, and holds no metadata locks between calls.
// A transaction of the other kind still runs, with one round trip more (a
// write sends START TRANSACTION; a read ends with COMMIT, since with
// autocommit off a read left open would keep its tables' metadata locks and
// block DDL from other clients).
//
// Affected-row counts are rows matched, not rows changed (CLIENT_FOUND_ROWS),
// like SQLite and PostgreSQL.
#ifndef MLMD_STORE_SQL_MYSQL_CONNECTION_H_
#define MLMD_STORE_SQL_MYSQL_CONNECTION_H_

#include <memory>

#include "absl/status/statusor.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/sql/connection.h"

namespace mlmd::sql {

// INVALID_ARGUMENT when `config` names no database. Connecting happens in
// Open(); unless config.skip_db_creation(), the first Open() runs
// CREATE DATABASE IF NOT EXISTS (utf8mb4, binary collation so names compare
// case-sensitively as in MLMD's other backends).
absl::StatusOr<std::unique_ptr<ConnectionFactory>> NewMysqlConnectionFactory(
    const ml_metadata::MySQLDatabaseConfig& config);

namespace internal {
// Tests only: connections opened afterwards act as on MySQL, which has no
// INSERT ... RETURNING, so MariaDB test servers cover that path too.
void SetMysqlReturningDisabledForTesting(bool disabled);
}  // namespace internal

}  // namespace mlmd::sql

#endif  // MLMD_STORE_SQL_MYSQL_CONNECTION_H_
