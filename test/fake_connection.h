// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A scripted sql::Connection and factory for testing the layers above the
// backends (pool, transaction runner) without a database: tests decide what
// Begin/Commit/Ping return and read back what was called.
#ifndef MLMD_TEST_FAKE_CONNECTION_H_
#define MLMD_TEST_FAKE_CONNECTION_H_

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "store/sql/connection.h"

namespace mlmd::testing {

// What every fake connection of one factory shares: scripted results and
// call counts. Thread-safe.
struct FakeDatabase {
  std::mutex mu;
  // Results handed out in order; once empty, OK.
  std::deque<absl::Status> begin_results;
  std::deque<absl::Status> commit_results;
  std::deque<absl::Status> open_results;
  // Ping fails for connections opened before this generation.
  int alive_generation = 0;
  int generation = 0;  // incremented by tests to "restart" the database
  // Whether a failing Commit also breaks the connection (as a lost socket
  // does).
  bool commit_failure_breaks = false;
  // Whether connections settle on the mode of their first Begin() (as MySQL
  // sessions do), reporting it as suited_mode().
  bool settle_on_first_begin = false;
  int opened = 0;
  int closed = 0;
  int begins = 0;
  int commits = 0;
  int rollbacks = 0;
  int pings = 0;

  absl::Status Next(std::deque<absl::Status> &q) {
    if (q.empty()) return absl::OkStatus();
    absl::Status s = q.front();
    q.pop_front();
    return s;
  }
};

class FakeConnection : public sql::Connection {
 public:
  FakeConnection(std::shared_ptr<FakeDatabase> db, int generation)
      : db_(std::move(db)), generation_(generation) {}
  ~FakeConnection() override {
    std::lock_guard<std::mutex> lock(db_->mu);
    ++db_->closed;
  }

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  absl::StatusOr<sql::ResultSet> Query(absl::string_view,
                                       absl::Span<const sql::Value>) override {
    return sql::ResultSet();
  }
  absl::StatusOr<int64_t> Execute(absl::string_view,
                                  absl::Span<const sql::Value>) override {
    return 0;
  }
  absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view, absl::Span<const sql::Value>) override {
    return std::vector<int64_t>{};
  }
  absl::Status Begin(sql::TransactionMode mode) override {
    std::lock_guard<std::mutex> lock(db_->mu);
    ++db_->begins;
    if (db_->settle_on_first_begin && !suited_.has_value()) suited_ = mode;
    absl::Status s = db_->Next(db_->begin_results);
    if (absl::IsUnavailable(s)) healthy_ = false;
    return s;
  }
  absl::Status Commit() override {
    std::lock_guard<std::mutex> lock(db_->mu);
    ++db_->commits;
    absl::Status s = db_->Next(db_->commit_results);
    if (!s.ok() && db_->commit_failure_breaks) healthy_ = false;
    return s;
  }
  void Rollback() override {
    std::lock_guard<std::mutex> lock(db_->mu);
    ++db_->rollbacks;
  }
  bool healthy() const override { return healthy_; }
  std::optional<sql::TransactionMode> suited_mode() const override {
    return suited_;
  }
  absl::Status Ping() override {
    std::lock_guard<std::mutex> lock(db_->mu);
    ++db_->pings;
    if (generation_ < db_->alive_generation) {
      healthy_ = false;
      return absl::UnavailableError("fake: server restarted");
    }
    return absl::OkStatus();
  }

  // Lets a test break a leased connection (as a failed statement would).
  void Break() { healthy_ = false; }

 private:
  std::shared_ptr<FakeDatabase> db_;
  int generation_;
  bool healthy_ = true;
  std::optional<sql::TransactionMode> suited_;
};

class FakeConnectionFactory : public sql::ConnectionFactory {
 public:
  explicit FakeConnectionFactory(std::shared_ptr<FakeDatabase> db,
                                 int max_connections = 0)
      : db_(std::move(db)), max_connections_(max_connections) {}
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  absl::StatusOr<std::unique_ptr<sql::Connection>> Open() override {
    std::lock_guard<std::mutex> lock(db_->mu);
    absl::Status s = db_->Next(db_->open_results);
    if (!s.ok()) return s;
    ++db_->opened;
    return std::unique_ptr<sql::Connection>(
        new FakeConnection(db_, db_->generation));
  }
  std::string Describe() const override { return "fake:test"; }
  int max_connections() const override { return max_connections_; }

 private:
  std::shared_ptr<FakeDatabase> db_;
  int max_connections_;
};

}  // namespace mlmd::testing

#endif  // MLMD_TEST_FAKE_CONNECTION_H_
