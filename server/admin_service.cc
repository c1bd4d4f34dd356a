// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/admin_service.h"

namespace mlmd::server {

grpc::Status AdminServiceImpl::DeletePipelineRuns(
    grpc::ServerContext *context,
    const mlmd_server::admin::v1::DeletePipelineRunsRequest *request,
    mlmd_server::admin::v1::DeletePipelineRunsResponse *response) {
  return dispatcher_->Run("DeletePipelineRuns", RpcAccess::kAdmin, context,
                          [&](MetadataStore &store) {
                            RetentionHooks hooks;
                            if (metrics_ != nullptr) hooks = metrics_->Hooks();
                            absl::Status st = store.DeletePipelineRuns(
                                *request, response, hooks);
                            if (metrics_ != nullptr)
                              metrics_->Finished(st, response->report());
                            return st;
                          });
}

grpc::Status AdminServiceImpl::PurgePipelineRuns(
    grpc::ServerContext *context,
    const mlmd_server::admin::v1::PurgePipelineRunsRequest *request,
    mlmd_server::admin::v1::PurgePipelineRunsResponse *response) {
  return dispatcher_->Run("PurgePipelineRuns", RpcAccess::kAdmin, context,
                          [&](MetadataStore &store) {
                            RetentionHooks hooks;
                            if (metrics_ != nullptr) hooks = metrics_->Hooks();
                            absl::Status st = store.PurgePipelineRuns(
                                *request, response, hooks);
                            if (metrics_ != nullptr)
                              metrics_->Finished(st, response->report());
                            return st;
                          });
}

}  // namespace mlmd::server
