// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/cache_service.h"

namespace mlmd::server {

grpc::Status CacheServiceImpl::LookupCachedExecution(
    grpc::ServerContext* context,
    const ::mlmd_server::cache::v1::LookupCachedExecutionRequest* request,
    ::mlmd_server::cache::v1::LookupCachedExecutionResponse* response) {
  return dispatcher_->Run("LookupCachedExecution", RpcAccess::kRead, context,
                          [&](MetadataStore& store) {
                            return store.LookupCachedExecution(*request,
                                                               response);
                          });
}

}  // namespace mlmd::server
