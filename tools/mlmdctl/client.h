// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The connection to an MLMD server: channel (plain or TLS), per-call
// metadata (bearer token, tenant), deadline, and the one place where a gRPC
// failure becomes a message a person can act on.
#ifndef MLMD_TOOLS_MLMDCTL_CLIENT_H_
#define MLMD_TOOLS_MLMDCTL_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"
#include "tools/mlmdctl/args.h"

namespace mlmdctl {

using Stub = ml_metadata::MetadataStoreService::Stub;

class Client {
 public:
  // Reads --server ($MLMD_SERVER, default 127.0.0.1:8080), --tls_ca,
  // --tls_cert, --tls_key, --tls_server_name, --token, --token_file,
  // --tenant and --timeout (seconds, default 30). Fails with a usage error
  // for unreadable files or inconsistent TLS flags. Connects lazily.
  static absl::StatusOr<std::unique_ptr<Client>> FromArgs(Args &args);

  const std::string &address() const { return address_; }

  // Calls `method` with the token, tenant and deadline attached. A failure
  // keeps its gRPC code and says which server and RPC failed, e.g.
  // "server 127.0.0.1:8080: GetArtifacts: INVALID_ARGUMENT: ...".
  template <typename Req, typename Resp>
  absl::Status Call(const char *rpc,
                    grpc::Status (Stub::*method)(grpc::ClientContext *,
                                                 const Req &, Resp *),
                    const Req &request, Resp *response) {
    grpc::ClientContext context;
    Prepare(&context);
    return ToStatus(rpc, ((*stub_).*method)(&context, request, response));
  }

 private:
  void Prepare(grpc::ClientContext *context) const;
  absl::Status ToStatus(const char *rpc, const grpc::Status &status) const;

  std::string address_;
  std::string token_;
  std::string tenant_;
  std::chrono::milliseconds timeout_{30000};
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace mlmdctl

#endif  // MLMD_TOOLS_MLMDCTL_CLIENT_H_
