// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Opening and checking backup files (the format is described in
// store/backup.h).
#ifndef MLMD_STORE_BACKUP_BACKUP_FILE_H_
#define MLMD_STORE_BACKUP_BACKUP_FILE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "store/backup.h"
#include "store/sql/connection.h"

namespace mlmd::backup {

// Opens an existing backup file read-only. NOT_FOUND when it does not exist,
// INVALID_ARGUMENT when it is not a SQLite file.
absl::StatusOr<std::unique_ptr<sql::Connection>> OpenBackupFile(
    const std::string &path);

// Creates a new, empty SQLite file for writing a backup into (rollback
// journal, so the finished file is one self-contained file).
absl::StatusOr<std::unique_ptr<sql::Connection>> CreateBackupFile(
    const std::string &path);

// Reads every table of an open backup file and checks counts and checksums
// against its manifest, then referential integrity. With
// `check_int32_columns`, also that every value fits a PostgreSQL/MySQL INT.
// Returns the manifest or the first problem (see VerifyBackupFile).
absl::StatusOr<BackupManifest> VerifyBackupContents(sql::Connection &file,
                                                    bool check_int32_columns);

}  // namespace mlmd::backup

#endif  // MLMD_STORE_BACKUP_BACKUP_FILE_H_
