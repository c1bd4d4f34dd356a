// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Starts the real mlmd-server binary as a child process for end-to-end tests
// and gives tests a gRPC stub to it.
#ifndef MLMD_TEST_SERVER_PROCESS_H_
#define MLMD_TEST_SERVER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"

namespace mlmd::testing {

// grpc.health.v1 status of `service` ("" = whole server): 1 SERVING,
// 2 NOT_SERVING, 0 UNKNOWN, negative gRPC error code when the call failed.
int HealthStatus(const std::shared_ptr<grpc::Channel>& channel,
                 const std::string& service = "");

// A port that was free a moment ago on 127.0.0.1.
int PickFreePort();

// A fresh empty directory under TEST_TMPDIR.
std::string MakeTempDir(const std::string& prefix);

// GET http://127.0.0.1:<port><path> (HTTP/1.0): the whole response, headers
// included, or "" when nothing answers.
std::string HttpGet(int port, const std::string& path);

class ServerProcess {
 public:
  // Runs MLMD_SERVER_BINARY with `args` plus --grpc_port=<free port> and
  // --listen_host=127.0.0.1, `env` entries ("K=V") added to the environment.
  // Waits until the gRPC health service answers SERVING (or the process
  // exits, or `timeout_s` passes).
  // `credentials` (default: insecure) are what the test's channel uses.
  static absl::StatusOr<std::unique_ptr<ServerProcess>> Start(
      std::vector<std::string> args, std::vector<std::string> env = {},
      int timeout_s = 30,
      std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

  // Runs the binary to completion (for start-up failures); returns the exit
  // code and fills `output` with what it printed.
  static int RunToExit(std::vector<std::string> args, std::string* output,
                       std::vector<std::string> env = {}, int timeout_s = 30);

  ~ServerProcess();  // SIGKILLs the process if still running

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const;
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  ml_metadata::MetadataStoreService::Stub& stub() { return *stub_; }

  // Sends `signal`, waits for exit; returns the exit code (128+n if killed).
  int Stop(int signal, int timeout_s = 40);
  // Everything the server printed so far (stdout and stderr).
  std::string Output() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string log_path_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<ml_metadata::MetadataStoreService::Stub> stub_;
};

}  // namespace mlmd::testing

#endif  // MLMD_TEST_SERVER_PROCESS_H_
