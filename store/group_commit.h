// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Group commit for a database that runs one write transaction at a time
// (SQLite). Write requests that arrive while another one is running queue
// up; the next thread to take a turn runs every queued body in one
// transaction, each under its own savepoint, and commits once for all.
//
// Why: SQLite serializes writers, so the server's write rate is one over the
// time a write transaction holds the database. Most of that time is the
// transaction's frame: BEGIN IMMEDIATE, re-reading pages another connection
// changed, writing the WAL frames of every page it dirtied at COMMIT, and
// waking the next writer's thread. A group pays that frame once.
//
// What each request still gets: its body sees exactly what it would see run
// alone after the bodies queued before it (they run in arrival order on one
// connection), a body that fails is rolled back to its savepoint and only
// its own caller gets the error, and nobody's success is reported before the
// COMMIT that made it durable. When the group cannot commit, nothing of it
// is kept and every member runs again on its own.
#ifndef MLMD_STORE_GROUP_COMMIT_H_
#define MLMD_STORE_GROUP_COMMIT_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "store/sql/connection.h"
#include "store/sql/connection_pool.h"

namespace mlmd {

class TransactionObserver;

class GroupCommit {
 public:
  // At most this many bodies share one transaction.
  static constexpr int kMaxGroup = 32;

  explicit GroupCommit(sql::ConnectionPool& pool) : pool_(pool) {}

  // Runs `body` as part of a group. Returns its final outcome: OK once the
  // group committed, or the body's own error (its writes rolled back).
  // Returns nullopt when the body must run again on its own through the
  // usual retrying path: it failed with ABORTED or UNAVAILABLE (worth a
  // retry), or its group failed to begin or commit (nothing was kept).
  // `observer` (may be null) is called on the thread that runs the group.
  std::optional<absl::Status> Run(
      absl::FunctionRef<absl::Status(sql::Connection&)> body,
      TransactionObserver* observer);

  // Counters for metrics and tests.
  struct Stats {
    int64_t groups = 0;   // transactions committed for groups
    int64_t members = 0;  // bodies those transactions carried
    int64_t largest = 0;  // most bodies in one transaction
  };
  Stats stats() const;
  // Members queued and not yet taken into a group (for tests).
  int waiting() const;

 private:
  struct Member;
  // Runs one group; true if it committed.
  bool RunGroup(Member** group, int n);

  sql::ConnectionPool& pool_;
  mutable std::mutex mu_;
  std::deque<Member*> queue_;  // waiting to run, in arrival order
  bool leading_ = false;       // a thread is running a group now
  Stats stats_;
};

}  // namespace mlmd

#endif  // MLMD_STORE_GROUP_COMMIT_H_
