// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/job_tenants.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "server/tenant_config.h"

ABSL_FLAG(std::string, tenant, "default",
          "backup, restore, retention (commands and the server's schedule): "
          "the tenant whose database the job works on.");
ABSL_FLAG(bool, all_tenants, false,
          "backup, retention (commands and the server's schedule): work on "
          "every tenant whose database exists, the default tenant first.");

namespace mlmd::server {

bool AllTenantsRequested() { return absl::GetFlag(FLAGS_all_tenants); }

absl::StatusOr<StoreOptions> TenantStoreOptions(const StoreOptions &base,
                                                const std::string &tenant) {
  auto connection = TenantConnectionConfig(base.connection_config, tenant);
  if (!connection.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("tenant '", tenant, "': ", connection.status().message()));
  }
  StoreOptions options = base;
  options.connection_config = *std::move(connection);
  return options;
}

absl::StatusOr<std::vector<JobTarget>> JobTargets(const StoreOptions &base) {
  const std::string tenant = absl::GetFlag(FLAGS_tenant);
  std::vector<std::string> tenants;
  if (AllTenantsRequested()) {
    if (tenant != kDefaultTenant) {
      return absl::InvalidArgumentError(
          "--tenant and --all_tenants exclude each other");
    }
    auto existing = ExistingTenants(base.connection_config);
    if (!existing.ok()) {
      return absl::Status(existing.status().code(),
                          absl::StrCat("cannot list the tenants' databases: ",
                                       existing.status().message()));
    }
    tenants = *std::move(existing);
  } else {
    tenants.push_back(tenant);
  }
  std::vector<JobTarget> targets;
  for (const std::string &t : tenants) {
    auto options = TenantStoreOptions(base, t);
    if (!options.ok()) return options.status();
    targets.push_back({t, *std::move(options)});
  }
  return targets;
}

}  // namespace mlmd::server
