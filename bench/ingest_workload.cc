// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "absl/strings/str_cat.h"
#include "bench/mlmd_util.h"
#include "bench/workloads.h"

namespace mlmd::bench {
namespace {

class IngestWorker : public Worker {
 public:
  IngestWorker(std::shared_ptr<grpc::Channel> channel, int batch,
               std::string session, int index)
      : stub_(ml_metadata::MetadataStoreService::NewStub(channel)),
        batch_(std::max(1, batch)),
        session_(std::move(session)),
        index_(index) {}

  absl::StatusOr<int64_t> RunOnce(Recorder& rec) override {
    if (type_id_ == 0) {
      auto id = PutArtifactTypeByName(*stub_, rec, kIngestArtifactType);
      if (!id.ok()) return id.status();
      type_id_ = *id;
    }
    ml_metadata::PutArtifactsRequest req;
    for (int i = 0; i < batch_; ++i) {
      const int64_t n = next_++;
      ml_metadata::Artifact* a = req.add_artifacts();
      a->set_type_id(type_id_);
      a->set_name(absl::StrCat(session_, "-t", index_, "-", n));
      a->set_uri(absl::StrCat("s3://bench-ingest/", session_, "/t", index_,
                              "/part-", n, ".parquet"));
      a->set_state(ml_metadata::Artifact::LIVE);
      auto& p = *a->mutable_custom_properties();
      p["owner"] = StrValue(absl::StrCat("team-", n % 7));
      p["split"] = StrValue(n % 5 == 0 ? "eval" : "train");
      p["row_count"] = IntValue(1000 + (n * 7919) % 100000);
      p["quality"] = DoubleValue(0.5 + (n % 50) / 100.0);
      p["checksum"] = StrValue(HexId(
          static_cast<uint64_t>(n) ^ (static_cast<uint64_t>(index_) << 48),
          40));
    }
    ml_metadata::PutArtifactsResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutArtifacts", [&](grpc::ClientContext* c) {
          return stub_->PutArtifacts(c, req, &resp);
        }));
    if (resp.artifact_ids_size() != batch_) {
      return absl::InternalError(
          absl::StrCat("PutArtifacts returned ", resp.artifact_ids_size(),
                       " ids for ", batch_, " artifacts"));
    }
    return batch_;
  }

 private:
  std::unique_ptr<Stub> stub_;
  const int batch_;
  const std::string session_;
  const int index_;
  int64_t type_id_ = 0;
  int64_t next_ = 0;
};

}  // namespace

std::unique_ptr<Worker> MakeIngestWorker(std::shared_ptr<grpc::Channel> channel,
                                         int batch, const std::string& session,
                                         int index) {
  return std::make_unique<IngestWorker>(std::move(channel), batch, session,
                                        index);
}

}  // namespace mlmd::bench
