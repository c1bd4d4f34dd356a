// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd_server.admin.v1.AdminService: retention over gRPC. Every RPC runs
// through the RpcDispatcher as an admin RPC (RpcAccess::kAdmin).
#ifndef MLMD_SERVER_ADMIN_SERVICE_H_
#define MLMD_SERVER_ADMIN_SERVICE_H_

#include "mlmd_server/admin/v1/admin.grpc.pb.h"
#include "server/retention_metrics.h"
#include "server/rpc_dispatch.h"

namespace mlmd::server {

class AdminServiceImpl final
    : public mlmd_server::admin::v1::AdminService::Service {
 public:
  // Both must outlive the service; `metrics` may be null.
  AdminServiceImpl(const RpcDispatcher *dispatcher, RetentionMetrics *metrics)
      : dispatcher_(dispatcher), metrics_(metrics) {}

  grpc::Status DeletePipelineRuns(
      grpc::ServerContext *context,
      const mlmd_server::admin::v1::DeletePipelineRunsRequest *request,
      mlmd_server::admin::v1::DeletePipelineRunsResponse *response) override;
  grpc::Status PurgePipelineRuns(
      grpc::ServerContext *context,
      const mlmd_server::admin::v1::PurgePipelineRunsRequest *request,
      mlmd_server::admin::v1::PurgePipelineRunsResponse *response) override;

 private:
  const RpcDispatcher *dispatcher_;
  RetentionMetrics *metrics_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_ADMIN_SERVICE_H_
