// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// One open database connection, backend-neutral. Implementations: SQLite
// (sqlite_connection.h); PostgreSQL and MySQL follow the same contract.
//
// SQL text uses `?` for every parameter; a backend that numbers its parameters
// rewrites them when it prepares the statement. Statements are prepared once
// per connection and reused, keyed by their text, so callers should build
// the same text for the same shape of query.
//
// Errors are classified into absl codes the layers above rely on:
//   ALREADY_EXISTS      a unique or primary key was violated;
//   ABORTED             deadlock, serialization failure or lock timeout: the
//                       whole transaction may be retried;
//   UNAVAILABLE         the connection is broken or the database is down;
//   INTERNAL            anything else (bad SQL is a bug of ours).
//
// A Connection is not thread-safe: one thread uses it at a time (the pool
// hands it out exclusively).
#ifndef MLMD_STORE_SQL_CONNECTION_H_
#define MLMD_STORE_SQL_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "migrations/migrations.h"
#include "store/sql/value.h"

namespace mlmd::sql {

using migrations::Dialect;

enum class TransactionMode {
  kRead,   // reads only; may share the database with other readers
  kWrite,  // takes the write lock up front where the backend has one
};

// A statement with its parameters, for QueryBatch.
struct Statement {
  std::string sql;
  std::vector<Value> params;
};

class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;

  // Runs one statement and returns the rows it produced (none for writes).
  virtual absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                          absl::Span<const Value> params) = 0;
  absl::StatusOr<ResultSet> Query(absl::string_view sql) {
    return Query(sql, {});
  }

  // Runs one statement; returns the number of rows it changed.
  virtual absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                          absl::Span<const Value> params) = 0;
  absl::StatusOr<int64_t> Execute(absl::string_view sql) {
    return Execute(sql, {});
  }

  // Runs an `INSERT INTO T(...) VALUES (...), (...)` into a table whose key is
  // an auto-increment `id`, and returns the new ids in row order.
  virtual absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view insert_sql, absl::Span<const Value> params) = 0;

  // Runs a write whose only outcome the caller needs is success (property
  // rows, link rows). Inside a kWrite transaction a backend may hold it back
  // and send it along with the transaction's next statement or its COMMIT,
  // saving a round trip: statements still run in call order, but an error
  // of the held-back one is then returned by that later call (the
  // transaction fails either way). A unique-key violation of a held-back
  // write comes back as ABORTED, so callers that map ALREADY_EXISTS of
  // their own statement do not misread it; use it only for rows whose keys
  // can clash with concurrent writers alone.
  // Elsewhere it runs at once, like Execute().
  virtual absl::Status ExecuteDeferred(absl::string_view sql,
                                       absl::Span<const Value> params) {
    return Execute(sql, params).status();
  }

  // Runs read statements that do not depend on each other and returns their
  // rows in order; a backend that can pipeline sends them in one round trip.
  // Stops at the first error.
  virtual absl::StatusOr<std::vector<ResultSet>> QueryBatch(
      absl::Span<const Statement> statements);

  virtual absl::Status Begin(TransactionMode mode) = 0;
  virtual absl::Status Commit() = 0;
  // Never fails the caller: a failed rollback marks the connection unhealthy.
  virtual void Rollback() = 0;

  // The kind of transaction this connection runs with the fewest round trips,
  // once that is settled (nullopt: any kind costs the same). The pool hands a
  // transaction a connection suited to its mode when it has one idle.
  virtual std::optional<TransactionMode> suited_mode() const {
    return std::nullopt;
  }

  // False once the connection has seen an error that leaves it unusable; the
  // pool then closes it instead of handing it out again.
  virtual bool healthy() const = 0;

  // Cheap round trip that proves the connection works (used after idle time).
  virtual absl::Status Ping() = 0;
};

// Opens new connections to one configured database.
class ConnectionFactory {
 public:
  virtual ~ConnectionFactory() = default;
  virtual Dialect dialect() const = 0;
  virtual absl::StatusOr<std::unique_ptr<Connection>> Open() = 0;
  // Human-readable target for logs, without secrets ("sqlite:/path").
  virtual std::string Describe() const = 0;
  // Upper bound on useful concurrent connections (0: no bound of its own).
  virtual int max_connections() const { return 0; }

  // Whether the configured database exists now (a database on the server,
  // a SQLite file; a memory database always does). With DropDatabase, lets
  // a restore undo a database it created itself; nothing else drops one.
  virtual absl::StatusOr<bool> DatabaseExists() {
    return absl::UnimplementedError("this backend cannot tell");
  }
  // Removes the configured database and everything in it. No connection
  // of this factory may be open.
  virtual absl::Status DropDatabase() {
    return absl::UnimplementedError("this backend cannot drop a database");
  }
};

// Helpers for building statements.

// "?, ?, ?" with `n` placeholders (n >= 1).
std::string Placeholders(size_t n);
// "(?, ?), (?, ?)" : `rows` groups of `columns` placeholders.
std::string PlaceholderRows(size_t rows, size_t columns);

// `INSERT ... ` that silently skips rows whose unique key already exists.
// `into` is "Table(col, ...)" and `values` the VALUES clause.
std::string InsertIgnore(Dialect dialect, absl::string_view into,
                         absl::string_view values);

}  // namespace mlmd::sql

#endif  // MLMD_STORE_SQL_CONNECTION_H_
