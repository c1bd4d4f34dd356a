// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/baseline_db.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <libpq-fe.h>
#include <mysql_connection.h>
#include <mysql_driver.h>
#include <sqlite3.h>

#include <mutex>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace mlmd::bench {
namespace {

#define BENCH_RETURN(expr)     \
  do {                         \
    absl::Status st_ = (expr); \
    if (!st_.ok()) return st_; \
  } while (0)

// ---------------------------------------------------------------- SQLite

class SqliteDb : public BaselineDb {
 public:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  ~SqliteDb() override {
    for (auto& s : stmts_) sqlite3_finalize(s.stmt);
    sqlite3_close_v2(db_);
  }

  absl::Status Init() {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 10000);
    BENCH_RETURN(Exec("PRAGMA journal_mode=WAL"));
    return Exec("PRAGMA synchronous=NORMAL");
  }

  absl::StatusOr<int> Prepare(absl::string_view sql, bool returns_id) override {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()),
                                &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, sql);
    stmts_.push_back({stmt, returns_id});
    return static_cast<int>(stmts_.size()) - 1;
  }

  absl::StatusOr<int64_t> Run(int index,
                              absl::Span<const Param> params) override {
    Stmt& s = stmts_[index];
    BENCH_RETURN(Bind(s.stmt, params));
    int rc = sqlite3_step(s.stmt);
    sqlite3_reset(s.stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      return Error(rc, sqlite3_sql(s.stmt));
    }
    return s.returns_id ? sqlite3_last_insert_rowid(db_) : 0;
  }

  absl::StatusOr<std::optional<int64_t>> QueryInt(
      int index, absl::Span<const Param> params) override {
    Stmt& s = stmts_[index];
    BENCH_RETURN(Bind(s.stmt, params));
    int rc = sqlite3_step(s.stmt);
    std::optional<int64_t> out;
    if (rc == SQLITE_ROW) out = sqlite3_column_int64(s.stmt, 0);
    sqlite3_reset(s.stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      return Error(rc, sqlite3_sql(s.stmt));
    }
    return out;
  }

  // Same as the server: take the write lock up front.
  absl::Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  absl::Status Commit() override { return Exec("COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) (void)Exec("ROLLBACK");
  }

 private:
  struct Stmt {
    sqlite3_stmt* stmt;
    bool returns_id;
  };

  absl::Status Bind(sqlite3_stmt* stmt, absl::Span<const Param> params) {
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      const int pos = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Param& p = params[i];
      if (std::holds_alternative<int64_t>(p)) {
        rc = sqlite3_bind_int64(stmt, pos, std::get<int64_t>(p));
      } else if (std::holds_alternative<double>(p)) {
        rc = sqlite3_bind_double(stmt, pos, std::get<double>(p));
      } else if (std::holds_alternative<std::string>(p)) {
        const std::string& s = std::get<std::string>(p);
        rc = sqlite3_bind_text(stmt, pos, s.data(), static_cast<int>(s.size()),
                               SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_null(stmt, pos);
      }
      if (rc != SQLITE_OK) return Error(rc, sqlite3_sql(stmt));
    }
    return absl::OkStatus();
  }

  absl::Status Exec(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    return rc == SQLITE_OK ? absl::OkStatus() : Error(rc, sql);
  }

  absl::Status Error(int rc, absl::string_view sql) {
    std::string msg =
        absl::StrCat("sqlite: ", sqlite3_errmsg(db_), " in: ", sql);
    int primary = rc & 0xFF;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return absl::AbortedError(msg);
    }
    if (primary == SQLITE_CONSTRAINT) return absl::AlreadyExistsError(msg);
    return absl::InternalError(msg);
  }

  sqlite3* db_;
  std::vector<Stmt> stmts_;
};

// ------------------------------------------------------------ PostgreSQL

class PostgresDb : public BaselineDb {
 public:
  explicit PostgresDb(PGconn* conn) : conn_(conn) {}
  ~PostgresDb() override { PQfinish(conn_); }

  absl::StatusOr<int> Prepare(absl::string_view sql, bool returns_id) override {
    // ? -> $1, $2, ... (no literal question marks in our statements).
    std::string text;
    int n = 0;
    for (char c : sql) {
      if (c == '?') {
        absl::StrAppend(&text, "$", ++n);
      } else {
        text.push_back(c);
      }
    }
    if (returns_id) text += " RETURNING id";
    const std::string name = absl::StrCat("s", names_++);
    PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
    absl::Status st = Check(res, text);
    PQclear(res);
    if (!st.ok()) return st;
    stmts_.push_back({name, returns_id});
    return static_cast<int>(stmts_.size()) - 1;
  }

  absl::StatusOr<int64_t> Run(int index,
                              absl::Span<const Param> params) override {
    PGresult* res = Exec(index, params);
    absl::Status st = Check(res, stmts_[index].name);
    int64_t id = 0;
    if (st.ok() && stmts_[index].returns_id && PQntuples(res) == 1) {
      (void)absl::SimpleAtoi(PQgetvalue(res, 0, 0), &id);
    }
    PQclear(res);
    if (!st.ok()) return st;
    return id;
  }

  absl::StatusOr<std::optional<int64_t>> QueryInt(
      int index, absl::Span<const Param> params) override {
    PGresult* res = Exec(index, params);
    absl::Status st = Check(res, stmts_[index].name);
    std::optional<int64_t> out;
    if (st.ok() && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0)) {
      int64_t v = 0;
      if (absl::SimpleAtoi(PQgetvalue(res, 0, 0), &v)) out = v;
    }
    PQclear(res);
    if (!st.ok()) return st;
    return out;
  }

  absl::Status Begin() override { return Simple("BEGIN"); }
  absl::Status Commit() override { return Simple("COMMIT"); }
  void Rollback() override { (void)Simple("ROLLBACK"); }

 private:
  struct Stmt {
    std::string name;
    bool returns_id;
  };

  // Text-format parameters: the plain way to call PQexecPrepared.
  PGresult* Exec(int index, absl::Span<const Param> params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      if (std::holds_alternative<int64_t>(p)) {
        text[i] = absl::StrCat(std::get<int64_t>(p));
      } else if (std::holds_alternative<double>(p)) {
        text[i] = absl::StrFormat("%.17g", std::get<double>(p));
      } else if (std::holds_alternative<std::string>(p)) {
        text[i] = std::get<std::string>(p);
      } else {
        continue;  // NULL
      }
      values[i] = text[i].c_str();
    }
    return PQexecPrepared(conn_, stmts_[index].name.c_str(),
                          static_cast<int>(params.size()), values.data(),
                          nullptr, nullptr, 0);
  }

  absl::Status Simple(const char* sql) {
    PGresult* res = PQexec(conn_, sql);
    absl::Status st = Check(res, sql);
    PQclear(res);
    return st;
  }

  absl::Status Check(PGresult* res, absl::string_view what) {
    ExecStatusType s = PQresultStatus(res);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) return absl::OkStatus();
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string msg =
        absl::StrCat("postgresql: ", PQerrorMessage(conn_), " in: ", what);
    std::string code = state ? state : "";
    if (code == "40001" || code == "40P01" || code == "55P03") {
      return absl::AbortedError(msg);
    }
    if (code == "23505") return absl::AlreadyExistsError(msg);
    if (PQstatus(conn_) != CONNECTION_OK) return absl::UnavailableError(msg);
    return absl::InternalError(msg);
  }

  PGconn* conn_;
  std::vector<Stmt> stmts_;
  int names_ = 0;
};

// ----------------------------------------------------------------- MySQL

absl::Status MysqlError(const ::sql::SQLException& e, absl::string_view what) {
  std::string msg =
      absl::StrCat("mysql ", e.getErrorCode(), ": ", e.what(), " in: ", what);
  switch (e.getErrorCode()) {
    case 1213:  // deadlock
    case 1205:  // lock wait timeout
      return absl::AbortedError(msg);
    case 1062:  // duplicate key
      return absl::AlreadyExistsError(msg);
    case 2006:  // server gone
    case 2013:  // lost connection
      return absl::UnavailableError(msg);
    default:
      return absl::InternalError(msg);
  }
}

class MysqlDb : public BaselineDb {
 public:
  explicit MysqlDb(std::unique_ptr<::sql::Connection> conn)
      : conn_(std::move(conn)) {}

  absl::Status Init() {
    try {
      conn_->setAutoCommit(false);
      last_id_.reset(conn_->prepareStatement("SELECT LAST_INSERT_ID()"));
    } catch (const ::sql::SQLException& e) {
      return MysqlError(e, "connection setup");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<int> Prepare(absl::string_view sql, bool returns_id) override {
    try {
      stmts_.push_back({std::unique_ptr<::sql::PreparedStatement>(
                            conn_->prepareStatement(std::string(sql))),
                        returns_id, std::string(sql)});
    } catch (const ::sql::SQLException& e) {
      return MysqlError(e, sql);
    }
    return static_cast<int>(stmts_.size()) - 1;
  }

  absl::StatusOr<int64_t> Run(int index,
                              absl::Span<const Param> params) override {
    Stmt& s = stmts_[index];
    try {
      Bind(*s.stmt, params);
      s.stmt->executeUpdate();
      if (!s.returns_id) return 0;
      // The obvious way to learn the new id: ask for it.
      std::unique_ptr<::sql::ResultSet> rs(last_id_->executeQuery());
      return rs->next() ? static_cast<int64_t>(rs->getInt64(1)) : 0;
    } catch (const ::sql::SQLException& e) {
      return MysqlError(e, s.sql);
    }
  }

  absl::StatusOr<std::optional<int64_t>> QueryInt(
      int index, absl::Span<const Param> params) override {
    Stmt& s = stmts_[index];
    try {
      Bind(*s.stmt, params);
      std::unique_ptr<::sql::ResultSet> rs(s.stmt->executeQuery());
      std::optional<int64_t> out;
      if (rs->next()) out = static_cast<int64_t>(rs->getInt64(1));
      return out;
    } catch (const ::sql::SQLException& e) {
      return MysqlError(e, s.sql);
    }
  }

  // Autocommit is off: a transaction starts with the first statement.
  absl::Status Begin() override { return absl::OkStatus(); }
  absl::Status Commit() override {
    try {
      conn_->commit();
    } catch (const ::sql::SQLException& e) {
      return MysqlError(e, "COMMIT");
    }
    return absl::OkStatus();
  }
  void Rollback() override {
    try {
      conn_->rollback();
    } catch (const ::sql::SQLException&) {
    }
  }

 private:
  struct Stmt {
    std::unique_ptr<::sql::PreparedStatement> stmt;
    bool returns_id;
    std::string sql;
  };

  static void Bind(::sql::PreparedStatement& stmt,
                   absl::Span<const Param> params) {
    for (size_t i = 0; i < params.size(); ++i) {
      const unsigned pos = static_cast<unsigned>(i) + 1;
      const Param& p = params[i];
      if (std::holds_alternative<int64_t>(p)) {
        stmt.setInt64(pos, std::get<int64_t>(p));
      } else if (std::holds_alternative<double>(p)) {
        stmt.setDouble(pos, std::get<double>(p));
      } else if (std::holds_alternative<std::string>(p)) {
        stmt.setString(pos, std::get<std::string>(p));
      } else {
        stmt.setNull(pos, ::sql::DataType::SQLNULL);
      }
    }
  }

  std::unique_ptr<::sql::Connection> conn_;
  std::unique_ptr<::sql::PreparedStatement> last_id_;
  std::vector<Stmt> stmts_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<BaselineDb>> BaselineDb::Connect(
    const DbConfig& config) {
  switch (config.backend) {
    case DbBackend::kSqlite: {
      sqlite3* db = nullptr;
      int rc = sqlite3_open_v2(
          config.sqlite_path.c_str(), &db,
          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
          nullptr);
      if (rc != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return absl::UnavailableError(absl::StrCat(
            "cannot open SQLite database '", config.sqlite_path, "': ", msg));
      }
      auto out = std::make_unique<SqliteDb>(db);
      BENCH_RETURN(out->Init());
      return std::unique_ptr<BaselineDb>(std::move(out));
    }
    case DbBackend::kPostgresql: {
      const std::string port = absl::StrCat(config.port);
      const char* keys[] = {"host",     "port",   "user",
                            "password", "dbname", nullptr};
      const char* values[] = {config.host.c_str(),     port.c_str(),
                              config.user.c_str(),     config.password.c_str(),
                              config.database.c_str(), nullptr};
      PGconn* conn = PQconnectdbParams(keys, values, 0);
      if (PQstatus(conn) != CONNECTION_OK) {
        std::string msg = PQerrorMessage(conn);
        PQfinish(conn);
        return absl::UnavailableError(absl::StrCat("postgresql: ", msg));
      }
      return std::unique_ptr<BaselineDb>(std::make_unique<PostgresDb>(conn));
    }
    case DbBackend::kMysql: {
      // The driver singleton's first use is not thread-safe.
      static std::mutex driver_mu;
      std::unique_ptr<::sql::Connection> conn;
      try {
        std::lock_guard<std::mutex> lock(driver_mu);
        ::sql::mysql::MySQL_Driver* driver =
            ::sql::mysql::get_mysql_driver_instance();
        conn.reset(driver->connect(
            absl::StrCat("tcp://", config.host, ":", config.port), config.user,
            config.password));
        if (!config.database.empty()) conn->setSchema(config.database);
      } catch (const ::sql::SQLException& e) {
        return MysqlError(e, "connect");
      }
      auto out = std::make_unique<MysqlDb>(std::move(conn));
      BENCH_RETURN(out->Init());
      return std::unique_ptr<BaselineDb>(std::move(out));
    }
  }
  return absl::InvalidArgumentError("unknown backend");
}

}  // namespace mlmd::bench
