// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// gRPC plumbing shared by the client tools: channels to the server under
// test and a timed unary call that records its latency and status code.
// Only the upstream MetadataStoreService API is used, so the tools run
// unchanged against Google's metadata_store_server.
#ifndef MLMD_BENCH_GRPC_CLIENT_H_
#define MLMD_BENCH_GRPC_CLIENT_H_

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "bench/stats.h"
#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"

namespace mlmd::bench {

using Stub = ml_metadata::MetadataStoreService::Stub;

#define BENCH_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::absl::Status bench_status_ = (expr);         \
    if (!bench_status_.ok()) return bench_status_; \
  } while (0)

enum class ChannelMode { kShared, kPerThread };

// "shared" or "per_thread".
absl::StatusOr<ChannelMode> ParseChannelMode(absl::string_view text);
std::string ChannelModeName(ChannelMode mode);

// `count` channels to `target` (count 1 in shared mode), each connected
// within `connect_timeout_s`. Per-thread channels get their own TCP
// connection (gRPC would otherwise share one subchannel between them).
absl::StatusOr<std::vector<std::shared_ptr<grpc::Channel>>> MakeChannels(
    const std::string& target, ChannelMode mode, int count,
    double connect_timeout_s);

// Deadline applied to every call made through TimedRpc.
void SetRpcTimeout(double seconds);
double RpcTimeout();

// Metadata sent with every call made through TimedRpc: a bearer token
// (`authorization`) and a tenant (`x-mlmd-tenant`); empty: not sent.
void SetCallIdentity(std::string token, std::string tenant);
void AddCallIdentity(grpc::ClientContext* ctx);

// The gRPC status as an absl::Status whose message names the RPC.
absl::Status FromGrpc(absl::string_view rpc, const grpc::Status& status);

// Makes one unary call `call(ClientContext*) -> grpc::Status`, records its
// latency and code under `rpc`, and returns the status. Codes listed in
// `expected` are recorded as handled rather than as errors (the caller
// still sees them).
template <typename Call>
absl::Status TimedRpc(Recorder& rec, absl::string_view rpc, Call&& call,
                      std::initializer_list<grpc::StatusCode> expected = {}) {
  grpc::ClientContext ctx;
  ctx.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(static_cast<int64_t>(RpcTimeout() * 1000)));
  AddCallIdentity(&ctx);
  auto t0 = std::chrono::steady_clock::now();
  grpc::Status status = call(&ctx);
  auto t1 = std::chrono::steady_clock::now();
  bool is_expected = false;
  for (grpc::StatusCode c : expected) is_expected |= status.error_code() == c;
  rec.Record(rpc,
             static_cast<uint64_t>(
                 std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0)
                     .count()),
             static_cast<int>(status.error_code()), is_expected);
  return FromGrpc(rpc, status);
}

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_GRPC_CLIENT_H_
