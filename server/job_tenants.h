// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Which tenants' databases a job (backup, restore, retention; run as a
// command or on the server's schedule) works on:
//
//   --tenant=NAME   that tenant's database (default: the default tenant, the
//                   configured database itself)
//   --all_tenants   every tenant whose database exists beside the configured
//                   one (server/tenant_config.h), the default tenant first
#ifndef MLMD_SERVER_JOB_TENANTS_H_
#define MLMD_SERVER_JOB_TENANTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace mlmd::server {

struct JobTarget {
  std::string tenant;
  StoreOptions store;  // the tenant's database, other settings as `base`
};

// True when --all_tenants was given.
bool AllTenantsRequested();

// The targets of a job run now (with --all_tenants the tenants are listed
// again on every call, so a scheduled job picks up new tenants).
// INVALID_ARGUMENT for a malformed --tenant or --tenant with --all_tenants;
// the database's error when tenants cannot be listed.
absl::StatusOr<std::vector<JobTarget>> JobTargets(const StoreOptions &base);

// `base` moved to `tenant`'s database.
absl::StatusOr<StoreOptions> TenantStoreOptions(const StoreOptions &base,
                                                const std::string &tenant);

}  // namespace mlmd::server

#endif  // MLMD_SERVER_JOB_TENANTS_H_
