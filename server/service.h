// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The gRPC face of the store: ml_metadata.MetadataStoreService. Each RPC
// forwards to the MetadataStore method of the same name; the shared plumbing
// (roles, status mapping, metrics, logging of failures) is written once
// in Dispatch().
#ifndef MLMD_SERVER_SERVICE_H_
#define MLMD_SERVER_SERVICE_H_

#include <atomic>

#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"
#include "server/metrics.h"
#include "server/roles.h"
#include "server/rpc_list.h"
#include "store/store.h"

namespace mlmd::server {

// Maps a store status to the gRPC status with the same code and message.
grpc::Status ToGrpcStatus(const absl::Status& status);

class MetadataStoreServiceImpl final
    : public ml_metadata::MetadataStoreService::Service {
 public:
  // `store`, `metrics` (null: no metrics) and `roles` (null: everyone may
  // call everything) must outlive the service.
  explicit MetadataStoreServiceImpl(MetadataStore* store,
                                    ServerMetrics* metrics = nullptr,
                                    const RolePolicy* roles = nullptr);

  // Calls taking at least `threshold` are logged as warnings with their
  // duration and status (InfiniteDuration: none, the default).
  void set_log_slow_calls(absl::Duration threshold) {
    log_slow_calls_ = threshold;
  }

#define MLMD_DECLARE_RPC(Name)                                 \
  grpc::Status Name(grpc::ServerContext* context,              \
                    const ml_metadata::Name##Request* request, \
                    ml_metadata::Name##Response* response) override;
  MLMD_FOR_EACH_RPC(MLMD_DECLARE_RPC, MLMD_DECLARE_RPC)
#undef MLMD_DECLARE_RPC

 private:
  template <typename Request, typename Response>
  grpc::Status Dispatch(const char* rpc_name, bool is_write,
                        grpc::ServerContext* context, const Request& request,
                        Response* response,
                        absl::Status (MetadataStore::*method)(const Request&,
                                                              Response*));

  MetadataStore* store_;
  ServerMetrics* metrics_;
  const RolePolicy* roles_;
  absl::Duration log_slow_calls_ = absl::InfiniteDuration();
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_SERVICE_H_
