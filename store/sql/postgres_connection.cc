// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sql/postgres_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "store/sql/postgres_text.h"
#include "store/sql/statement_cache.h"

namespace mlmd::sql {
namespace {

using pg::ErrorStatus;
using pg::FormatDouble;
using pg::NumberPlaceholders;
using pg::OneLine;
using pg::ParseDouble;

// Enough for the store's statement shapes; IN-lists of many lengths add
// more, so the cache is bounded and evicts the least recently used.
constexpr size_t kMaxCachedStatements = 256;
constexpr int kConnectTimeoutSeconds = 10;

// PostgreSQL keeps the generic plan it settles on for a prepared statement
// until the table's statistics change. Plans made while a table is nearly
// empty (a new database, before autovacuum's first ANALYZE) are sequential
// scans that then stay while the table grows: on a new database this made
// single-row lookups read every row. A statement is therefore prepared again
// after 50, 500, 5000 and 50000 uses, then every 500000; the planner sizes
// tables from their current file size, so a fresh plan fits.
constexpr int64_t kFirstReplan = 50;
constexpr int64_t kReplanGrowth = 10;
constexpr int64_t kMaxReplanUses = 500000;

// Type OIDs from the server's pg_type catalog (stable across versions).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

bool IsIntegerOid(Oid t) {
  return t == kInt2Oid || t == kInt4Oid || t == kInt8Oid || t == kOidOid;
}

class PgConnection : public Connection {
 public:
  explicit PgConnection(PGconn* conn)
      : conn_(conn), statements_(kMaxCachedStatements, [this](Prepared& p) {
          Deallocate(p);
        }) {}
  ~PgConnection() override {
    PQfinish(conn_);
    // The session's statements ended with it: nothing left to deallocate.
    conn_ = nullptr;
    statements_.Clear();
  }

  using Connection::Execute;
  using Connection::Query;

  Dialect dialect() const override { return Dialect::kPostgresql; }

  absl::StatusOr<ResultSet> Query(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    auto res = Run(sql, params);
    if (!res.ok()) return res.status();
    return ToResultSet(res->get());
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql,
                                  absl::Span<const Value> params) override {
    auto res = Run(sql, params);
    if (!res.ok()) return res.status();
    int64_t n = 0;
    (void)absl::SimpleAtoi(PQcmdTuples(res->get()), &n);
    return n;
  }

  absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view insert_sql, absl::Span<const Value> params) override {
    auto res = Run(absl::StrCat(insert_sql, " RETURNING id"), params);
    if (!res.ok()) return res.status();
    const int n = PQntuples(res->get());
    std::vector<int64_t> ids(n);
    for (int i = 0; i < n; ++i) {
      (void)absl::SimpleAtoi(PQgetvalue(res->get(), i, 0), &ids[i]);
    }
    return ids;
  }

  // No round trip here (see the header): a read runs its statements on
  // their own, and a write sends BEGIN together with its first statement.
  absl::Status Begin(TransactionMode mode) override {
    state_ = mode == TransactionMode::kWrite ? TxnState::kWritePendingBegin
                                             : TxnState::kRead;
    return absl::OkStatus();
  }

  absl::Status Commit() override {
    if (state_ == TxnState::kRead ||
        (state_ == TxnState::kWritePendingBegin && held_back_.empty())) {
      state_ = TxnState::kNone;
      return absl::OkStatus();  // nothing was begun on the server
    }
    if (state_ == TxnState::kWriteOpen &&
        PQtransactionStatus(conn_) == PQTRANS_INERROR) {
      // COMMIT would silently roll back; say so instead.
      Rollback();
      return absl::InternalError(
          "postgresql: COMMIT of a transaction that an earlier statement "
          "failed; it was rolled back");
    }
    // Held-back writes (and BEGIN, if nothing went out yet) travel with the
    // COMMIT. A failed one leaves the transaction open in error, for the
    // caller's Rollback().
    Call commit;
    commit.sql = commit.numbered = "COMMIT";
    std::vector<Call> calls;
    calls.push_back(std::move(commit));
    absl::Status st = Exec(std::move(calls)).status();
    if (st.ok()) state_ = TxnState::kNone;
    return st;
  }

  void Rollback() override {
    state_ = TxnState::kNone;
    held_back_.clear();
    switch (PQtransactionStatus(conn_)) {
      case PQTRANS_IDLE:
        return;
      case PQTRANS_INTRANS:
      case PQTRANS_INERROR:
        if (!Simple("ROLLBACK").ok()) healthy_ = false;
        return;
      default:  // busy or broken
        healthy_ = false;
        return;
    }
  }

  // Inside a write transaction the statement waits and goes out in one
  // pipeline with the next statement or the COMMIT (see the header).
  absl::Status ExecuteDeferred(absl::string_view sql,
                               absl::Span<const Value> params) override {
    if (state_ != TxnState::kWritePendingBegin &&
        state_ != TxnState::kWriteOpen) {
      return Execute(sql, params).status();
    }
    auto call = MakeCall(sql, params);
    if (!call.ok()) return call.status();
    held_back_.push_back(*std::move(call));
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<ResultSet>> QueryBatch(
      absl::Span<const Statement> statements) override {
    std::vector<Call> calls;
    calls.reserve(statements.size());
    for (const Statement& stmt : statements) {
      auto call = MakeCall(stmt.sql, stmt.params);
      if (!call.ok()) return call.status();
      calls.push_back(*std::move(call));
    }
    auto results = Exec(std::move(calls));
    if (!results.ok()) return results.status();
    std::vector<ResultSet> out;
    out.reserve(results->size());
    for (const Result& res : *results) out.push_back(ToResultSet(res.get()));
    return out;
  }

  bool healthy() const override {
    return healthy_ && PQstatus(conn_) == CONNECTION_OK;
  }

  absl::Status Ping() override { return Simple("SELECT 1"); }

 private:
  struct Prepared {
    std::string name;
    std::vector<Oid> param_types;
    int64_t uses = 0;
    int64_t replan_at = kFirstReplan;  // uses before it is prepared afresh
  };

  // Where the transaction opened by Begin() stands.
  enum class TxnState {
    kNone,               // no Begin(), or ended
    kRead,               // reads run as single statements, no BEGIN sent
    kWritePendingBegin,  // BEGIN goes out with the next statement
    kWriteOpen,          // BEGIN sent
  };

  absl::Status Fail(const PGresult* res, absl::string_view sql) {
    bool lost = false;
    absl::Status st = ErrorStatus(res, conn_, sql, &lost);
    if (lost) healthy_ = false;
    return st;
  }

  // Runs SQL without parameters through the simple protocol.
  absl::Status Simple(const char* sql) {
    Result res(PQexec(conn_, sql));
    const ExecStatusType s =
        res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
      return Fail(res.get(), sql);
    }
    return absl::OkStatus();
  }

  // Integer and double values are declared bigint and double precision:
  // the server cannot infer a type for `? + ?`, and an inferred INT would
  // reject a 64-bit value that a comparison should simply not match. Other
  // values (text, bool, NULL) take the type the server infers from where
  // they are used, which also tells us which ones are bytea. The declared
  // types depend on the values, so they are part of the cache key.
  static std::string CacheKey(const std::string& sql,
                              absl::Span<const Value> params,
                              std::vector<Oid>* declared) {
    std::string key = sql;
    key.push_back('\x1f');
    for (const Value& v : params) {
      Oid type = 0;
      char tag = '-';
      if (v.is_int()) {
        type = kInt8Oid;
        tag = 'i';
      } else if (v.is_double()) {
        type = kFloat8Oid;
        tag = 'd';
      }
      declared->push_back(type);
      key.push_back(tag);
    }
    return key;
  }

  // The prepared statement for `sql` with the parameter types `declared`
  // (cached under `key`, see CacheKey), preparing it if needed.
  absl::StatusOr<const Prepared*> Prepare(const std::string& sql,
                                          const std::string& key,
                                          const std::vector<Oid>& declared) {
    int64_t replan_at = kFirstReplan;
    if (Prepared* found = statements_.Find(key)) {
      if (++found->uses < found->replan_at) return found;
      replan_at = std::min(found->replan_at * kReplanGrowth, kMaxReplanUses);
      absl::Status flushed = FlushHeldBack();  // they may use this statement
      if (!flushed.ok()) return flushed;
      statements_.Erase(key);
    }
    int count = 0;
    const std::string numbered = NumberPlaceholders(sql, &count);
    if (count != static_cast<int>(declared.size())) {
      return PlaceholderMismatch(sql, count, declared.size());
    }
    Prepared p;
    p.replan_at = replan_at;
    p.name = absl::StrCat("mlmd_", next_statement_++);
    Result res(PQprepare(conn_, p.name.c_str(), numbered.c_str(), count,
                         declared.data()));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      return Fail(res.get(), sql);
    }
    // The server inferred each parameter's type from the statement; knowing
    // them lets bytea values travel as raw bytes.
    Result desc(PQdescribePrepared(conn_, p.name.c_str()));
    if (!desc || PQresultStatus(desc.get()) != PGRES_COMMAND_OK) {
      return Fail(desc.get(), sql);
    }
    const int n = PQnparams(desc.get());
    for (int i = 0; i < n; ++i) {
      p.param_types.push_back(PQparamtype(desc.get(), i));
    }
    if (statements_.full()) {
      absl::Status flushed = FlushHeldBack();  // they may use the victim
      if (!flushed.ok()) return flushed;
    }
    return &statements_.Insert(key, std::move(p));
  }

  static absl::Status PlaceholderMismatch(absl::string_view sql, int count,
                                          size_t values) {
    return absl::InternalError(absl::StrCat("statement has ", count,
                                            " placeholders but got ", values,
                                            " values: ", sql.substr(0, 200)));
  }

  // Best effort: a statement that fails to go stays on the server until
  // the connection closes.
  void Deallocate(const Prepared& p) {
    if (conn_ == nullptr) return;
    Result res(PQexec(conn_, absl::StrCat("DEALLOCATE ", p.name).c_str()));
  }

  // One statement ready to send: a prepared statement with its parameter
  // values as text, or parameterless SQL sent through the unnamed statement.
  struct Call {
    std::string sql;        // as given, for messages
    std::string numbered;   // parameterless: the SQL to send
    std::string statement;  // prepared statement name; empty if parameterless
    std::string cache_key;
    std::vector<std::string> text;
    std::vector<bool> is_null;
    std::vector<int> lengths;
    std::vector<int> formats;
  };

  absl::StatusOr<Call> MakeCall(absl::string_view sql_view,
                                absl::Span<const Value> params) {
    Call call;
    call.sql = std::string(sql_view);
    if (params.empty()) {
      int count = 0;
      call.numbered = NumberPlaceholders(call.sql, &count);
      if (count != 0) return PlaceholderMismatch(call.sql, count, 0);
      return call;
    }
    std::vector<Oid> declared;
    call.cache_key = CacheKey(call.sql, params, &declared);
    auto prepared = Prepare(call.sql, call.cache_key, declared);
    if (!prepared.ok()) return prepared.status();
    const Prepared& p = **prepared;
    call.statement = p.name;
    const size_t n = params.size();
    call.text.resize(n);
    call.is_null.assign(n, false);
    call.lengths.assign(n, 0);
    call.formats.assign(n, 0);
    for (size_t i = 0; i < n; ++i) {
      const Value& v = params[i];
      const Oid type = i < p.param_types.size() ? p.param_types[i] : 0;
      std::string& text = call.text[i];
      if (v.is_null()) {
        call.is_null[i] = true;
      } else if (v.is_bool()) {
        const bool b = v.AsBool();
        text = IsIntegerOid(type) ? (b ? "1" : "0") : (b ? "true" : "false");
      } else if (v.is_int()) {
        text = absl::StrCat(v.AsInt());
      } else if (v.is_double()) {
        text = FormatDouble(v.AsDouble());
      } else {
        text = v.AsText();
        if (type == kByteaOid) {
          call.formats[i] = 1;  // raw bytes, no escaping
          call.lengths[i] = static_cast<int>(text.size());
        } else if (text.find('\0') != std::string::npos) {
          return absl::InvalidArgumentError(absl::StrCat(
              "postgresql: parameter ", i + 1,
              " contains a NUL byte, which PostgreSQL text cannot store"));
        }
      }
    }
    return call;
  }

  // Queues `call` on the connection (1 on success, as libpq's send calls).
  int SendCall(const Call& call) {
    if (call.statement.empty()) {
      return PQsendQueryParams(conn_, call.numbered.c_str(), 0, nullptr,
                               nullptr, nullptr, nullptr, 0);
    }
    const size_t n = call.text.size();
    std::vector<const char*> values(n, nullptr);
    for (size_t i = 0; i < n; ++i) {
      if (!call.is_null[i]) values[i] = call.text[i].c_str();
    }
    return PQsendQueryPrepared(conn_, call.statement.c_str(),
                               static_cast<int>(n), values.data(),
                               call.lengths.data(), call.formats.data(), 0);
  }

  absl::StatusOr<Result> Run(absl::string_view sql,
                             absl::Span<const Value> params) {
    auto call = MakeCall(sql, params);
    if (!call.ok()) return call.status();
    std::vector<Call> calls;
    calls.push_back(*std::move(call));
    auto results = Exec(std::move(calls));
    if (!results.ok()) return results.status();
    return std::move(results->front());
  }

  // Runs `calls` after what is waiting to go out first (a write
  // transaction's BEGIN, held-back writes) and returns the results of
  // `calls`, or the first error of any statement sent. More than one
  // statement travel in one pipeline: one round trip for all of them.
  absl::StatusOr<std::vector<Result>> Exec(std::vector<Call> calls) {
    std::vector<Call> all;
    if (state_ == TxnState::kWritePendingBegin) {
      state_ = TxnState::kWriteOpen;
      Call begin;
      begin.sql = begin.numbered = "BEGIN";
      all.push_back(std::move(begin));
    }
    const size_t first_held = all.size();
    for (Call& c : held_back_) all.push_back(std::move(c));
    held_back_.clear();
    const size_t first_own = all.size();
    for (Call& c : calls) all.push_back(std::move(c));
    if (all.empty()) return std::vector<Result>();

    std::vector<Result> results;
    results.reserve(all.size());
    if (all.size() == 1) {
      if (SendCall(all[0]) != 1) return Lost(all[0].sql);
      // The last result wins, as in PQexec (a statement has one).
      Result last;
      while (PGresult* r = PQgetResult(conn_)) last.reset(r);
      results.push_back(std::move(last));
    } else {
      if (PQenterPipelineMode(conn_) != 1) return Lost(all[0].sql);
      for (const Call& c : all) {
        if (SendCall(c) != 1) return Lost(c.sql);
      }
      if (PQpipelineSync(conn_) != 1) return Lost(all[0].sql);
      for (size_t i = 0; i < all.size(); ++i) {
        Result res = NextPipelineResult();
        if (res == nullptr) return Lost(all[i].sql);
        results.push_back(std::move(res));
      }
      Result sync(PQgetResult(conn_));
      if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC ||
          PQexitPipelineMode(conn_) != 1) {
        return Lost(all[0].sql);
      }
    }
    for (size_t i = 0; i < all.size(); ++i) {
      absl::Status st = Check(results[i].get(), all[i]);
      if (absl::IsAlreadyExists(st) && i >= first_held && i < first_own) {
        // Held-back writes are rows a concurrent transaction can have
        // written first (a property both added); the caller would take it
        // for a conflict of its own statement. A retry re-reads the state.
        return absl::AbortedError(absl::StrCat(
            "a concurrent transaction wrote the same row: ", st.message()));
      }
      if (!st.ok()) return st;
    }
    results.erase(results.begin(), results.begin() + first_own);
    return results;
  }

  // OK for a successful result; otherwise the statement's error.
  absl::Status Check(const PGresult* res, const Call& call) {
    const ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
      return absl::OkStatus();
    }
    const char* state =
        res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary =
        res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (state != nullptr && absl::string_view(state) == "0A000" &&
        primary != nullptr &&
        absl::StrContains(primary, "cached plan must not change result type")) {
      // A table changed shape under a prepared statement: prepare it afresh
      // on the retry of the whole transaction.
      statements_.Erase(call.cache_key);
      return absl::AbortedError(
          absl::StrCat("postgresql: ", primary, " [while running: ",
                       absl::string_view(call.sql).substr(0, 200), "]"));
    }
    return Fail(res, call.sql);
  }

  // Sends the held-back writes now (before their prepared statements may be
  // deallocated).
  absl::Status FlushHeldBack() {
    if (held_back_.empty()) return absl::OkStatus();
    return Exec({}).status();
  }

  // The result of the next statement of a pipeline (nullptr if the
  // connection broke), having consumed the NULL that ends it.
  Result NextPipelineResult() {
    Result res(PQgetResult(conn_));
    if (res == nullptr) return res;
    if (PGresult* extra = PQgetResult(conn_)) {
      PQclear(extra);  // a statement yields one result; anything else is bad
      return nullptr;
    }
    return res;
  }

  absl::Status Lost(absl::string_view sql) {
    healthy_ = false;
    return absl::UnavailableError(
        absl::StrCat("postgresql: ", OneLine(PQerrorMessage(conn_)),
                     " [while running: ", sql.substr(0, 200), "]"));
  }

  static ResultSet ToResultSet(const PGresult* res) {
    ResultSet out;
    const int rows = PQntuples(res);
    const int cols = PQnfields(res);
    std::vector<Oid> types(cols);
    for (int c = 0; c < cols; ++c) types[c] = PQftype(res, c);
    out.rows.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      Row row;
      row.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res, r, c)) {
          row.push_back(Value::Null());
          continue;
        }
        const char* v = PQgetvalue(res, r, c);
        const Oid t = types[c];
        if (IsIntegerOid(t)) {
          int64_t i = 0;
          (void)absl::SimpleAtoi(v, &i);
          row.push_back(Value::Int(i));
        } else if (t == kFloat4Oid || t == kFloat8Oid || t == kNumericOid) {
          row.push_back(Value::Double(ParseDouble(v)));
        } else if (t == kBoolOid) {
          row.push_back(Value::Bool(v[0] == 't'));
        } else if (t == kByteaOid) {
          size_t len = 0;
          unsigned char* bytes =
              PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &len);
          row.push_back(Value::Text(
              bytes ? std::string(reinterpret_cast<char*>(bytes), len) : ""));
          PQfreemem(bytes);
        } else {
          row.push_back(Value::Text(std::string(v, PQgetlength(res, r, c))));
        }
      }
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  PGconn* conn_;
  bool healthy_ = true;
  TxnState state_ = TxnState::kNone;
  // Writes waiting to go out with the next statement or the COMMIT.
  std::vector<Call> held_back_;
  int64_t next_statement_ = 0;
  StatementCache<Prepared> statements_;
};

class PgFactory : public ConnectionFactory {
 public:
  explicit PgFactory(ml_metadata::PostgreSQLDatabaseConfig config)
      : config_(std::move(config)) {}

  Dialect dialect() const override { return Dialect::kPostgresql; }

  std::string Describe() const override {
    const std::string& host =
        config_.has_hostaddr() ? config_.hostaddr() : config_.host();
    return absl::StrCat("postgresql://",
                        config_.user().empty() ? "" : config_.user() + "@",
                        host.empty() ? "localhost" : host,
                        config_.port().empty() ? "" : ":" + config_.port(), "/",
                        config_.dbname());
  }

  absl::StatusOr<std::unique_ptr<Connection>> Open() override {
    auto conn = Connect(config_.dbname());
    if (conn.ok() || config_.skip_db_creation()) return conn;
    // Maybe the database does not exist yet: ask the maintenance database,
    // and create it there if so.
    absl::Status created = CreateDatabaseIfMissing();
    if (absl::IsUnavailable(created)) {
      // The server or the maintenance database is unreachable too, or the
      // database exists: a concurrent opener may have created it since our
      // first try. One more connection tells which; if it fails too, the
      // first error says it best.
      auto again = Connect(config_.dbname());
      if (again.ok()) return again;
      return conn.status();
    }
    if (!created.ok()) {
      return absl::Status(
          created.code(),
          absl::StrCat(conn.status().message(), "; ", created.message()));
    }
    return Connect(config_.dbname());
  }

 private:
  absl::StatusOr<std::unique_ptr<Connection>> Connect(
      const std::string& dbname) {
    std::vector<std::pair<const char*, std::string>> params;
    auto add = [&](const char* key, const std::string& value) {
      if (!value.empty()) params.emplace_back(key, value);
    };
    add("host", config_.host());
    add("hostaddr", config_.hostaddr());
    add("port", config_.port());
    add("user", config_.user());
    add("password", config_.password());
    add("passfile", config_.passfile());
    add("dbname", dbname);
    const auto& ssl = config_.ssloption();
    add("sslmode", ssl.sslmode());
    add("sslcert", ssl.sslcert());
    add("sslkey", ssl.sslkey());
    add("sslpassword", ssl.sslpassword());
    add("sslrootcert", ssl.sslrootcert());
    add("connect_timeout", absl::StrCat(kConnectTimeoutSeconds));
    add("client_encoding", "UTF8");
    add("application_name", "mlmd-server");
    std::vector<const char*> keys;
    std::vector<const char*> values;
    for (const auto& [k, v] : params) {
      keys.push_back(k);
      values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      std::string err = conn ? OneLine(PQerrorMessage(conn)) : "out of memory";
      PQfinish(conn);
      return absl::UnavailableError(absl::StrCat(
          "cannot connect to PostgreSQL database '", dbname, "': ", err));
    }
    // Server notices ("relation already exists, skipping") are not errors;
    // libpq would print them on stderr.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    return std::unique_ptr<Connection>(std::make_unique<PgConnection>(conn));
  }

  // The configured database name as an SQL identifier (case kept, quotes
  // doubled): CREATE/DROP DATABASE take no parameters.
  std::string QuotedDbname() const {
    std::string quoted = "\"";
    for (char c : config_.dbname()) {
      quoted.push_back(c);
      if (c == '"') quoted.push_back('"');
    }
    quoted.push_back('"');
    return quoted;
  }

 public:
  absl::StatusOr<bool> DatabaseExists() override {
    auto maintenance = Connect("postgres");
    if (!maintenance.ok()) return maintenance.status();
    auto exists = (*maintenance)
                      ->Query("SELECT 1 FROM pg_database WHERE datname = ?",
                              {Value::Text(config_.dbname())});
    if (!exists.ok()) return exists.status();
    return !exists->empty();
  }

  absl::Status DropDatabase() override {
    auto maintenance = Connect("postgres");
    if (!maintenance.ok()) return maintenance.status();
    // A backend of a connection closed a moment ago may still be exiting
    // ("being accessed by other users"): try again for a few seconds.
    absl::StatusOr<int64_t> dropped;
    for (int attempt = 0; attempt < 30; ++attempt) {
      if (attempt > 0) absl::SleepFor(absl::Milliseconds(100));
      dropped = (*maintenance)
                    ->Execute(absl::StrCat("DROP DATABASE IF EXISTS ",
                                           QuotedDbname()));
      if (dropped.ok()) return absl::OkStatus();
    }
    return dropped.status();
  }

 private:
  absl::Status CreateDatabaseIfMissing() {
    auto maintenance = Connect("postgres");
    if (!maintenance.ok()) return maintenance.status();
    Connection& conn = **maintenance;
    auto exists = conn.Query("SELECT 1 FROM pg_database WHERE datname = ?",
                             {Value::Text(config_.dbname())});
    if (!exists.ok()) return exists.status();
    if (!exists->empty()) {
      return absl::UnavailableError(absl::StrCat(
          "database '", config_.dbname(), "' exists but is not reachable"));
    }
    auto created =
        conn.Execute(absl::StrCat("CREATE DATABASE ", QuotedDbname()));
    if (!created.ok()) {
      // A concurrent opener may have created it first (reported as 42P04 or
      // as a unique violation in pg_database); that is fine.
      auto now = conn.Query("SELECT 1 FROM pg_database WHERE datname = ?",
                            {Value::Text(config_.dbname())});
      if (now.ok() && !now->empty()) return absl::OkStatus();
      return absl::Status(
          created.status().code(),
          absl::StrCat("cannot create database '", config_.dbname(),
                       "': ", created.status().message()));
    }
    return absl::OkStatus();
  }

  ml_metadata::PostgreSQLDatabaseConfig config_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ConnectionFactory>> NewPostgresConnectionFactory(
    const ml_metadata::PostgreSQLDatabaseConfig& config) {
  if (config.dbname().empty()) {
    return absl::InvalidArgumentError("postgresql config: dbname must be set");
  }
  if (config.dbname().find('\0') != std::string::npos) {
    return absl::InvalidArgumentError(
        "postgresql config: dbname contains a NUL byte");
  }
  return std::unique_ptr<ConnectionFactory>(
      std::make_unique<PgFactory>(config));
}

}  // namespace mlmd::sql
