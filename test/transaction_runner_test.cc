// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// RunInTransaction (store/transaction.h) against a scripted connection: which
// failures are retried, which are not, and what the caller is told.
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/transaction.h"
#include "test/fake_connection.h"

namespace mlmd {
namespace {

using ::mlmd::testing::FakeConnection;
using ::mlmd::testing::FakeConnectionFactory;
using ::mlmd::testing::FakeDatabase;
using ::testing::HasSubstr;

class RecordingObserver : public TransactionObserver {
 public:
  void AttemptStarted() override { ++attempts; }
  void Committed() override { ++commits; }
  int attempts = 0;
  int commits = 0;
};

class TransactionRunnerTest : public ::testing::Test {
 protected:
  TransactionRunnerTest()
      : db_(std::make_shared<FakeDatabase>()),
        pool_(std::make_unique<FakeConnectionFactory>(db_),
              sql::PoolOptions{4, absl::Seconds(1), absl::Seconds(30)}) {
    policy_.max_retries = 3;
    policy_.initial_backoff = absl::Microseconds(10);
    policy_.max_backoff = absl::Microseconds(100);
    policy_.counters = &counters_;
  }

  std::shared_ptr<FakeDatabase> db_;
  sql::ConnectionPool pool_;
  RetryPolicy policy_;
  TransactionCounters counters_;
  RecordingObserver observer_;
};

TEST_F(TransactionRunnerTest, CommitsOnceWhenTheBodySucceeds) {
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool_, sql::TransactionMode::kWrite, policy_,
      [&](sql::Connection &) {
        ++runs;
        return absl::OkStatus();
      },
      &observer_);
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(db_->commits, 1);
  EXPECT_EQ(db_->rollbacks, 0);
  EXPECT_EQ(observer_.attempts, 1);
  EXPECT_EQ(observer_.commits, 1);
  EXPECT_EQ(counters_.retries.load(), 0);
}

TEST_F(TransactionRunnerTest, DeadlocksInTheBodyAreRetriedUntilItCommits) {
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool_, sql::TransactionMode::kWrite, policy_,
      [&](sql::Connection &) {
        ++runs;
        return runs < 3 ? absl::AbortedError("deadlock") : absl::OkStatus();
      },
      &observer_);
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(db_->rollbacks, 2);
  EXPECT_EQ(db_->commits, 1);
  EXPECT_EQ(observer_.attempts, 3);
  EXPECT_EQ(observer_.commits, 1);
  EXPECT_EQ(counters_.retries.load(), 2);
  EXPECT_EQ(counters_.given_up.load(), 0);
}

TEST_F(TransactionRunnerTest, SerializationFailureAtCommitIsRetried) {
  db_->commit_results.push_back(absl::AbortedError("could not serialize"));
  int runs = 0;
  absl::Status st = RunInTransaction(pool_, sql::TransactionMode::kWrite,
                                     policy_, [&](sql::Connection &) {
                                       ++runs;
                                       return absl::OkStatus();
                                     });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(db_->commits, 2);
}

TEST_F(TransactionRunnerTest, GivesUpWithAbortedAfterTheLastRetry) {
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool_, sql::TransactionMode::kWrite, policy_, [&](sql::Connection &) {
        ++runs;
        return absl::AbortedError("lock wait timeout");
      });
  EXPECT_TRUE(absl::IsAborted(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("given up after 3 retries"));
  EXPECT_THAT(st.message(), HasSubstr("lock wait timeout"));
  EXPECT_EQ(runs, 4);  // the first attempt and three retries
  EXPECT_EQ(db_->commits, 0);
  EXPECT_EQ(counters_.retries.load(), 3);
  EXPECT_EQ(counters_.given_up.load(), 1);
}

TEST_F(TransactionRunnerTest, CallerErrorsAreRolledBackAndNotRetried) {
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool_, sql::TransactionMode::kWrite, policy_,
      [&](sql::Connection &) {
        ++runs;
        return absl::InvalidArgumentError("bad property");
      },
      &observer_);
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(db_->commits, 0);
  EXPECT_EQ(db_->rollbacks, 1);
  EXPECT_EQ(observer_.commits, 0);
}

TEST_F(TransactionRunnerTest, AWriteWhoseCommitOutcomeIsUnknownIsNotRetried) {
  // The connection broke during COMMIT: the write may or may not have
  // landed, so running it again could apply it twice.
  db_->commit_failure_breaks = true;
  db_->commit_results.push_back(absl::UnavailableError("connection lost"));
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool_, sql::TransactionMode::kWrite, policy_,
      [&](sql::Connection &) {
        ++runs;
        return absl::OkStatus();
      },
      &observer_);
  EXPECT_TRUE(absl::IsUnavailable(st)) << st;
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(observer_.commits, 0);
  // The broken connection is not handed out again.
  EXPECT_EQ(pool_.stats().idle, 0);
}

TEST_F(TransactionRunnerTest, AReadOnABrokenPooledConnectionRunsOnceMore) {
  // Warm the pool with one connection, then "restart" the database.
  ASSERT_TRUE(
      RunInTransaction(pool_, sql::TransactionMode::kRead, policy_,
                       [](sql::Connection &) { return absl::OkStatus(); })
          .ok());
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool_, sql::TransactionMode::kRead, policy_, [&](sql::Connection &conn) {
        ++runs;
        if (runs == 1) {
          static_cast<FakeConnection &>(conn).Break();
          return absl::UnavailableError("server closed");
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(db_->opened, 2);  // the second attempt ran on a fresh connection
}

TEST_F(TransactionRunnerTest, AReadIsRetriedOnAFreshConnectionOnlyOnce) {
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool_, sql::TransactionMode::kRead, policy_, [&](sql::Connection &conn) {
        ++runs;
        static_cast<FakeConnection &>(conn).Break();
        return absl::UnavailableError("database down");
      });
  EXPECT_TRUE(absl::IsUnavailable(st)) << st;
  EXPECT_EQ(runs, 2);
}

TEST_F(TransactionRunnerTest, AFailedBeginIsReportedWithoutRunningTheBody) {
  db_->begin_results.push_back(absl::InternalError("begin refused"));
  int runs = 0;
  absl::Status st = RunInTransaction(pool_, sql::TransactionMode::kWrite,
                                     policy_, [&](sql::Connection &) {
                                       ++runs;
                                       return absl::OkStatus();
                                     });
  EXPECT_TRUE(absl::IsInternal(st)) << st;
  EXPECT_EQ(runs, 0);
}

TEST_F(TransactionRunnerTest, NoConnectionMeansUnavailableWithTheTarget) {
  db_->open_results.push_back(absl::UnavailableError("connection refused"));
  absl::Status st =
      RunInTransaction(pool_, sql::TransactionMode::kWrite, policy_,
                       [&](sql::Connection &) { return absl::OkStatus(); });
  EXPECT_TRUE(absl::IsUnavailable(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("fake:test"));
  EXPECT_THAT(st.message(), HasSubstr("connection refused"));
}

}  // namespace
}  // namespace mlmd
