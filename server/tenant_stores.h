// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The open store of every tenant in use. The default tenant's store is the
// one the server opened at start; any other tenant's database is opened on
// its first call (and created unless the backend is told not to), with its
// own small pool, and kept open for the life of the server.
#ifndef MLMD_SERVER_TENANT_STORES_H_
#define MLMD_SERVER_TENANT_STORES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "store/store.h"

namespace mlmd::server {

class TenantStores {
 public:
  // `default_store` must outlive this object. Tenant stores are opened with
  // `base` (connection derived per tenant, tenant_config.h) and a pool of
  // `tenant_pool_size` connections; at most `max_tenants` besides the
  // default are opened.
  TenantStores(MetadataStore *default_store, StoreOptions base,
               int tenant_pool_size, int max_tenants)
      : default_store_(default_store),
        base_(std::move(base)),
        tenant_pool_size_(tenant_pool_size),
        max_tenants_(max_tenants) {}

  // The store of `tenant` (a validated name), opening it on first use.
  // RESOURCE_EXHAUSTED past --max_tenants; the open's error (UNAVAILABLE,
  // FAILED_PRECONDITION, ...) when the database cannot be opened, retried on
  // the next call. Thread-safe; a first open blocks only that tenant.
  absl::StatusOr<MetadataStore *> Get(const std::string &tenant);

  // Tenants opened so far besides the default, for metrics and logs.
  std::vector<std::string> OpenTenants() const;

 private:
  struct Entry {
    absl::Mutex mu;
    std::unique_ptr<MetadataStore> store ABSL_GUARDED_BY(mu);
  };

  MetadataStore *const default_store_;
  const StoreOptions base_;
  const int tenant_pool_size_;
  const int max_tenants_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<Entry>> entries_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_TENANT_STORES_H_
