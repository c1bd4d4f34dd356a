// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/tenant_config.h"

#include <algorithm>
#include <filesystem>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "store/backends.h"

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

absl::StatusOr<std::vector<std::string>> ExistingTenants(
    const ml_metadata::ConnectionConfig &base) {
  // Candidate tenant names, each kept only when the rule maps it back to
  // the very database (or file) it was found as.
  std::vector<std::pair<std::string, std::string>> found;  // tenant, name
  auto derived_name = [](const ml_metadata::ConnectionConfig &c) {
    switch (c.config_case()) {
      case ml_metadata::ConnectionConfig::kPostgresql:
        return c.postgresql().dbname();
      case ml_metadata::ConnectionConfig::kMysql:
        return c.mysql().database();
      default:
        return c.sqlite().filename_uri();
    }
  };
  switch (base.config_case()) {
    case ml_metadata::ConnectionConfig::kPostgresql:
    case ml_metadata::ConnectionConfig::kMysql: {
      auto probe = TenantConnectionConfig(base, "x");
      if (!probe.ok()) return probe.status();
      const std::string probe_name = derived_name(*probe);
      const std::string prefix = probe_name.substr(0, probe_name.size() - 1);
      auto names = ListServerDatabases(base);
      if (!names.ok()) return names.status();
      for (const std::string &name : *names) {
        if (!absl::StartsWith(name, prefix) || name.size() == prefix.size()) {
          continue;
        }
        found.push_back(
            {absl::StrReplaceAll(name.substr(prefix.size()), {{"_", "-"}}),
             name});
      }
      break;
    }
    case ml_metadata::ConnectionConfig::kSqlite: {
      const std::string &path = base.sqlite().filename_uri();
      if (path.empty() || path == ":memory:") break;
      auto probe = TenantConnectionConfig(base, "x");
      if (!probe.ok()) return probe.status();
      // <stem>__x<ext>: the file names of tenants are <stem>__<tenant><ext>.
      const std::filesystem::path probe_path(derived_name(*probe));
      const std::string probe_file = probe_path.filename().string();
      const std::string ext = probe_path.extension().string();
      const std::string prefix =
          probe_file.substr(0, probe_file.size() - ext.size() - 1);
      std::filesystem::path dir = probe_path.parent_path();
      if (dir.empty()) dir = ".";
      std::error_code ec;
      for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string file = entry.path().filename().string();
        if (!entry.is_regular_file(ec) || !absl::StartsWith(file, prefix) ||
            !absl::EndsWith(file, ext) ||
            file.size() <= prefix.size() + ext.size()) {
          continue;
        }
        // SQLite's own files beside a database without an extension.
        if (ext.empty() &&
            (absl::EndsWith(file, "-wal") || absl::EndsWith(file, "-shm") ||
             absl::EndsWith(file, "-journal"))) {
          continue;
        }
        found.push_back({file.substr(prefix.size(),
                                     file.size() - prefix.size() - ext.size()),
                         entry.path().string()});
      }
      break;
    }
    default:
      break;
  }
  std::vector<std::string> tenants;
  for (const auto &[tenant, name] : found) {
    if (tenant == kDefaultTenant || !ValidateTenantName(tenant).ok()) continue;
    auto config = TenantConnectionConfig(base, tenant);
    if (!config.ok()) continue;
    const std::string expect = derived_name(*config);
    const bool same =
        base.config_case() == ml_metadata::ConnectionConfig::kSqlite
            ? std::filesystem::path(expect).filename() ==
                  std::filesystem::path(name).filename()
            : expect == name;
    if (same) tenants.push_back(tenant);
  }
  std::sort(tenants.begin(), tenants.end());
  tenants.insert(tenants.begin(), std::string(kDefaultTenant));
  return tenants;
}

}  // namespace mlmd::server
