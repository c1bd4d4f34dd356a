// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The baseline's database access: one connection per thread through the
// database's own client library (SQLite C API, libpq, MySQL Connector/C++),
// statements prepared once and run with bound parameters. Deliberately
// plain: this is the "obvious SQL" the server is compared against.
#ifndef MLMD_BENCH_BASELINE_DB_H_
#define MLMD_BENCH_BASELINE_DB_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace mlmd::bench {

enum class DbBackend { kSqlite, kPostgresql, kMysql };

struct DbConfig {
  DbBackend backend = DbBackend::kSqlite;
  std::string sqlite_path;
  std::string host = "127.0.0.1";
  int port = 0;
  std::string user;
  std::string password;
  std::string database;
};

// A bound parameter; monostate is SQL NULL.
using Param = std::variant<std::monostate, int64_t, double, std::string>;

class BaselineDb {
 public:
  virtual ~BaselineDb() = default;

  // Opens one connection. SQLite gets the server's settings (WAL,
  // synchronous=NORMAL, 10 s busy timeout).
  static absl::StatusOr<std::unique_ptr<BaselineDb>> Connect(
      const DbConfig& config);

  // Prepares `sql` (with ? placeholders) once. With `returns_id` the
  // statement is an INSERT whose new row id Run() returns.
  virtual absl::StatusOr<int> Prepare(absl::string_view sql,
                                      bool returns_id = false) = 0;
  // Runs a prepared statement; returns the new id or 0.
  virtual absl::StatusOr<int64_t> Run(int stmt,
                                      absl::Span<const Param> params) = 0;
  // Runs a prepared one-column query; nullopt when it yields no row.
  virtual absl::StatusOr<std::optional<int64_t>> QueryInt(
      int stmt, absl::Span<const Param> params) = 0;

  // Write transaction boundaries. Lock conflicts and deadlocks come back as
  // ABORTED so the caller can retry the transaction, as the server does.
  virtual absl::Status Begin() = 0;
  virtual absl::Status Commit() = 0;
  virtual void Rollback() = 0;
};

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_BASELINE_DB_H_
