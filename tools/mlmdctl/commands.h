// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The built-in commands. Each reads its own flags from `Invocation::args`,
// calls Ready() (which refuses flags it did not read) before touching the
// server, and appends what it prints to `out`. Errors: usage errors (exit
// 2), NOT_FOUND (exit 3), anything else from the server (exit 1).
#ifndef MLMD_TOOLS_MLMDCTL_COMMANDS_H_
#define MLMD_TOOLS_MLMDCTL_COMMANDS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/mlmdctl/args.h"
#include "tools/mlmdctl/fetch.h"

namespace mlmdctl {

struct Invocation {
  Args &args;
  Fetcher &fetcher;
  std::string command;             // e.g. "artifacts list", for messages
  std::vector<std::string> words;  // positional words after the command
  bool json = false;               // --output json
  bool progress = false;           // progress lines on stderr
  std::string out;

  absl::Status Ready() const { return args.CheckAllUsed(command); }
};

// artifacts|executions|contexts list [--type T] [--filter Q] [--limit N]
//   [--order_by id|create_time|last_update_time[:asc|:desc]]
absl::Status ListNodes(NodeKind kind, Invocation &inv);
// artifact|execution|context show ID | --uri U | --name N --type T
absl::Status ShowNode(NodeKind kind, Invocation &inv);
// lineage artifact|execution ID | --uri U | --name N --type T
//   [--direction upstream|downstream|both] [--hops N]
//   [--format tree|dot|mermaid|json]
absl::Status Lineage(Invocation &inv);
// runs --pipeline NAME
absl::Status Runs(Invocation &inv);
// diff RUN_A RUN_B (run context names or ids) [--all]
absl::Status Diff(Invocation &inv);

}  // namespace mlmdctl

#endif  // MLMD_TOOLS_MLMDCTL_COMMANDS_H_
