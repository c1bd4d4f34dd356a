// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/grpc_client.h"

#include <atomic>

namespace mlmd::bench {
namespace {

std::atomic<double> rpc_timeout_s{60.0};

}  // namespace

absl::StatusOr<ChannelMode> ParseChannelMode(absl::string_view text) {
  if (text == "shared") return ChannelMode::kShared;
  if (text == "per_thread") return ChannelMode::kPerThread;
  return absl::InvalidArgumentError(absl::StrCat(
      "--channel_mode must be shared or per_thread, got '", text, "'"));
}

std::string ChannelModeName(ChannelMode mode) {
  return mode == ChannelMode::kShared ? "shared" : "per_thread";
}

absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> MakeChannels(
    const std::string& target, ChannelMode mode, int count,
    double connect_timeout_s) {
  if (mode == ChannelMode::kShared) count = 1;
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    // Lineage graphs and big listings can exceed the 4 MB default.
    args.SetMaxReceiveMessageSize(-1);
    args.SetMaxSendMessageSize(-1);
    if (mode == ChannelMode::kPerThread) {
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    }
    auto channel = grpc::CreateCustomChannel(
        target, grpc::InsecureChannelCredentials(), args);
    auto deadline = std::chrono::system_clock::now() +
                    std::chrono::milliseconds(
                        static_cast<int64_t>(connect_timeout_s * 1000));
    if (!channel->WaitForConnected(deadline)) {
      return absl::UnavailableError(absl::StrCat(
          "cannot connect to ", target, " within ", connect_timeout_s, " s"));
    }
    channels.push_back(std::move(channel));
  }
  return channels;
}

void SetRpcTimeout(double seconds) { rpc_timeout_s = seconds; }

namespace {
// Set once before the workers start, read-only afterwards.
std::string call_authorization, call_tenant;
}  // namespace

void SetCallIdentity(std::string token, std::string tenant) {
  call_authorization = token.empty() ? "" : "Bearer " + token;
  call_tenant = std::move(tenant);
}

void AddCallIdentity(grpc::ClientContext* ctx) {
  if (!call_authorization.empty()) {
    ctx->AddMetadata("authorization", call_authorization);
  }
  if (!call_tenant.empty()) ctx->AddMetadata("x-mlmd-tenant", call_tenant);
}
double RpcTimeout() { return rpc_timeout_s; }

absl::Status FromGrpc(absl::string_view rpc, const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(rpc, ": ", status.error_message()));
}

}  // namespace mlmd::bench
