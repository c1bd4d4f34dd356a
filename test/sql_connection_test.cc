// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The sql::Connection contract (store/sql/connection.h), checked directly on
// every available backend: SQLite always, PostgreSQL and MySQL/MariaDB when
// scripts/testdb.sh started them.
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/sql/connection.h"
#include "store/sql/mysql_connection.h"
#include "test/sql_connection_fixture.h"

namespace mlmd::sql {
namespace {

TEST_P(ConnectionTest, EveryValueKindRoundTrips) {
  Exec(absl::StrCat("CREATE TABLE vals (id INTEGER PRIMARY KEY, i BIGINT, d ",
                    types_.dbl, ", s TEXT, b BOOLEAN, raw ", types_.bytes,
                    ")"));
  const std::string bytes("\x00\x01\\x41'\"?\xff\xfe end", 14);
  const std::string text = "h\xc3\xa9llo \xe2\x9c\x93 'quoted' ? \\n";
  const double tricky = 0.1 + 0.2;
  const std::vector<std::vector<Value>> rows = {
      {Value::Int(1), Value::Int(std::numeric_limits<int64_t>::max()),
       Value::Double(tricky), Value::Text(text), Value::Bool(true),
       Value::Text(bytes)},
      {Value::Int(2), Value::Int(std::numeric_limits<int64_t>::min()),
       Value::Double(-1.5e300), Value::Text(""), Value::Bool(false),
       Value::Text("")},
  };
  for (const auto& row : rows) {
    Exec("INSERT INTO vals (id, i, d, s, b, raw) VALUES (?, ?, ?, ?, ?, ?)",
         row);
  }
  ResultSet got = Rows(*conn_, "SELECT i, d, s, b, raw FROM vals ORDER BY id");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got.rows[0][0].AsInt(), std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(got.rows[0][0].is_int());
  EXPECT_EQ(got.rows[0][1].AsDouble(), tricky);  // exact, not rounded
  EXPECT_TRUE(got.rows[0][1].is_double());
  EXPECT_EQ(got.rows[0][2].AsText(), text);
  EXPECT_TRUE(got.rows[0][3].AsBool());
  EXPECT_EQ(got.rows[0][4].AsText(), bytes);
  EXPECT_EQ(got.rows[1][0].AsInt(), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(got.rows[1][1].AsDouble(), -1.5e300);
  EXPECT_EQ(got.rows[1][2].AsText(), "");
  EXPECT_FALSE(got.rows[1][2].is_null());
  EXPECT_FALSE(got.rows[1][3].AsBool());
  EXPECT_EQ(got.rows[1][4].AsText(), "");

  // Parameters work in WHERE clauses of every kind too.
  ResultSet by_text =
      Rows(*conn_, "SELECT id FROM vals WHERE s = ? AND b = ? AND raw = ?",
           {Value::Text(text), Value::Bool(true), Value::Text(bytes)});
  ASSERT_EQ(by_text.size(), 1u);
  EXPECT_EQ(by_text.rows[0][0].AsInt(), 1);
  ResultSet by_double =
      Rows(*conn_, "SELECT id FROM vals WHERE d = ?", {Value::Double(tricky)});
  ASSERT_EQ(by_double.size(), 1u);
  // An Int parameter compared with a BOOLEAN column (0/1 on every backend).
  ResultSet by_int_bool =
      Rows(*conn_, "SELECT id FROM vals WHERE b = ?", {Value::Bool(false)});
  ASSERT_EQ(by_int_bool.size(), 1u);
  EXPECT_EQ(by_int_bool.rows[0][0].AsInt(), 2);
}

TEST_P(ConnectionTest, NullsRoundTrip) {
  Exec(absl::StrCat("CREATE TABLE nulls (id INTEGER PRIMARY KEY, i BIGINT, d ",
                    types_.dbl, ", s TEXT, b BOOLEAN, raw ", types_.bytes,
                    ")"));
  Exec("INSERT INTO nulls (id, i, d, s, b, raw) VALUES (?, ?, ?, ?, ?, ?)",
       {Value::Int(1), Value::Null(), Value::Null(), Value::Null(),
        Value::Null(), Value::Optional(std::optional<std::string>())});
  ResultSet got = Rows(*conn_, "SELECT i, d, s, b, raw FROM nulls");
  ASSERT_EQ(got.size(), 1u);
  for (const Value& v : got.rows[0])
    EXPECT_TRUE(v.is_null()) << v.DebugString();
  // NULL parameters compare as SQL NULL (never equal).
  EXPECT_TRUE(Rows(*conn_, "SELECT id FROM nulls WHERE i = ?", {Value::Null()})
                  .empty());
  EXPECT_EQ(
      Rows(*conn_, "SELECT id FROM nulls WHERE i IS NULL AND s IS NULL").size(),
      1u);
}

TEST_P(ConnectionTest, ResultTypesFollowColumnTypes) {
  Exec("CREATE TABLE nums (id INTEGER PRIMARY KEY, n INTEGER, s VARCHAR(20))");
  Exec("INSERT INTO nums (id, n, s) VALUES (?, ?, ?), (?, ?, ?)",
       {Value::Int(1), Value::Int(5), Value::Text("5"), Value::Int(2),
        Value::Int(7), Value::Text("x")});
  ResultSet got = Rows(*conn_, "SELECT COUNT(*), SUM(n), MAX(s) FROM nums");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got.rows[0][0].is_int());
  EXPECT_EQ(got.rows[0][0].AsInt(), 2);
  EXPECT_EQ(got.rows[0][1].AsInt(), 12);
  EXPECT_TRUE(got.rows[0][2].is_text());
  EXPECT_EQ(got.rows[0][2].AsText(), "x");
}

TEST_P(ConnectionTest, InsertReturningIdsForMultiRowInsert) {
  Exec(absl::StrCat("CREATE TABLE named (id ", types_.id_pk,
                    ", name VARCHAR(255) NOT NULL UNIQUE)"));
  auto first = conn_->InsertReturningIds(
      absl::StrCat("INSERT INTO named (name) VALUES ", PlaceholderRows(3, 1)),
      {Value::Text("a"), Value::Text("b"), Value::Text("c")});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 3u);
  auto second = conn_->InsertReturningIds("INSERT INTO named (name) VALUES (?)",
                                          {Value::Text("d")});
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->size(), 1u);
  EXPECT_GT((*second)[0], (*first)[2]);
  // Each returned id is the row inserted at that position.
  const std::vector<std::string> names = {"a", "b", "c"};
  for (size_t i = 0; i < names.size(); ++i) {
    ResultSet row = Rows(*conn_, "SELECT name FROM named WHERE id = ?",
                         {Value::Int((*first)[i])});
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(row.rows[0][0].AsText(), names[i]);
  }
}

TEST_P(ConnectionTest, InsertReturningIdsWithoutReturningSupport) {
  if (dialect() != Dialect::kMysql) GTEST_SKIP() << "MySQL-only fallback";
  // As on MySQL proper: ids come from LAST_INSERT_ID() and the row count.
  internal::SetMysqlReturningDisabledForTesting(true);
  std::unique_ptr<Connection> mysql_like = OpenConnection();
  internal::SetMysqlReturningDisabledForTesting(false);
  ASSERT_NE(mysql_like, nullptr);
  Exec(absl::StrCat("CREATE TABLE named (id ", types_.id_pk,
                    ", name VARCHAR(255) NOT NULL UNIQUE)"));
  auto ids = mysql_like->InsertReturningIds(
      "INSERT INTO named (name) VALUES (?), (?), (?)",
      {Value::Text("a"), Value::Text("b"), Value::Text("c")});
  ASSERT_TRUE(ids.ok()) << ids.status();
  ASSERT_EQ(ids->size(), 3u);
  const std::vector<std::string> names = {"a", "b", "c"};
  for (size_t i = 0; i < names.size(); ++i) {
    ResultSet row = Rows(*conn_, "SELECT name FROM named WHERE id = ?",
                         {Value::Int((*ids)[i])});
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(row.rows[0][0].AsText(), names[i]);
  }
  auto dup = mysql_like->InsertReturningIds(
      "INSERT INTO named (name) VALUES (?)", {Value::Text("a")});
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_P(ConnectionTest, UniqueViolationIsAlreadyExists) {
  Exec(absl::StrCat("CREATE TABLE uniq (id ", types_.id_pk,
                    ", name VARCHAR(255) NOT NULL UNIQUE)"));
  Exec("INSERT INTO uniq (name) VALUES (?)", {Value::Text("x")});
  auto dup =
      conn_->Execute("INSERT INTO uniq (name) VALUES (?)", {Value::Text("x")});
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists)
      << dup.status();
  auto dup_ids =
      conn_->InsertReturningIds("INSERT INTO uniq (name) VALUES (?), (?)",
                                {Value::Text("y"), Value::Text("x")});
  EXPECT_EQ(dup_ids.status().code(), absl::StatusCode::kAlreadyExists)
      << dup_ids.status();
  EXPECT_TRUE(conn_->healthy());
  EXPECT_EQ(Count("uniq"), 1);
}

TEST_P(ConnectionTest, RollbackDiscardsAndCommitKeeps) {
  MakeKeyedTable();
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  Exec("INSERT INTO kv (k, v) VALUES (?, ?)", {Value::Int(3), Value::Int(30)});
  Exec("DELETE FROM kv WHERE k = ?", {Value::Int(1)});
  conn_->Rollback();
  EXPECT_EQ(Count("kv"), 2);
  EXPECT_TRUE(conn_->healthy());

  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  Exec("INSERT INTO kv (k, v) VALUES (?, ?)", {Value::Int(3), Value::Int(30)});
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(Count("kv"), 3);
  // Rolling back with no transaction open is harmless.
  conn_->Rollback();
  EXPECT_TRUE(conn_->healthy());
}

TEST_P(ConnectionTest, StatementsOutsideATransactionCommitByThemselves) {
  Exec(absl::StrCat("CREATE TABLE solo (id ", types_.id_pk,
                    ", name VARCHAR(20) NOT NULL UNIQUE)"));
  Exec("INSERT INTO solo (name) VALUES (?)", {Value::Text("a")});
  auto ids = conn_->InsertReturningIds("INSERT INTO solo (name) VALUES (?)",
                                       {Value::Text("b")});
  ASSERT_TRUE(ids.ok()) << ids.status();
  auto failed = conn_->Execute("INSERT INTO solo (name) VALUES (?), (?)",
                               {Value::Text("c"), Value::Text("a")});
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kAlreadyExists);
  // Another session sees both rows at once, and none of the failed insert.
  std::unique_ptr<Connection> other = OpenConnection();
  ASSERT_NE(other, nullptr);
  ResultSet names = Rows(*other, "SELECT name FROM solo ORDER BY name");
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names.rows[1][0].AsText(), "b");
}

TEST_P(ConnectionTest, FirstStatementOfATransactionMayFail) {
  MakeKeyedTable();
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  auto dup = conn_->Execute("INSERT INTO kv (k, v) VALUES (?, ?)",
                            {Value::Int(1), Value::Int(0)});
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists);
  conn_->Rollback();
  EXPECT_TRUE(conn_->healthy());
  // The next transaction is a fresh one that commits.
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  Exec("INSERT INTO kv (k, v) VALUES (?, ?)", {Value::Int(3), Value::Int(30)});
  ASSERT_TRUE(conn_->Commit().ok());
  std::unique_ptr<Connection> other = OpenConnection();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Rows(*other, "SELECT k FROM kv").size(), 3u);
  // A transaction that ran nothing commits and rolls back quietly.
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  EXPECT_TRUE(conn_->Commit().ok());
  ASSERT_TRUE(conn_->Begin(TransactionMode::kRead).ok());
  EXPECT_EQ(Count("kv"), 3);
  EXPECT_TRUE(conn_->Commit().ok());
  EXPECT_TRUE(conn_->healthy());
}

TEST_P(ConnectionTest, FailedStatementThenRollbackLeavesConnectionUsable) {
  MakeKeyedTable();
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  Exec("UPDATE kv SET v = ? WHERE k = ?", {Value::Int(11), Value::Int(1)});
  auto dup = conn_->Execute("INSERT INTO kv (k, v) VALUES (?, ?)",
                            {Value::Int(2), Value::Int(0)});
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists);
  conn_->Rollback();
  EXPECT_TRUE(conn_->healthy());
  ResultSet v = Rows(*conn_, "SELECT v FROM kv WHERE k = ?", {Value::Int(1)});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.rows[0][0].AsInt(), 10);
  EXPECT_TRUE(conn_->Ping().ok());
}

TEST_P(ConnectionTest, ExecuteCountsMatchedRows) {
  MakeKeyedTable();
  // Row 1 already holds 10: still counted (matched, not only changed).
  auto n = conn_->Execute("UPDATE kv SET v = ? WHERE k IN (?, ?)",
                          {Value::Int(10), Value::Int(1), Value::Int(2)});
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 2);
  auto none = conn_->Execute("DELETE FROM kv WHERE k = ?", {Value::Int(99)});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
}

TEST_P(ConnectionTest, PreparedStatementIsReused) {
  MakeKeyedTable();
  const std::string query = "SELECT v FROM kv WHERE k = ?";
  int64_t prepares_before = 0;
  if (dialect() == Dialect::kMysql) {
    ResultSet s = Rows(*conn_, "SHOW SESSION STATUS LIKE 'Com_stmt_prepare'");
    ASSERT_EQ(s.size(), 1u);
    prepares_before = s.rows[0][1].AsInt();
  }
  for (int i = 0; i < 20; ++i) {
    ResultSet got = Rows(*conn_, query, {Value::Int(i % 2 + 1)});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got.rows[0][0].AsInt(), i % 2 == 0 ? 10 : 20);
  }
  if (dialect() == Dialect::kPostgresql) {
    ResultSet s = Rows(*conn_,
                       "SELECT COUNT(*) FROM pg_prepared_statements WHERE "
                       "statement = ?",
                       {Value::Text("SELECT v FROM kv WHERE k = $1")});
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s.rows[0][0].AsInt(), 1);
  } else if (dialect() == Dialect::kMysql) {
    ResultSet s = Rows(*conn_, "SHOW SESSION STATUS LIKE 'Com_stmt_prepare'");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s.rows[0][1].AsInt() - prepares_before, 1);
  }
}

TEST_P(ConnectionTest, WideIntegersCompareWithNarrowColumns) {
  MakeKeyedTable();  // k and v are 32-bit on the servers
  const int64_t wide = int64_t{1} << 40;
  ResultSet none =
      Rows(*conn_, "SELECT v FROM kv WHERE k = ?", {Value::Int(wide)});
  EXPECT_TRUE(none.empty());
  ResultSet one = Rows(*conn_, "SELECT v FROM kv WHERE k IN (?, ?)",
                       {Value::Int(1), Value::Int(wide)});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one.rows[0][0].AsInt(), 10);
  // The same statement with narrow values still works after the wide one.
  EXPECT_EQ(Rows(*conn_, "SELECT v FROM kv WHERE k IN (?, ?)",
                 {Value::Int(1), Value::Int(2)})
                .size(),
            2u);
  if (is_server()) {
    auto stored = conn_->Execute("INSERT INTO kv (k, v) VALUES (?, ?)",
                                 {Value::Int(3), Value::Int(wide)});
    EXPECT_EQ(stored.status().code(), absl::StatusCode::kInvalidArgument)
        << stored.status();
  }
}

TEST_P(ConnectionTest, ArithmeticOnParametersHasTypes) {
  MakeKeyedTable();
  ResultSet got = Rows(*conn_, "SELECT k FROM kv WHERE k * (? + ?) = ?",
                       {Value::Int(1), Value::Int(1), Value::Int(4)});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.rows[0][0].AsInt(), 2);
  ResultSet halves = Rows(*conn_, "SELECT k FROM kv WHERE v > ? ORDER BY k",
                          {Value::Double(10.5)});
  ASSERT_EQ(halves.size(), 1u);
  EXPECT_EQ(halves.rows[0][0].AsInt(), 2);
  // The same statement with a NULL where an integer was: still typed right.
  ResultSet none =
      Rows(*conn_, "SELECT k FROM kv WHERE v > ? ORDER BY k", {Value::Null()});
  EXPECT_TRUE(none.empty());
}

TEST_P(ConnectionTest, QuestionMarksInLiteralsAreNotPlaceholders) {
  ResultSet got =
      Rows(*conn_, "SELECT '?', 'it''s ?', ?", {Value::Text("param")});
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.rows[0][0].AsText(), "?");
  EXPECT_EQ(got.rows[0][1].AsText(), "it's ?");
  EXPECT_EQ(got.rows[0][2].AsText(), "param");
}

TEST_P(ConnectionTest, ParameterCountMismatchIsInternal) {
  MakeKeyedTable();
  auto got =
      conn_->Query("SELECT v FROM kv WHERE k = ? AND v = ?", {Value::Int(1)});
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInternal) << got.status();
  EXPECT_TRUE(conn_->healthy());
}

TEST_P(ConnectionTest, BadSqlIsInternalAndConnectionStaysHealthy) {
  auto got = conn_->Query("SELEKT nothing FROM nowhere");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInternal) << got.status();
  auto missing =
      conn_->Query("SELECT x FROM no_such_table WHERE x = ?", {Value::Int(1)});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInternal)
      << missing.status();
  EXPECT_TRUE(conn_->healthy());
  EXPECT_TRUE(conn_->Ping().ok());
}

TEST_P(ConnectionTest, ValueTooLongForColumnIsInvalidArgument) {
  if (!is_server()) GTEST_SKIP() << "SQLite does not enforce VARCHAR lengths";
  Exec("CREATE TABLE short_names (name VARCHAR(5))");
  auto got = conn_->Execute("INSERT INTO short_names (name) VALUES (?)",
                            {Value::Text("much too long")});
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument)
      << got.status();
}

TEST_P(ConnectionTest, DeadlockIsAborted) {
  if (!is_server()) GTEST_SKIP() << "SQLite takes the write lock up front";
  MakeKeyedTable();
  std::unique_ptr<Connection> other = OpenConnection();
  ASSERT_NE(other, nullptr);
  const std::string update = "UPDATE kv SET v = v + 1 WHERE k = ?";
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(other->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(conn_->Execute(update, {Value::Int(1)}).ok());
  ASSERT_TRUE(other->Execute(update, {Value::Int(2)}).ok());
  // Each now waits for the row the other holds.
  absl::Status first;
  std::thread waiter(
      [&] { first = conn_->Execute(update, {Value::Int(2)}).status(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  absl::Status second = other->Execute(update, {Value::Int(1)}).status();
  waiter.join();
  const int aborted = absl::IsAborted(first) + absl::IsAborted(second);
  EXPECT_EQ(aborted, 1) << "first: " << first << "; second: " << second;
  EXPECT_TRUE(first.ok() || second.ok()) << first << "; " << second;
  conn_->Rollback();
  other->Rollback();
  EXPECT_TRUE(conn_->healthy());
  EXPECT_TRUE(other->healthy());
}

TEST_P(ConnectionTest, KilledConnectionIsUnavailableAndUnhealthy) {
  if (!is_server()) GTEST_SKIP() << "SQLite has no server to kill us";
  // Use a cached prepared statement first, so the kill also hits that path.
  ASSERT_TRUE(conn_->Query("SELECT ?", {Value::Int(1)}).ok());
  KillFromAnotherSession(*conn_);
  auto after = conn_->Query("SELECT ?", {Value::Int(1)});
  EXPECT_EQ(after.status().code(), absl::StatusCode::kUnavailable)
      << after.status();
  EXPECT_FALSE(conn_->healthy());
  EXPECT_EQ(conn_->Ping().code(), absl::StatusCode::kUnavailable);
  conn_->Rollback();  // must not throw or crash
}

TEST_P(ConnectionTest, DeferredWritesRunBeforeLaterStatements) {
  MakeKeyedTable();
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(conn_
                  ->ExecuteDeferred("INSERT INTO kv (k, v) VALUES (?, ?)",
                                    {Value::Int(3), Value::Int(30)})
                  .ok());
  ASSERT_TRUE(conn_
                  ->ExecuteDeferred("UPDATE kv SET v = ? WHERE k = ?",
                                    {Value::Int(31), Value::Int(3)})
                  .ok());
  // This transaction's next statement sees both, in order.
  ResultSet v = Rows(*conn_, "SELECT v FROM kv WHERE k = ?", {Value::Int(3)});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.rows[0][0].AsInt(), 31);
  // Held back until the COMMIT itself.
  ASSERT_TRUE(
      conn_->ExecuteDeferred("DELETE FROM kv WHERE k = ?", {Value::Int(1)})
          .ok());
  ASSERT_TRUE(conn_->Commit().ok());
  std::unique_ptr<Connection> other = OpenConnection();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Rows(*other, "SELECT k FROM kv ORDER BY k").size(), 2u);
  EXPECT_TRUE(
      Rows(*other, "SELECT k FROM kv WHERE k = ?", {Value::Int(1)}).empty());
}

TEST_P(ConnectionTest, FailedDeferredWriteFailsTheTransaction) {
  MakeKeyedTable();
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  Exec("UPDATE kv SET v = ? WHERE k = ?", {Value::Int(11), Value::Int(1)});
  absl::Status deferred = conn_->ExecuteDeferred(
      "INSERT INTO kv (k, v) VALUES (?, ?)", {Value::Int(2), Value::Int(0)});
  // The duplicate key is reported by the deferred call itself or, when the
  // backend held it back, by the COMMIT it travelled with: then as ABORTED
  // (a held-back row can only clash with a concurrent writer's; the
  // transaction is retried).
  absl::Status outcome = deferred.ok() ? conn_->Commit() : deferred;
  EXPECT_EQ(outcome.code(), deferred.ok() ? absl::StatusCode::kAborted
                                          : absl::StatusCode::kAlreadyExists)
      << outcome;
  conn_->Rollback();
  EXPECT_TRUE(conn_->healthy());
  ResultSet v = Rows(*conn_, "SELECT v FROM kv WHERE k = ?", {Value::Int(1)});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.rows[0][0].AsInt(), 10);  // the whole transaction is undone

  // A held-back write is dropped by a rollback.
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(conn_
                  ->ExecuteDeferred("INSERT INTO kv (k, v) VALUES (?, ?)",
                                    {Value::Int(5), Value::Int(50)})
                  .ok());
  conn_->Rollback();
  EXPECT_EQ(Count("kv"), 2);
  // Outside a transaction it runs at once.
  ASSERT_TRUE(conn_
                  ->ExecuteDeferred("INSERT INTO kv (k, v) VALUES (?, ?)",
                                    {Value::Int(6), Value::Int(60)})
                  .ok());
  std::unique_ptr<Connection> other = OpenConnection();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Rows(*other, "SELECT k FROM kv").size(), 3u);
}

TEST_P(ConnectionTest, QueryBatchReturnsEachStatementsRows) {
  MakeKeyedTable();
  for (TransactionMode mode :
       {TransactionMode::kRead, TransactionMode::kWrite}) {
    ASSERT_TRUE(conn_->Begin(mode).ok());
    const Statement batch[] = {
        {"SELECT v FROM kv WHERE k = ?", {Value::Int(2)}},
        {"SELECT k FROM kv ORDER BY k", {}},
        {"SELECT k FROM kv WHERE k = ?", {Value::Int(9)}},
    };
    auto got = conn_->QueryBatch(batch);
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_EQ(got->size(), 3u);
    ASSERT_EQ((*got)[0].size(), 1u);
    EXPECT_EQ((*got)[0].rows[0][0].AsInt(), 20);
    EXPECT_EQ((*got)[1].size(), 2u);
    EXPECT_TRUE((*got)[2].empty());
    const Statement bad[] = {{"SELECT k FROM kv", {}},
                             {"SELECT no_such_column FROM kv", {}}};
    EXPECT_FALSE(conn_->QueryBatch(bad).ok());
    conn_->Rollback();
    EXPECT_TRUE(conn_->healthy());
  }
}

TEST_P(ConnectionTest, StatementsStayCorrectWhenPreparedAgain) {
  MakeKeyedTable();
  // PostgreSQL prepares a statement afresh after 50 and 550 uses (a new
  // plan for a grown table); results must not notice.
  for (int i = 0; i < 600; ++i) {
    ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
    auto updated = conn_->Execute("UPDATE kv SET v = ? WHERE k = ?",
                                  {Value::Int(i), Value::Int(1 + i % 2)});
    ASSERT_TRUE(updated.ok()) << i << ": " << updated.status();
    EXPECT_EQ(*updated, 1);
    ResultSet v =
        Rows(*conn_, "SELECT v FROM kv WHERE k = ?", {Value::Int(1 + i % 2)});
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v.rows[0][0].AsInt(), i);
    ASSERT_TRUE(conn_->Commit().ok());
  }
}

TEST_P(ConnectionTest, ManyStatementShapesStayCorrectPastTheCache) {
  MakeKeyedTable();
  // More distinct statements than any backend caches: evictions must not
  // break later statements.
  for (int n = 1; n <= 300; ++n) {
    std::vector<Value> params;
    for (int i = 0; i < n; ++i) params.push_back(Value::Int(i % 3));
    ResultSet got = Rows(*conn_,
                         absl::StrCat("SELECT COUNT(*) FROM kv WHERE k IN (",
                                      Placeholders(n), ")"),
                         params);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got.rows[0][0].AsInt(), n == 1 ? 0 : (n == 2 ? 1 : 2)) << n;
  }
  EXPECT_TRUE(conn_->healthy());
}

TEST_P(ConnectionTest, HeldBackWritesSurviveReplansAndEvictions) {
  MakeKeyedTable();
  // PostgreSQL holds these writes back until the COMMIT, while their
  // statement is prepared afresh (after 50 uses) and while 300 more shapes
  // push it and others out of the cache: both must send the waiting writes
  // before their statements go.
  ASSERT_TRUE(conn_->Begin(TransactionMode::kWrite).ok());
  for (int k = 10; k < 130; ++k) {
    ASSERT_TRUE(conn_
                    ->ExecuteDeferred("INSERT INTO kv (k, v) VALUES (?, ?)",
                                      {Value::Int(k), Value::Int(k)})
                    .ok());
  }
  for (int n = 1; n <= 300; ++n) {
    std::vector<Value> params;
    for (int i = 0; i < n; ++i) params.push_back(Value::Int(1000 + n));
    ASSERT_TRUE(conn_
                    ->ExecuteDeferred(absl::StrCat("UPDATE kv SET v = v + 1 "
                                                   "WHERE k IN (",
                                                   Placeholders(n), ")"),
                                      params)
                    .ok());
  }
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(Count("kv"), 122);
  ResultSet v = Rows(*conn_, "SELECT v FROM kv WHERE k = ?", {Value::Int(129)});
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.rows[0][0].AsInt(), 129);
  EXPECT_TRUE(conn_->healthy());
}

TEST_P(ConnectionTest, CachedStatementsFollowATableThatChangedShape) {
  MakeKeyedTable();
  const std::string select = "SELECT * FROM kv WHERE k = ?";
  ResultSet before = Rows(*conn_, select, {Value::Int(1)});
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before.rows[0].size(), 2u);
  Exec("ALTER TABLE kv ADD COLUMN extra INTEGER");
  // A server may refuse the cached statement once, as ABORTED (the
  // transaction runner retries); the retry must prepare it afresh.
  // PostgreSQL always does ("cached plan must not change result type");
  // MariaDB's client library does when the result columns changed (2057).
  auto after = conn_->Query(select, {Value::Int(1)});
  if (dialect() == Dialect::kPostgresql) EXPECT_FALSE(after.ok());
  if (!after.ok()) {
    EXPECT_EQ(after.status().code(), absl::StatusCode::kAborted)
        << after.status();
    after = conn_->Query(select, {Value::Int(1)});
  }
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->rows[0].size(), 3u);
  EXPECT_TRUE(conn_->healthy());
}

INSTANTIATE_TEST_SUITE_P(Backends, ConnectionTest,
                         ::testing::ValuesIn(testing::AvailableBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace mlmd::sql
