// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A job the server runs on a schedule of its own (scheduled backups,
// retention): one background thread that calls the job every `interval`
// until stopped. The job's failures are its own to log and count; the
// schedule goes on.
#ifndef MLMD_SERVER_PERIODIC_JOB_H_
#define MLMD_SERVER_PERIODIC_JOB_H_

#include <functional>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace mlmd::server {

class PeriodicJob {
 public:
  // Starts the thread. The first run comes after `first_delay`, then one
  // every `interval` counted from the end of the previous run, so runs never
  // overlap. `name` appears in logs.
  PeriodicJob(std::string name, absl::Duration first_delay,
              absl::Duration interval, std::function<void()> run);
  // Stops: waits for a run in progress to finish, starts no other.
  ~PeriodicJob();
  PeriodicJob(const PeriodicJob &) = delete;
  PeriodicJob &operator=(const PeriodicJob &) = delete;

  // Asks the thread to stop after the current run (if any); returns at once.
  void RequestStop() { stop_.Notify(); }
  // Runs completed so far (for tests).
  int runs() const;

 private:
  void Loop(absl::Duration first_delay);

  const std::string name_;
  const absl::Duration interval_;
  const std::function<void()> run_;
  absl::Notification stop_;
  mutable absl::Mutex mu_;
  int runs_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_PERIODIC_JOB_H_
