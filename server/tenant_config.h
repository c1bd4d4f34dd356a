// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Tenants and where their metadata lives: the one place that knows the
// naming rule. Every tenant is its own database, a normal schema-10 MLMD
// store that upstream tools can open, derived from the configured one:
//
//   PostgreSQL  dbname   <dbname>__<tenant>     ('-' in the tenant as '_')
//   MySQL       database <database>__<tenant>   ('-' in the tenant as '_')
//   SQLite      file     <dir>/<stem>__<tenant><ext> next to the configured
//               file (metadata.sqlite -> metadata__team-a.sqlite); an
//               in-memory database gives each tenant its own memory database
//
// The default tenant is the configured database itself, unchanged. Tenant
// names use Kubernetes namespace syntax, which has no '_', so the mapping is
// one-to-one and no tenant can name another's database.
#ifndef MLMD_SERVER_TENANT_CONFIG_H_
#define MLMD_SERVER_TENANT_CONFIG_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd::server {

// The tenant that uses the configured database as it is.
inline constexpr absl::string_view kDefaultTenant = "default";

// OK when `name` is a Kubernetes namespace name: [a-z0-9]([-a-z0-9]*[a-z0-9])?
// and at most 63 characters. INVALID_ARGUMENT saying what is wrong otherwise.
absl::Status ValidateTenantName(absl::string_view name);

// The connection of `tenant`'s database, derived from `base` (the configured
// connection) by the rule above; `base` itself for kDefaultTenant.
// INVALID_ARGUMENT for a malformed tenant name or a derived database name
// longer than the backend allows (63 bytes on PostgreSQL, 64 on MySQL).
absl::StatusOr<ml_metadata::ConnectionConfig> TenantConnectionConfig(
    const ml_metadata::ConnectionConfig &base, absl::string_view tenant);

// The tenants whose databases exist beside `base`: kDefaultTenant first,
// then the others by name. PostgreSQL and MySQL: the server's databases
// named by the rule above; SQLite: the files next to the configured one; an
// in-memory database has only the default tenant. Names that follow the
// pattern but map to no valid tenant are ignored.
absl::StatusOr<std::vector<std::string>> ExistingTenants(
    const ml_metadata::ConnectionConfig &base);

}  // namespace mlmd::server

#endif  // MLMD_SERVER_TENANT_CONFIG_H_
