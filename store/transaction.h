// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Runs a unit of work as one database transaction, retrying it when the
// database reports a deadlock, serialization failure or lock timeout
// (ABORTED from the connection layer). Clients of the server never see those:
// upstream MLMD returns them and Kubeflow Pipelines has to retry.
#ifndef MLMD_STORE_TRANSACTION_H_
#define MLMD_STORE_TRANSACTION_H_

#include <atomic>
#include <cstdint>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "store/sql/connection.h"
#include "store/sql/connection_pool.h"

namespace mlmd {

class GroupCommit;

// Running totals over many transactions (for metrics). Thread-safe.
struct TransactionCounters {
  // Attempts run again after ABORTED or on a fresh connection.
  std::atomic<int64_t> retries{0};
  // Transactions that still conflicted after the last retry (ABORTED out).
  std::atomic<int64_t> given_up{0};
};

struct RetryPolicy {
  int max_retries = 10;
  absl::Duration initial_backoff = absl::Milliseconds(2);
  absl::Duration max_backoff = absl::Milliseconds(500);
  // Where retries are counted; may be null.
  TransactionCounters* counters = nullptr;
  // Write transactions go through this group commit when set (SQLite); a
  // body it hands back runs on its own as below.
  GroupCommit* group_commit = nullptr;
};

// Follows the fate of each attempt of a transaction, for state that must
// only outlive it when it commits (e.g. a cache filled from what it read).
// Called on the thread that runs the transaction, which under group commit
// is not always the caller's.
class TransactionObserver {
 public:
  virtual ~TransactionObserver() = default;
  // Before each attempt (the first one and every retry).
  virtual void AttemptStarted() = 0;
  // After the COMMIT of the attempt succeeded.
  virtual void Committed() = 0;
  // Group commit runs several bodies in one transaction, each under a
  // savepoint. Mark() is taken before a body; RollbackTo(mark) forgets what
  // was gathered since, when that body is rolled back to its savepoint.
  virtual size_t Mark() { return 0; }
  virtual void RollbackTo(size_t /*mark*/) {}
};

// Borrows a connection, BEGINs, runs `body`, COMMITs. On error rolls back.
// ABORTED (from body or COMMIT) is retried up to policy.max_retries times
// with jittered exponential backoff. A connection that broke mid-way is
// dropped and the attempt retried once on a fresh one, but only for reads: a
// write whose COMMIT outcome is unknown is reported as UNAVAILABLE.
absl::Status RunInTransaction(
    sql::ConnectionPool& pool, sql::TransactionMode mode,
    const RetryPolicy& policy,
    absl::FunctionRef<absl::Status(sql::Connection&)> body,
    TransactionObserver* observer = nullptr);

// For write requests that often change nothing (a Put*Type of a type that
// exists as asked): `body` runs first in a read transaction on a connection
// that refuses writes; if it completes without writing, that is the answer,
// with no write lock taken (SQLite serializes every write transaction) and
// nothing to commit. If it tried to write (any statement but a plain
// SELECT), or failed, `body` runs again in a write transaction
// (RunInTransaction with kWrite and `observer`) and that result stands.
// Equivalent to running it as a write: the read attempt sees one committed
// snapshot and answers only when the write path would have changed nothing
// in it. `body` must reset whatever it fills in.
absl::Status RunWriteIfNeeded(
    sql::ConnectionPool& pool, const RetryPolicy& policy,
    absl::FunctionRef<absl::Status(sql::Connection&)> body,
    TransactionObserver* observer = nullptr);

}  // namespace mlmd

#endif  // MLMD_STORE_TRANSACTION_H_
