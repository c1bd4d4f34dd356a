// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Connector/C++ reports errors by throwing ::sql::SQLException (its namespace
// is `::sql`, ours `mlmd::sql`). Every call into it happens inside Guard(),
// which turns exceptions into absl::Status; nothing escapes this file.
#include "store/sql/mysql_connection.h"

#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/parameter_metadata.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_connection.h>
#include <mysql_driver.h>

#include <atomic>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "store/sql/statement_cache.h"

namespace mlmd::sql {
namespace {

// Server-side statements per connection; the server's global limit
// (max_prepared_stmt_count, 16382 by default) is shared by all clients.
constexpr size_t kMaxCachedStatements = 256;
constexpr int kConnectTimeoutSeconds = 10;

std::atomic<bool> returning_disabled_for_testing{false};

// Server and client error numbers we classify.
bool IsDuplicateKey(int code) {
  return code == 1062 || code == 1022 || code == 1586;
}
bool IsRetryable(int code) {
  // 1213 deadlock, 1205 lock wait timeout, 1412 table definition changed
  // under a consistent snapshot.
  return code == 1213 || code == 1205 || code == 1412;
}
bool IsConnectionLost(int code) {
  switch (code) {
    case 2002:  // cannot connect through socket
    case 2003:  // cannot connect to host
    case 2006:  // server has gone away
    case 2013:  // lost connection during query
    case 2055:  // lost connection (system error)
    case 1053:  // server shutdown in progress
    case 1927:  // MariaDB: connection was killed
    case 4031:  // MySQL 8: disconnected by the server
      return true;
    default:
      return false;
  }
}
bool IsBadValue(int code) {
  // 1406 data too long, 1264 out of range, 1366 incorrect value for column,
  // 1292 truncated incorrect value: the client's value did not fit.
  return code == 1406 || code == 1264 || code == 1366 || code == 1292;
}

::sql::mysql::MySQL_Driver* Driver() {
  // First use initializes the client library; a function-local static makes
  // that happen exactly once even with concurrent first connections.
  static ::sql::mysql::MySQL_Driver* driver =
      ::sql::mysql::get_mysql_driver_instance();
  return driver;
}

// The client library wants per-thread set-up in every thread that uses it.
void EnsureThreadInit() {
  struct ThreadGuard {
    ThreadGuard() { Driver()->threadInit(); }
    ~ThreadGuard() { Driver()->threadEnd(); }
  };
  thread_local ThreadGuard guard;
}

std::string Truncated(absl::string_view sql) {
  return std::string(sql.substr(0, 200));
}

// Quotes an identifier for MySQL: backticks, with inner backticks doubled.
std::string QuoteIdentifier(absl::string_view name) {
  std::string out = "`";
  for (char c : name) {
    out.push_back(c);
    if (c == '`') out.push_back('`');
  }
  out.push_back('`');
  return out;
}

class MysqlConnection : public Connection {
 public:
  explicit MysqlConnection(std::unique_ptr<::sql::Connection> conn)
      : conn_(std::move(conn)), statements_(kMaxCachedStatements) {}

  ~MysqlConnection() override {
    EnsureThreadInit();
    try {
      // Statements before their connection.
      statements_.Clear();
      control_.reset();
      if (conn_ != nullptr && !conn_->isClosed()) conn_->close();
    } catch (...) {
    }
    try {
      conn_.reset();
    } catch (...) {
    }
  }

  using Connection::Execute;
  using Connection::Query;

  Dialect dialect() const override { return Dialect::kMysql; }

  // Reads the server flavour and sets the session up. Called once by the
  // factory right after connecting.
  absl::Status Setup() {
    // Autocommit is still on here: no COMMIT needed after the query.
    ResultSet rows;
    absl::Status read = Run(
        "SELECT VERSION(), (SELECT TRANSACTIONS FROM "
        "information_schema.ENGINES WHERE ENGINE = @@default_storage_engine)",
        {}, &rows, nullptr);
    if (!read.ok()) return read;
    if (rows.empty()) return absl::InternalError("mysql: no VERSION() row");
    const std::string version = rows.rows[0][0].AsText();
    if (rows.rows[0][1].AsText() != "YES") {
      return absl::FailedPreconditionError(absl::StrCat(
          "mysql: the server's default storage engine does not support "
          "transactions; set default_storage_engine=InnoDB (server ",
          version, ")"));
    }
    // MariaDB 10.5 added INSERT ... RETURNING; MySQL has none.
    if (absl::StrContains(version, "MariaDB")) {
      std::vector<std::string> parts =
          absl::StrSplit(version, absl::MaxSplits('.', 2));
      int major = 0, minor = 0;
      if (parts.size() >= 2 && absl::SimpleAtoi(parts[0], &major) &&
          absl::SimpleAtoi(parts[1], &minor)) {
        supports_returning_ = (major > 10 || (major == 10 && minor >= 5)) &&
                              !returning_disabled_for_testing.load();
      }
    }
    // See the header for why READ COMMITTED and autocommit off.
    absl::Status st =
        Control("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    if (!st.ok()) return st;
    return Control("SET autocommit = 0");
  }

  absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    ResultSet out;
    absl::Status st = EndIfOutsideTransaction(Run(sql, params, &out, nullptr));
    if (!st.ok()) return st;
    return out;
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    int64_t affected = 0;
    absl::Status st =
        EndIfOutsideTransaction(Run(sql, params, nullptr, &affected));
    if (!st.ok()) return st;
    return affected;
  }

  absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view insert_sql, absl::Span<const Value> params) override {
    std::vector<int64_t> ids;
    if (supports_returning_) {
      ResultSet rows;
      absl::Status st = EndIfOutsideTransaction(
          Run(absl::StrCat(insert_sql, " RETURNING id"), params, &rows, nullptr,
              /*returns_rows=*/true));
      if (!st.ok()) return st;
      for (const Row& r : rows.rows) ids.push_back(r[0].AsInt());
      return ids;
    }
    // MySQL: LAST_INSERT_ID() is the first id of the statement's rows. One
    // multi-row INSERT gets consecutive ids when innodb_autoinc_lock_mode is
    // 0 or 1 ("traditional"/"consecutive"); mode 2 (MySQL 8's default,
    // "interleaved") only guarantees that when no other insert into the same
    // table runs concurrently. Servers in mode 2 need it set to 1.
    auto affected = Execute(insert_sql, params);
    if (!affected.ok()) return affected.status();
    auto first = Query("SELECT LAST_INSERT_ID()");
    if (!first.ok()) return first.status();
    if (first->empty() || first->rows[0].empty()) {
      return absl::InternalError("mysql: LAST_INSERT_ID() returned no row");
    }
    const int64_t start = first->rows[0][0].AsInt();
    for (int64_t i = 0; i < *affected; ++i) ids.push_back(start + i);
    return ids;
  }

  // A connection settles on one kind of transaction the first time it
  // begins one (see the header): a read turns autocommit on for good, so
  // reads need neither BEGIN nor COMMIT; a write leaves it off, so writes
  // need no BEGIN. The other kind still works, with one round trip more.
  absl::Status Begin(TransactionMode mode) override {
    if (!healthy_) {
      return absl::UnavailableError(
          "mysql: the connection was lost earlier and cannot be reused");
    }
    if (!suited_.has_value()) {
      if (mode == TransactionMode::kRead) {
        absl::Status st = Control("SET autocommit = 1");
        if (!st.ok()) return st;
      }
      suited_ = mode;
    }
    if (suited_ == TransactionMode::kRead) {
      // Autocommit is on. A read runs each statement on its own (under READ
      // COMMITTED it would see the same inside a transaction); a write
      // opens one explicitly.
      if (mode == TransactionMode::kWrite) {
        absl::Status st = Control("START TRANSACTION");
        if (!st.ok()) return st;
      }
      server_transaction_ = mode == TransactionMode::kWrite;
    } else {
      // Autocommit is off: the transaction starts with the first statement.
      server_transaction_ = true;
    }
    in_transaction_ = true;
    return absl::OkStatus();
  }

  absl::Status Commit() override {
    if (!server_transaction_) {
      in_transaction_ = false;
      return absl::OkStatus();
    }
    absl::Status st = Control("COMMIT");
    // After a failed COMMIT the transaction may still be open; Rollback()
    // must then end it (a later START TRANSACTION would commit it).
    in_transaction_ = !st.ok();
    server_transaction_ = !st.ok();
    return st;
  }

  void Rollback() override {
    if (!in_transaction_) return;
    in_transaction_ = false;
    if (!server_transaction_) return;
    server_transaction_ = false;
    if (!healthy_) return;
    if (!Control("ROLLBACK").ok()) healthy_ = false;
  }

  std::optional<TransactionMode> suited_mode() const override {
    return suited_;
  }

  bool healthy() const override { return healthy_; }

  absl::Status Ping() override { return Control("SELECT 1"); }

  // A statement run outside Begin()/Commit() commits by itself, as with
  // autocommit on (the contract of Connection). Sessions settled on writes
  // have autocommit off and need the COMMIT sent for them.
  absl::Status EndIfOutsideTransaction(absl::Status st) {
    if (in_transaction_ || !healthy_ || suited_ == TransactionMode::kRead) {
      return st;
    }
    absl::Status end = Control(st.ok() ? "COMMIT" : "ROLLBACK");
    return st.ok() ? end : st;
  }

  // Runs a statement that takes no parameters and returns no rows.
  absl::Status Control(absl::string_view sql) {
    return Run(sql, {}, nullptr, nullptr);
  }

 private:
  // Destroying one closes its server-side statement, so the cache needs no
  // release hook.
  using StatementPtr = std::unique_ptr<::sql::PreparedStatement>;

  absl::Status FromException(const ::sql::SQLException& e,
                             absl::string_view sql) {
    const int code = e.getErrorCode();
    std::string msg = absl::StrCat("mysql error ", code, " (",
                                   e.getSQLStateCStr(), "): ", e.what());
    if (!sql.empty()) {
      absl::StrAppend(&msg, " [while running: ", Truncated(sql), "]");
    }
    if (IsConnectionLost(code) || conn_ == nullptr || conn_->isClosed()) {
      healthy_ = false;
      return absl::UnavailableError(msg);
    }
    if (IsDuplicateKey(code)) return absl::AlreadyExistsError(msg);
    if (IsRetryable(code)) return absl::AbortedError(msg);
    if (code == 1615 || code == 2057) {
      // The table changed under a cached statement: the server asks for it
      // to be prepared again (1615), or the client library finds the result
      // columns no longer match the ones it bound (2057). Either way the
      // statement is dropped and the transaction retried.
      statements_.Erase(sql);
      return absl::AbortedError(msg);
    }
    if (IsBadValue(code)) return absl::InvalidArgumentError(msg);
    return absl::InternalError(msg);
  }

  // Throws what Connector/C++ throws.
  ::sql::PreparedStatement* Prepare(const std::string& sql) {
    if (StatementPtr* cached = statements_.Find(sql)) return cached->get();
    StatementPtr stmt(conn_->prepareStatement(sql));
    return statements_.Insert(sql, std::move(stmt)).get();
  }

  static void Bind(::sql::PreparedStatement* stmt,
                   absl::Span<const Value> params) {
    stmt->clearParameters();
    for (size_t i = 0; i < params.size(); ++i) {
      const unsigned idx = static_cast<unsigned>(i + 1);
      const Value& v = params[i];
      if (v.is_null()) {
        stmt->setNull(idx, ::sql::DataType::VARCHAR);
      } else if (v.is_bool()) {
        stmt->setBoolean(idx, v.AsBool());
      } else if (v.is_int()) {
        stmt->setInt64(idx, v.AsInt());
      } else if (v.is_double()) {
        stmt->setDouble(idx, v.AsDouble());
      } else {
        // Binary-safe: the string's length travels with it.
        stmt->setString(idx, ::sql::SQLString(v.AsText()));
      }
    }
  }

  static void Convert(::sql::ResultSet* rs, ResultSet* out) {
    ::sql::ResultSetMetaData* meta = rs->getMetaData();
    const unsigned cols = meta->getColumnCount();
    std::vector<int> types(cols + 1);
    std::vector<bool> is_signed(cols + 1);
    for (unsigned c = 1; c <= cols; ++c) {
      types[c] = meta->getColumnType(c);
      is_signed[c] = meta->isSigned(c);
    }
    while (rs->next()) {
      Row row;
      row.reserve(cols);
      for (unsigned c = 1; c <= cols; ++c) {
        if (rs->isNull(c)) {
          row.push_back(Value::Null());
          continue;
        }
        switch (types[c]) {
          case ::sql::DataType::BIT:
          case ::sql::DataType::TINYINT:
          case ::sql::DataType::SMALLINT:
          case ::sql::DataType::MEDIUMINT:
          case ::sql::DataType::INTEGER:
          case ::sql::DataType::BIGINT:
          case ::sql::DataType::YEAR:
            row.push_back(Value::Int(
                is_signed[c] ? rs->getInt64(c)
                             : static_cast<int64_t>(rs->getUInt64(c))));
            break;
          case ::sql::DataType::REAL:
          case ::sql::DataType::DOUBLE:
          case ::sql::DataType::DECIMAL:
          case ::sql::DataType::NUMERIC:
            row.push_back(Value::Double(static_cast<double>(rs->getDouble(c))));
            break;
          default:
            row.push_back(Value::Text(rs->getString(c).asStdString()));
        }
      }
      out->rows.push_back(std::move(row));
    }
  }

  absl::Status Run(absl::string_view sql_view, absl::Span<const Value> params,
                   ResultSet* out, int64_t* affected,
                   bool returns_rows = false) {
    if (!healthy_) {
      return absl::UnavailableError(
          "mysql: the connection was lost earlier and cannot be reused");
    }
    EnsureThreadInit();
    const std::string sql(sql_view);
    try {
      if (params.empty()) {
        // Text protocol: one round trip, no server-side statement to keep.
        if (control_ == nullptr) control_.reset(conn_->createStatement());
        if (control_->execute(sql)) {
          std::unique_ptr<::sql::ResultSet> rs(control_->getResultSet());
          if (out != nullptr && rs != nullptr) Convert(rs.get(), out);
        } else if (affected != nullptr) {
          *affected = control_->getUpdateCount();
        }
        return absl::OkStatus();
      }
      ::sql::PreparedStatement* stmt = Prepare(sql);
      const int expected = stmt->getParameterMetaData()->getParameterCount();
      if (expected != static_cast<int>(params.size())) {
        return absl::InternalError(
            absl::StrCat("statement has ", expected, " placeholders but got ",
                         params.size(), " values: ", Truncated(sql)));
      }
      Bind(stmt, params);
      // The prepared statement's metadata says whether it yields rows
      // (Connector/C++ 1.1 has no update count after execute()), except for
      // INSERT ... RETURNING, whose columns it does not report.
      if (returns_rows || stmt->getMetaData()->getColumnCount() > 0) {
        std::unique_ptr<::sql::ResultSet> rs(stmt->executeQuery());
        if (out != nullptr && rs != nullptr) Convert(rs.get(), out);
      } else {
        const int n = stmt->executeUpdate();
        if (affected != nullptr) *affected = n;
      }
      return absl::OkStatus();
    } catch (const ::sql::SQLException& e) {
      return FromException(e, sql);
    } catch (const std::exception& e) {
      return absl::InternalError(absl::StrCat(
          "mysql: ", e.what(), " [while running: ", Truncated(sql), "]"));
    }
  }

  std::unique_ptr<::sql::Connection> conn_;
  std::unique_ptr<::sql::Statement> control_;
  bool healthy_ = true;
  bool in_transaction_ = false;
  // Whether the server has a transaction of ours open: false inside a read
  // on a session with autocommit on.
  bool server_transaction_ = false;
  // What the session settled on at its first Begin(); nullopt before.
  std::optional<TransactionMode> suited_;
  bool supports_returning_ = false;
  StatementCache<StatementPtr> statements_;
};

class MysqlFactory : public ConnectionFactory {
 public:
  explicit MysqlFactory(ml_metadata::MySQLDatabaseConfig config)
      : config_(std::move(config)) {}

  Dialect dialect() const override { return Dialect::kMysql; }

  std::string Describe() const override {
    if (!config_.socket().empty()) {
      return absl::StrCat("mysql://", config_.user(), "@unix(",
                          config_.socket(), ")/", config_.database());
    }
    return absl::StrCat(
        "mysql://", config_.user().empty() ? "" : config_.user() + "@",
        config_.host().empty() ? "localhost" : config_.host(),
        config_.port() > 0 ? absl::StrCat(":", config_.port()) : "", "/",
        config_.database());
  }

  absl::StatusOr<std::unique_ptr<Connection>> Open() override {
    EnsureThreadInit();
    bool create = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      create = !config_.skip_db_creation() && !database_ensured_;
    }
    auto conn = Connect(/*with_schema=*/!create);
    if (!conn.ok()) return conn.status();
    if (create) {
      // Binary collation: MLMD names are case-sensitive keys, as in the
      // SQLite and PostgreSQL backends.
      absl::Status st = (*conn)->Control(absl::StrCat(
          "CREATE DATABASE IF NOT EXISTS ", QuoteIdentifier(config_.database()),
          " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"));
      if (st.ok())
        st = (*conn)->Control(
            absl::StrCat("USE ", QuoteIdentifier(config_.database())));
      if (!st.ok()) {
        return absl::Status(
            st.code(), absl::StrCat("cannot create or use database '",
                                    config_.database(), "': ", st.message()));
      }
      std::lock_guard<std::mutex> lock(mu_);
      database_ensured_ = true;
    }
    return std::unique_ptr<Connection>(std::move(*conn));
  }

  absl::StatusOr<bool> DatabaseExists() override {
    EnsureThreadInit();
    auto conn = Connect(/*with_schema=*/false);
    if (!conn.ok()) return conn.status();
    auto rows = (*conn)->Query(
        "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?",
        {Value::Text(config_.database())});
    if (!rows.ok()) return rows.status();
    return !rows->empty();
  }

  absl::Status DropDatabase() override {
    EnsureThreadInit();
    auto conn = Connect(/*with_schema=*/false);
    if (!conn.ok()) return conn.status();
    absl::Status st = (*conn)->Control(absl::StrCat(
        "DROP DATABASE IF EXISTS ", QuoteIdentifier(config_.database())));
    if (st.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      database_ensured_ = false;
    }
    return st;
  }

 private:
  absl::StatusOr<std::unique_ptr<MysqlConnection>> Connect(bool with_schema) {
    ::sql::ConnectOptionsMap options;
    if (!config_.socket().empty()) {
      options["hostName"] = ::sql::SQLString("localhost");
      options["socket"] = ::sql::SQLString(config_.socket());
    } else {
      options["hostName"] = ::sql::SQLString(
          config_.host().empty() ? "127.0.0.1" : config_.host());
      options["port"] =
          static_cast<int>(config_.port() > 0 ? config_.port() : 3306);
    }
    options["userName"] = ::sql::SQLString(config_.user());
    options["password"] = ::sql::SQLString(config_.password());
    if (with_schema) options["schema"] = ::sql::SQLString(config_.database());
    options["OPT_CONNECT_TIMEOUT"] = kConnectTimeoutSeconds;
    options["OPT_RECONNECT"] = false;  // a silent reconnect loses the txn
    options["CLIENT_FOUND_ROWS"] = true;
    options["OPT_CHARSET_NAME"] = ::sql::SQLString("utf8mb4");
    if (config_.has_ssl_options()) {
      const auto& ssl = config_.ssl_options();
      auto add = [&](const char* key, const std::string& value) {
        if (!value.empty()) options[key] = ::sql::SQLString(value);
      };
      add("sslKey", ssl.key());
      add("sslCert", ssl.cert());
      add("sslCA", ssl.ca());
      add("sslCAPath", ssl.capath());
      add("sslCipher", ssl.cipher());
      options["sslVerify"] = ssl.verify_server_cert();
    }
    std::unique_ptr<::sql::Connection> raw;
    try {
      raw.reset(Driver()->connect(options));
    } catch (const ::sql::SQLException& e) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to MySQL: mysql error ",
                       e.getErrorCode(), ": ", e.what()));
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to MySQL: ", e.what()));
    }
    if (raw == nullptr)
      return absl::UnavailableError("cannot connect to MySQL");
    auto conn = std::make_unique<MysqlConnection>(std::move(raw));
    if (absl::Status st = conn->Setup(); !st.ok()) return st;
    return conn;
  }

  ml_metadata::MySQLDatabaseConfig config_;
  std::mutex mu_;
  bool database_ensured_ = false;
};

}  // namespace

namespace internal {
void SetMysqlReturningDisabledForTesting(bool disabled) {
  returning_disabled_for_testing.store(disabled);
}
}  // namespace internal

absl::StatusOr<std::unique_ptr<ConnectionFactory>> NewMysqlConnectionFactory(
    const ml_metadata::MySQLDatabaseConfig& config) {
  if (config.database().empty()) {
    return absl::InvalidArgumentError("mysql config: database must be set");
  }
  if (config.database().find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(
        "mysql config: database contains a NUL byte");
  }
  return std::unique_ptr<ConnectionFactory>(
      std::make_unique<MysqlFactory>(config));
}

}  // namespace mlmd::sql
