// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The gRPC face of the store: ml_metadata.MetadataStoreService. Each RPC
// forwards to the MetadataStore method of the same name; the shared plumbing
// (roles, status mapping, metrics, logging of failures) is RpcDispatcher's.
#ifndef MLMD_SERVER_SERVICE_H_
#define MLMD_SERVER_SERVICE_H_

#include <atomic>

#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"
#include "server/rpc_dispatch.h"
#include "server/rpc_list.h"
#include "store/store.h"

namespace mlmd::server {

class MetadataStoreServiceImpl final
    : public ml_metadata::MetadataStoreService::Service {
 public:
  // `dispatcher` (which names the store) must outlive the service.
  explicit MetadataStoreServiceImpl(const RpcDispatcher *dispatcher)
      : dispatcher_(dispatcher) {}

#define MLMD_DECLARE_RPC(Name)                                 \
  grpc::Status Name(grpc::ServerContext *context,              \
                    const ml_metadata::Name##Request *request, \
                    ml_metadata::Name##Response *response) override;
  MLMD_FOR_EACH_RPC(MLMD_DECLARE_RPC, MLMD_DECLARE_RPC)
#undef MLMD_DECLARE_RPC

 private:
  const RpcDispatcher *dispatcher_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_SERVICE_H_
