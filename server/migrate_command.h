// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `mlmd-server migrate [status|apply] <database flags>`: shows or applies the
// schema changes the server would make at start-up, without serving.
#ifndef MLMD_SERVER_MIGRATE_COMMAND_H_
#define MLMD_SERVER_MIGRATE_COMMAND_H_

#include <ostream>
#include <string>
#include <vector>

#include "server/config.h"

namespace mlmd::server {

// Exit codes, for scripts.
inline constexpr int kMigrateNothingPending = 0;  // status: up to date;
                                                  // apply: done
inline constexpr int kMigrateError = 1;           // database error or refusal
inline constexpr int kMigrateUsage = 2;           // bad sub-command or flags
inline constexpr int kMigratePending = 3;         // status: work to apply

// `args` are the words after "migrate" (at most one: status, the default, or
// apply). Writes the report to `out` and errors to the log (stderr).
// `apply` upgrades an older upstream schema only with
// --enable_database_upgrade, as the server does.
int RunMigrateCommand(const std::vector<std::string>& args,
                      const ServerConfig& config, std::ostream& out);

}  // namespace mlmd::server

#endif  // MLMD_SERVER_MIGRATE_COMMAND_H_
