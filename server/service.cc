// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/service.h"

namespace mlmd::server {

#define MLMD_DEFINE_RPC(Name, access)                                          \
  grpc::Status MetadataStoreServiceImpl::Name(                                 \
      grpc::ServerContext *context, const ml_metadata::Name##Request *request, \
      ml_metadata::Name##Response *response) {                                 \
    return dispatcher_->Run(                                                   \
        #Name, access, context,                                                \
        [&](MetadataStore &store) { return store.Name(*request, response); }); \
  }
#define MLMD_DEFINE_WRITE_RPC(Name) MLMD_DEFINE_RPC(Name, RpcAccess::kWrite)
#define MLMD_DEFINE_READ_RPC(Name) MLMD_DEFINE_RPC(Name, RpcAccess::kRead)
MLMD_FOR_EACH_RPC(MLMD_DEFINE_WRITE_RPC, MLMD_DEFINE_READ_RPC)
#undef MLMD_DEFINE_READ_RPC
#undef MLMD_DEFINE_WRITE_RPC
#undef MLMD_DEFINE_RPC

}  // namespace mlmd::server
