// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Write combining: requests of one kind (PutExecution, Put{Artifacts,
// Executions,Contexts}) that arrive while a transaction of that kind runs
// wait for it, then go together as one transaction whose statements carry
// the rows of all of them: one INSERT for all their executions, one for all
// their properties, one lookup of all the contexts they name, and so on.
//
// Why: on PostgreSQL and MariaDB the database's work per statement and per
// transaction, not per row, is most of a small write's cost (bench/PROFILE.md,
// "Write combining"). Eight requests sharing one set of statements cost the
// database little more than one. SQLite's group commit (group_commit.h)
// shares the transaction but still runs every request's statements; this
// shares the statements.
//
// What each request still gets:
//  * all or nothing: a batch commits for all its members or for none. When a
//    batch fails for any reason every member runs again alone, through the
//    usual path, so errors, their messages and partial failures are exactly
//    those of the request run by itself, and no member's failure costs
//    another member anything but the time.
//  * serial semantics: the batch function must give each member the effect
//    it would have run alone after the members before it (see
//    PutExecutionsTogether in store_composite.cc for why it does).
//  * no waiting without contention: a request that finds nothing running
//    runs at once, alone; one carrying many rows runs at once too.
//  * no waiting behind a stuck transaction: after a while the oldest
//    waiting request starts a batch of its own beside it.
#ifndef MLMD_STORE_WRITE_COMBINER_H_
#define MLMD_STORE_WRITE_COMBINER_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ml_metadata/proto/metadata_store_service.pb.h"

namespace mlmd {

struct WriteCombinerStats {
  int64_t batches = 0;         // batches of two or more that committed
  int64_t members = 0;         // requests those batches carried
  int64_t largest = 0;         // most requests in one committed batch
  int64_t failed_batches = 0;  // batches whose members then ran alone
  int64_t waiting = 0;         // requests queued now
  int64_t impatient_starts = 0;  // turns taken beside slow transactions
};

template <typename Request, typename Response>
class WriteCombiner {
 public:
  // At most this many requests in one batch.
  static constexpr size_t kMaxBatch = 16;
  // Requests carrying more rows than this (nodes, events, contexts) run
  // alone at once and take no turn: one large request would otherwise keep
  // every small one of its kind waiting for as long as it runs.
  static constexpr int kMaxCombinedRows = 64;

  // `max_running`: transactions of this kind (batches or lone requests) that
  // may run at once; later requests queue for the next batch. `patience`:
  // how long the oldest waiting request waits for a turn before it starts a
  // batch beside the running ones anyway, so that a transaction stuck on a
  // lock does not hold up every request of its kind.
  WriteCombiner(int max_running, std::chrono::milliseconds patience)
      : max_running_(std::max(1, max_running)), patience_(patience) {}

  // Runs the batch: one transaction for all of `requests`, filling the
  // responses at the same index. Must leave nothing behind unless it returns
  // OK (a transaction). Called with one request, it is that request run
  // alone.
  using BatchFn = absl::FunctionRef<absl::Status(
      absl::Span<const Request* const>, absl::Span<Response* const>)>;

  // Runs `request` through `combiner`, or alone when `combiner` is null or
  // the request carries more than kMaxCombinedRows `rows`.
  static absl::Status RunMaybe(WriteCombiner* combiner, const Request& request,
                               Response* response, int rows, std::string key,
                               BatchFn batch) {
    if (combiner != nullptr && rows <= kMaxCombinedRows) {
      return combiner->Run(request, response, std::move(key), batch);
    }
    return Alone(request, response, batch);
  }

  // Returns the outcome of `request`: from a batch with requests that queued
  // meanwhile under the same `key` (requests may only share a batch when
  // their keys are equal, e.g. equal options), or from running it alone when
  // nobody joined or the batch failed. `batch` is called on whichever
  // member's thread leads; each request's run alone happens on its own
  // caller's thread, with its own `batch`.
  absl::Status Run(const Request& request, Response* response,
                   std::string key, BatchFn batch) {
    Member me{&request, response, std::move(key)};
    std::unique_lock<std::mutex> lock(mu_);
    if (running_ < max_running_) {
      ++running_;
      me.state = State::kLead;
    } else {
      queue_.push_back(&me);
      while (me.state == State::kWaiting) {
        // Only a request still queued may start on its own: one already
        // taken into a running batch (no longer in the queue) is kWaiting
        // too, until that batch ends.
        if (me.cv.wait_for(lock, patience_) == std::cv_status::timeout &&
            me.state == State::kWaiting && !queue_.empty() &&
            queue_.front() == &me) {
          // The running transactions are slow (waiting for a lock,
          // perhaps): start another one beside them instead of waiting.
          queue_.pop_front();
          ++running_;
          ++stats_.impatient_starts;
          me.state = State::kLead;
        }
      }
    }
    if (me.state == State::kDone) return absl::OkStatus();
    if (me.state == State::kAlone) {
      lock.unlock();
      return Alone(request, response, batch);
    }
    // Our turn: take the queued requests that may share our batch.
    std::vector<Member*> group = {&me};
    for (auto it = queue_.begin();
         it != queue_.end() && group.size() < kMaxBatch;) {
      if ((*it)->key == me.key) {
        group.push_back(*it);
        it = queue_.erase(it);
      } else {
        ++it;
      }
    }
    lock.unlock();

    const bool combined = group.size() > 1;
    absl::Status st;
    if (combined) {
      std::vector<const Request*> requests;
      std::vector<Response*> responses;
      for (Member* m : group) {
        requests.push_back(m->request);
        responses.push_back(m->response);
      }
      st = batch(requests, responses);
    } else {
      st = Alone(request, response, batch);
    }

    lock.lock();
    if (combined) {
      if (st.ok()) {
        ++stats_.batches;
        stats_.members += static_cast<int64_t>(group.size());
        stats_.largest =
            std::max(stats_.largest, static_cast<int64_t>(group.size()));
      } else {
        ++stats_.failed_batches;
      }
    }
    // A member's thread may return (and its Member go away) as soon as we
    // drop the lock: nothing touches the group after this loop.
    for (size_t i = 1; i < group.size(); ++i) {
      group[i]->state = st.ok() ? State::kDone : State::kAlone;
      group[i]->cv.notify_one();
    }
    if (!queue_.empty()) {
      Member* next = queue_.front();
      queue_.pop_front();
      next->state = State::kLead;
      next->cv.notify_one();
    } else {
      --running_;
    }
    lock.unlock();
    // Our batch failed: our own request gets its own answer, like the others.
    if (combined && !st.ok()) return Alone(request, response, batch);
    return st;
  }

  using Stats = WriteCombinerStats;
  Stats stats() const {
    std::lock_guard<std::mutex> lock(mu_);
    Stats now = stats_;
    now.waiting = static_cast<int64_t>(queue_.size());
    return now;
  }

 private:
  static absl::Status Alone(const Request& request, Response* response,
                            BatchFn batch) {
    const Request* requests[] = {&request};
    Response* responses[] = {response};
    return batch(requests, responses);
  }

  // kDone: our batch committed. kAlone: it failed; run alone.
  enum class State { kWaiting, kLead, kDone, kAlone };
  struct Member {
    const Request* request;
    Response* response;
    std::string key;
    State state = State::kWaiting;
    std::condition_variable cv;
  };

  const int max_running_;
  const std::chrono::milliseconds patience_;
  mutable std::mutex mu_;
  std::deque<Member*> queue_;  // waiting for a turn, in arrival order
  int running_ = 0;            // transactions of this kind running now
  Stats stats_;
};

// One combiner per write RPC that combines: the node puts KFP's driver sends
// for every task, and PutExecution.
struct WriteCombiners {
  WriteCombiners(int max_running, std::chrono::milliseconds patience)
      : put_execution(max_running, patience),
        put_artifacts(max_running, patience),
        put_executions(max_running, patience),
        put_contexts(max_running, patience) {}

  // The four combiners' figures added up (`largest`: the largest of them).
  WriteCombinerStats stats() const {
    WriteCombinerStats sum;
    for (const WriteCombinerStats& one :
         {put_execution.stats(), put_artifacts.stats(), put_executions.stats(),
          put_contexts.stats()}) {
      sum.batches += one.batches;
      sum.members += one.members;
      sum.largest = std::max(sum.largest, one.largest);
      sum.failed_batches += one.failed_batches;
      sum.waiting += one.waiting;
      sum.impatient_starts += one.impatient_starts;
    }
    return sum;
  }

  WriteCombiner<ml_metadata::PutExecutionRequest,
                ml_metadata::PutExecutionResponse>
      put_execution;
  WriteCombiner<ml_metadata::PutArtifactsRequest,
                ml_metadata::PutArtifactsResponse>
      put_artifacts;
  WriteCombiner<ml_metadata::PutExecutionsRequest,
                ml_metadata::PutExecutionsResponse>
      put_executions;
  WriteCombiner<ml_metadata::PutContextsRequest,
                ml_metadata::PutContextsResponse>
      put_contexts;
};

}  // namespace mlmd

#endif  // MLMD_STORE_WRITE_COMBINER_H_
