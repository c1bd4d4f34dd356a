// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/group_commit.h"

#include <algorithm>
#include <vector>

#include "store/transaction.h"

namespace mlmd {
namespace {

constexpr char kSavepoint[] = "SAVEPOINT mlmd_group_member";
constexpr char kRelease[] = "RELEASE SAVEPOINT mlmd_group_member";
constexpr char kRollbackTo[] = "ROLLBACK TO SAVEPOINT mlmd_group_member";

// Errors the usual path retries: a conflict, or a connection that broke.
bool WorthRunningAlone(const absl::Status& st) {
  return absl::IsAborted(st) || absl::IsUnavailable(st);
}

}  // namespace

struct GroupCommit::Member {
  Member(absl::FunctionRef<absl::Status(sql::Connection&)> b,
         TransactionObserver* o)
      : body(b), observer(o) {}
  absl::FunctionRef<absl::Status(sql::Connection&)> body;
  TransactionObserver* observer;
  // Set by the group's thread: the final status, or nullopt to run alone.
  std::optional<absl::Status> outcome;
  bool body_ok = false;  // the body succeeded; the group's COMMIT decides
  bool done = false;     // the group finished; `outcome` is final
  bool lead = false;     // this member's thread runs the next group
  std::condition_variable cv;
};

std::optional<absl::Status> GroupCommit::Run(
    absl::FunctionRef<absl::Status(sql::Connection&)> body,
    TransactionObserver* observer) {
  Member me(body, observer);
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&me);
  if (!leading_) {
    // Nobody runs a group, so the queue held nobody before us.
    leading_ = true;
    me.lead = true;
  } else {
    me.cv.wait(lock, [&me] { return me.done || me.lead; });
    if (me.done) return me.outcome;
  }
  // Our turn: we are at the front; take everyone queued so far.
  Member* group[kMaxGroup];
  int n = 0;
  while (!queue_.empty() && n < kMaxGroup) {
    group[n++] = queue_.front();
    queue_.pop_front();
  }
  lock.unlock();
  const bool committed = RunGroup(group, n);
  lock.lock();
  if (committed) {
    ++stats_.groups;
    stats_.members += n;
    stats_.largest = std::max<int64_t>(stats_.largest, n);
  }
  // A member's thread may return (and its Member go away) as soon as we
  // drop the lock, so nothing touches them after this loop.
  for (int i = 0; i < n; ++i) {
    group[i]->done = true;
    if (group[i] != &me) group[i]->cv.notify_one();
  }
  if (!queue_.empty()) {
    queue_.front()->lead = true;
    queue_.front()->cv.notify_one();
  } else {
    leading_ = false;
  }
  return me.outcome;
}

// Members keep outcome nullopt (run alone) unless their body failed for
// good or the group committed; so every way out before COMMIT leaves the
// successful bodies to run again on their own.
bool GroupCommit::RunGroup(Member** group, int n) {
  auto lease = pool_.Acquire();
  if (!lease.ok()) return false;
  sql::Connection& conn = **lease;
  if (!conn.Begin(sql::TransactionMode::kWrite).ok()) {
    conn.Rollback();
    return false;
  }
  std::vector<TransactionObserver*> observers;
  for (int i = 0; i < n; ++i) {
    TransactionObserver* o = group[i]->observer;
    if (o != nullptr &&
        std::find(observers.begin(), observers.end(), o) == observers.end()) {
      observers.push_back(o);
      o->AttemptStarted();
    }
  }
  auto give_up = [&] {
    conn.Rollback();
    for (TransactionObserver* o : observers) o->AttemptStarted();
    return false;
  };

  // A lone member needs no savepoint: its failure rolls back everything.
  const bool savepoints = n > 1;
  for (int i = 0; i < n; ++i) {
    Member& m = *group[i];
    if (savepoints && !conn.Execute(kSavepoint).ok()) return give_up();
    const size_t mark = m.observer != nullptr ? m.observer->Mark() : 0;
    absl::Status st = m.body(conn);
    if (st.ok()) {
      if (savepoints && !conn.Execute(kRelease).ok()) return give_up();
      m.body_ok = true;
      continue;
    }
    if (m.observer != nullptr) m.observer->RollbackTo(mark);
    if (!WorthRunningAlone(st)) m.outcome = st;
    if (!savepoints) return give_up();
    if (!conn.Execute(kRollbackTo).ok() || !conn.Execute(kRelease).ok()) {
      return give_up();
    }
  }
  if (!conn.Commit().ok()) return give_up();
  for (TransactionObserver* o : observers) o->Committed();
  for (int i = 0; i < n; ++i) {
    if (group[i]->body_ok) group[i]->outcome = absl::OkStatus();
  }
  return true;
}

int GroupCommit::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(queue_.size());
}

GroupCommit::Stats GroupCommit::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace mlmd
