// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Fixture of the sql::Connection tests (sql_connection_test.cc,
// sql_session_kinds_test.cc): one fresh database per test on every available
// backend, a connection to it, and small helpers.
#ifndef MLMD_TEST_SQL_CONNECTION_FIXTURE_H_
#define MLMD_TEST_SQL_CONNECTION_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/backends.h"
#include "store/sql/connection.h"
#include "test/store_test_fixture.h"

namespace mlmd::sql {

// Column types that differ per dialect.
struct Types {
  const char* id_pk;  // auto-increment integer primary key
  const char* dbl;
  const char* bytes;
};

inline Types TypesFor(Dialect d) {
  switch (d) {
    case Dialect::kSqlite:
      return {"INTEGER PRIMARY KEY AUTOINCREMENT", "DOUBLE", "BLOB"};
    case Dialect::kPostgresql:
      return {"SERIAL PRIMARY KEY", "DOUBLE PRECISION", "BYTEA"};
    case Dialect::kMysql:
      return {"INTEGER PRIMARY KEY AUTO_INCREMENT", "DOUBLE", "MEDIUMBLOB"};
  }
  return {};
}

class ConnectionTest
    : public ::testing::TestWithParam<::mlmd::testing::BackendParam> {
 protected:
  void SetUp() override {
    config_ = GetParam().make_options().connection_config;
    if (config_.config_case() ==
        ml_metadata::ConnectionConfig::CONFIG_NOT_SET) {
      GTEST_SKIP() << GetParam().name << " is not configured (see "
                   << "scripts/testdb.sh)";
    }
    auto factory = MakeConnectionFactory(config_);
    ASSERT_TRUE(factory.ok()) << factory.status();
    factory_ = *std::move(factory);
    conn_ = OpenConnection();
    ASSERT_NE(conn_, nullptr);
    types_ = TypesFor(conn_->dialect());
  }

  std::unique_ptr<Connection> OpenConnection() {
    auto conn = factory_->Open();
    EXPECT_TRUE(conn.ok()) << conn.status();
    return conn.ok() ? *std::move(conn) : nullptr;
  }

  Dialect dialect() const { return conn_->dialect(); }
  bool is_server() const { return dialect() != Dialect::kSqlite; }

  void Exec(const std::string& sql, std::vector<Value> params = {}) {
    auto st = conn_->Execute(sql, params);
    ASSERT_TRUE(st.ok()) << sql << " -> " << st.status();
  }

  ResultSet Rows(Connection& conn, const std::string& sql,
                 std::vector<Value> params = {}) {
    auto rows = conn.Query(sql, params);
    EXPECT_TRUE(rows.ok()) << sql << " -> " << rows.status();
    return rows.ok() ? *std::move(rows) : ResultSet{};
  }

  int64_t Count(const std::string& table) {
    ResultSet rows = Rows(*conn_, absl::StrCat("SELECT COUNT(*) FROM ", table));
    return rows.empty() ? -1 : rows.rows[0][0].AsInt();
  }

  // A table with a unique name and two keyed rows, committed.
  void MakeKeyedTable() {
    Exec("CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
    Exec("INSERT INTO kv (k, v) VALUES (?, ?), (?, ?)",
         {Value::Int(1), Value::Int(10), Value::Int(2), Value::Int(20)});
  }

  // Ends `victim`'s session from another connection, as an operator or a
  // database restart would; returns once the server has dropped it.
  void KillFromAnotherSession(Connection& victim) {
    std::unique_ptr<Connection> killer = OpenConnection();
    ASSERT_NE(killer, nullptr);
    if (dialect() == Dialect::kPostgresql) {
      ResultSet pid = Rows(victim, "SELECT pg_backend_pid()");
      ASSERT_EQ(pid.size(), 1u);
      // Waits up to 5 s for the backend to be gone.
      ResultSet done =
          Rows(*killer, "SELECT pg_terminate_backend(CAST(? AS INTEGER), 5000)",
               {Value::Int(pid.rows[0][0].AsInt())});
      ASSERT_EQ(done.size(), 1u);
      ASSERT_TRUE(done.rows[0][0].AsBool());
    } else {
      ResultSet id = Rows(victim, "SELECT CONNECTION_ID()");
      ASSERT_EQ(id.size(), 1u);
      ASSERT_TRUE(
          killer->Execute(absl::StrCat("KILL ", id.rows[0][0].AsInt())).ok());
    }
    EXPECT_TRUE(killer->healthy());
  }

  // The test's own database; another factory made from it reaches the same.
  ml_metadata::ConnectionConfig config_;
  std::unique_ptr<ConnectionFactory> factory_;
  std::unique_ptr<Connection> conn_;
  Types types_;
};

}  // namespace mlmd::sql

#endif  // MLMD_TEST_SQL_CONNECTION_FIXTURE_H_
