// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sql/sqlite_connection.h"

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "store/sql/statement_cache.h"

namespace mlmd::sql {
namespace {

// Prepared statements kept per connection; the workload uses a few dozen
// shapes, but IN-lists of varying length add more, so the cache is bounded.
constexpr size_t kMaxCachedStatements = 512;

absl::Status SqliteError(sqlite3* db, int rc, absl::string_view sql) {
  const int primary = rc & 0xff;
  std::string msg =
      absl::StrCat("sqlite: ", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (!sql.empty())
    absl::StrAppend(&msg, " [while running: ", sql.substr(0, 200), "]");
  switch (primary) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE ||
          rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(msg);
      }
      return absl::InvalidArgumentError(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::AbortedError(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(absl::StrCat(
          msg,
          ". The database file is damaged or is not an SQLite database; "
          "restore it from a backup."));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
      return absl::UnavailableError(msg);
    default:
      return absl::InternalError(msg);
  }
}

// Lets one write transaction at a time into a database file among the
// connections of one process. SQLite allows one writer; without the gate the
// others wait in its busy handler, which polls with sleeps of up to tens of
// milliseconds (at 8 concurrent writers the server spent more time asleep
// there than working). Waiting here hands the turn over as soon as the
// writer commits. Writers in other processes still meet the busy handler.
// Not a mutex: a transaction may end on another thread than it began.
class WriteGate {
 public:
  void Enter() {
    std::unique_lock<std::mutex> lock(mu_);
    free_.wait(lock, [this] { return !taken_; });
    taken_ = true;
  }
  void Leave() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      taken_ = false;
    }
    free_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable free_;
  bool taken_ = false;
};

class SqliteConnection : public Connection {
 public:
  SqliteConnection(sqlite3* db, std::shared_ptr<WriteGate> gate)
      : db_(db),
        gate_(std::move(gate)),
        statements_(kMaxCachedStatements,
                    [](sqlite3_stmt*& stmt) { sqlite3_finalize(stmt); }) {}
  ~SqliteConnection() override {
    statements_.Clear();  // finalized before their database closes
    sqlite3_close_v2(db_);
    LeaveGate();
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    ResultSet out;
    auto rc = Run(sql, params, &out);
    if (!rc.ok()) return rc;
    return out;
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    auto rc = Run(sql, params, nullptr);
    if (!rc.ok()) return rc;
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view insert_sql, absl::Span<const Value> params) override {
    ResultSet rows;
    auto rc = Run(absl::StrCat(insert_sql, " RETURNING id"), params, &rows);
    if (!rc.ok()) return rc;
    std::vector<int64_t> ids;
    ids.reserve(rows.size());
    for (const Row& r : rows.rows) ids.push_back(r[0].AsInt());
    return ids;
  }

  absl::Status Begin(TransactionMode mode) override {
    if (mode == TransactionMode::kRead) return Exec("BEGIN DEFERRED");
    if (gate_ != nullptr && !in_gate_) {
      gate_->Enter();
      in_gate_ = true;
    }
    absl::Status st = Exec("BEGIN IMMEDIATE");
    if (!st.ok()) LeaveGate();
    return st;
  }
  absl::Status Commit() override {
    absl::Status st = Exec("COMMIT");
    // A failed COMMIT may leave the transaction open for Rollback().
    if (sqlite3_get_autocommit(db_)) LeaveGate();
    return st;
  }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_) && !Exec("ROLLBACK").ok()) {
      healthy_ = false;
    }
    LeaveGate();
  }
  bool healthy() const override { return healthy_; }
  absl::Status Ping() override { return Exec("SELECT 1"); }

  void LeaveGate() {
    if (!in_gate_) return;
    in_gate_ = false;
    gate_->Leave();
  }

  absl::Status Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK)
      return SqliteError(db_, sqlite3_extended_errcode(db_), sql);
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql) {
    if (sqlite3_stmt** cached = statements_.Find(sql)) return *cached;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    return statements_.Insert(std::string(sql), stmt);
  }

  absl::Status Run(absl::string_view sql, absl::Span<const Value> params,
                   ResultSet* out) {
    auto stmt_or = Prepare(sql);
    if (!stmt_or.ok()) return stmt_or.status();
    sqlite3_stmt* stmt = *stmt_or;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return absl::InternalError(
          absl::StrCat("statement expects ", sqlite3_bind_parameter_count(stmt),
                       " parameters, got ", params.size(), ": ", sql));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      const int idx = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      if (v.is_null()) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (v.is_int() || v.is_bool()) {
        rc = sqlite3_bind_int64(stmt, idx, v.AsInt());
      } else if (v.is_double()) {
        rc = sqlite3_bind_double(stmt, idx, v.AsDouble());
      } else {
        std::string text = v.AsText();
        rc = sqlite3_bind_text(stmt, idx, text.data(),
                               static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, sql);
    }
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        absl::Status st = SqliteError(db_, sqlite3_extended_errcode(db_), sql);
        sqlite3_reset(stmt);
        return st;
      }
      if (out == nullptr) continue;
      const int n = sqlite3_column_count(stmt);
      Row row;
      row.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            row.push_back(Value::Null());
            break;
          case SQLITE_INTEGER:
            row.push_back(Value::Int(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            row.push_back(Value::Double(sqlite3_column_double(stmt, c)));
            break;
          default: {
            const void* p = sqlite3_column_blob(stmt, c);
            const int len = sqlite3_column_bytes(stmt, c);
            row.push_back(Value::Text(
                p ? std::string(static_cast<const char*>(p), len) : ""));
          }
        }
      }
      out->rows.push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return absl::OkStatus();
  }

  sqlite3* db_;
  std::shared_ptr<WriteGate> gate_;  // null for the memory keep-alive
  bool in_gate_ = false;
  bool healthy_ = true;
  StatementCache<sqlite3_stmt*> statements_;
};

class SqliteFactory : public ConnectionFactory {
 public:
  explicit SqliteFactory(SqliteOptions options) : options_(std::move(options)) {
    if (options_.path.empty() || options_.path == ":memory:") {
      // A named shared-cache memory database lives while any connection to it
      // is open, so every pooled connection sees the same data.
      static std::atomic<int> counter{0};
      uri_ = absl::StrCat("file:mlmd_memdb_", reinterpret_cast<uintptr_t>(this),
                          "_", counter++, "?mode=memory&cache=shared");
      memory_ = true;
    } else {
      uri_ = options_.path;
    }
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string Describe() const override {
    return memory_ ? "sqlite::memory:" : absl::StrCat("sqlite:", uri_);
  }

  // Shared-cache memory databases lock whole tables; one connection avoids
  // spurious lock errors between pooled connections.
  int max_connections() const override { return memory_ ? 1 : 0; }

  absl::StatusOr<bool> DatabaseExists() override {
    // URIs may carry options; only plain paths are looked at.
    if (memory_ || absl::StartsWith(uri_, "file:")) return true;
    std::error_code ec;
    return std::filesystem::exists(uri_, ec);
  }

  absl::Status DropDatabase() override {
    if (memory_ || absl::StartsWith(uri_, "file:")) {
      return absl::UnimplementedError(
          "only a SQLite database given as a plain path can be removed");
    }
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(uri_ + suffix, ec);
      if (ec) {
        return absl::InternalError(
            absl::StrCat("cannot remove ", uri_, suffix, ": ", ec.message()));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::unique_ptr<Connection>> Open() override {
    int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
    if (options_.read_only) {
      flags |= SQLITE_OPEN_READONLY;
    } else {
      flags |= SQLITE_OPEN_READWRITE;
      if (options_.create_if_missing) flags |= SQLITE_OPEN_CREATE;
    }
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(uri_.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      absl::Status st = absl::UnavailableError(
          absl::StrCat("cannot open SQLite database '", uri_,
                       "': ", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
      sqlite3_close_v2(db);
      return st;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, options_.busy_timeout_ms);
    auto conn = std::make_unique<SqliteConnection>(db, gate_);
    if (!memory_ && !options_.read_only) {
      // WAL lets readers run beside the writer; NORMAL sync is durable
      // across application crashes, which is what WAL needs.
      // Switching to WAL needs a moment of exclusive access, and SQLite does
      // not wait for it through the busy handler: when another process is
      // creating the same new file, retry briefly instead of failing.
      absl::Status wal = conn->Exec("PRAGMA journal_mode=WAL");
      for (int i = 0; absl::IsAborted(wal) && i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        wal = conn->Exec("PRAGMA journal_mode=WAL");
      }
      if (!wal.ok()) return wal;
      if (auto st = conn->Exec("PRAGMA synchronous=NORMAL"); !st.ok())
        return st;
      // Statement journals and sorts in memory, not in temporary files
      // (an open, a truncate and an unlink each, every few writes).
      if (auto st = conn->Exec("PRAGMA temp_store=MEMORY"); !st.ok()) return st;
      // Under a long write burst checkpoints fall behind and the WAL file
      // grows (4.5 GB while loading 1M nodes); trim it back once a
      // checkpoint completes instead of keeping its peak size forever.
      if (auto st = conn->Exec("PRAGMA journal_size_limit=67108864");
          !st.ok()) {
        return st;
      }
    }
    if (memory_) {
      if (auto st = conn->Exec("PRAGMA read_uncommitted=0"); !st.ok())
        return st;
    }
    // Fails here, not on first use, when the file is not a database.
    if (auto st = conn->Exec("SELECT count(*) FROM sqlite_master"); !st.ok()) {
      return st;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (memory_ && keep_alive_ == nullptr) {
      // Holds the memory database open for the factory's lifetime.
      sqlite3* keeper = nullptr;
      if (sqlite3_open_v2(uri_.c_str(), &keeper, flags, nullptr) == SQLITE_OK) {
        keep_alive_ = std::make_unique<SqliteConnection>(keeper, nullptr);
      } else {
        sqlite3_close_v2(keeper);
      }
    }
    return std::unique_ptr<Connection>(std::move(conn));
  }

 private:
  SqliteOptions options_;
  std::string uri_;
  bool memory_ = false;
  // Shared by every connection this factory opens (WriteGate).
  std::shared_ptr<WriteGate> gate_ = std::make_shared<WriteGate>();
  std::mutex mu_;
  std::unique_ptr<Connection> keep_alive_;
};

}  // namespace

std::unique_ptr<ConnectionFactory> NewSqliteConnectionFactory(
    SqliteOptions options) {
  return std::make_unique<SqliteFactory>(std::move(options));
}

}  // namespace mlmd::sql
