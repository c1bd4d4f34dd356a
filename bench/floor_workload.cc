// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The `floor` workload: what an RPC costs when the database does nothing.
// Each operation is one PutEvents with an empty event list, an upstream RPC
// that passes through everything the server does around a call (gRPC,
// authentication and roles, metrics, status mapping) and returns before the
// store opens a transaction or takes a pooled connection. Its throughput at
// 1 and 8 clients bounds what any workload can reach on this machine.
#include "bench/grpc_client.h"
#include "bench/workloads.h"

namespace mlmd::bench {
namespace {

class FloorWorker : public Worker {
 public:
  explicit FloorWorker(std::shared_ptr<grpc::Channel> channel)
      : stub_(ml_metadata::MetadataStoreService::NewStub(channel)) {}

  absl::StatusOr<int64_t> RunOnce(Recorder& rec) override {
    const ml_metadata::PutEventsRequest req;
    ml_metadata::PutEventsResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutEvents(empty)", [&](grpc::ClientContext* c) {
          return stub_->PutEvents(c, req, &resp);
        }));
    return 1;
  }

 private:
  std::unique_ptr<Stub> stub_;
};

}  // namespace

std::unique_ptr<Worker> MakeFloorWorker(
    std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<FloorWorker>(std::move(channel));
}

}  // namespace mlmd::bench
