// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "absl/strings/str_cat.h"
#include "bench/mlmd_util.h"
#include "bench/workloads.h"

namespace mlmd::bench {

absl::StatusOr<std::vector<int64_t>> FindModelIds(Stub& stub, Recorder& rec,
                                                  int limit) {
  std::vector<int64_t> ids;
  ml_metadata::GetArtifactsByTypeRequest req;
  req.set_type_name(std::string(kModelType));
  auto* options = req.mutable_options();
  options->set_max_result_size(100);
  options->mutable_order_by_field()->set_field(
      ml_metadata::ListOperationOptions::OrderByField::ID);
  options->mutable_order_by_field()->set_is_asc(false);
  // Bounded: at most limit/100 + 1 pages.
  for (int page = 0;
       page <= limit / 100 && static_cast<int>(ids.size()) < limit; ++page) {
    ml_metadata::GetArtifactsByTypeResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "GetArtifactsByType", [&](grpc::ClientContext* c) {
          return stub.GetArtifactsByType(c, req, &resp);
        }));
    for (const auto& a : resp.artifacts()) {
      if (static_cast<int>(ids.size()) < limit) ids.push_back(a.id());
    }
    if (resp.next_page_token().empty()) break;
    options->set_next_page_token(resp.next_page_token());
  }
  return ids;
}

namespace {

class LineageWorker : public Worker {
 public:
  LineageWorker(std::shared_ptr<grpc::Channel> channel,
                const LineageOptions& options,
                std::shared_ptr<const std::vector<int64_t>> model_ids,
                int index)
      : stub_(ml_metadata::MetadataStoreService::NewStub(channel)),
        options_(options),
        model_ids_(std::move(model_ids)),
        counter_(static_cast<uint64_t>(index) * 7919) {}

  absl::StatusOr<int64_t> RunOnce(Recorder& rec) override {
    if (model_ids_->empty()) {
      return absl::FailedPreconditionError("no model to start lineage from");
    }
    const uint64_t n = counter_++;
    const int64_t model =
        (*model_ids_)[(n * 2654435761ULL) % model_ids_->size()];
    bool subgraph =
        options_.kind == "subgraph" || (options_.kind == "both" && n % 2 == 0);
    return subgraph ? Subgraph(rec, model) : Graph(rec, model);
  }

 private:
  absl::StatusOr<int64_t> Subgraph(Recorder& rec, int64_t model) {
    ml_metadata::GetLineageSubgraphRequest req;
    auto* q = req.mutable_lineage_subgraph_query_options();
    q->mutable_starting_artifacts()->set_filter_query(
        absl::StrCat("id = ", model));
    q->set_max_num_hops(options_.max_num_hops);
    q->set_direction(ml_metadata::LineageSubgraphQueryOptions::UPSTREAM);
    ml_metadata::GetLineageSubgraphResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "GetLineageSubgraph", [&](grpc::ClientContext* c) {
          return stub_->GetLineageSubgraph(c, req, &resp);
        }));
    const auto& g = resp.lineage_subgraph();
    return g.artifacts_size() + g.executions_size();
  }

  absl::StatusOr<int64_t> Graph(Recorder& rec, int64_t model) {
    ml_metadata::GetLineageGraphRequest req;
    auto* o = req.mutable_options();
    o->mutable_artifacts_options()->set_filter_query(
        absl::StrCat("id = ", model));
    o->mutable_stop_conditions()->set_max_num_hops(options_.max_num_hops);
    o->set_max_node_size(options_.graph_max_nodes);
    ml_metadata::GetLineageGraphResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "GetLineageGraph", [&](grpc::ClientContext* c) {
          return stub_->GetLineageGraph(c, req, &resp);
        }));
    const auto& g = resp.subgraph();
    return g.artifacts_size() + g.executions_size();
  }

  std::unique_ptr<Stub> stub_;
  const LineageOptions options_;
  std::shared_ptr<const std::vector<int64_t>> model_ids_;
  uint64_t counter_;
};

}  // namespace

std::unique_ptr<Worker> MakeLineageWorker(
    std::shared_ptr<grpc::Channel> channel, const LineageOptions& options,
    std::shared_ptr<const std::vector<int64_t>> model_ids, int index) {
  return std::make_unique<LineageWorker>(std::move(channel), options,
                                         std::move(model_ids), index);
}

}  // namespace mlmd::bench
