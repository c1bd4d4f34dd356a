// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/service.h"

#include "server/log.h"

namespace mlmd::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

MetadataStoreServiceImpl::MetadataStoreServiceImpl(MetadataStore* store,
                                                   ServerMetrics* metrics,
                                                   const RolePolicy* roles)
    : store_(store),
      metrics_(metrics),
      roles_(roles != nullptr && roles->enabled() ? roles : nullptr) {}

template <typename Request, typename Response>
grpc::Status MetadataStoreServiceImpl::Dispatch(
    const char* rpc_name, bool is_write, grpc::ServerContext* context,
    const Request& request, Response* response,
    absl::Status (MetadataStore::*method)(const Request&, Response*)) {
  const absl::Time start = absl::Now();
  if (metrics_ != nullptr) metrics_->CallStarted();
  absl::Status status;
  if (context->IsCancelled()) {
    status =
        absl::CancelledError("the client cancelled the call before it ran");
  } else if (roles_ != nullptr) {
    status = roles_->Authorize(*context->auth_context(), rpc_name, is_write);
    if (status.ok()) status = (store_->*method)(request, response);
  } else {
    status = (store_->*method)(request, response);
  }
  const absl::Duration took = absl::Now() - start;
  if (metrics_ != nullptr)
    metrics_->CallFinished(rpc_name, status.code(), took);
  if (took >= log_slow_calls_) {
    LogWarning("slow call: ", rpc_name, " took ",
               absl::ToDoubleMilliseconds(took), " ms, ",
               absl::StatusCodeToString(status.code()), ", peer ",
               context->peer());
  }
  if (!status.ok() && (absl::IsInternal(status) || absl::IsDataLoss(status) ||
                       absl::IsUnknown(status))) {
    // Client mistakes are the client's to read; server-side faults are ours.
    LogError(rpc_name, " failed: ", status.ToString());
  }
  return ToGrpcStatus(status);
}

#define MLMD_DEFINE_RPC(Name, is_write)                                        \
  grpc::Status MetadataStoreServiceImpl::Name(                                 \
      grpc::ServerContext* context, const ml_metadata::Name##Request* request, \
      ml_metadata::Name##Response* response) {                                 \
    return Dispatch(#Name, is_write, context, *request, response,              \
                    &MetadataStore::Name);                                     \
  }
#define MLMD_DEFINE_WRITE_RPC(Name) MLMD_DEFINE_RPC(Name, true)
#define MLMD_DEFINE_READ_RPC(Name) MLMD_DEFINE_RPC(Name, false)
MLMD_FOR_EACH_RPC(MLMD_DEFINE_WRITE_RPC, MLMD_DEFINE_READ_RPC)
#undef MLMD_DEFINE_READ_RPC
#undef MLMD_DEFINE_WRITE_RPC
#undef MLMD_DEFINE_RPC

}  // namespace mlmd::server
