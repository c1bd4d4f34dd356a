// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/populate.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/mlmd_util.h"

namespace mlmd::bench {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Event;
using ml_metadata::Execution;
using Clock = std::chrono::steady_clock;

// Output artifact slots of one run.
enum Slot { kRaw, kStats, kTrain, kEval, kModel, kMetrics, kPushed, kSlots };
constexpr int kSource = -1;  // the run's input dataset

struct SlotSpec {
  const char* name;
  absl::string_view type;
};
constexpr SlotSpec kSlotSpecs[kSlots] = {
    {"raw_data", kDatasetType},   {"statistics", kArtifactType},
    {"train_data", kDatasetType}, {"eval_data", kDatasetType},
    {"model", kModelType},        {"metrics", kMetricsType},
    {"pushed_model", kModelType}};

struct TaskSpec {
  const char* name;
  std::vector<int> inputs;  // slots, or kSource
  std::vector<int> outputs;
};
const std::vector<TaskSpec>& Tasks() {
  static const auto* tasks =
      new std::vector<TaskSpec>{{"ingest", {kSource}, {kRaw}},
                                {"validate", {kRaw}, {kStats}},
                                {"transform", {kRaw, kStats}, {kTrain, kEval}},
                                {"train", {kTrain}, {kModel}},
                                {"evaluate", {kModel, kEval}, {kMetrics}},
                                {"push", {kModel, kMetrics}, {kPushed}}};
  return *tasks;
}

// Nodes a run adds besides a fresh source dataset.
constexpr int kNodesPerRun = 1 + 6 + kSlots;

struct TypeIds {
  std::map<std::string, int64_t, std::less<>> artifact;
  int64_t container = 0;
  int64_t dag = 0;
  int64_t run = 0;
};

struct Shared {
  const PopulateOptions* options;
  TypeIds types;
  std::vector<ml_metadata::Context> pipelines;
  std::atomic<int64_t> reserved{0};  // nodes claimed by writers
  std::atomic<int64_t> runs{0}, executions{0}, artifacts{0}, events{0},
      contexts{0};
  std::atomic<int64_t> chunks{0};
  std::atomic<bool> stop{false};
  Clock::time_point deadline;
  std::mutex mu;
  absl::Status first_error;
  StatsSet stats;

  void Fail(absl::Status st) {
    std::lock_guard<std::mutex> lock(mu);
    if (first_error.ok()) first_error = std::move(st);
    stop = true;
  }
};

class ChunkWriter {
 public:
  ChunkWriter(Shared& shared, std::shared_ptr<grpc::Channel> channel, int index)
      : s_(shared),
        stub_(ml_metadata::MetadataStoreService::NewStub(channel)),
        index_(index),
        rng_(0x5EED0000ULL + index) {}

  void Run() {
    Recorder rec(&stats_);
    const int64_t per_chunk =
        static_cast<int64_t>(s_.options->runs_per_call) * kNodesPerRun;
    while (!s_.stop) {
      if (Clock::now() >= s_.deadline) {
        s_.Fail(absl::DeadlineExceededError(absl::StrFormat(
            "stopped at --max_duration_s=%g before reaching --nodes",
            s_.options->max_duration_s)));
        break;
      }
      const int64_t before = s_.reserved.fetch_add(per_chunk);
      if (before >= s_.options->nodes) break;
      const int64_t remaining = s_.options->nodes - before;
      const int runs = static_cast<int>(
          std::clamp<int64_t>((remaining + kNodesPerRun - 1) / kNodesPerRun, 1,
                              s_.options->runs_per_call));
      absl::Status st = WriteChunk(rec, s_.chunks.fetch_add(1), runs);
      if (!st.ok()) {
        s_.Fail(st);
        break;
      }
    }
    std::lock_guard<std::mutex> lock(s_.mu);
    s_.stats.Merge(stats_);
  }

 private:
  struct RunPlan {
    int pipeline = 0;
    int source = 0;  // artifact index in the subgraph request
    int first_execution = 0;
    int first_output = 0;        // index of slot 0; slots follow
    std::vector<int> artifacts;  // every artifact index the run touches
  };

  google::protobuf::Map<std::string, ml_metadata::Value> ArtifactProps(
      absl::string_view display, absl::string_view type) {
    google::protobuf::Map<std::string, ml_metadata::Value> p;
    p["display_name"] = StrValue(display);
    p["store_session_info"] = StrValue(R"({"Provider":"minio"})");
    if (type == kDatasetType) {
      p["row_count"] = IntValue(
          std::uniform_int_distribution<int64_t>(1000, 10000000)(rng_));
    } else if (type == kMetricsType) {
      p["accuracy"] =
          DoubleValue(std::uniform_real_distribution<double>(0.6, 0.99)(rng_));
    } else if (type == kModelType) {
      p["framework"] = StrValue("tensorflow");
    }
    return p;
  }

  absl::Status WriteChunk(Recorder& rec, int64_t chunk, int runs) {
    const std::string prefix =
        absl::StrCat(s_.options->session, "-w", index_, "-c", chunk);
    // 1. Root DAG executions: their ids become the tasks' parent_dag_id.
    ml_metadata::PutExecutionsRequest dags;
    for (int r = 0; r < runs; ++r) {
      Execution* e = dags.add_executions();
      e->set_type_id(s_.types.dag);
      e->set_last_known_state(Execution::COMPLETE);
      auto& p = *e->mutable_custom_properties();
      p["display_name"] = StrValue("");
      p["task_name"] = StrValue("");
      p["total_dag_tasks"] = IntValue(static_cast<int64_t>(Tasks().size()));
    }
    ml_metadata::PutExecutionsResponse dag_resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutExecutions", [&](grpc::ClientContext* c) {
          return stub_->PutExecutions(c, dags, &dag_resp);
        }));
    if (dag_resp.execution_ids_size() != runs) {
      return absl::InternalError("PutExecutions returned too few ids");
    }

    // 2. Every task, artifact and event of the chunk in one subgraph.
    ml_metadata::PutLineageSubgraphRequest sub;
    std::vector<RunPlan> plans(runs);
    std::vector<int> fresh_sources;
    for (int r = 0; r < runs; ++r) {
      RunPlan& plan = plans[r];
      plan.pipeline = static_cast<int>(rng_() % s_.pipelines.size());
      const int choice = static_cast<int>(rng_() % 10);
      if (r > 0 && choice < 5) {
        // Continues from the previous run's raw data: deep lineage.
        plan.source = plans[r - 1].first_output + kRaw;
      } else if (!fresh_sources.empty() && choice < 7) {
        plan.source = fresh_sources[rng_() % fresh_sources.size()];
      } else {
        plan.source = sub.artifacts_size();
        fresh_sources.push_back(plan.source);
        Artifact* a = sub.add_artifacts();
        a->set_type_id(s_.types.artifact.find(kDatasetType)->second);
        a->set_uri(
            absl::StrCat("gs://bench-sources/", prefix, "/", r, "/data.csv"));
        a->set_state(Artifact::LIVE);
        *a->mutable_custom_properties() = ArtifactProps("source", kDatasetType);
      }
      plan.artifacts.push_back(plan.source);
      plan.first_output = sub.artifacts_size();
      for (int slot = 0; slot < kSlots; ++slot) {
        Artifact* a = sub.add_artifacts();
        const SlotSpec& spec = kSlotSpecs[slot];
        a->set_type_id(s_.types.artifact.find(spec.type)->second);
        a->set_uri(absl::StrCat("minio://mlpipeline/v2/artifacts/", prefix,
                                "-r", r, "/", spec.name));
        a->set_state(Artifact::LIVE);
        *a->mutable_custom_properties() = ArtifactProps(spec.name, spec.type);
        plan.artifacts.push_back(plan.first_output + slot);
      }
      plan.first_execution = sub.executions_size();
      const int64_t dag_id = dag_resp.execution_ids(r);
      for (size_t t = 0; t < Tasks().size(); ++t) {
        const TaskSpec& task = Tasks()[t];
        const int exec_index = sub.executions_size();
        Execution* e = sub.add_executions();
        e->set_type_id(s_.types.container);
        e->set_last_known_state(Execution::COMPLETE);
        auto& p = *e->mutable_custom_properties();
        p["display_name"] = StrValue(task.name);
        p["task_name"] = StrValue(task.name);
        p["parent_dag_id"] = IntValue(dag_id);
        p["pod_name"] =
            StrValue(absl::StrCat(prefix, "-r", r, "-", task.name, "-pod"));
        p["namespace"] = StrValue("kubeflow-user");
        p["image"] = StrValue("ghcr.io/kubeflow/bench-trainer:2.3.0");
        p["cache_fingerprint"] = StrValue(HexId(rng_(), 64));
        auto* inputs = p["inputs"].mutable_struct_value()->mutable_fields();
        (*inputs)["epochs"].set_number_value(static_cast<double>(rng_() % 50));
        auto add_edge = [&](int artifact_index, Event::Type type,
                            const char* key) {
          auto* edge = sub.add_event_edges();
          edge->set_execution_index(exec_index);
          edge->set_artifact_index(artifact_index);
          edge->mutable_event()->set_type(type);
          SetEventPathKey(edge->mutable_event(), key);
        };
        for (int in : task.inputs) {
          add_edge(in == kSource ? plan.source : plan.first_output + in,
                   Event::INPUT,
                   in == kSource ? "source" : kSlotSpecs[in].name);
        }
        for (int out : task.outputs) {
          add_edge(plan.first_output + out, Event::OUTPUT,
                   kSlotSpecs[out].name);
        }
      }
    }
    ml_metadata::PutLineageSubgraphResponse sub_resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutLineageSubgraph", [&](grpc::ClientContext* c) {
          return stub_->PutLineageSubgraph(c, sub, &sub_resp);
        }));
    if (sub_resp.execution_ids_size() != sub.executions_size() ||
        sub_resp.artifact_ids_size() != sub.artifacts_size()) {
      return absl::InternalError("PutLineageSubgraph returned too few ids");
    }

    // 3. Run contexts.
    ml_metadata::PutContextsRequest ctx_req;
    for (int r = 0; r < runs; ++r) {
      auto* ctx = ctx_req.add_contexts();
      ctx->set_type_id(s_.types.run);
      ctx->set_name(absl::StrCat(prefix, "-r", r));
      auto& p = *ctx->mutable_custom_properties();
      p["namespace"] = StrValue("kubeflow-user");
      p["resource_name"] = StrValue(absl::StrCat("run-", prefix, "-", r));
      p["pipeline_root"] = StrValue(
          absl::StrCat("minio://mlpipeline/v2/artifacts/", prefix, "-r", r));
    }
    ml_metadata::PutContextsResponse ctx_resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutContexts", [&](grpc::ClientContext* c) {
          return stub_->PutContexts(c, ctx_req, &ctx_resp);
        }));
    if (ctx_resp.context_ids_size() != runs) {
      return absl::InternalError("PutContexts returned too few ids");
    }

    // 4. Every execution and artifact of a run into its run and pipeline
    // contexts (pairs deduplicated: a shared source appears in many runs).
    std::set<std::pair<int64_t, int64_t>> assoc, attr;
    for (int r = 0; r < runs; ++r) {
      const int64_t ctx_ids[] = {ctx_resp.context_ids(r),
                                 s_.pipelines[plans[r].pipeline].id()};
      for (int64_t ctx : ctx_ids) {
        assoc.insert({ctx, dag_resp.execution_ids(r)});
        for (size_t t = 0; t < Tasks().size(); ++t) {
          assoc.insert(
              {ctx, sub_resp.execution_ids(plans[r].first_execution + t)});
        }
        for (int a : plans[r].artifacts) {
          attr.insert({ctx, sub_resp.artifact_ids(a)});
        }
      }
    }
    ml_metadata::PutAttributionsAndAssociationsRequest links;
    for (const auto& [ctx, id] : assoc) {
      auto* a = links.add_associations();
      a->set_context_id(ctx);
      a->set_execution_id(id);
    }
    for (const auto& [ctx, id] : attr) {
      auto* a = links.add_attributions();
      a->set_context_id(ctx);
      a->set_artifact_id(id);
    }
    ml_metadata::PutAttributionsAndAssociationsResponse links_resp;
    BENCH_RETURN_IF_ERROR(TimedRpc(
        rec, "PutAttributionsAndAssociations", [&](grpc::ClientContext* c) {
          return stub_->PutAttributionsAndAssociations(c, links, &links_resp);
        }));

    // 5. Run -> pipeline links.
    ml_metadata::PutParentContextsRequest parents;
    for (int r = 0; r < runs; ++r) {
      auto* link = parents.add_parent_contexts();
      link->set_child_id(ctx_resp.context_ids(r));
      link->set_parent_id(s_.pipelines[plans[r].pipeline].id());
    }
    ml_metadata::PutParentContextsResponse parents_resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutParentContexts", [&](grpc::ClientContext* c) {
          return stub_->PutParentContexts(c, parents, &parents_resp);
        }));

    s_.runs += runs;
    s_.executions += runs + sub.executions_size();
    s_.artifacts += sub.artifacts_size();
    s_.events += sub.event_edges_size();
    s_.contexts += runs;
    return absl::OkStatus();
  }

  Shared& s_;
  std::unique_ptr<Stub> stub_;
  const int index_;
  std::mt19937_64 rng_;
  StatsSet stats_;
};

absl::Status RegisterTypesAndPipelines(Stub& stub, Recorder& rec,
                                       Shared& shared) {
  for (const SlotSpec& spec : kSlotSpecs) {
    if (shared.types.artifact.count(spec.type)) continue;
    auto id = PutArtifactTypeByName(stub, rec, spec.type);
    if (!id.ok()) return id.status();
    shared.types.artifact.emplace(std::string(spec.type), *id);
  }
  auto container = PutExecutionTypeByName(stub, rec, kContainerExecutionType);
  if (!container.ok()) return container.status();
  shared.types.container = *container;
  auto dag = PutExecutionTypeByName(stub, rec, kDagExecutionType);
  if (!dag.ok()) return dag.status();
  shared.types.dag = *dag;
  auto run = PutContextTypeByName(stub, rec, kPipelineRunType);
  if (!run.ok()) return run.status();
  shared.types.run = *run;
  auto pipeline_type = PutContextTypeByName(stub, rec, kPipelineType);
  if (!pipeline_type.ok()) return pipeline_type.status();
  google::protobuf::Map<std::string, ml_metadata::Value> no_props;
  for (int i = 0; i < std::max(1, shared.options->pipelines); ++i) {
    auto ctx = GetOrCreateContext(stub, rec, *pipeline_type, kPipelineType,
                                  absl::StrCat("bench-populate-pipeline-", i),
                                  no_props);
    if (!ctx.ok()) return ctx.status();
    shared.pipelines.push_back(*std::move(ctx));
  }
  return absl::OkStatus();
}

}  // namespace

PopulateResult Populate(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    const PopulateOptions& options) {
  PopulateResult result;
  Shared shared;
  shared.options = &options;
  const Clock::time_point start = Clock::now();
  shared.deadline = start + std::chrono::milliseconds(static_cast<int64_t>(
                                options.max_duration_s * 1000));
  {
    auto stub = ml_metadata::MetadataStoreService::NewStub(channels[0]);
    Recorder rec(&shared.stats);
    result.status = RegisterTypesAndPipelines(*stub, rec, shared);
  }
  if (result.status.ok()) {
    std::vector<std::thread> threads;
    const int n = std::max(1, options.concurrency);
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&shared, &channels, i] {
        ChunkWriter(shared, channels[i % channels.size()], i).Run();
      });
    }
    // Progress until every writer is done (they stop on --nodes, on error
    // or at the deadline).
    std::atomic<bool> done{false};
    std::thread progress([&] {
      Clock::time_point next =
          start + std::chrono::milliseconds(
                      static_cast<int64_t>(options.progress_interval_s * 1000));
      while (!done) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (Clock::now() < next) continue;
        next += std::chrono::milliseconds(
            static_cast<int64_t>(options.progress_interval_s * 1000));
        const double secs =
            std::chrono::duration<double>(Clock::now() - start).count();
        const int64_t nodes = shared.executions + shared.artifacts;
        const double rate = nodes / std::max(secs, 1e-9);
        absl::PrintF(
            "populate: %d / %d nodes (%.1f%%), %d runs, %.0f nodes/s, "
            "ETA %.0f s\n",
            nodes, options.nodes,
            100.0 * nodes / std::max<int64_t>(1, options.nodes),
            shared.runs.load(), rate,
            rate > 0 ? std::max<double>(0, options.nodes - nodes) / rate : 0.0);
        std::fflush(stdout);
      }
    });
    for (auto& t : threads) t.join();
    done = true;
    progress.join();
    result.status = shared.first_error;
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.runs = shared.runs;
  result.executions = shared.executions;
  result.artifacts = shared.artifacts;
  result.events = shared.events;
  result.contexts = shared.contexts;
  result.stats = std::move(shared.stats);
  return result;
}

google::protobuf::Struct PopulateResultToJson(const PopulateResult& r,
                                              const PopulateOptions& options,
                                              const std::string& target) {
  google::protobuf::Struct out;
  auto& f = *out.mutable_fields();
  const double secs = r.seconds > 0 ? r.seconds : 1e-9;
  const int64_t nodes = r.executions + r.artifacts;
  f["workload"] = Str("populate");
  f["target"] = Str(target);
  f["status"] = Str(r.status.ok() ? "OK" : r.status.ToString());
  f["concurrency"] = Num(options.concurrency);
  f["runs_per_call"] = Num(options.runs_per_call);
  f["nodes_requested"] = Num(options.nodes);
  f["seconds"] = Num(r.seconds);
  f["runs"] = Num(r.runs);
  f["executions"] = Num(r.executions);
  f["artifacts"] = Num(r.artifacts);
  f["events"] = Num(r.events);
  f["contexts"] = Num(r.contexts);
  f["items_name"] = Str("nodes");
  f["items"] = Num(nodes);
  f["items_per_s"] = Num(nodes / secs);
  f["nodes_per_s"] = Num(nodes / secs);
  f["rpcs"] = Num(r.stats.TotalCalls());
  f["errors"] = CodeCountsToJson(r.stats.TotalErrors());
  google::protobuf::Value per_rpc;
  auto* rpc_fields = per_rpc.mutable_struct_value()->mutable_fields();
  for (const auto& [name, s] : r.stats.all()) {
    (*rpc_fields)[name] = RpcStatsToJson(s);
  }
  f["rpcs_by_name"] = per_rpc;
  return out;
}

}  // namespace mlmd::bench
