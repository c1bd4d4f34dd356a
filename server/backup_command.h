// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `mlmd-server backup|restore|verify`, and the server's scheduled backups.
//
//   mlmd-server backup <database flags> --out=FILE
//   mlmd-server backup <database flags> --backup_dir=DIR [--backup_keep=N]
//   mlmd-server restore <database flags> --in=FILE [--replace]
//   mlmd-server verify --in=FILE
//
// With --backup_dir the file is named mlmd-backup-<UTC time>.sqlite and, with
// --backup_keep=N > 0, only the newest N backups in DIR are kept. One backup
// job per directory: leftovers of killed runs (*.partial-*) are removed.
// The server itself backs up into --backup_dir every --backup_interval.
#ifndef MLMD_SERVER_BACKUP_COMMAND_H_
#define MLMD_SERVER_BACKUP_COMMAND_H_

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/config.h"
#include "server/metrics.h"
#include "server/periodic_job.h"
#include "store/backup.h"

namespace mlmd::server {

// Exit codes, for scripts.
inline constexpr int kBackupOk = 0;
inline constexpr int kBackupError = 1;  // failed, or the file is bad
inline constexpr int kBackupUsage = 2;  // bad flags

int RunBackupCommand(const std::vector<std::string> &args,
                     const ServerConfig &config, std::ostream &out);
int RunRestoreCommand(const std::vector<std::string> &args,
                      const ServerConfig &config, std::ostream &out);
int RunVerifyCommand(const std::vector<std::string> &args,
                     const ServerConfig &config, std::ostream &out);

struct DirectoryBackup {
  std::string path;
  int64_t size_bytes = 0;
  BackupManifest manifest;
  std::vector<std::string> pruned;  // older backups removed
};

// One backup into `dir` under a timestamped name, then pruning to the newest
// `keep` backups (keep <= 0: no pruning).
absl::StatusOr<DirectoryBackup> BackupIntoDirectory(
    const StoreOptions &source, const std::string &dir, int keep,
    const BackupProgressFn &progress = nullptr);

// Starts the server's scheduled backups when --backup_dir and
// --backup_interval are set (null otherwise), reporting
// mlmd_backup_last_success_timestamp_seconds, mlmd_backup_last_size_bytes
// and mlmd_backup_failures_total in `metrics`, which must outlive the job.
// INVALID_ARGUMENT for an interval without a directory.
absl::StatusOr<std::unique_ptr<PeriodicJob>> StartScheduledBackups(
    const ServerConfig &config, ServerMetrics &metrics);

}  // namespace mlmd::server

#endif  // MLMD_SERVER_BACKUP_COMMAND_H_
