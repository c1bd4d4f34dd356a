// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/transaction.h"

#include <algorithm>
#include <random>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "store/group_commit.h"

namespace mlmd {
namespace {

absl::Duration Backoff(const RetryPolicy& policy, int attempt) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  absl::Duration cap = policy.initial_backoff;
  for (int i = 0; i < attempt && cap < policy.max_backoff; ++i) cap *= 2;
  cap = std::min(cap, policy.max_backoff);
  // Full jitter: spreads retries of colliding transactions apart.
  std::uniform_int_distribution<int64_t> dist(0,
                                              absl::ToInt64Microseconds(cap));
  return absl::Microseconds(dist(rng));
}

}  // namespace

absl::Status RunInTransaction(
    sql::ConnectionPool& pool, sql::TransactionMode mode,
    const RetryPolicy& policy,
    absl::FunctionRef<absl::Status(sql::Connection&)> body,
    TransactionObserver* observer) {
  if (mode == sql::TransactionMode::kWrite && policy.group_commit != nullptr) {
    std::optional<absl::Status> grouped =
        policy.group_commit->Run(body, observer);
    if (grouped.has_value()) return *std::move(grouped);
  }
  absl::Status last;
  int unavailable_retries = 0;
  for (int attempt = 0; attempt <= policy.max_retries; ++attempt) {
    if (attempt > 0) {
      if (policy.counters != nullptr) ++policy.counters->retries;
      std::this_thread::sleep_for(
          absl::ToChronoMicroseconds(Backoff(policy, attempt)));
    }
    if (observer != nullptr) observer->AttemptStarted();
    auto lease = pool.Acquire(mode);
    if (!lease.ok()) return lease.status();
    sql::Connection& conn = **lease;
    bool in_commit = false;
    absl::Status st = conn.Begin(mode);
    if (st.ok()) {
      st = body(conn);
      if (st.ok()) {
        in_commit = true;
        st = conn.Commit();
        if (st.ok()) {
          if (observer != nullptr) observer->Committed();
          return st;
        }
      }
    }
    conn.Rollback();
    last = st;
    if (absl::IsAborted(st)) continue;
    // A broken pooled connection (e.g. the database restarted since it was
    // opened) is worth one retry on a fresh connection.
    const bool outcome_unknown =
        in_commit && mode == sql::TransactionMode::kWrite;
    if (absl::IsUnavailable(st) && !conn.healthy() && !outcome_unknown &&
        unavailable_retries == 0) {
      ++unavailable_retries;
      continue;
    }
    return st;
  }
  if (policy.counters != nullptr) ++policy.counters->given_up;
  return absl::AbortedError(absl::StrCat(
      "transaction kept conflicting with concurrent ones and was given up "
      "after ",
      policy.max_retries, " retries; last error: ", last.message()));
}

namespace {

// RunWriteIfNeeded's read attempt: plain SELECTs pass through to `inner`;
// anything else (a write, a locking read, transaction control) fails with
// NeedsWrite() before reaching the database.
class WriteRefusingConnection : public sql::Connection {
 public:
  explicit WriteRefusingConnection(sql::Connection& inner) : inner_(inner) {}

  static absl::Status NeedsWrite() {
    return absl::FailedPreconditionError(
        "internal: the request needs a write transaction");
  }

  sql::Dialect dialect() const override { return inner_.dialect(); }
  absl::StatusOr<sql::ResultSet> Query(
      absl::string_view sql, absl::Span<const sql::Value> params) override {
    if (!IsPlainSelect(sql)) return NeedsWrite();
    return inner_.Query(sql, params);
  }
  absl::StatusOr<std::vector<sql::ResultSet>> QueryBatch(
      absl::Span<const sql::Statement> statements) override {
    for (const sql::Statement& stmt : statements) {
      if (!IsPlainSelect(stmt.sql)) return NeedsWrite();
    }
    return inner_.QueryBatch(statements);
  }
  absl::StatusOr<int64_t> Execute(absl::string_view,
                                  absl::Span<const sql::Value>) override {
    return NeedsWrite();
  }
  absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view, absl::Span<const sql::Value>) override {
    return NeedsWrite();
  }
  absl::Status ExecuteDeferred(absl::string_view,
                               absl::Span<const sql::Value>) override {
    return NeedsWrite();
  }
  // The transaction is RunInTransaction's, around the body.
  absl::Status Begin(sql::TransactionMode) override { return NeedsWrite(); }
  absl::Status Commit() override { return NeedsWrite(); }
  void Rollback() override {}
  bool healthy() const override { return inner_.healthy(); }
  absl::Status Ping() override { return inner_.Ping(); }

 private:
  static bool IsPlainSelect(absl::string_view sql) {
    sql = absl::StripLeadingAsciiWhitespace(sql);
    if (!absl::StartsWithIgnoreCase(sql, "SELECT ")) return false;
    const std::string upper = absl::AsciiStrToUpper(sql);
    return !absl::StrContains(upper, " FOR UPDATE") &&
           !absl::StrContains(upper, " FOR SHARE") &&
           !absl::StrContains(upper, " FOR KEY SHARE") &&
           !absl::StrContains(upper, " FOR NO KEY UPDATE") &&
           !absl::StrContains(upper, " LOCK IN SHARE MODE");
  }

  sql::Connection& inner_;
};

}  // namespace

absl::Status RunWriteIfNeeded(
    sql::ConnectionPool& pool, const RetryPolicy& policy,
    absl::FunctionRef<absl::Status(sql::Connection&)> body,
    TransactionObserver* observer) {
  const absl::Status read = RunInTransaction(
      pool, sql::TransactionMode::kRead, policy, [&](sql::Connection& conn) {
        WriteRefusingConnection refusing(conn);
        return body(refusing);
      });
  if (read.ok()) return read;
  return RunInTransaction(pool, sql::TransactionMode::kWrite, policy, body,
                          observer);
}

}  // namespace mlmd
