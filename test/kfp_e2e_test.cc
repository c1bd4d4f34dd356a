// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Plays a Kubeflow Pipelines v2 run against the real server binary the way
// KFP's driver and launcher call MLMD (backend/src/v2/metadata/client.go):
// get-or-create pipeline and run contexts with a parent link, a DAG
// execution, a container task created with PutExecution (custom properties,
// input events), output artifacts recorded with PutArtifacts, the task
// published with output events, and the DAG's tasks listed with the
// parent_dag_id filter — then everything is read back by context.
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/proto_values.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Event;
using ml_metadata::Execution;
using ml_metadata::Value;
using ::testing::UnorderedElementsAre;

// A thin imitation of KFP's metadata client, call for call.
class KfpDriver {
 public:
  explicit KfpDriver(ml_metadata::MetadataStoreService::Stub* stub)
      : stub_(stub) {}

  // getContextTypeID: Get, NOT_FOUND -> Put, ALREADY_EXISTS -> Get.
  int64_t ContextTypeId(const std::string& name) {
    grpc::ClientContext c1;
    ml_metadata::GetContextTypeRequest get;
    get.set_type_name(name);
    ml_metadata::GetContextTypeResponse got;
    grpc::Status st = stub_->GetContextType(&c1, get, &got);
    if (st.ok()) return got.context_type().id();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND)
        << st.error_message();
    grpc::ClientContext c2;
    ml_metadata::PutContextTypeRequest put;
    put.mutable_context_type()->set_name(name);
    ml_metadata::PutContextTypeResponse put_resp;
    st = stub_->PutContextType(&c2, put, &put_resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return put_resp.type_id();
  }

  // getOrInsertContext.
  Context GetOrInsertContext(const std::string& name, const std::string& type,
                             const std::map<std::string, Value>& props) {
    ml_metadata::GetContextByTypeAndNameRequest get;
    get.set_type_name(type);
    get.set_context_name(name);
    {
      grpc::ClientContext c;
      ml_metadata::GetContextByTypeAndNameResponse got;
      grpc::Status st = stub_->GetContextByTypeAndName(&c, get, &got);
      EXPECT_TRUE(st.ok()) << st.error_message();
      if (got.has_context()) return got.context();
    }
    const int64_t type_id = ContextTypeId(type);
    ml_metadata::PutContextsRequest put;
    Context* ctx = put.add_contexts();
    ctx->set_name(name);
    ctx->set_type_id(type_id);
    for (const auto& [k, v] : props) (*ctx->mutable_custom_properties())[k] = v;
    {
      grpc::ClientContext c;
      ml_metadata::PutContextsResponse resp;
      grpc::Status st = stub_->PutContexts(&c, put, &resp);
      EXPECT_TRUE(st.ok() ||
                  st.error_code() == grpc::StatusCode::ALREADY_EXISTS)
          << st.error_message();
    }
    grpc::ClientContext c;
    ml_metadata::GetContextByTypeAndNameResponse got;
    EXPECT_TRUE(stub_->GetContextByTypeAndName(&c, get, &got).ok());
    return got.context();
  }

  // GetPipeline: contexts plus the parent link, created once.
  std::pair<Context, Context> GetPipeline(const std::string& pipeline,
                                          const std::string& run_id) {
    Context p = GetOrInsertContext(pipeline, "system.Pipeline", {});
    Context r = GetOrInsertContext(
        run_id, "system.PipelineRun",
        {{"namespace", Str("kubeflow")},
         {"resource_name", Str("run-resource")},
         {"pipeline_root", Str("minio://mlpipeline/v2/artifacts/" + run_id)},
         {"store_session_info", Str("{}")}});
    grpc::ClientContext c;
    ml_metadata::GetParentContextsByContextRequest get;
    get.set_context_id(r.id());
    ml_metadata::GetParentContextsByContextResponse parents;
    EXPECT_TRUE(stub_->GetParentContextsByContext(&c, get, &parents).ok());
    if (parents.contexts_size() == 0) {
      grpc::ClientContext c2;
      ml_metadata::PutParentContextsRequest put;
      auto* link = put.add_parent_contexts();
      link->set_child_id(r.id());
      link->set_parent_id(p.id());
      ml_metadata::PutParentContextsResponse resp;
      grpc::Status st = stub_->PutParentContexts(&c2, put, &resp);
      EXPECT_TRUE(st.ok()) << st.error_message();
    } else {
      EXPECT_EQ(parents.contexts(0).id(), p.id());
    }
    return {p, r};
  }

  int64_t ExecutionTypeId(const std::string& name) {
    grpc::ClientContext c;
    ml_metadata::PutExecutionTypeRequest put;
    put.mutable_execution_type()->set_name(name);
    ml_metadata::PutExecutionTypeResponse resp;
    grpc::Status st = stub_->PutExecutionType(&c, put, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return resp.type_id();
  }

  // CreateExecution: PutExecution then GetExecutionsByID.
  Execution CreateExecution(const std::pair<Context, Context>& pipeline,
                            const std::string& type, const std::string& task,
                            int64_t parent_dag_id,
                            const std::map<std::string, int64_t>& inputs) {
    ml_metadata::PutExecutionRequest req;
    Execution* e = req.mutable_execution();
    e->set_type_id(ExecutionTypeId(type));
    e->set_last_known_state(Execution::RUNNING);
    auto& props = *e->mutable_custom_properties();
    props["display_name"] = Str(task);
    props["task_name"] = Str(task);
    if (parent_dag_id != 0) props["parent_dag_id"] = Int(parent_dag_id);
    if (type == "system.ContainerExecution") {
      props["pod_name"] = Str("pod-" + task);
      props["pod_uid"] = Str("uid-" + task);
      props["namespace"] = Str("kubeflow");
      props["image"] = Str("python:3.11");
      props["cache_fingerprint"] = Str("fp-" + task);
      Value in;
      (*in.mutable_struct_value()->mutable_fields())["learning_rate"]
          .set_number_value(0.01);
      props["inputs"] = in;
    }
    *req.add_contexts() = pipeline.first;
    *req.add_contexts() = pipeline.second;
    for (const auto& [name, artifact_id] : inputs) {
      auto* pair = req.add_artifact_event_pairs();
      Event* ev = pair->mutable_event();
      ev->set_artifact_id(artifact_id);
      ev->set_type(Event::INPUT);
      ev->mutable_path()->add_steps()->set_key(name);
    }
    grpc::ClientContext c;
    ml_metadata::PutExecutionResponse resp;
    grpc::Status st = stub_->PutExecution(&c, req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();

    grpc::ClientContext c2;
    ml_metadata::GetExecutionsByIDRequest get;
    get.add_execution_ids(resp.execution_id());
    ml_metadata::GetExecutionsByIDResponse got;
    EXPECT_TRUE(stub_->GetExecutionsByID(&c2, get, &got).ok());
    EXPECT_EQ(got.executions_size(), 1);
    return got.executions_size() ? got.executions(0) : Execution();
  }

  // RecordArtifact: PutArtifactType, PutArtifacts, GetArtifactsByID.
  Artifact RecordArtifact(const std::string& type, const std::string& uri,
                          const std::string& output_name) {
    grpc::ClientContext c1;
    ml_metadata::PutArtifactTypeRequest put_type;
    put_type.mutable_artifact_type()->set_name(type);
    ml_metadata::PutArtifactTypeResponse type_resp;
    EXPECT_TRUE(stub_->PutArtifactType(&c1, put_type, &type_resp).ok());
    ml_metadata::PutArtifactsRequest put;
    Artifact* a = put.add_artifacts();
    a->set_type_id(type_resp.type_id());
    a->set_uri(uri);
    a->set_state(Artifact::LIVE);
    (*a->mutable_custom_properties())["display_name"] = Str(output_name);
    (*a->mutable_custom_properties())["store_session_info"] = Str("{}");
    grpc::ClientContext c2;
    ml_metadata::PutArtifactsResponse resp;
    grpc::Status st = stub_->PutArtifacts(&c2, put, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(resp.artifact_ids_size(), 1);
    grpc::ClientContext c3;
    ml_metadata::GetArtifactsByIDRequest get;
    get.add_artifact_ids(resp.artifact_ids(0));
    ml_metadata::GetArtifactsByIDResponse got;
    EXPECT_TRUE(stub_->GetArtifactsByID(&c3, get, &got).ok());
    EXPECT_EQ(got.artifacts_size(), 1);
    return got.artifacts_size() ? got.artifacts(0) : Artifact();
  }

  // PublishExecution: the whole execution again, state COMPLETE, outputs,
  // contexts by id, output events naming existing artifacts.
  void Publish(Execution e, const std::pair<Context, Context>& pipeline,
               const std::map<std::string, int64_t>& outputs) {
    e.set_last_known_state(Execution::COMPLETE);
    Value out;
    (*out.mutable_struct_value()->mutable_fields())["accuracy"]
        .set_number_value(0.93);
    (*e.mutable_custom_properties())["outputs"] = out;
    ml_metadata::PutExecutionRequest req;
    *req.mutable_execution() = e;
    *req.add_contexts() = pipeline.first;
    *req.add_contexts() = pipeline.second;
    for (const auto& [name, artifact_id] : outputs) {
      Event* ev = req.add_artifact_event_pairs()->mutable_event();
      ev->set_type(Event::OUTPUT);
      ev->set_artifact_id(artifact_id);
      ev->mutable_path()->add_steps()->set_key(name);
    }
    grpc::ClientContext c;
    ml_metadata::PutExecutionResponse resp;
    grpc::Status st = stub_->PutExecution(&c, req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
  }

  // GetExecutionsInDAG with filter: pages through GetExecutionsByContext.
  std::vector<int64_t> ExecutionsInDag(int64_t run_context_id, int64_t dag_id) {
    std::vector<int64_t> ids;
    std::string token;
    for (int page = 0; page < 100; ++page) {
      ml_metadata::GetExecutionsByContextRequest req;
      req.set_context_id(run_context_id);
      req.mutable_options()->set_filter_query(
          absl::StrCat("custom_properties.parent_dag_id.int_value = ", dag_id));
      req.mutable_options()->set_next_page_token(token);
      grpc::ClientContext c;
      ml_metadata::GetExecutionsByContextResponse resp;
      grpc::Status st = stub_->GetExecutionsByContext(&c, req, &resp);
      EXPECT_TRUE(st.ok()) << st.error_message();
      if (!st.ok()) break;
      for (const auto& e : resp.executions()) ids.push_back(e.id());
      token = resp.next_page_token();
      if (token.empty()) break;
    }
    return ids;
  }

 private:
  ml_metadata::MetadataStoreService::Stub* stub_;
};

TEST(KfpE2E, PipelineRunAsTheDriverPlaysIt) {
  const std::string dir = MakeTempDir("kfp_e2e");
  auto server =
      ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/kfp.db")});
  ASSERT_TRUE(server.ok()) << server.status();
  KfpDriver kfp(&(*server)->stub());

  // Root DAG driver, then two task drivers (the second retrieves the same
  // contexts, as every driver does).
  auto pipeline = kfp.GetPipeline("my-pipeline", "run-1234");
  ASSERT_GT(pipeline.first.id(), 0);
  ASSERT_GT(pipeline.second.id(), 0);
  auto again = kfp.GetPipeline("my-pipeline", "run-1234");
  EXPECT_EQ(again.first.id(), pipeline.first.id());
  EXPECT_EQ(again.second.id(), pipeline.second.id());

  Execution dag =
      kfp.CreateExecution(pipeline, "system.DAGExecution", "root", 0, {});
  ASSERT_GT(dag.id(), 0);

  // Task 1 produces a dataset.
  Execution prep = kfp.CreateExecution(pipeline, "system.ContainerExecution",
                                       "preprocess", dag.id(), {});
  ASSERT_GT(prep.id(), 0);
  EXPECT_EQ(prep.custom_properties().at("parent_dag_id").int_value(), dag.id());
  EXPECT_EQ(prep.custom_properties()
                .at("inputs")
                .struct_value()
                .fields()
                .at("learning_rate")
                .number_value(),
            0.01);
  Artifact data =
      kfp.RecordArtifact("system.Dataset", "minio://b/data", "data");
  kfp.Publish(prep, pipeline, {{"data", data.id()}});

  // Task 2 consumes it and produces a model and metrics.
  Execution train =
      kfp.CreateExecution(pipeline, "system.ContainerExecution", "train",
                          dag.id(), {{"dataset", data.id()}});
  Artifact model =
      kfp.RecordArtifact("system.Model", "minio://b/model", "model");
  Artifact metrics =
      kfp.RecordArtifact("system.Metrics", "minio://b/metrics", "metrics");
  kfp.Publish(train, pipeline,
              {{"model", model.id()}, {"metrics", metrics.id()}});

  // The DAG driver lists its tasks with the parent_dag_id filter.
  EXPECT_THAT(kfp.ExecutionsInDag(pipeline.second.id(), dag.id()),
              UnorderedElementsAre(prep.id(), train.id()));

  auto& stub = (*server)->stub();
  // Published state and outputs.
  {
    grpc::ClientContext c;
    ml_metadata::GetExecutionsByIDRequest req;
    req.add_execution_ids(train.id());
    ml_metadata::GetExecutionsByIDResponse resp;
    ASSERT_TRUE(stub.GetExecutionsByID(&c, req, &resp).ok());
    ASSERT_EQ(resp.executions_size(), 1);
    EXPECT_EQ(resp.executions(0).last_known_state(), Execution::COMPLETE);
    EXPECT_EQ(resp.executions(0).type(), "system.ContainerExecution");
    EXPECT_TRUE(resp.executions(0).custom_properties().contains("outputs"));
  }
  // Events of the training task: one input, two outputs, paths by name.
  {
    grpc::ClientContext c;
    ml_metadata::GetEventsByExecutionIDsRequest req;
    req.add_execution_ids(train.id());
    ml_metadata::GetEventsByExecutionIDsResponse resp;
    ASSERT_TRUE(stub.GetEventsByExecutionIDs(&c, req, &resp).ok());
    std::map<std::string, std::pair<int64_t, Event::Type>> by_name;
    for (const auto& ev : resp.events()) {
      ASSERT_EQ(ev.path().steps_size(), 1);
      by_name[ev.path().steps(0).key()] = {ev.artifact_id(), ev.type()};
      EXPECT_GT(ev.milliseconds_since_epoch(), 0);
    }
    EXPECT_EQ(by_name.size(), 3u);
    EXPECT_EQ(by_name["dataset"], std::make_pair(data.id(), Event::INPUT));
    EXPECT_EQ(by_name["model"], std::make_pair(model.id(), Event::OUTPUT));
    EXPECT_EQ(by_name["metrics"], std::make_pair(metrics.id(), Event::OUTPUT));
  }
  // Artifacts and executions by run context; contexts by execution.
  {
    grpc::ClientContext c;
    ml_metadata::GetArtifactsByContextRequest req;
    req.set_context_id(pipeline.second.id());
    ml_metadata::GetArtifactsByContextResponse resp;
    ASSERT_TRUE(stub.GetArtifactsByContext(&c, req, &resp).ok());
    std::vector<int64_t> ids;
    for (const auto& a : resp.artifacts()) ids.push_back(a.id());
    EXPECT_THAT(ids, UnorderedElementsAre(data.id(), model.id(), metrics.id()));
  }
  {
    grpc::ClientContext c;
    ml_metadata::GetExecutionsByContextRequest req;
    req.set_context_id(pipeline.first.id());
    ml_metadata::GetExecutionsByContextResponse resp;
    ASSERT_TRUE(stub.GetExecutionsByContext(&c, req, &resp).ok());
    EXPECT_EQ(resp.executions_size(), 3);
  }
  {
    grpc::ClientContext c;
    ml_metadata::GetContextsByExecutionRequest req;
    req.set_execution_id(train.id());
    ml_metadata::GetContextsByExecutionResponse resp;
    ASSERT_TRUE(stub.GetContextsByExecution(&c, req, &resp).ok());
    std::vector<std::string> names;
    for (const auto& ctx : resp.contexts()) names.push_back(ctx.name());
    EXPECT_THAT(names, UnorderedElementsAre("my-pipeline", "run-1234"));
  }
  // The run context kept its custom properties through the re-puts that
  // PutExecution does with the contexts it is given.
  {
    grpc::ClientContext c;
    ml_metadata::GetContextsByIDRequest req;
    req.add_context_ids(pipeline.second.id());
    ml_metadata::GetContextsByIDResponse resp;
    ASSERT_TRUE(stub.GetContextsByID(&c, req, &resp).ok());
    ASSERT_EQ(resp.contexts_size(), 1);
    EXPECT_EQ(
        resp.contexts(0).custom_properties().at("namespace").string_value(),
        "kubeflow");
  }
}

}  // namespace
}  // namespace mlmd::testing
