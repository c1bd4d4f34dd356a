// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Minimal structured logging to stderr (Debian's Abseil predates absl/log).
// Lines look like: 2026-11-24T10:00:00.123Z INFO message
#ifndef MLMD_SERVER_LOG_H_
#define MLMD_SERVER_LOG_H_

#include <string>

#include "absl/strings/str_cat.h"

namespace mlmd::server {

void LogLine(const char* level, const std::string& message);

template <typename... Args>
void LogInfo(const Args&... args) {
  LogLine("INFO", absl::StrCat(args...));
}
template <typename... Args>
void LogWarning(const Args&... args) {
  LogLine("WARN", absl::StrCat(args...));
}
template <typename... Args>
void LogError(const Args&... args) {
  LogLine("ERROR", absl::StrCat(args...));
}

}  // namespace mlmd::server

#endif  // MLMD_SERVER_LOG_H_
