// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// grpc-web over HTTP/1.1 on its own port, in place of the Envoy proxy
// (metadata-envoy) that Kubeflow's UI talks to. Each POST /<service>/<method>
// is unwrapped and forwarded to the running gRPC server over its in-process
// channel, so it meets the same dispatcher (roles, metrics, slow-call log,
// status mapping) as a native gRPC call. CORS answers as Kubeflow's Envoy
// config does. Unary calls only: MLMD has no streaming RPC.
#ifndef MLMD_SERVER_GRPC_WEB_H_
#define MLMD_SERVER_GRPC_WEB_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"

struct mg_context;
struct mg_connection;

namespace mlmd::server {

struct GrpcWebOptions {
  std::string address;  // "host:port"
  // The largest request message accepted; bigger ones get
  // RESOURCE_EXHAUSTED.
  size_t max_request_bytes = 4 << 20;
  int threads = 16;  // HTTP worker threads
};

class GrpcWebEndpoint {
 public:
  // Listens on `options.address` and forwards calls to `server`, which must
  // outlive the endpoint. Fails when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<GrpcWebEndpoint>> Start(
      const GrpcWebOptions &options, grpc::Server *server);

  // Stops accepting and waits for in-flight HTTP requests.
  ~GrpcWebEndpoint();

  GrpcWebEndpoint(const GrpcWebEndpoint &) = delete;
  GrpcWebEndpoint &operator=(const GrpcWebEndpoint &) = delete;

 private:
  GrpcWebEndpoint(const GrpcWebOptions &options,
                  std::shared_ptr<grpc::Channel> channel);
  static int HandleRequest(mg_connection *conn, void *self);
  void Handle(mg_connection *conn);

  GrpcWebOptions options_;
  grpc::GenericStub stub_;
  mg_context *http_ = nullptr;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_GRPC_WEB_H_
