// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Group commit (store/group_commit.h) on a real SQLite file: writers that
// queue behind a running write share one transaction, a member that fails
// loses only its own writes and gets its own error, a member worth a retry
// runs again alone, and when a group cannot commit every member runs again
// on its own (scripted with the fake connection).
#include "store/group_commit.h"

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "store/sql/sqlite_connection.h"
#include "store/transaction.h"
#include "test/fake_connection.h"

namespace mlmd {
namespace {

// Stages the numbers its bodies hand it and publishes them on commit, the
// way the type cache treats type defs.
class RecordingObserver : public TransactionObserver {
 public:
  void AttemptStarted() override { staged_.clear(); }
  void Committed() override {
    published_.insert(staged_.begin(), staged_.end());
    staged_.clear();
  }
  size_t Mark() override { return staged_.size(); }
  void RollbackTo(size_t mark) override { staged_.resize(mark); }
  void Stage(int v) { staged_.push_back(v); }
  const std::set<int>& published() const { return published_; }

 private:
  std::vector<int> staged_;
  std::set<int> published_;
};

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("mlmd_group_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() +
              ".sqlite"))
                .string();
    Remove();
    sql::SqliteOptions options;
    options.path = path_;
    sql::PoolOptions pool_options;
    pool_options.max_size = 4;
    pool_ = std::make_unique<sql::ConnectionPool>(
        sql::NewSqliteConnectionFactory(options), pool_options);
    group_ = std::make_unique<GroupCommit>(*pool_);
    policy_.group_commit = group_.get();
    policy_.initial_backoff = absl::Microseconds(100);
    ASSERT_TRUE(Write([](sql::Connection& c) {
                  return c.Execute("CREATE TABLE t (v INTEGER UNIQUE)")
                      .status();
                }).ok());
  }
  void TearDown() override {
    group_.reset();
    pool_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_ + suffix);
    }
  }

  absl::Status Write(absl::FunctionRef<absl::Status(sql::Connection&)> body,
                     TransactionObserver* observer = nullptr) {
    return RunInTransaction(*pool_, sql::TransactionMode::kWrite, policy_,
                            body, observer);
  }
  static absl::Status Insert(sql::Connection& c, int v) {
    return c.Execute("INSERT INTO t (v) VALUES (?)", {sql::Value::Int(v)})
        .status();
  }
  std::set<int64_t> Rows() {
    std::set<int64_t> out;
    auto lease = pool_->Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query("SELECT v FROM t");
    EXPECT_TRUE(rows.ok()) << rows.status();
    for (const sql::Row& r : rows->rows) out.insert(r[0].AsInt());
    return out;
  }

  // Runs a lone write that holds the database until every follower is
  // queued behind it (in order), then lets it commit and waits for all.
  void RunBehindHeldWrite(
      std::vector<std::function<absl::Status(sql::Connection&)>> followers,
      std::vector<absl::Status>* results,
      TransactionObserver* observer = nullptr) {
    results->assign(followers.size(), absl::UnknownError("not run"));
    std::atomic<bool> held{false}, release{false};
    std::thread first([&] {
      EXPECT_TRUE(Write([&](sql::Connection& c) {
                    held = true;
                    while (!release) absl::SleepFor(absl::Milliseconds(1));
                    return Insert(c, 0);
                  }).ok());
    });
    while (!held) absl::SleepFor(absl::Milliseconds(1));
    std::vector<std::thread> threads;
    for (size_t i = 0; i < followers.size(); ++i) {
      threads.emplace_back([&, i] {
        (*results)[i] = Write(followers[i], observer);
      });
      // Queue them one by one, so the group runs them in this order.
      const absl::Time give_up = absl::Now() + absl::Seconds(20);
      while (group_->waiting() < static_cast<int>(i + 1) &&
             absl::Now() < give_up) {
        absl::SleepFor(absl::Milliseconds(1));
      }
      EXPECT_EQ(group_->waiting(), static_cast<int>(i + 1));
    }
    release = true;
    first.join();
    for (std::thread& t : threads) t.join();
  }

  std::string path_;
  std::unique_ptr<sql::ConnectionPool> pool_;
  std::unique_ptr<GroupCommit> group_;
  RetryPolicy policy_;
};

TEST_F(GroupCommitTest, QueuedWritersShareOneTransactionAndFailAlone) {
  const GroupCommit::Stats before = group_->stats();
  std::vector<absl::Status> results;
  RunBehindHeldWrite(
      {[](sql::Connection& c) { return Insert(c, 1); },
       [](sql::Connection& c) {
         absl::Status st = Insert(c, 2);
         if (!st.ok()) return st;
         return absl::InvalidArgumentError("member 2 refuses after writing");
       },
       [](sql::Connection& c) { return Insert(c, 3); },
       // Sees member 1's uncommitted row, as it would run after it alone.
       [](sql::Connection& c) { return Insert(c, 1); }},
      &results);
  EXPECT_TRUE(results[0].ok()) << results[0];
  EXPECT_TRUE(absl::IsInvalidArgument(results[1])) << results[1];
  EXPECT_TRUE(results[2].ok()) << results[2];
  EXPECT_TRUE(absl::IsAlreadyExists(results[3])) << results[3];
  EXPECT_EQ(Rows(), (std::set<int64_t>{0, 1, 3}));
  const GroupCommit::Stats after = group_->stats();
  // The held write alone, then one group of the four followers.
  EXPECT_EQ(after.groups - before.groups, 2);
  EXPECT_EQ(after.largest, 4);
  EXPECT_EQ(group_->waiting(), 0);
}

TEST_F(GroupCommitTest, MemberWorthARetryRunsAgainAlone) {
  std::atomic<int> attempts{0};
  std::vector<absl::Status> results;
  RunBehindHeldWrite({[](sql::Connection& c) { return Insert(c, 1); },
                      [&](sql::Connection& c) -> absl::Status {
                        absl::Status st = Insert(c, 2);
                        if (!st.ok()) return st;
                        if (attempts.fetch_add(1) == 0) {
                          return absl::AbortedError("conflict, try again");
                        }
                        return absl::OkStatus();
                      }},
                     &results);
  EXPECT_TRUE(results[0].ok()) << results[0];
  EXPECT_TRUE(results[1].ok()) << results[1];
  EXPECT_EQ(attempts.load(), 2);
  EXPECT_EQ(Rows(), (std::set<int64_t>{0, 1, 2}));
}

TEST_F(GroupCommitTest, ObserverForgetsWhatARolledBackMemberStaged) {
  RecordingObserver observer;
  auto member = [&observer](int v, bool fail) {
    return [&observer, v, fail](sql::Connection& c) -> absl::Status {
      observer.Stage(v);
      absl::Status st = Insert(c, v);
      if (!st.ok()) return st;
      if (fail) return absl::FailedPreconditionError("no");
      return absl::OkStatus();
    };
  };
  std::vector<absl::Status> results;
  RunBehindHeldWrite(
      {member(10, false), member(11, true), member(12, false)}, &results,
      &observer);
  EXPECT_TRUE(results[0].ok()) << results[0];
  EXPECT_TRUE(absl::IsFailedPrecondition(results[1])) << results[1];
  EXPECT_TRUE(results[2].ok()) << results[2];
  EXPECT_EQ(observer.published(), (std::set<int>{10, 12}));
  EXPECT_EQ(Rows(), (std::set<int64_t>{0, 10, 12}));
}

TEST_F(GroupCommitTest, LoneWriterNeedsNoSavepointAndKeepsItsError) {
  EXPECT_TRUE(Write([](sql::Connection& c) { return Insert(c, 7); }).ok());
  absl::Status st = Write([](sql::Connection& c) -> absl::Status {
    absl::Status inserted = Insert(c, 8);
    if (!inserted.ok()) return inserted;
    return absl::NotFoundError("gone");
  });
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
  EXPECT_EQ(Rows(), (std::set<int64_t>{7}));
}

TEST(GroupCommitFakeTest, GroupThatCannotCommitRunsEveryMemberAgain) {
  auto db = std::make_shared<testing::FakeDatabase>();
  db->commit_results.push_back(absl::UnavailableError("fake: disk gone"));
  sql::ConnectionPool pool(std::make_unique<testing::FakeConnectionFactory>(db),
                           sql::PoolOptions{});
  GroupCommit group(pool);
  RetryPolicy policy;
  policy.group_commit = &group;
  RecordingObserver observer;
  int runs = 0;
  absl::Status st = RunInTransaction(
      pool, sql::TransactionMode::kWrite, policy,
      [&](sql::Connection&) {
        ++runs;
        observer.Stage(runs);
        return absl::OkStatus();
      },
      &observer);
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(runs, 2);  // once in the group, once alone after its COMMIT failed
  EXPECT_EQ(db->commits, 2);
  EXPECT_EQ(db->rollbacks, 1);
  // Only what the committed attempt staged was published.
  EXPECT_EQ(observer.published(), (std::set<int>{2}));
  EXPECT_EQ(group.stats().groups, 0);
}

}  // namespace
}  // namespace mlmd
