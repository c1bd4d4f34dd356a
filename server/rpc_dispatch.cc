// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/rpc_dispatch.h"

#include "server/log.h"

namespace mlmd::server {

grpc::Status ToGrpcStatus(const absl::Status &status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

grpc::Status RpcDispatcher::Run(const char *rpc_name, RpcAccess access,
                                grpc::ServerContext *context, Body body) const {
  const absl::Time start = absl::Now();
  if (metrics_ != nullptr) metrics_->CallStarted();
  absl::Status status;
  std::string identity, tenant;
  if (context->IsCancelled()) {
    status =
        absl::CancelledError("the client cancelled the call before it ran");
  } else if (tenancy_ != nullptr) {
    auto target = tenancy_->Resolve(*context, rpc_name, access, &identity);
    if (target.ok()) {
      tenant = std::move(target->tenant);
      if (metrics_ != nullptr) metrics_->TenantCall(tenant);
      status = body(*target->store);
    } else {
      status = target.status();
    }
  } else {
    if (roles_ != nullptr) {
      status = roles_->Authorize(*context->auth_context(), rpc_name, access);
    } else if (access == RpcAccess::kAdmin) {
      status = absl::PermissionDeniedError(absl::StrCat(
          rpc_name, " is an admin RPC and no admin is configured"));
    }
    if (status.ok()) status = body(*store_);
  }
  const absl::Duration took = absl::Now() - start;
  if (metrics_ != nullptr)
    metrics_->CallFinished(rpc_name, status.code(), took);
  if (took >= log_slow_calls_) {
    LogWarning("slow call: ", rpc_name, " took ",
               absl::ToDoubleMilliseconds(took), " ms, ",
               absl::StatusCodeToString(status.code()), ", peer ",
               context->peer(), identity.empty() ? "" : ", identity ", identity,
               tenant.empty() ? "" : ", tenant ", tenant);
  }
  if (!status.ok() && (absl::IsInternal(status) || absl::IsDataLoss(status) ||
                       absl::IsUnknown(status))) {
    // Client mistakes are the client's to read; server-side faults are ours.
    LogError(rpc_name, " failed: ", status.ToString());
  }
  return ToGrpcStatus(status);
}

}  // namespace mlmd::server
