// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/backup/backup_file.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "store/backup/table_io.h"
#include "store/backup/tables.h"
#include "store/sql/sqlite_connection.h"

namespace mlmd::backup {
namespace {

// A reference a valid store never breaks: `child`.`column` names a row of
// `parent`.id.
struct Reference {
  const char *child;
  const char *column;
  const char *parent;
};

constexpr Reference kReferences[] = {
    {"Artifact", "type_id", "Type"},
    {"Execution", "type_id", "Type"},
    {"Context", "type_id", "Type"},
    {"TypeProperty", "type_id", "Type"},
    {"ParentType", "type_id", "Type"},
    {"ParentType", "parent_type_id", "Type"},
    {"ArtifactProperty", "artifact_id", "Artifact"},
    {"ExecutionProperty", "execution_id", "Execution"},
    {"ContextProperty", "context_id", "Context"},
    {"Event", "artifact_id", "Artifact"},
    {"Event", "execution_id", "Execution"},
    {"EventPath", "event_id", "Event"},
    {"Attribution", "context_id", "Context"},
    {"Attribution", "artifact_id", "Artifact"},
    {"Association", "context_id", "Context"},
    {"Association", "execution_id", "Execution"},
    {"ParentContext", "context_id", "Context"},
    {"ParentContext", "parent_context_id", "Context"},
};

absl::Status CheckReferences(sql::Connection &file) {
  for (const Reference &ref : kReferences) {
    auto rows = file.Query(
        absl::StrCat("SELECT c.", ref.column, " FROM ", ref.child,
                     " c WHERE NOT EXISTS ", "(SELECT 1 FROM ", ref.parent,
                     " p WHERE p.id = c.", ref.column, ") LIMIT ?"),
        {sql::Value::Int(1)});
    if (!rows.ok()) return rows.status();
    if (!rows->empty()) {
      return absl::DataLossError(absl::StrCat(
          "backup is inconsistent: ", ref.child, ".", ref.column, " = ",
          rows->rows[0][0].AsInt(), " names a missing ", ref.parent));
    }
  }
  return absl::OkStatus();
}

// Reading damaged pages fails with SQLite's own words; say what it means.
absl::Status Damaged(const absl::Status &st) {
  if (st.ok() || absl::IsDataLoss(st) || absl::IsInvalidArgument(st) ||
      absl::IsOutOfRange(st)) {
    return st;
  }
  return absl::DataLossError(
      absl::StrCat("backup file is damaged or truncated: ", st.message()));
}

// SQLite files start with these 16 bytes; a file that has them but does not
// open is a damaged database rather than a foreign file.
bool HasSqliteHeader(const std::string &path) {
  static constexpr char kHeader[] = "SQLite format 3";  // and its NUL
  char buf[sizeof(kHeader)] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(buf, sizeof(buf));
  return in.gcount() == sizeof(buf) &&
         std::memcmp(buf, kHeader, sizeof(kHeader)) == 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<sql::Connection>> OpenBackupFile(
    const std::string &path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return absl::NotFoundError(absl::StrCat("no backup file at ", path));
  }
  sql::SqliteOptions options;
  options.path = path;
  options.read_only = true;
  options.create_if_missing = false;
  auto conn = sql::NewSqliteConnectionFactory(options)->Open();
  if (!conn.ok() && HasSqliteHeader(path)) {
    return absl::DataLossError(
        absl::StrCat("backup file ", path,
                     " is damaged or truncated: ", conn.status().message()));
  }
  if (!conn.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is not an mlmd-server backup (not a readable SQLite file: ",
        conn.status().message(), ")"));
  }
  return conn;
}

absl::StatusOr<std::unique_ptr<sql::Connection>> CreateBackupFile(
    const std::string &path) {
  sql::SqliteOptions options;
  options.path = path;
  auto conn = sql::NewSqliteConnectionFactory(options)->Open();
  if (!conn.ok()) return conn.status();
  // One file, nothing beside it, once the connection closes; FULL makes the
  // commit durable before the file is renamed into place.
  for (const char *pragma :
       {"PRAGMA journal_mode=DELETE", "PRAGMA synchronous=FULL"}) {
    auto st = (*conn)->Query(pragma);
    if (!st.ok()) return st.status();
  }
  return conn;
}

absl::StatusOr<BackupManifest> VerifyBackupContents(sql::Connection &file,
                                                    bool check_int32_columns) {
  absl::Status st = file.Begin(sql::TransactionMode::kRead);
  if (!st.ok()) return Damaged(st);
  auto manifest = ReadManifest(file);
  if (!manifest.ok()) {
    file.Rollback();
    return Damaged(manifest.status());
  }
  for (size_t i = 0; i < BackupTables().size() && st.ok(); ++i) {
    const TableSpec &table = BackupTables()[i];
    const BackupTableManifest &expected = manifest->tables[i];
    TableChecksum sum;
    st = ReadTable(file, table, [&](std::vector<sql::Row> &page) {
      for (const sql::Row &row : page) {
        if (check_int32_columns) {
          absl::Status fits = CheckFitsInt32(table, row);
          if (!fits.ok()) return fits;
        }
        sum.AddRow(row);
      }
      return absl::OkStatus();
    });
    if (!st.ok()) break;
    const int64_t rows = sum.rows();
    const std::string sha = sum.Finish();
    if (rows != expected.rows) {
      st = absl::DataLossError(
          absl::StrCat("backup file is damaged: table ", table.name, " has ",
                       rows, " rows, its manifest says ", expected.rows));
    } else if (sha != expected.sha256) {
      st = absl::DataLossError(
          absl::StrCat("backup file is damaged: checksum of table ", table.name,
                       " does not match its manifest"));
    }
  }
  if (st.ok()) st = CheckReferences(file);
  file.Rollback();
  if (!st.ok()) return Damaged(st);
  return manifest;
}

}  // namespace mlmd::backup
