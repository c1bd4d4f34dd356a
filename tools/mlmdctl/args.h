// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Command-line arguments of mlmdctl: `--name=value`, `--name value` and
// boolean `--name` flags, in any position, plus positional words. Commands
// read the flags they understand; CheckAllUsed() then refuses the rest, so a
// misspelt or misplaced flag is a usage error instead of being ignored.
#ifndef MLMD_TOOLS_MLMDCTL_ARGS_H_
#define MLMD_TOOLS_MLMDCTL_ARGS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mlmdctl {

class Args {
 public:
  // Parses argv[1..]. Fails (InvalidArgument) on an unknown flag name or a
  // value flag without a value.
  static absl::StatusOr<Args> Parse(const std::vector<std::string> &argv);

  const std::vector<std::string> &positional() const { return positional_; }
  // Index in the original argv of positional(i), for handing the rest of
  // the command line to an external `mlmdctl-X`.
  int positional_index(int i) const { return positional_index_[i]; }

  // Flag value, marking the flag as used. Empty optional when absent.
  std::optional<std::string> Get(const std::string &name);
  std::string GetOr(const std::string &name, const std::string &fallback);
  // Integer flag; InvalidArgument naming the flag when not a number.
  absl::StatusOr<std::optional<int64_t>> GetInt(const std::string &name);
  bool GetBool(const std::string &name);

  // InvalidArgument naming the first flag no command read.
  absl::Status CheckAllUsed(const std::string &command) const;

 private:
  std::vector<std::string> positional_;
  std::vector<int> positional_index_;
  std::map<std::string, std::string> values_;
  std::set<std::string> used_;
};

// Every flag name mlmdctl knows, and whether it takes a value.
bool IsValueFlag(const std::string &name);
bool IsBoolFlag(const std::string &name);

// A usage error: exit code 2.
absl::Status UsageError(const std::string &message);
bool IsUsageError(const absl::Status &status);

}  // namespace mlmdctl

#endif  // MLMD_TOOLS_MLMDCTL_ARGS_H_
