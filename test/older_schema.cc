// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/older_schema.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "migrations/migrations.h"
#include "store/backends.h"

#ifndef MLMD_TEST_FIXTURES_DIR
#error "MLMD_TEST_FIXTURES_DIR must name test/fixtures (set by CMake)"
#endif

namespace mlmd::testing {
namespace {

using sql::Dialect;
using sql::Value;

// Upstream's PostgreSQL downgrade has no statements for 9 -> 8, so a
// PostgreSQL database at 8 has the schema-9 layout (see the fixture).
std::string FixturePath(Dialect dialect, int version) {
  const int layout =
      dialect == Dialect::kPostgresql && version == 8 ? 9 : version;
  return absl::StrCat(MLMD_TEST_FIXTURES_DIR, "/",
                      migrations::DialectName(dialect), "/mlmd_v", layout,
                      ".sql");
}

absl::StatusOr<std::vector<std::string>> FixtureStatements(Dialect dialect,
                                                           int version) {
  if (version == migrations::kMlmdSchemaVersion) {
    return migrations::BaseSchema(dialect).statements;
  }
  const std::string path = FixturePath(dialect, version);
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return migrations::SplitStatements(text.str());
}

// One catalog row as a line: cells rendered as SQL-like literals.
std::string Line(absl::string_view what, const sql::Row& row) {
  std::vector<std::string> cells;
  for (const Value& v : row) cells.push_back(v.DebugString());
  return absl::StrCat(what, " ", absl::StrJoin(cells, " | "));
}

absl::Status AppendRows(sql::Connection& conn, absl::string_view what,
                        absl::string_view query, std::vector<Value> params,
                        std::vector<std::string>* out) {
  auto rows = conn.Query(query, params);
  if (!rows.ok()) return rows.status();
  for (const sql::Row& row : rows->rows) out->push_back(Line(what, row));
  return absl::OkStatus();
}

// The WHERE clause of a partial index's CREATE statement, without quoting
// or layout, so statements written differently compare equal.
std::string PartialPredicate(absl::string_view create_sql) {
  std::string sql = absl::AsciiStrToLower(create_sql);
  const size_t where = sql.rfind(" where ");
  if (where == std::string::npos) return "";
  std::string predicate = absl::StrReplaceAll(
      sql.substr(where + 7), {{"`", ""}, {"\"", ""}, {"\n", " "}});
  return absl::StrJoin(absl::StrSplit(predicate, ' ', absl::SkipWhitespace()),
                       " ");
}

absl::StatusOr<std::vector<std::string>> SqliteCatalog(sql::Connection& conn) {
  std::vector<std::string> out;
  auto tables = conn.Query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
      "'sqlite_%' ORDER BY name");
  if (!tables.ok()) return tables.status();
  for (const sql::Row& t : tables->rows) {
    const std::string table = t[0].AsText();
    out.push_back(absl::StrCat("table ", table));
    if (auto st =
            AppendRows(conn, absl::StrCat("column ", table),
                       "SELECT name, type, \"notnull\", dflt_value, pk FROM "
                       "pragma_table_info(?) ORDER BY cid",
                       {Value::Text(table)}, &out);
        !st.ok()) {
      return st;
    }
    auto indexes = conn.Query(
        "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) "
        "ORDER BY name",
        {Value::Text(table)});
    if (!indexes.ok()) return indexes.status();
    for (const sql::Row& index : indexes->rows) {
      const std::string name = index[0].AsText();
      auto columns =
          conn.Query("SELECT name FROM pragma_index_info(?) ORDER BY seqno",
                     {Value::Text(name)});
      if (!columns.ok()) return columns.status();
      std::vector<std::string> names;
      for (const sql::Row& c : columns->rows) names.push_back(c[0].AsText());
      std::string predicate;
      if (index[3].AsInt() != 0) {
        auto sql = conn.Query(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
            {Value::Text(name)});
        if (!sql.ok()) return sql.status();
        if (!sql->empty())
          predicate = PartialPredicate(sql->rows[0][0].AsText());
      }
      out.push_back(
          absl::StrCat("index ", table, " ", name, " unique=", index[1].AsInt(),
                       " origin=", index[2].AsText(), " (",
                       absl::StrJoin(names, ", "), ") where ", predicate));
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> PostgresqlCatalog(
    sql::Connection& conn) {
  std::vector<std::string> out;
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"column",
       "SELECT table_name, column_name, data_type, character_maximum_length, "
       "is_nullable, column_default FROM information_schema.columns WHERE "
       "table_schema = current_schema() ORDER BY table_name, "
       "ordinal_position"},
      {"index",
       "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE "
       "schemaname = current_schema() ORDER BY tablename, indexname"},
      {"constraint",
       "SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) "
       "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE "
       "c.relnamespace = current_schema()::regnamespace ORDER BY c.relname, "
       "k.conname"},
      {"sequence",
       "SELECT sequence_name, data_type FROM information_schema.sequences "
       "WHERE sequence_schema = current_schema() ORDER BY sequence_name"},
  };
  for (const auto& [what, query] : queries) {
    if (auto st = AppendRows(conn, what, query, {}, &out); !st.ok()) return st;
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> MysqlCatalog(sql::Connection& conn) {
  std::vector<std::string> out;
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"column",
       "SELECT table_name, column_name, column_type, is_nullable, "
       "column_default, extra FROM information_schema.columns WHERE "
       "table_schema = DATABASE() ORDER BY table_name, ordinal_position"},
      {"index",
       "SELECT table_name, index_name, non_unique, seq_in_index, "
       "column_name, sub_part FROM information_schema.statistics WHERE "
       "table_schema = DATABASE() ORDER BY table_name, index_name, "
       "seq_in_index"},
  };
  for (const auto& [what, query] : queries) {
    if (auto st = AppendRows(conn, what, query, {}, &out); !st.ok()) return st;
  }
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<sql::Connection>> OpenRawConnection(
    const StoreOptions& options) {
  auto factory = MakeConnectionFactory(options.connection_config);
  if (!factory.ok()) return factory.status();
  return (*factory)->Open();
}

absl::Status CreateUpstreamSchema(sql::Connection& conn, int version) {
  if (version < kOldestFixtureVersion || version > kNewestFixtureVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("no upstream layout for schema version ", version));
  }
  auto statements = FixtureStatements(conn.dialect(), version);
  if (!statements.ok()) return statements.status();
  for (const std::string& stmt : *statements) {
    auto st = conn.Execute(stmt);
    if (!st.ok()) {
      return absl::Status(st.status().code(),
                          absl::StrCat(stmt, " -> ", st.status().message()));
    }
  }
  return conn
      .Execute("INSERT INTO MLMDEnv(schema_version) VALUES (?)",
               {Value::Int(version)})
      .status();
}

absl::StatusOr<std::vector<std::string>> CatalogSnapshot(
    sql::Connection& conn) {
  switch (conn.dialect()) {
    case Dialect::kSqlite:
      return SqliteCatalog(conn);
    case Dialect::kPostgresql:
      return PostgresqlCatalog(conn);
    case Dialect::kMysql:
      return MysqlCatalog(conn);
  }
  return absl::InternalError("unknown dialect");
}

std::string CatalogDiff(const std::vector<std::string>& actual,
                        const std::vector<std::string>& expected) {
  if (actual == expected) return "";
  std::vector<std::string> a = actual, e = expected;
  std::sort(a.begin(), a.end());
  std::sort(e.begin(), e.end());
  std::vector<std::string> extra, missing;
  std::set_difference(a.begin(), a.end(), e.begin(), e.end(),
                      std::back_inserter(extra));
  std::set_difference(e.begin(), e.end(), a.begin(), a.end(),
                      std::back_inserter(missing));
  if (extra.empty() && missing.empty()) {
    return "same items, different order (columns reordered)";
  }
  std::string out;
  for (const std::string& line : extra) absl::StrAppend(&out, "+ ", line, "\n");
  for (const std::string& line : missing) {
    absl::StrAppend(&out, "- ", line, "\n");
  }
  return out;
}

}  // namespace mlmd::testing
