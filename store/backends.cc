// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/backends.h"

#include "store/sql/mysql_connection.h"
#include "store/sql/postgres_connection.h"
#include "store/sql/sqlite_connection.h"

namespace mlmd {

absl::StatusOr<std::unique_ptr<sql::ConnectionFactory>> MakeConnectionFactory(
    const ml_metadata::ConnectionConfig& config) {
  switch (config.config_case()) {
    case ml_metadata::ConnectionConfig::kSqlite: {
      const auto& c = config.sqlite();
      sql::SqliteOptions options;
      options.path = c.filename_uri();
      using Mode = ml_metadata::SqliteMetadataSourceConfig;
      options.read_only = c.connection_mode() == Mode::READONLY;
      options.create_if_missing =
          !c.has_connection_mode() || c.connection_mode() == Mode::UNKNOWN ||
          c.connection_mode() == Mode::READWRITE_OPENCREATE;
      return sql::NewSqliteConnectionFactory(std::move(options));
    }
    case ml_metadata::ConnectionConfig::kFakeDatabase:
      // Upstream's fake database is an in-memory SQLite.
      return sql::NewSqliteConnectionFactory(sql::SqliteOptions{":memory:"});
    case ml_metadata::ConnectionConfig::kMysql:
      return sql::NewMysqlConnectionFactory(config.mysql());
    case ml_metadata::ConnectionConfig::kPostgresql:
      return sql::NewPostgresConnectionFactory(config.postgresql());
    case ml_metadata::ConnectionConfig::CONFIG_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(
      "no database configured: set sqlite, mysql or postgresql in the "
      "connection config");
}

absl::StatusOr<std::vector<std::string>> ListServerDatabases(
    const ml_metadata::ConnectionConfig& config) {
  const char* query = nullptr;
  switch (config.config_case()) {
    case ml_metadata::ConnectionConfig::kPostgresql:
      query =
          "SELECT datname FROM pg_database WHERE NOT datistemplate "
          "ORDER BY datname";
      break;
    case ml_metadata::ConnectionConfig::kMysql:
      query =
          "SELECT schema_name FROM information_schema.schemata WHERE "
          "schema_name NOT IN ('information_schema', 'mysql', "
          "'performance_schema', 'sys') ORDER BY schema_name";
      break;
    default:
      return absl::InvalidArgumentError(
          "only PostgreSQL and MySQL servers can list their databases");
  }
  auto factory = MakeConnectionFactory(config);
  if (!factory.ok()) return factory.status();
  auto conn = (*factory)->Open();
  if (!conn.ok()) return conn.status();
  auto rows = (*conn)->Query(query);
  if (!rows.ok()) return rows.status();
  std::vector<std::string> names;
  names.reserve(rows->rows.size());
  for (const auto& row : rows->rows) names.push_back(row.at(0).AsText());
  return names;
}

}  // namespace mlmd
