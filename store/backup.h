// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Backup, restore and verification of a whole metadata store.
//
// A backup is one SQLite file laid out exactly as an MLMD schema-10 SQLite
// database (so `sqlite3` and upstream MLMD can open it), plus one table of
// our own, `mlmd_server_backup_manifest` (key TEXT, value TEXT), holding:
//   format                 "mlmd-server-backup/1"
//   source_backend         sqlite | postgresql | mysql
//   schema_version         MLMD schema version of the source (10)
//   migrations             our own migrations applied at the source ("1,2")
//   snapshot_time          RFC 3339 UTC time the read snapshot was taken
//   mlmd_server_version    the version that wrote the file
//   rows.<Table>           rows of each table
//   sha256.<Table>         SHA-256 over the table's canonical rows
// Checksums are over a backend-neutral encoding in a canonical order
// (store/backup/tables.h), so they match whichever backend the rows were
// read from or restored into.
//
// Every function here opens its own connections and is safe to call while
// servers use the same database.
#ifndef MLMD_STORE_BACKUP_H_
#define MLMD_STORE_BACKUP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "store/store.h"

namespace mlmd {

// Written into every backup's manifest.
inline constexpr char kBackupFormat[] = "mlmd-server-backup/1";
inline constexpr char kMlmdServerVersion[] = "0.1.0";

struct BackupTableManifest {
  std::string table;
  int64_t rows = 0;
  std::string sha256;  // lowercase hex
};

struct BackupManifest {
  std::string format;
  std::string source_backend;
  int schema_version = 0;
  std::vector<int> migrations;
  absl::Time snapshot_time;
  std::string mlmd_server_version;
  std::vector<BackupTableManifest> tables;  // in restore order
  int64_t total_rows() const;
};

// Reported after each page of rows and at the end of each table.
struct BackupProgress {
  std::string table;
  int tables_done = 0;  // tables finished before this report
  int tables_total = 0;
  int64_t rows_done = 0;  // all tables, so far
};
using BackupProgressFn = std::function<void(const BackupProgress &)>;

// Copies the store at `source` into a new backup file at `out_path`, from one
// transactionally consistent read snapshot (SQLite read transaction,
// PostgreSQL REPEATABLE READ READ ONLY, InnoDB START TRANSACTION WITH
// CONSISTENT SNAPSHOT), while writers go on. Rows are read in pages, never
// a whole table at once.
// The file is written under a temporary name beside `out_path`, verified
// (VerifyBackupFile) and only then renamed to `out_path`, so a crash never
// leaves a file at `out_path` that looks complete. An existing `out_path` is
// ALREADY_EXISTS. The source must hold an MLMD schema-10 store
// (FAILED_PRECONDITION otherwise).
absl::StatusOr<BackupManifest> BackupDatabase(
    const StoreOptions &source, const std::string &out_path,
    const BackupProgressFn &progress = nullptr);

// Checks a backup file on its own: that it is a SQLite file with our
// manifest, that each table's row count and checksum match it, and that no
// event, attribution, association, parent link or property names a missing
// node. Returns the manifest, or the first problem found (DATA_LOSS for
// damage, INVALID_ARGUMENT for a file that is not a backup of ours).
// Never changes the file.
absl::StatusOr<BackupManifest> VerifyBackupFile(const std::string &path);

struct RestoreOptions {
  // Empty a non-empty target first (in the restore's transaction).
  bool replace = false;
  BackupProgressFn progress;
  // Fault injection for tests: called before each table is loaded, with its
  // name; an error aborts the restore there, as a failure would.
  std::function<absl::Status(const std::string &table)>
      fault_injection_for_testing;
};

// Loads the backup at `in_path` into the database at `target` (any backend),
// creating the schema when the database is new. Ids are preserved and
// auto-increment counters end up past the restored ids.
//
// The target counts as empty when it holds no nodes, events, links or
// properties and no types other than MLMD's built-in simple types (what
// MetadataStore::Open creates). A non-empty target is FAILED_PRECONDITION
// naming what it holds, unless `replace`.
//
// The file is verified first; a value that does not fit the target (a
// 64-bit int_value into PostgreSQL or MySQL INT) is OUT_OF_RANGE naming the
// row, before anything is written. The load runs as one transaction, and
// the target's counts and checksums are compared with the manifest before
// it commits: on any failure the target is left as it was.
// Servers already running on the target cache types: restart them after a
// restore.
absl::StatusOr<BackupManifest> RestoreDatabase(const std::string &in_path,
                                               const StoreOptions &target,
                                               const RestoreOptions &options);

}  // namespace mlmd

#endif  // MLMD_STORE_BACKUP_H_
