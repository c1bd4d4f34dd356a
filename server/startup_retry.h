// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Start-up work against a database that may not be up yet (a container
// starting beside its database): retried with backoff while it reports
// UNAVAILABLE or ABORTED, --metadata_store_connection_retries times.
#ifndef MLMD_SERVER_STARTUP_RETRY_H_
#define MLMD_SERVER_STARTUP_RETRY_H_

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/log.h"

namespace mlmd::server {

inline const absl::Status& StatusOf(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& result) {
  return result.status();
}

// Calls `attempt` until it succeeds, fails otherwise than UNAVAILABLE or
// ABORTED, or `retries` retries are used up; returns its last result.
template <typename F>
auto WithStartupRetries(int retries, F attempt) -> decltype(attempt()) {
  for (int n = 0;; ++n) {
    auto result = attempt();
    const absl::Status& st = StatusOf(result);
    if (st.ok() || n >= retries ||
        !(absl::IsUnavailable(st) || absl::IsAborted(st))) {
      return result;
    }
    LogWarning("database not ready (", st.message(), "); retrying, attempt ",
               n + 1, " of ", retries);
    std::this_thread::sleep_for(std::chrono::seconds(1 << std::min(n, 4)));
  }
}

}  // namespace mlmd::server

#endif  // MLMD_SERVER_STARTUP_RETRY_H_
