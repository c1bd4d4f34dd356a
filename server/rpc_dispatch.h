// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The plumbing every RPC of every service shares, written once: the
// cancelled-before-start check, the role check, metrics, the slow-call log,
// logging of server-side faults and the one mapping of absl::Status to a
// gRPC status. MetadataStoreService and our own services (admin, cache, ...)
// all run their bodies through one RpcDispatcher.
#ifndef MLMD_SERVER_RPC_DISPATCH_H_
#define MLMD_SERVER_RPC_DISPATCH_H_

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "server/metrics.h"
#include "server/roles.h"
#include "server/tenancy.h"
#include "store/store.h"

namespace mlmd::server {

// Maps a store status to the gRPC status with the same code and message.
grpc::Status ToGrpcStatus(const absl::Status &status);

class RpcDispatcher {
 public:
  // `store` is the store every call runs against. `metrics` (null: none)
  // and `roles` (null: everyone may call every read and write RPC, and no
  // admin RPC) must outlive the dispatcher, as must `store`.
  RpcDispatcher(MetadataStore *store, ServerMetrics *metrics,
                const RolePolicy *roles)
      : store_(store), metrics_(metrics), roles_(roles) {}

  // Calls at least `threshold` long are logged as warnings with their
  // duration, status and peer (InfiniteDuration: none, the default).
  void set_log_slow_calls(absl::Duration threshold) {
    log_slow_calls_ = threshold;
  }

  // Resolves identity and tenant of every call (server/tenancy.h) and runs
  // it on that tenant's store instead of `store`; null: off. Must outlive
  // the dispatcher.
  void set_tenancy(const TenantResolver *tenancy) { tenancy_ = tenancy; }

  // Runs `body` with the store this call may use, for the RPC `rpc_name`,
  // when the caller may make it, and returns the status to send.
  // Thread-safe.
  using Body = absl::FunctionRef<absl::Status(MetadataStore &store)>;
  grpc::Status Run(const char *rpc_name, RpcAccess access,
                   grpc::ServerContext *context, Body body) const;

 private:
  MetadataStore *store_;
  ServerMetrics *metrics_;
  const RolePolicy *roles_;
  const TenantResolver *tenancy_ = nullptr;
  absl::Duration log_slow_calls_ = absl::InfiniteDuration();
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_RPC_DISPATCH_H_
