// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/periodic_job.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"

namespace mlmd::server {
namespace {

TEST(PeriodicJobTest, RunsRepeatedlyAndNeverOverlaps) {
  std::atomic<int> running{0};
  std::atomic<int> max_running{0};
  std::atomic<int> calls{0};
  {
    PeriodicJob job("test", absl::ZeroDuration(), absl::Milliseconds(1), [&] {
      const int now = ++running;
      int seen = max_running.load();
      while (now > seen && !max_running.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      --running;
      ++calls;
    });
    for (int i = 0; i < 500 && job.runs() < 5; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_GE(job.runs(), 5);
  }
  EXPECT_EQ(max_running.load(), 1);
  const int after_stop = calls.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(calls.load(), after_stop) << "a run started after the job ended";
}

TEST(PeriodicJobTest, StoppingDoesNotWaitForTheNextRun) {
  std::atomic<int> calls{0};
  const auto start = std::chrono::steady_clock::now();
  {
    PeriodicJob job("test", absl::Hours(1), absl::Hours(1), [&] { ++calls; });
  }
  EXPECT_EQ(calls.load(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace mlmd::server
