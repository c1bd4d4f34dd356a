// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/tenant_stores.h"

#include "absl/strings/str_cat.h"
#include "server/job_tenants.h"
#include "server/log.h"
#include "server/tenant_config.h"

namespace mlmd::server {

absl::StatusOr<MetadataStore *> TenantStores::Get(const std::string &tenant) {
  if (tenant == kDefaultTenant) return default_store_;
  Entry *entry = nullptr;
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(tenant);
    if (it == entries_.end()) {
      if (static_cast<int>(entries_.size()) >= max_tenants_) {
        return absl::ResourceExhaustedError(absl::StrCat(
            "this server already serves ", max_tenants_,
            " tenants besides the default (--max_tenants); cannot open "
            "tenant '",
            tenant, "'"));
      }
      it = entries_.emplace(tenant, std::make_unique<Entry>()).first;
    }
    entry = it->second.get();  // entries are never removed
  }
  absl::MutexLock lock(&entry->mu);
  if (entry->store != nullptr) return entry->store.get();
  auto options = TenantStoreOptions(base_, tenant);
  if (!options.ok()) return options.status();
  options->pool_size = tenant_pool_size_;
  auto store = MetadataStore::Open(*options);
  if (!store.ok()) {
    return absl::Status(store.status().code(),
                        absl::StrCat("cannot open the database of tenant '",
                                     tenant, "': ", store.status().message()));
  }
  LogInfo("opened tenant '", tenant, "' at ", (*store)->describe_target());
  entry->store = *std::move(store);
  return entry->store.get();
}

std::vector<std::string> TenantStores::OpenTenants() const {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> out;
  for (const auto &[name, entry] : entries_) out.push_back(name);
  return out;
}

}  // namespace mlmd::server
