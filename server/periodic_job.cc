// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/periodic_job.h"

#include <utility>

#include "server/log.h"

namespace mlmd::server {

PeriodicJob::PeriodicJob(std::string name, absl::Duration first_delay,
                         absl::Duration interval, std::function<void()> run)
    : name_(std::move(name)), interval_(interval), run_(std::move(run)) {
  thread_ = std::thread([this, first_delay] { Loop(first_delay); });
}

PeriodicJob::~PeriodicJob() {
  stop_.Notify();
  thread_.join();
}

int PeriodicJob::runs() const {
  absl::MutexLock lock(&mu_);
  return runs_;
}

void PeriodicJob::Loop(absl::Duration first_delay) {
  absl::Duration wait = first_delay;
  while (!stop_.WaitForNotificationWithTimeout(wait)) {
    LogInfo("scheduled ", name_, ": starting");
    run_();
    {
      absl::MutexLock lock(&mu_);
      ++runs_;
    }
    wait = interval_;
  }
}

}  // namespace mlmd::server
