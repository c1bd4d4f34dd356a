// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/kfp_workload.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "bench/mlmd_util.h"

namespace mlmd::bench {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::PutExecutionRequest;

constexpr int kMaxPages = 100;  // bound on listing pages per task

class KfpDriver : public Worker {
 public:
  KfpDriver(std::shared_ptr<grpc::Channel> channel, const KfpOptions& options,
            int index)
      : stub_(ml_metadata::MetadataStoreService::NewStub(channel)),
        options_(options),
        index_(index) {}

  absl::StatusOr<int64_t> RunOnce(Recorder& rec) override {
    absl::Status st = RunTask(rec);
    if (!st.ok()) {
      task_in_run_ = 0;  // start a fresh run after a failure
      return st;
    }
    task_in_run_ = (task_in_run_ + 1) % std::max(1, options_.tasks_per_run);
    return 1;
  }

 private:
  absl::Status RunTask(Recorder& rec) {
    if (task_in_run_ == 0) StartRun();
    BENCH_RETURN_IF_ERROR(EnsureContextTypes(rec));
    if (options_.reads) {
      BENCH_RETURN_IF_ERROR(GetPipeline(rec));
    } else if (!run_ready_) {
      BENCH_RETURN_IF_ERROR(CreateRunWritesOnly(rec));
    }
    if (!run_ready_) {
      BENCH_RETURN_IF_ERROR(CreateRootDag(rec));
      run_ready_ = true;
    }
    auto execution = CreateExecution(rec);
    if (!execution.ok()) return execution.status();
    auto model = RecordArtifact(rec, kModelType, "model", &model_type_id_);
    if (!model.ok()) return model.status();
    auto metrics =
        RecordArtifact(rec, kMetricsType, "metrics", &metrics_type_id_);
    if (!metrics.ok()) return metrics.status();
    BENCH_RETURN_IF_ERROR(
        Publish(rec, *std::move(execution), *model, *metrics));
    prev_model_id_ = model->id();
    if (options_.reads) BENCH_RETURN_IF_ERROR(ListDagExecutions(rec));
    return absl::OkStatus();
  }

  void StartRun() {
    ++run_counter_;
    run_name_ =
        absl::StrCat(options_.session, "-d", index_, "-r", run_counter_);
    pipeline_name_ =
        absl::StrCat("bench-pipeline-",
                     (index_ + run_counter_) % std::max(1, options_.pipelines));
    run_ready_ = false;
    prev_model_id_.reset();
    run_ctx_.Clear();
  }

  // PutContextType once per driver, as the brief's KFP model does.
  absl::Status EnsureContextTypes(Recorder& rec) {
    if (pipeline_type_id_ == 0) {
      auto id = PutContextTypeByName(*stub_, rec, kPipelineType);
      if (!id.ok()) return id.status();
      pipeline_type_id_ = *id;
    }
    if (run_type_id_ == 0) {
      auto id = PutContextTypeByName(*stub_, rec, kPipelineRunType);
      if (!id.ok()) return id.status();
      run_type_id_ = *id;
    }
    return absl::OkStatus();
  }

  google::protobuf::Map<std::string, ml_metadata::Value> RunProperties() const {
    google::protobuf::Map<std::string, ml_metadata::Value> p;
    p["namespace"] = StrValue("kubeflow-user");
    p["resource_name"] = StrValue(absl::StrCat("run-resource-", run_name_));
    p["pipeline_root"] = StrValue(absl::StrCat(
        "minio://mlpipeline/v2/artifacts/", pipeline_name_, "/", run_name_));
    p["store_session_info"] = StrValue(
        R"({"Provider":"minio","Params":{"region":"minio","disableSSL":"true"}})");
    return p;
  }

  // KFP's GetPipeline: both contexts by get-or-create, then the parent link
  // unless it already exists.
  absl::Status GetPipeline(Recorder& rec) {
    google::protobuf::Map<std::string, ml_metadata::Value> no_props;
    auto pipeline = GetOrCreateContext(*stub_, rec, pipeline_type_id_,
                                       kPipelineType, pipeline_name_, no_props);
    if (!pipeline.ok()) return pipeline.status();
    pipeline_ctx_ = *std::move(pipeline);
    auto run = GetOrCreateContext(*stub_, rec, run_type_id_, kPipelineRunType,
                                  run_name_, RunProperties());
    if (!run.ok()) return run.status();
    run_ctx_ = *std::move(run);

    ml_metadata::GetParentContextsByContextRequest preq;
    preq.set_context_id(run_ctx_.id());
    ml_metadata::GetParentContextsByContextResponse presp;
    BENCH_RETURN_IF_ERROR(TimedRpc(
        rec, "GetParentContextsByContext", [&](grpc::ClientContext* c) {
          return stub_->GetParentContextsByContext(c, preq, &presp);
        }));
    if (presp.contexts_size() > 0) return absl::OkStatus();
    return PutParentLink(rec);
  }

  absl::Status PutParentLink(Recorder& rec) {
    ml_metadata::PutParentContextsRequest req;
    auto* link = req.add_parent_contexts();
    link->set_child_id(run_ctx_.id());
    link->set_parent_id(pipeline_ctx_.id());
    ml_metadata::PutParentContextsResponse resp;
    absl::Status st = TimedRpc(rec, "PutParentContexts",
                               [&](grpc::ClientContext* c) {
                                 return stub_->PutParentContexts(c, req, &resp);
                               },
                               {grpc::StatusCode::ALREADY_EXISTS});
    return absl::IsAlreadyExists(st) ? absl::OkStatus() : st;
  }

  // Writes-only mode: the pipeline context is looked up once per driver and
  // name; the run context is created with a plain PutContexts.
  absl::Status CreateRunWritesOnly(Recorder& rec) {
    auto cached = pipelines_.find(pipeline_name_);
    if (cached == pipelines_.end()) {
      google::protobuf::Map<std::string, ml_metadata::Value> no_props;
      auto pipeline =
          GetOrCreateContext(*stub_, rec, pipeline_type_id_, kPipelineType,
                             pipeline_name_, no_props);
      if (!pipeline.ok()) return pipeline.status();
      cached = pipelines_.emplace(pipeline_name_, *std::move(pipeline)).first;
    }
    pipeline_ctx_ = cached->second;
    ml_metadata::PutContextsRequest req;
    Context* ctx = req.add_contexts();
    ctx->set_type_id(run_type_id_);
    ctx->set_name(run_name_);
    *ctx->mutable_custom_properties() = RunProperties();
    ml_metadata::PutContextsResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutContexts", [&](grpc::ClientContext* c) {
          return stub_->PutContexts(c, req, &resp);
        }));
    if (resp.context_ids_size() != 1) {
      return absl::InternalError("PutContexts returned no id");
    }
    // What KFP's driver holds is the context as GetContextByTypeAndName
    // returns it, type name included; PutExecution compares the contexts it
    // is given with the stored ones, and a missing type would count as a
    // change and rewrite the run context on every call.
    run_ctx_ = *ctx;
    run_ctx_.set_id(resp.context_ids(0));
    run_ctx_.set_type(std::string(kPipelineRunType));
    return PutParentLink(rec);
  }

  absl::StatusOr<int64_t> ExecutionTypeId(Recorder& rec, absl::string_view name,
                                          int64_t* cache) {
    // KFP registers the execution type on every CreateExecution.
    if (options_.reads || *cache == 0) {
      auto id = PutExecutionTypeByName(*stub_, rec, name);
      if (!id.ok()) return id.status();
      *cache = *id;
    }
    return *cache;
  }

  void AddRunContexts(PutExecutionRequest* req) const {
    *req->add_contexts() = pipeline_ctx_;
    *req->add_contexts() = run_ctx_;
  }

  // The root DAG execution of the run, created by KFP's root driver.
  absl::Status CreateRootDag(Recorder& rec) {
    auto type_id = ExecutionTypeId(rec, kDagExecutionType, &dag_type_id_);
    if (!type_id.ok()) return type_id.status();
    PutExecutionRequest req;
    Execution* e = req.mutable_execution();
    e->set_type_id(*type_id);
    e->set_last_known_state(Execution::RUNNING);
    auto& p = *e->mutable_custom_properties();
    p["display_name"] = StrValue("");
    p["task_name"] = StrValue("");
    p["total_dag_tasks"] = IntValue(options_.tasks_per_run);
    auto* inputs = p["inputs"].mutable_struct_value()->mutable_fields();
    (*inputs)["epochs"].set_number_value(10);
    (*inputs)["dataset_uri"].set_string_value("gs://bench-data/train.csv");
    AddRunContexts(&req);
    ml_metadata::PutExecutionResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutExecution", [&](grpc::ClientContext* c) {
          return stub_->PutExecution(c, req, &resp);
        }));
    dag_id_ = resp.execution_id();
    if (options_.reads) {
      auto got = GetExecution(rec, dag_id_);
      if (!got.ok()) return got.status();
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Execution> GetExecution(Recorder& rec, int64_t id) {
    ml_metadata::GetExecutionsByIDRequest req;
    req.add_execution_ids(id);
    ml_metadata::GetExecutionsByIDResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "GetExecutionsByID", [&](grpc::ClientContext* c) {
          return stub_->GetExecutionsByID(c, req, &resp);
        }));
    if (resp.executions_size() != 1) {
      return absl::InternalError(
          absl::StrCat("GetExecutionsByID(", id, ") returned ",
                       resp.executions_size(), " executions, want 1"));
    }
    return resp.executions(0);
  }

  // KFP's CreateExecution for a container task.
  absl::StatusOr<Execution> CreateExecution(Recorder& rec) {
    auto type_id =
        ExecutionTypeId(rec, kContainerExecutionType, &container_type_id_);
    if (!type_id.ok()) return type_id.status();
    const uint64_t seed = (static_cast<uint64_t>(index_) << 40) ^
                          (static_cast<uint64_t>(run_counter_) << 16) ^
                          static_cast<uint64_t>(task_in_run_);
    const std::string task = absl::StrCat("task-", task_in_run_);
    PutExecutionRequest req;
    Execution* e = req.mutable_execution();
    e->set_type_id(*type_id);
    e->set_last_known_state(Execution::RUNNING);
    auto& p = *e->mutable_custom_properties();
    p["display_name"] = StrValue(absl::StrCat("train-step-", task_in_run_));
    p["task_name"] = StrValue(task);
    p["parent_dag_id"] = IntValue(dag_id_);
    p["pod_name"] =
        StrValue(absl::StrCat(run_name_, "-", task, "-", HexId(seed, 5)));
    p["pod_uid"] = StrValue(HexId(seed + 1, 32));
    p["namespace"] = StrValue("kubeflow-user");
    p["image"] = StrValue("ghcr.io/kubeflow/bench-trainer:2.3.0");
    p["cache_fingerprint"] = StrValue(HexId(seed + 2, 64));
    p["kfp_plugin_version"] = StrValue("v2");
    auto* inputs = p["inputs"].mutable_struct_value()->mutable_fields();
    (*inputs)["learning_rate"].set_number_value(0.001 * (task_in_run_ + 1));
    (*inputs)["batch_size"].set_number_value(64);
    (*inputs)["optimizer"].set_string_value("adam");
    AddRunContexts(&req);
    if (prev_model_id_.has_value()) {
      Event* ev = req.add_artifact_event_pairs()->mutable_event();
      ev->set_artifact_id(*prev_model_id_);
      ev->set_type(Event::INPUT);
      SetEventPathKey(ev, "model_in");
    }
    ml_metadata::PutExecutionResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutExecution", [&](grpc::ClientContext* c) {
          return stub_->PutExecution(c, req, &resp);
        }));
    if (options_.reads) return GetExecution(rec, resp.execution_id());
    Execution created = *e;
    created.set_id(resp.execution_id());
    return created;
  }

  // KFP's RecordArtifact for one output.
  absl::StatusOr<Artifact> RecordArtifact(Recorder& rec,
                                          absl::string_view type_name,
                                          absl::string_view output,
                                          int64_t* type_cache) {
    if (options_.reads || *type_cache == 0) {
      auto id = PutArtifactTypeByName(*stub_, rec, type_name);
      if (!id.ok()) return id.status();
      *type_cache = *id;
    }
    ml_metadata::PutArtifactsRequest req;
    Artifact* a = req.add_artifacts();
    a->set_type_id(*type_cache);
    a->set_uri(absl::StrCat("minio://mlpipeline/v2/artifacts/", pipeline_name_,
                            "/", run_name_, "/task-", task_in_run_, "/",
                            output));
    a->set_state(Artifact::LIVE);
    auto& p = *a->mutable_custom_properties();
    p["display_name"] = StrValue(output);
    p["store_session_info"] = StrValue(
        R"({"Provider":"minio","Params":{"region":"minio","disableSSL":"true"}})");
    if (type_name == kMetricsType) {
      p["accuracy"] = DoubleValue(0.9 + 0.001 * task_in_run_);
      p["loss"] = DoubleValue(0.1 - 0.001 * task_in_run_);
    }
    ml_metadata::PutArtifactsResponse resp;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "PutArtifacts", [&](grpc::ClientContext* c) {
          return stub_->PutArtifacts(c, req, &resp);
        }));
    if (resp.artifact_ids_size() != 1) {
      return absl::InternalError("PutArtifacts returned no id");
    }
    if (!options_.reads) {
      Artifact out = *a;
      out.set_id(resp.artifact_ids(0));
      return out;
    }
    ml_metadata::GetArtifactsByIDRequest get;
    get.add_artifact_ids(resp.artifact_ids(0));
    ml_metadata::GetArtifactsByIDResponse got;
    BENCH_RETURN_IF_ERROR(
        TimedRpc(rec, "GetArtifactsByID", [&](grpc::ClientContext* c) {
          return stub_->GetArtifactsByID(c, get, &got);
        }));
    if (got.artifacts_size() != 1) {
      return absl::InternalError(
          "GetArtifactsByID did not return the artifact");
    }
    return got.artifacts(0);
  }

  // KFP's PublishExecution: COMPLETE state, outputs, output events.
  absl::Status Publish(Recorder& rec, Execution execution,
                       const Artifact& model, const Artifact& metrics) {
    PutExecutionRequest req;
    execution.set_last_known_state(Execution::COMPLETE);
    auto* outputs = (*execution.mutable_custom_properties())["outputs"]
                        .mutable_struct_value()
                        ->mutable_fields();
    (*outputs)["accuracy"].set_number_value(0.93);
    (*outputs)["model_uri"].set_string_value(model.uri());
    *req.mutable_execution() = std::move(execution);
    AddRunContexts(&req);
    const std::pair<const Artifact*, const char*> outs[] = {
        {&model, "model"}, {&metrics, "metrics"}};
    for (const auto& [artifact, key] : outs) {
      Event* ev = req.add_artifact_event_pairs()->mutable_event();
      ev->set_artifact_id(artifact->id());
      ev->set_type(Event::OUTPUT);
      SetEventPathKey(ev, key);
    }
    ml_metadata::PutExecutionResponse resp;
    return TimedRpc(rec, "PutExecution", [&](grpc::ClientContext* c) {
      return stub_->PutExecution(c, req, &resp);
    });
  }

  // KFP's GetExecutionsInDAG with the parent_dag_id filter, all pages.
  absl::Status ListDagExecutions(Recorder& rec) {
    ml_metadata::GetExecutionsByContextRequest req;
    req.set_context_id(run_ctx_.id());
    req.mutable_options()->set_filter_query(
        absl::StrCat("custom_properties.parent_dag_id.int_value = ", dag_id_));
    for (int page = 0; page < kMaxPages; ++page) {
      ml_metadata::GetExecutionsByContextResponse resp;
      BENCH_RETURN_IF_ERROR(
          TimedRpc(rec, "GetExecutionsByContext", [&](grpc::ClientContext* c) {
            return stub_->GetExecutionsByContext(c, req, &resp);
          }));
      if (resp.next_page_token().empty()) return absl::OkStatus();
      req.mutable_options()->set_next_page_token(resp.next_page_token());
    }
    return absl::OkStatus();
  }

  std::unique_ptr<Stub> stub_;
  const KfpOptions options_;
  const int index_;

  int64_t pipeline_type_id_ = 0;
  int64_t run_type_id_ = 0;
  int64_t container_type_id_ = 0;
  int64_t dag_type_id_ = 0;
  int64_t model_type_id_ = 0;
  int64_t metrics_type_id_ = 0;
  std::map<std::string, Context> pipelines_;  // writes-only cache

  int64_t run_counter_ = 0;
  int task_in_run_ = 0;
  bool run_ready_ = false;
  std::string run_name_;
  std::string pipeline_name_;
  Context pipeline_ctx_;
  Context run_ctx_;
  int64_t dag_id_ = 0;
  std::optional<int64_t> prev_model_id_;
};

}  // namespace

std::unique_ptr<Worker> MakeKfpDriver(std::shared_ptr<grpc::Channel> channel,
                                      const KfpOptions& options, int index) {
  return std::make_unique<KfpDriver>(std::move(channel), options, index);
}

}  // namespace mlmd::bench
