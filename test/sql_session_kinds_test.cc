// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Connections that settle on reads or writes (MySQL/MariaDB sessions, see
// store/sql/mysql_connection.h) and the pool that hands them out, on the real
// databases: writes stay whole transactions on either kind of session, a
// COMMIT that fails keeps nothing, and each transaction mode gets a session
// of its own kind. On the other backends the same calls must behave the
// same, with no kinds at all.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "store/transaction.h"
#include "test/sql_connection_fixture.h"

namespace mlmd::sql {
namespace {

class SessionKindsTest : public ConnectionTest {};

// A connection first used for a read (on MySQL: one that then runs with
// autocommit on) still runs writes as whole transactions.
TEST_P(SessionKindsTest, WritesStayAtomicOnAConnectionFirstUsedForReads) {
  MakeKeyedTable();
  std::unique_ptr<Connection> reader = OpenConnection();
  ASSERT_NE(reader, nullptr);
  ASSERT_TRUE(reader->Begin(TransactionMode::kRead).ok());
  EXPECT_EQ(Rows(*reader, "SELECT v FROM kv WHERE k = ?", {Value::Int(1)})
                .rows[0][0]
                .AsInt(),
            10);
  ASSERT_TRUE(reader->Commit().ok());

  ASSERT_TRUE(reader->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(reader
                  ->Execute("INSERT INTO kv (k, v) VALUES (?, ?)",
                            {Value::Int(3), Value::Int(30)})
                  .ok());
  ASSERT_TRUE(
      reader->Execute("DELETE FROM kv WHERE k = ?", {Value::Int(1)}).ok());
  reader->Rollback();
  EXPECT_EQ(Count("kv"), 2);

  ASSERT_TRUE(reader->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(reader
                  ->Execute("INSERT INTO kv (k, v) VALUES (?, ?)",
                            {Value::Int(3), Value::Int(30)})
                  .ok());
  // Not visible to others before the COMMIT.
  EXPECT_EQ(Count("kv"), 2);
  ASSERT_TRUE(reader->Commit().ok());
  EXPECT_EQ(Count("kv"), 3);

  // A statement outside any transaction commits by itself.
  ASSERT_TRUE(
      reader->Execute("DELETE FROM kv WHERE k = ?", {Value::Int(3)}).ok());
  EXPECT_EQ(Count("kv"), 2);
  EXPECT_TRUE(reader->healthy());
}

// MySQL sessions settle on reads or writes at their first transaction: reads
// on a read session send no COMMIT (the server's own counter of COMMIT
// statements stays put), and no session keeps a table's metadata lock after
// a read, so DDL from another session does not wait.
TEST_P(SessionKindsTest, MysqlReadSessionsSendNoCommitAndHoldNoLocks) {
  if (dialect() != Dialect::kMysql) GTEST_SKIP() << "MySQL sessions only";
  MakeKeyedTable();
  auto commits = [&](Connection& conn) {
    ResultSet rows = Rows(conn, "SHOW SESSION STATUS LIKE 'Com_commit'");
    return rows.empty() ? -1 : std::stoll(rows.rows[0][1].AsText());
  };
  auto read = [&](Connection& conn) {
    ASSERT_TRUE(conn.Begin(TransactionMode::kRead).ok());
    EXPECT_EQ(Rows(conn, "SELECT COUNT(*) FROM kv").rows[0][0].AsInt(), 2);
    ASSERT_TRUE(conn.Commit().ok());
  };
  auto alter_from_another_session = [&](const std::string& column) {
    std::unique_ptr<Connection> ddl = OpenConnection();
    ASSERT_NE(ddl, nullptr);
    ASSERT_TRUE(ddl->Execute("SET SESSION lock_wait_timeout = 2").ok());
    auto st = ddl->Execute(
        absl::StrCat("ALTER TABLE kv ADD COLUMN ", column, " INTEGER"));
    EXPECT_TRUE(st.ok()) << st.status();
  };

  std::unique_ptr<Connection> reader = OpenConnection();
  ASSERT_NE(reader, nullptr);
  EXPECT_FALSE(reader->suited_mode().has_value());
  read(*reader);
  EXPECT_EQ(reader->suited_mode(), TransactionMode::kRead);
  // Reading the counter may itself cost a COMMIT (it does on write
  // sessions); `overhead` is that cost, measured.
  auto commits_of = [&](Connection& conn, int reads, int64_t* overhead) {
    const int64_t c1 = commits(conn);
    const int64_t c2 = commits(conn);
    *overhead = c2 - c1;
    for (int i = 0; i < reads; ++i) read(conn);
    return commits(conn) - c2 - *overhead;
  };
  int64_t overhead = -1;
  EXPECT_EQ(commits_of(*reader, 3, &overhead), 0);
  EXPECT_EQ(overhead, 0);
  alter_from_another_session("c1");

  // A session settled on writes ends a read with COMMIT instead.
  std::unique_ptr<Connection> writer = OpenConnection();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(writer->suited_mode(), TransactionMode::kWrite);
  EXPECT_EQ(commits_of(*writer, 3, &overhead), 3);
  EXPECT_EQ(overhead, 1);
  alter_from_another_session("c2");
}

// A write whose COMMIT fails (here: the session is killed between the write
// and the COMMIT) reports the failure and leaves nothing behind, whether it
// ran on a fresh session or on one that settled on reads (which on MySQL
// starts its write transactions explicitly).
TEST_P(SessionKindsTest, AWriteWhoseCommitFailsKeepsNothing) {
  if (!is_server()) GTEST_SKIP() << "SQLite has no server to kill us";
  MakeKeyedTable();
  for (bool first_read : {false, true}) {
    SCOPED_TRACE(first_read ? "session first used for reads" : "new session");
    std::unique_ptr<Connection> conn = OpenConnection();
    ASSERT_NE(conn, nullptr);
    if (first_read) {
      ASSERT_TRUE(conn->Begin(TransactionMode::kRead).ok());
      EXPECT_EQ(Rows(*conn, "SELECT COUNT(*) FROM kv").rows[0][0].AsInt(), 2);
      ASSERT_TRUE(conn->Commit().ok());
    }
    ASSERT_TRUE(conn->Begin(TransactionMode::kWrite).ok());
    ASSERT_TRUE(conn->Execute("INSERT INTO kv (k, v) VALUES (?, ?)",
                              {Value::Int(3), Value::Int(30)})
                    .ok());
    ASSERT_TRUE(conn->Execute("UPDATE kv SET v = ? WHERE k = ?",
                              {Value::Int(11), Value::Int(1)})
                    .ok());
    KillFromAnotherSession(*conn);
    const absl::Status st = conn->Commit();
    EXPECT_EQ(st.code(), absl::StatusCode::kUnavailable) << st;
    EXPECT_FALSE(conn->healthy());
    conn->Rollback();  // must not throw or crash
    EXPECT_EQ(Count("kv"), 2);
    EXPECT_EQ(Rows(*conn_, "SELECT v FROM kv WHERE k = ?", {Value::Int(1)})
                  .rows[0][0]
                  .AsInt(),
              10);
  }
}

// Through the pool and the transaction runner, as the store uses them: on
// MySQL reads and writes each end up on a session of their own kind (two
// sessions for any mix of the two, one at a time); elsewhere one connection
// serves both. Every write commits.
TEST_P(SessionKindsTest, ThePoolHandsEachModeASessionOfItsKind) {
  MakeKeyedTable();
  auto factory = MakeConnectionFactory(config_);
  ASSERT_TRUE(factory.ok()) << factory.status();
  PoolOptions options;
  options.max_size = 4;
  options.acquire_timeout = absl::Seconds(5);
  ConnectionPool pool(*std::move(factory), options);
  const bool kinds = dialect() == Dialect::kMysql;

  RetryPolicy policy;
  policy.max_retries = 0;
  // What each transaction found: its connection and that connection's kind.
  struct Seen {
    Connection* conn;
    std::optional<TransactionMode> kind;
  };
  std::vector<Seen> reads, writes;
  for (int i = 0; i < 4; ++i) {
    absl::Status st = RunInTransaction(
        pool, TransactionMode::kRead, policy, [&](Connection& conn) {
          reads.push_back({&conn, conn.suited_mode()});
          return conn.Query("SELECT COUNT(*) FROM kv").status();
        });
    ASSERT_TRUE(st.ok()) << st;
    st = RunInTransaction(pool, TransactionMode::kWrite, policy,
                          [&](Connection& conn) {
                            writes.push_back({&conn, conn.suited_mode()});
                            return conn
                                .Execute("INSERT INTO kv (k, v) VALUES (?, ?)",
                                         {Value::Int(10 + i), Value::Int(i)})
                                .status();
                          });
    ASSERT_TRUE(st.ok()) << st;
  }
  EXPECT_EQ(Count("kv"), 6);

  ASSERT_EQ(reads.size(), 4u);
  ASSERT_EQ(writes.size(), 4u);
  // A session settles at its first BEGIN, so each body already sees the
  // kind of the transaction it runs in.
  for (size_t i = 0; i < reads.size(); ++i) {
    EXPECT_EQ(reads[i].conn, reads[0].conn) << "read " << i;
    EXPECT_EQ(writes[i].conn, writes[0].conn) << "write " << i;
    if (kinds) {
      EXPECT_EQ(reads[i].kind, TransactionMode::kRead) << "read " << i;
      EXPECT_EQ(writes[i].kind, TransactionMode::kWrite) << "write " << i;
    } else {
      EXPECT_FALSE(reads[i].kind.has_value()) << "read " << i;
      EXPECT_FALSE(writes[i].kind.has_value()) << "write " << i;
    }
  }
  if (kinds) {
    EXPECT_NE(reads[0].conn, writes[0].conn);
    EXPECT_EQ(pool.stats().opened_total, 2);
  } else {
    EXPECT_EQ(reads[0].conn, writes[0].conn);
    EXPECT_EQ(pool.stats().opened_total, 1);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Backends, SessionKindsTest,
    ::testing::ValuesIn(::mlmd::testing::AvailableBackends()),
    ::mlmd::testing::BackendTestName);

}  // namespace
}  // namespace mlmd::sql
