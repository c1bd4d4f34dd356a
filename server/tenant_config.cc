// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/tenant_config.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace mlmd::server {
namespace {

constexpr size_t kMaxTenantLength = 63;

// The tenant as a database-name suffix: '-' needs quoting in SQL
// identifiers, '_' never occurs in a tenant name, so this is one-to-one.
std::string Suffix(absl::string_view tenant) {
  return absl::StrCat("__", absl::StrReplaceAll(tenant, {{"-", "_"}}));
}

absl::Status CheckLength(const std::string &name, size_t limit,
                         absl::string_view backend) {
  if (name.size() <= limit) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      "the tenant's database name '", name, "' is longer than ", backend,
      " allows (", limit, " bytes); use a shorter tenant or base name"));
}

}  // namespace

absl::Status ValidateTenantName(absl::string_view name) {
  if (name.empty()) {
    return absl::InvalidArgumentError("the tenant name is empty");
  }
  if (name.size() > kMaxTenantLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tenant name of ", name.size(), " characters; at most 63 are allowed"));
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      // The name is not echoed whole: it may hold anything a client sent.
      return absl::InvalidArgumentError(
          "a tenant name is a Kubernetes namespace name: lower-case letters, "
          "digits and '-' only");
    }
  }
  if (name.front() == '-' || name.back() == '-') {
    return absl::InvalidArgumentError(absl::StrCat(
        "tenant name '", name, "' must start and end with a letter or digit"));
  }
  return absl::OkStatus();
}

absl::StatusOr<ml_metadata::ConnectionConfig> TenantConnectionConfig(
    const ml_metadata::ConnectionConfig &base, absl::string_view tenant) {
  if (auto st = ValidateTenantName(tenant); !st.ok()) return st;
  if (tenant == kDefaultTenant) return base;
  ml_metadata::ConnectionConfig out = base;
  switch (base.config_case()) {
    case ml_metadata::ConnectionConfig::kPostgresql: {
      auto *pg = out.mutable_postgresql();
      // libpq connects to the database named like the user when none is set.
      std::string base_name = pg->dbname();
      if (base_name.empty()) base_name = pg->user();
      if (base_name.empty()) base_name = "postgres";
      pg->set_dbname(base_name + Suffix(tenant));
      if (auto st = CheckLength(pg->dbname(), 63, "PostgreSQL"); !st.ok()) {
        return st;
      }
      return out;
    }
    case ml_metadata::ConnectionConfig::kMysql: {
      auto *my = out.mutable_mysql();
      if (my->database().empty()) {
        return absl::InvalidArgumentError(
            "tenants on MySQL need a configured database name to derive "
            "theirs from (--mysql_config_database)");
      }
      my->set_database(my->database() + Suffix(tenant));
      if (auto st = CheckLength(my->database(), 64, "MySQL"); !st.ok()) {
        return st;
      }
      return out;
    }
    case ml_metadata::ConnectionConfig::kFakeDatabase:
      return out;  // each store opened on it is a fresh memory database
    case ml_metadata::ConnectionConfig::kSqlite: {
      const std::string &path = base.sqlite().filename_uri();
      if (path.empty() || path == ":memory:") return out;
      if (path.rfind("file:", 0) == 0) {
        return absl::InvalidArgumentError(
            "tenants on SQLite need a plain file path, not a file: URI");
      }
      const size_t slash = path.find_last_of('/');
      const size_t dot = path.find_last_of('.');
      const bool has_ext = dot != std::string::npos &&
                           (slash == std::string::npos || dot > slash);
      const std::string stem = has_ext ? path.substr(0, dot) : path;
      const std::string ext = has_ext ? path.substr(dot) : "";
      out.mutable_sqlite()->set_filename_uri(
          absl::StrCat(stem, "__", tenant, ext));
      return out;
    }
    default:
      return absl::InvalidArgumentError(
          "no database is configured to derive tenant databases from");
  }
}

}  // namespace mlmd::server
