// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A Kubeflow-Pipelines-v2-shaped task at store level: the contexts, the
// execution with its inputs, the output artifacts and the publishing
// PutExecution, read back the way the KFP driver and UI read them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Context;
using ::ml_metadata::Event;
using ::ml_metadata::Execution;
using ::ml_metadata::PutExecutionRequest;
using ::ml_metadata::PutExecutionResponse;
using ::testing::ElementsAre;

class KubeflowFlowTest : public StoreTest {};

// The calls a Kubeflow Pipelines v2 launcher makes for one task, with the
// shapes it uses.
TEST_P(KubeflowFlowTest, PipelineTaskAtStoreLevel) {
  auto types = ParseTextProto<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types { name: "system.Dataset" }
    artifact_types { name: "system.Model" }
    artifact_types { name: "system.Metrics" }
    execution_types { name: "system.ContainerExecution" }
    context_types { name: "system.Pipeline" }
    context_types { name: "system.PipelineRun" }
  )pb");
  ml_metadata::PutTypesResponse type_ids;
  MLMD_ASSERT_OK(store().PutTypes(types, &type_ids));
  const int64_t dataset_type = type_ids.artifact_type_ids(0);
  const int64_t model_type = type_ids.artifact_type_ids(1);
  const int64_t metrics_type = type_ids.artifact_type_ids(2);
  const int64_t container_type = type_ids.execution_type_ids(0);
  const int64_t pipeline_type = type_ids.context_type_ids(0);
  const int64_t run_type = type_ids.context_type_ids(1);

  // Get-or-create a context by (type, name), as the launcher does.
  auto get_or_create = [&](int64_t type_id, const std::string& type_name,
                           const std::string& name,
                           const std::map<std::string, std::string>& props) {
    ml_metadata::GetContextByTypeAndNameRequest get;
    get.set_type_name(type_name);
    get.set_context_name(name);
    ml_metadata::GetContextByTypeAndNameResponse got;
    EXPECT_TRUE(store().GetContextByTypeAndName(get, &got).ok());
    if (got.has_context()) return got.context();
    ml_metadata::PutContextsRequest put;
    Context* context = put.add_contexts();
    context->set_type_id(type_id);
    context->set_name(name);
    for (const auto& [key, value] : props) {
      (*context->mutable_custom_properties())[key].set_string_value(value);
    }
    ml_metadata::PutContextsResponse put_response;
    EXPECT_TRUE(store().PutContexts(put, &put_response).ok());
    Context created = *context;
    created.set_id(put_response.context_ids(0));
    return created;
  };
  const Context pipeline =
      get_or_create(pipeline_type, "system.Pipeline", "my-pipeline", {});
  const Context run = get_or_create(run_type, "system.PipelineRun", "run-123",
                                    {{"namespace", "kubeflow"},
                                     {"pipeline_root", "minio://bucket/root"},
                                     {"resource_name", "run-resource-123"}});
  // Twice: the second call finds the stored contexts.
  EXPECT_EQ(
      get_or_create(pipeline_type, "system.Pipeline", "my-pipeline", {}).id(),
      pipeline.id());
  ml_metadata::PutParentContextsRequest parent;
  auto* link = parent.add_parent_contexts();
  link->set_parent_id(pipeline.id());
  link->set_child_id(run.id());
  ml_metadata::PutParentContextsResponse parent_response;
  MLMD_ASSERT_OK(store().PutParentContexts(parent, &parent_response));
  // The launcher ignores ALREADY_EXISTS when it links again.
  EXPECT_TRUE(absl::IsAlreadyExists(
      store().PutParentContexts(parent, &parent_response)));

  const int64_t dataset =
      CreateArtifact(store(), dataset_type, "minio://bucket/root/data");

  // Start the task: a RUNNING ContainerExecution with its inputs.
  PutExecutionRequest start;
  Execution* execution = start.mutable_execution();
  execution->set_type_id(container_type);
  execution->set_last_known_state(Execution::RUNNING);
  auto& custom = *execution->mutable_custom_properties();
  custom["display_name"].set_string_value("train");
  custom["task_name"].set_string_value("train");
  custom["pod_name"].set_string_value("run-123-train-pod");
  custom["pod_uid"].set_string_value("5f0c-uid");
  custom["namespace"].set_string_value("kubeflow");
  custom["image"].set_string_value("python:3.11");
  custom["parent_dag_id"].set_int_value(7);
  custom["cache_fingerprint"].set_string_value("abc123");
  custom["cached_execution_id"].set_string_value("");
  custom["inputs"].mutable_struct_value();
  (*custom["inputs"].mutable_struct_value()->mutable_fields())["lr"]
      .set_number_value(0.01);
  auto* input = start.add_artifact_event_pairs();
  input->mutable_event()->set_artifact_id(dataset);
  input->mutable_event()->set_type(Event::INPUT);
  input->mutable_event()->mutable_path()->add_steps()->set_key("dataset");
  *start.add_contexts() = pipeline;
  *start.add_contexts() = run;
  PutExecutionResponse started;
  MLMD_ASSERT_OK(store().PutExecution(start, &started));
  const int64_t execution_id = started.execution_id();

  // The task records its outputs.
  ml_metadata::PutArtifactsRequest outputs;
  Artifact* model = outputs.add_artifacts();
  model->set_type_id(model_type);
  model->set_uri("minio://bucket/root/train/model");
  model->set_state(Artifact::LIVE);
  (*model->mutable_custom_properties())["display_name"].set_string_value(
      "model");
  Artifact* metrics = outputs.add_artifacts();
  metrics->set_type_id(metrics_type);
  metrics->set_uri("minio://bucket/root/train/metrics");
  (*metrics->mutable_custom_properties())["accuracy"].set_double_value(0.93);
  ml_metadata::PutArtifactsResponse output_ids;
  MLMD_ASSERT_OK(store().PutArtifacts(outputs, &output_ids));

  // Publish: COMPLETE with output events, linked to both contexts again.
  PutExecutionRequest publish;
  *publish.mutable_execution() = start.execution();
  publish.mutable_execution()->set_id(execution_id);
  publish.mutable_execution()->set_last_known_state(Execution::COMPLETE);
  for (int i = 0; i < 2; ++i) {
    auto* pair = publish.add_artifact_event_pairs();
    *pair->mutable_artifact() = outputs.artifacts(i);
    pair->mutable_artifact()->set_id(output_ids.artifact_ids(i));
    pair->mutable_event()->set_type(Event::OUTPUT);
    pair->mutable_event()->mutable_path()->add_steps()->set_key(
        i == 0 ? "model" : "metrics");
  }
  *publish.add_contexts() = pipeline;
  *publish.add_contexts() = run;
  PutExecutionResponse published;
  MLMD_ASSERT_OK(store().PutExecution(publish, &published));
  EXPECT_EQ(published.execution_id(), execution_id);
  EXPECT_THAT(
      published.artifact_ids(),
      ElementsAre(output_ids.artifact_ids(0), output_ids.artifact_ids(1)));
  EXPECT_THAT(published.context_ids(), ElementsAre(pipeline.id(), run.id()));

  // Read back the way the UI and the driver do.
  EXPECT_THAT(ExecutionsIn(store(), run.id()), ElementsAre(execution_id));
  EXPECT_THAT(ArtifactsIn(store(), run.id()),
              ElementsAre(dataset, output_ids.artifact_ids(0),
                          output_ids.artifact_ids(1)));
  const Execution stored = ExecutionById(store(), execution_id);
  EXPECT_EQ(stored.last_known_state(), Execution::COMPLETE);
  EXPECT_EQ(stored.custom_properties().size(), 10);
  EXPECT_EQ(stored.custom_properties().at("parent_dag_id").int_value(), 7);
  std::vector<Event> events = EventsOf(store(), execution_id);
  ASSERT_EQ(events.size(), 3);
  EXPECT_EQ(events[0].type(), Event::INPUT);
  EXPECT_EQ(events[0].path().steps(0).key(), "dataset");
  EXPECT_EQ(events[1].type(), Event::OUTPUT);
  EXPECT_EQ(events[1].path().steps(0).key(), "model");
  EXPECT_EQ(events[2].artifact_id(), output_ids.artifact_ids(1));

  ml_metadata::GetParentContextsByContextRequest parents;
  parents.set_context_id(run.id());
  ml_metadata::GetParentContextsByContextResponse parents_response;
  MLMD_ASSERT_OK(
      store().GetParentContextsByContext(parents, &parents_response));
  EXPECT_THAT(IdsOf(parents_response.contexts()), ElementsAre(pipeline.id()));
  ml_metadata::GetContextsByExecutionRequest contexts_of;
  contexts_of.set_execution_id(execution_id);
  ml_metadata::GetContextsByExecutionResponse contexts_response;
  MLMD_ASSERT_OK(
      store().GetContextsByExecution(contexts_of, &contexts_response));
  ASSERT_EQ(contexts_response.contexts_size(), 2);
  EXPECT_EQ(contexts_response.contexts(1)
                .custom_properties()
                .at("pipeline_root")
                .string_value(),
            "minio://bucket/root");
}

INSTANTIATE_STORE_TEST_SUITE(KubeflowFlowTest);

}  // namespace
}  // namespace mlmd::testing
