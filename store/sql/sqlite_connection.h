// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// SQLite backend: the embedded default. Files are opened in WAL mode so
// readers never block the single writer; write transactions take the write
// lock up front (BEGIN IMMEDIATE), which rules out the lock-upgrade deadlock
// between two deferred transactions. The connections of one factory queue for
// that lock in the process (a write transaction's Begin waits until the
// current one commits or rolls back) instead of polling SQLite's busy
// handler; busy_timeout_ms bounds only waits on other processes.
#ifndef MLMD_STORE_SQL_SQLITE_CONNECTION_H_
#define MLMD_STORE_SQL_SQLITE_CONNECTION_H_

#include <memory>
#include <string>

#include "store/sql/connection.h"

namespace mlmd::sql {

struct SqliteOptions {
  // A file path, a `file:` URI, or ":memory:" (a private in-memory database
  // shared by every connection of this factory while one stays open).
  std::string path;
  bool read_only = false;
  bool create_if_missing = true;
  // How long a statement waits on a lock held by another process (or a
  // connection of another factory) before failing with ABORTED, which the
  // transaction runner retries.
  int busy_timeout_ms = 10000;
};

// Always succeeds; errors surface when a connection is opened.
std::unique_ptr<ConnectionFactory> NewSqliteConnectionFactory(
    SqliteOptions options);

}  // namespace mlmd::sql

#endif  // MLMD_STORE_SQL_SQLITE_CONNECTION_H_
