// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/backup/table_io.h"

#include <algorithm>
#include <limits>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace mlmd::backup {
namespace {

using sql::Dialect;
using sql::Value;

// Inside one event, EventPath steps must come back in the order they were
// written; each backend names that physical order differently. InnoDB walks
// its event_id index in row-id (insertion) order by itself.
std::string InsertionOrderTiebreak(Dialect dialect) {
  switch (dialect) {
    case Dialect::kSqlite:
      return ", rowid";
    case Dialect::kPostgresql:
      return ", ctid";
    case Dialect::kMysql:
      return "";
  }
  return "";
}

}  // namespace

absl::Status BeginSnapshot(sql::Connection &conn) {
  switch (conn.dialect()) {
    case Dialect::kSqlite:
      // WAL: the read transaction keeps its snapshot while writers commit.
      return conn.Begin(sql::TransactionMode::kRead);
    case Dialect::kPostgresql:
      return conn.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
          .status();
    case Dialect::kMysql: {
      // Our sessions run READ COMMITTED; a snapshot needs REPEATABLE READ.
      absl::Status st =
          conn.Execute(
                  "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
              .status();
      if (!st.ok()) return st;
      // Begun as a write so that Commit() ends it on the server: a read
      // there may run with autocommit on and send no COMMIT. The START
      // TRANSACTION below replaces whatever Begin() opened.
      st = conn.Begin(sql::TransactionMode::kWrite);
      if (!st.ok()) return st;
      return conn
          .Execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
          .status();
    }
  }
  return absl::InternalError("unknown dialect");
}

absl::Status EndSnapshot(sql::Connection &conn) {
  if (conn.dialect() == Dialect::kPostgresql) {
    return conn.Execute("COMMIT").status();
  }
  return conn.Commit();
}

absl::Status ReadTable(sql::Connection &conn, const TableSpec &table,
                       PageSink sink, int page_rows) {
  const std::string key = table.columns[0].name;
  const std::string order = absl::StrCat(
      " ORDER BY ", key,
      table.sort_within_key ? "" : InsertionOrderTiebreak(conn.dialect()));
  const std::string head =
      absl::StrCat("SELECT ", ColumnList(table), " FROM ", table.name);
  const std::string next_page =
      absl::StrCat(head, " WHERE ", key, " > ?", order, " LIMIT ", page_rows);
  const std::string one_key = absl::StrCat(head, " WHERE ", key, " = ?", order);
  int64_t after = std::numeric_limits<int64_t>::min();
  while (true) {
    auto result = conn.Query(next_page, {Value::Int(after)});
    if (!result.ok()) return result.status();
    std::vector<sql::Row> &rows = result->rows;
    if (rows.empty()) return absl::OkStatus();
    const bool full = static_cast<int>(rows.size()) == page_rows;
    if (full) {
      // Pages hold whole keys: drop the last key's rows and start the next
      // page with them, unless that one key fills the page by itself.
      const int64_t last = rows.back()[0].AsInt();
      if (rows.front()[0].AsInt() == last) {
        auto all = conn.Query(one_key, {Value::Int(last)});
        if (!all.ok()) return all.status();
        rows = std::move(all->rows);
      } else {
        while (rows.back()[0].AsInt() == last) rows.pop_back();
      }
    }
    after = rows.back()[0].AsInt();
    for (sql::Row &row : rows) row = NormalizeRow(table, row);
    SortPage(table, rows);
    absl::Status st = sink(rows);
    if (!st.ok()) return st;
    if (!full) return absl::OkStatus();
  }
}

absl::Status InsertRows(sql::Connection &conn, const TableSpec &table,
                        const std::vector<sql::Row> &rows) {
  const size_t columns = table.columns.size();
  const size_t batch = 4000 / columns;
  const std::string into = absl::StrCat("INSERT INTO ", table.name, "(",
                                        ColumnList(table), ") VALUES ");
  std::vector<Value> params;
  for (size_t start = 0; start < rows.size(); start += batch) {
    const size_t n = std::min(batch, rows.size() - start);
    params.clear();
    params.reserve(n * columns);
    for (size_t i = start; i < start + n; ++i) {
      params.insert(params.end(), rows[i].begin(), rows[i].end());
    }
    auto done = conn.Execute(
        absl::StrCat(into, sql::PlaceholderRows(n, columns)), params);
    if (!done.ok()) {
      return absl::Status(done.status().code(),
                          absl::StrCat("writing table ", table.name, ": ",
                                       done.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::Status WriteManifest(sql::Connection &conn,
                           const BackupManifest &manifest) {
  absl::Status st =
      conn.Execute(absl::StrCat("CREATE TABLE ", kManifestTable,
                                " (key TEXT PRIMARY KEY, value TEXT NOT NULL)"))
          .status();
  if (!st.ok()) return st;
  std::vector<std::pair<std::string, std::string>> items = {
      {"format", manifest.format},
      {"source_backend", manifest.source_backend},
      {"schema_version", absl::StrCat(manifest.schema_version)},
      {"migrations", absl::StrJoin(manifest.migrations, ",")},
      {"snapshot_time",
       absl::FormatTime(absl::RFC3339_full, manifest.snapshot_time,
                        absl::UTCTimeZone())},
      {"mlmd_server_version", manifest.mlmd_server_version},
  };
  for (const BackupTableManifest &t : manifest.tables) {
    items.push_back({absl::StrCat("rows.", t.table), absl::StrCat(t.rows)});
    items.push_back({absl::StrCat("sha256.", t.table), t.sha256});
  }
  const std::string insert = absl::StrCat("INSERT INTO ", kManifestTable,
                                          "(key, value) VALUES (?, ?)");
  for (const auto &[k, v] : items) {
    st = conn.Execute(insert, {Value::Text(k), Value::Text(v)}).status();
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::StatusOr<BackupManifest> ReadManifest(sql::Connection &conn) {
  auto present = conn.Query(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
      {Value::Text(kManifestTable)});
  if (!present.ok()) return present.status();
  if (present->rows[0][0].AsInt() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("not an mlmd-server backup: the SQLite file has no ",
                     kManifestTable, " table"));
  }
  auto rows =
      conn.Query(absl::StrCat("SELECT key, value FROM ", kManifestTable));
  if (!rows.ok()) return rows.status();
  absl::flat_hash_map<std::string, std::string> kv;
  for (const sql::Row &r : rows->rows) kv[r[0].AsText()] = r[1].AsText();
  BackupManifest m;
  m.format = kv["format"];
  if (m.format != kBackupFormat) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a backup this mlmd-server can read: format '",
                     m.format, "', expected '", kBackupFormat, "'"));
  }
  m.source_backend = kv["source_backend"];
  m.mlmd_server_version = kv["mlmd_server_version"];
  if (!absl::SimpleAtoi(kv["schema_version"], &m.schema_version)) {
    return absl::DataLossError("backup manifest: schema_version is missing");
  }
  for (absl::string_view v :
       absl::StrSplit(kv["migrations"], ',', absl::SkipEmpty())) {
    int n = 0;
    if (!absl::SimpleAtoi(v, &n)) {
      return absl::DataLossError("backup manifest: bad migrations list");
    }
    m.migrations.push_back(n);
  }
  std::string err;
  if (!absl::ParseTime(absl::RFC3339_full, kv["snapshot_time"],
                       &m.snapshot_time, &err)) {
    return absl::DataLossError(
        absl::StrCat("backup manifest: bad snapshot_time: ", err));
  }
  for (const TableSpec &table : BackupTables()) {
    BackupTableManifest t;
    t.table = table.name;
    auto rows_it = kv.find(absl::StrCat("rows.", table.name));
    auto sha_it = kv.find(absl::StrCat("sha256.", table.name));
    if (rows_it == kv.end() || sha_it == kv.end() ||
        !absl::SimpleAtoi(rows_it->second, &t.rows)) {
      return absl::DataLossError(absl::StrCat(
          "backup manifest: no row count or checksum for table ", table.name));
    }
    t.sha256 = sha_it->second;
    m.tables.push_back(std::move(t));
  }
  return m;
}

}  // namespace mlmd::backup
