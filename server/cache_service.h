// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd_server.cache.v1.CacheService: the cache-fingerprint lookup Kubeflow
// Pipelines' driver needs, answered by MetadataStore::LookupCachedExecution.
// A read RPC, run through RpcDispatcher like every other.
#ifndef MLMD_SERVER_CACHE_SERVICE_H_
#define MLMD_SERVER_CACHE_SERVICE_H_

#include "grpcpp/grpcpp.h"
#include "mlmd_server/cache/v1/cache.grpc.pb.h"
#include "server/rpc_dispatch.h"

namespace mlmd::server {

class CacheServiceImpl final
    : public ::mlmd_server::cache::v1::CacheService::Service {
 public:
  // `dispatcher` (which names the store) must outlive the service.
  explicit CacheServiceImpl(const RpcDispatcher* dispatcher)
      : dispatcher_(dispatcher) {}

  grpc::Status LookupCachedExecution(
      grpc::ServerContext* context,
      const ::mlmd_server::cache::v1::LookupCachedExecutionRequest* request,
      ::mlmd_server::cache::v1::LookupCachedExecutionResponse* response)
      override;

 private:
  const RpcDispatcher* dispatcher_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_CACHE_SERVICE_H_
