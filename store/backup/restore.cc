// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// RestoreDatabase (store/backup.h).
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "store/backends.h"
#include "store/backup.h"
#include "store/backup/backup_file.h"
#include "store/backup/table_io.h"
#include "store/backup/tables.h"
#include "store/simple_types.h"

namespace mlmd {
namespace {

using backup::TableSpec;
using sql::Dialect;

sql::Dialect DialectOf(const ml_metadata::ConnectionConfig &config) {
  switch (config.config_case()) {
    case ml_metadata::ConnectionConfig::kPostgresql:
      return Dialect::kPostgresql;
    case ml_metadata::ConnectionConfig::kMysql:
      return Dialect::kMysql;
    default:
      return Dialect::kSqlite;
  }
}

// "" when the target counts as empty (store/backup.h), else what it holds.
absl::StatusOr<std::string> DescribeContents(sql::Connection &target) {
  std::vector<std::string> held;
  for (const TableSpec &table : backup::BackupTables()) {
    std::string sql = absl::StrCat("SELECT count(*) FROM ", table.name);
    std::vector<sql::Value> params;
    if (std::string(table.name) == "Type") {
      // MLMD's built-in simple types do not count.
      for (const SimpleType &t : SimpleTypes()) {
        params.push_back(sql::Value::Text(t.name));
      }
      absl::StrAppend(&sql, " WHERE name NOT IN (",
                      sql::Placeholders(params.size()), ")");
    }
    auto rows = target.Query(sql, params);
    if (!rows.ok()) return rows.status();
    const int64_t n = rows->rows[0][0].AsInt();
    if (n > 0) held.push_back(absl::StrCat(n, " ", table.name, " rows"));
  }
  return absl::StrJoin(held, ", ");
}

// Auto-increment counters past the restored ids. SQLite's AUTOINCREMENT and
// InnoDB move their counters past explicit ids on insert; PostgreSQL's
// sequences do not.
absl::Status MoveCountersPastIds(sql::Connection &target) {
  if (target.dialect() != Dialect::kPostgresql) return absl::OkStatus();
  for (const TableSpec &table : backup::BackupTables()) {
    if (!table.has_id_sequence) continue;
    const std::string name = absl::AsciiStrToLower(table.name);
    auto st = target.Query(
        absl::StrCat("SELECT setval(pg_get_serial_sequence('", name,
                     "', 'id'), COALESCE((SELECT MAX(id) FROM ", name,
                     "), 0) + 1, false) WHERE 1 = ?"),
        {sql::Value::Int(1)});
    if (!st.ok()) return st.status();
  }
  return absl::OkStatus();
}

// Compares what the target now holds with the manifest.
absl::Status CheckAgainstManifest(sql::Connection &target,
                                  const BackupManifest &manifest) {
  for (size_t i = 0; i < backup::BackupTables().size(); ++i) {
    const TableSpec &table = backup::BackupTables()[i];
    backup::TableChecksum sum;
    absl::Status st =
        backup::ReadTable(target, table, [&](std::vector<sql::Row> &page) {
          for (const sql::Row &row : page) sum.AddRow(row);
          return absl::OkStatus();
        });
    if (!st.ok()) return st;
    const int64_t rows = sum.rows();
    if (rows != manifest.tables[i].rows ||
        sum.Finish() != manifest.tables[i].sha256) {
      return absl::DataLossError(absl::StrCat(
          "after loading, table ", table.name, " of the target (", rows,
          " rows) does not match the backup (", manifest.tables[i].rows,
          " rows, or a different checksum); the restore was rolled back"));
    }
  }
  return absl::OkStatus();
}

absl::Status LoadInto(sql::Connection &file, sql::Connection &target,
                      const BackupManifest &manifest,
                      const RestoreOptions &options) {
  auto held = DescribeContents(target);
  if (!held.ok()) return held.status();
  if (!held->empty() && !options.replace) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the target database is not empty: it holds ", *held,
        "; restore into an empty database, or pass --replace to replace "
        "its contents"));
  }
  // Children first; this also removes the built-in simple types, which the
  // backup brings with their original ids.
  const auto &tables = backup::BackupTables();
  for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
    auto st = target.Execute(absl::StrCat("DELETE FROM ", it->name));
    if (!st.ok()) return st.status();
  }
  BackupProgress p;
  p.tables_total = static_cast<int>(tables.size());
  absl::Status st = file.Begin(sql::TransactionMode::kRead);
  for (size_t i = 0; i < tables.size() && st.ok(); ++i) {
    p.table = tables[i].name;
    if (options.fault_injection_for_testing) {
      st = options.fault_injection_for_testing(tables[i].name);
      if (!st.ok()) break;
    }
    st = backup::ReadTable(file, tables[i], [&](std::vector<sql::Row> &page) {
      absl::Status written = backup::InsertRows(target, tables[i], page);
      p.rows_done += static_cast<int64_t>(page.size());
      if (options.progress) options.progress(p);
      return written;
    });
    ++p.tables_done;
    if (st.ok() && options.progress) options.progress(p);
  }
  file.Rollback();
  if (!st.ok()) return st;
  st = MoveCountersPastIds(target);
  if (!st.ok()) return st;
  return CheckAgainstManifest(target, manifest);
}

}  // namespace

absl::StatusOr<BackupManifest> RestoreDatabase(const std::string &in_path,
                                               const StoreOptions &target,
                                               const RestoreOptions &options) {
  auto file = backup::OpenBackupFile(in_path);
  if (!file.ok()) return file.status();
  const Dialect dialect = DialectOf(target.connection_config);
  // Everything that can be found wrong with the file is found here, before
  // the target is touched.
  auto manifest = backup::VerifyBackupContents(
      **file, /*check_int32_columns=*/dialect != Dialect::kSqlite);
  if (!manifest.ok()) return manifest.status();
  if (manifest->schema_version != migrations::kMlmdSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the backup holds MLMD schema version ", manifest->schema_version,
        "; this mlmd-server restores version ",
        migrations::kMlmdSchemaVersion));
  }
  auto factory = MakeConnectionFactory(target.connection_config);
  if (!factory.ok()) return factory.status();
  // A database this restore creates is dropped again if the restore fails,
  // so the target is left as it was: absent (DDL commits on its own on
  // MySQL, and creating a PostgreSQL database or a SQLite file is not part
  // of the load's transaction either).
  auto existed = (*factory)->DatabaseExists();
  const bool created_here = existed.ok() && !*existed;
  auto undo_creation = [&](absl::Status st) {
    if (!created_here) return st;
    absl::Status dropped = (*factory)->DropDatabase();
    if (dropped.ok()) {
      return absl::Status(
          st.code(), absl::StrCat(st.message(),
                                  " (the database this restore created was "
                                  "removed again)"));
    }
    return absl::Status(st.code(),
                        absl::StrCat(st.message(),
                                     "; the database this restore created "
                                     "could not be removed: ",
                                     dropped.message()));
  };
  {
    // Creates the schema in a new database, as a server would.
    StoreOptions open = target;
    open.pool_size = 1;
    auto store = MetadataStore::Open(open);
    if (!store.ok()) return undo_creation(store.status());
  }
  absl::Status st;
  {
    auto conn = (*factory)->Open();
    if (!conn.ok()) return undo_creation(conn.status());
    sql::Connection &db = **conn;
    st = db.Begin(sql::TransactionMode::kWrite);
    if (st.ok()) st = LoadInto(**file, db, *manifest, options);
    if (st.ok()) st = db.Commit();
    if (!st.ok()) db.Rollback();
  }  // closed before a drop, which needs the database unused
  if (!st.ok()) return undo_creation(st);
  return manifest;
}

}  // namespace mlmd
