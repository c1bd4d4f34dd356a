// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// BackupDatabase and VerifyBackupFile (store/backup.h).
#include "store/backup.h"

#include <unistd.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "migrations/migrations.h"
#include "store/backends.h"
#include "store/backup/backup_file.h"
#include "store/backup/table_io.h"
#include "store/backup/tables.h"
#include "store/schema.h"

namespace mlmd {
namespace {

using backup::TableSpec;

void RemoveFileAndJournals(const std::string &path) {
  std::error_code ec;
  for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix, ec);
  }
}

// Copies every table from the open snapshot on `source` into `file` (inside
// the file's write transaction) and fills the manifest's table entries.
absl::Status CopyTables(sql::Connection &source, sql::Connection &file,
                        const BackupProgressFn &progress,
                        BackupManifest *manifest) {
  BackupProgress p;
  p.tables_total = static_cast<int>(backup::BackupTables().size());
  for (const TableSpec &table : backup::BackupTables()) {
    p.table = table.name;
    backup::TableChecksum sum;
    absl::Status st =
        backup::ReadTable(source, table, [&](std::vector<sql::Row> &page) {
          for (const sql::Row &row : page) sum.AddRow(row);
          absl::Status written = backup::InsertRows(file, table, page);
          p.rows_done += static_cast<int64_t>(page.size());
          if (progress) progress(p);
          return written;
        });
    if (!st.ok()) {
      return absl::Status(st.code(), absl::StrCat("reading table ", table.name,
                                                  ": ", st.message()));
    }
    BackupTableManifest t;
    t.table = table.name;
    t.rows = sum.rows();
    t.sha256 = sum.Finish();
    manifest->tables.push_back(std::move(t));
    ++p.tables_done;
    if (progress) progress(p);
  }
  return absl::OkStatus();
}

// Writes the whole backup into `path` (which must not exist).
absl::StatusOr<BackupManifest> WriteBackup(sql::Connection &source,
                                           const std::string &path,
                                           const BackupProgressFn &progress) {
  absl::Status st = backup::BeginSnapshot(source);
  if (!st.ok()) return st;
  BackupManifest manifest;
  manifest.format = kBackupFormat;
  manifest.mlmd_server_version = kMlmdServerVersion;
  manifest.source_backend =
      std::string(migrations::DialectName(source.dialect()));
  manifest.snapshot_time = absl::Now();
  auto schema = InspectSchema(source);
  if (!schema.ok()) return schema.status();
  if (schema->mlmd_schema_version != migrations::kMlmdSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("the source database has MLMD schema version ",
                     schema->mlmd_schema_version, "; backups need version ",
                     migrations::kMlmdSchemaVersion,
                     " (run `mlmd-server migrate apply` on it first)"));
  }
  manifest.schema_version = schema->mlmd_schema_version;
  manifest.migrations = schema->applied_extensions;

  auto file = backup::CreateBackupFile(path);
  if (!file.ok()) return file.status();
  sql::Connection &out = **file;
  st = out.Begin(sql::TransactionMode::kWrite);
  for (const std::string &stmt :
       migrations::BaseSchema(sql::Dialect::kSqlite).statements) {
    if (st.ok()) st = out.Execute(stmt).status();
  }
  if (st.ok()) {
    st = out.Execute("INSERT INTO MLMDEnv(schema_version) VALUES (?)",
                     {sql::Value::Int(manifest.schema_version)})
             .status();
  }
  if (st.ok()) st = CopyTables(source, out, progress, &manifest);
  // The manifest goes in last, in the same transaction: a file cut short
  // anywhere has none and fails verification.
  if (st.ok()) st = backup::WriteManifest(out, manifest);
  if (st.ok()) st = out.Commit();
  if (!st.ok()) {
    out.Rollback();
    source.Rollback();
    return st;
  }
  st = backup::EndSnapshot(source);
  if (!st.ok()) return st;
  return manifest;
}

}  // namespace

int64_t BackupManifest::total_rows() const {
  int64_t n = 0;
  for (const BackupTableManifest &t : tables) n += t.rows;
  return n;
}

absl::StatusOr<BackupManifest> BackupDatabase(
    const StoreOptions &source, const std::string &out_path,
    const BackupProgressFn &progress) {
  std::error_code ec;
  if (std::filesystem::exists(out_path, ec)) {
    return absl::AlreadyExistsError(
        absl::StrCat(out_path, " already exists; backups never overwrite"));
  }
  auto factory = MakeConnectionFactory(source.connection_config);
  if (!factory.ok()) return factory.status();
  auto conn = (*factory)->Open();
  if (!conn.ok()) return conn.status();

  // Beside the final name (same file system, so the rename is atomic), and
  // named so that no scheduled run mistakes it for a finished backup.
  const std::string temp = absl::StrCat(out_path, ".partial-", getpid());
  RemoveFileAndJournals(temp);
  auto manifest = WriteBackup(**conn, temp, progress);
  conn->reset();
  if (manifest.ok()) {
    auto verified = VerifyBackupFile(temp);
    if (!verified.ok()) {
      manifest = absl::InternalError(
          absl::StrCat("the backup just written does not verify: ",
                       verified.status().message()));
    }
  }
  if (!manifest.ok()) {
    RemoveFileAndJournals(temp);
    return manifest.status();
  }
  std::filesystem::rename(temp, out_path, ec);
  if (ec) {
    RemoveFileAndJournals(temp);
    return absl::InternalError(absl::StrCat("cannot rename ", temp, " to ",
                                            out_path, ": ", ec.message()));
  }
  return manifest;
}

absl::StatusOr<BackupManifest> VerifyBackupFile(const std::string &path) {
  auto file = backup::OpenBackupFile(path);
  if (!file.ok()) return file.status();
  return backup::VerifyBackupContents(**file, /*check_int32_columns=*/false);
}

}  // namespace mlmd
