// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/log.h"

#include <cstdio>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace mlmd::server {

void LogLine(const char* level, const std::string& message) {
  const std::string ts = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                          absl::UTCTimeZone());
  // One fprintf per line keeps lines from different threads whole.
  std::fprintf(stderr, "%s %s %s\n", ts.c_str(), level, message.c_str());
}

}  // namespace mlmd::server
