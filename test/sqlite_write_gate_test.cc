// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Write transactions of one SQLite factory queue in the process: a second
// writer waits for the first to finish however long it takes, instead of
// failing once SQLite's busy timeout runs out, and the turn passes on at
// commit and at rollback.
#include <atomic>
#include <filesystem>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "store/sql/sqlite_connection.h"

namespace mlmd::sql {
namespace {

class SqliteWriteGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("mlmd_gate_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() +
              ".sqlite"))
                .string();
    Remove();
    SqliteOptions options;
    options.path = path_;
    options.busy_timeout_ms = 50;  // far shorter than the first writer holds
    factory_ = NewSqliteConnectionFactory(options);
    auto a = factory_->Open();
    auto b = factory_->Open();
    ASSERT_TRUE(a.ok() && b.ok());
    a_ = *std::move(a);
    b_ = *std::move(b);
    ASSERT_TRUE(a_->Execute("CREATE TABLE t (v INTEGER)").ok());
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_ + suffix);
    }
  }

  // Starts a write on b_ in another thread while a_ holds the write lock for
  // `hold`, then ends a_'s transaction with `end`; returns b_'s Begin status
  // and how long it waited.
  template <typename End>
  std::pair<absl::Status, absl::Duration> SecondWriter(absl::Duration hold,
                                                       End end) {
    EXPECT_TRUE(a_->Begin(TransactionMode::kWrite).ok());
    EXPECT_TRUE(a_->Execute("INSERT INTO t (v) VALUES (1)").ok());
    absl::Status second;
    absl::Duration waited;
    std::atomic<bool> begun{false};
    std::thread writer([&] {
      const absl::Time start = absl::Now();
      second = b_->Begin(TransactionMode::kWrite);
      waited = absl::Now() - start;
      begun = true;
      if (second.ok()) {
        EXPECT_TRUE(b_->Execute("INSERT INTO t (v) VALUES (2)").ok());
        EXPECT_TRUE(b_->Commit().ok());
      }
    });
    absl::SleepFor(hold);
    EXPECT_FALSE(begun.load()) << "the second writer did not wait";
    end();
    writer.join();
    return {second, waited};
  }

  std::string path_;
  std::unique_ptr<ConnectionFactory> factory_;
  std::unique_ptr<Connection> a_, b_;
};

int64_t Rows(Connection& conn) {
  auto rs = conn.Query("SELECT COUNT(*) FROM t");
  return rs.ok() ? rs->rows[0][0].AsInt() : -1;
}

TEST_F(SqliteWriteGateTest, SecondWriterWaitsForCommit) {
  auto [status, waited] = SecondWriter(absl::Milliseconds(300),
                                       [&] { ASSERT_TRUE(a_->Commit().ok()); });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_GE(waited, absl::Milliseconds(250));
  EXPECT_EQ(Rows(*a_), 2);
}

TEST_F(SqliteWriteGateTest, SecondWriterWaitsForRollback) {
  auto [status, waited] =
      SecondWriter(absl::Milliseconds(300), [&] { a_->Rollback(); });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_GE(waited, absl::Milliseconds(250));
  EXPECT_EQ(Rows(*a_), 1);  // only the second writer's row
}

TEST_F(SqliteWriteGateTest, ReadersDoNotWait) {
  ASSERT_TRUE(a_->Begin(TransactionMode::kWrite).ok());
  ASSERT_TRUE(a_->Execute("INSERT INTO t (v) VALUES (1)").ok());
  ASSERT_TRUE(b_->Begin(TransactionMode::kRead).ok());
  EXPECT_EQ(Rows(*b_), 0);  // the snapshot before a_'s write
  ASSERT_TRUE(b_->Commit().ok());
  ASSERT_TRUE(a_->Commit().ok());
}

TEST_F(SqliteWriteGateTest, ClosingAWriterMidTransactionPassesTheTurn) {
  auto [status, waited] =
      SecondWriter(absl::Milliseconds(200), [&] { a_.reset(); });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(Rows(*b_), 1);  // a_'s uncommitted row went with it
}

}  // namespace
}  // namespace mlmd::sql
