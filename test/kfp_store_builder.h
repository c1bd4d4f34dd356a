// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Builds Kubeflow-Pipelines-v2-shaped metadata through the store API, the
// way KFP's driver and launcher write it: a system.Pipeline context named
// after the pipeline, a system.PipelineRun context per run (custom
// properties namespace, resource_name, pipeline_root) linked to it as its
// child, and container executions associated with both, carrying
// task_name, cache_fingerprint and (for cache hits) cached_execution_id.
#ifndef MLMD_TEST_KFP_STORE_BUILDER_H_
#define MLMD_TEST_KFP_STORE_BUILDER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "store/store.h"

namespace mlmd::testing {

class KfpStoreBuilder {
 public:
  explicit KfpStoreBuilder(MetadataStore& store) : store_(store) {
    ml_metadata::PutTypesRequest types;
    types.add_artifact_types()->set_name("system.Artifact");
    types.add_execution_types()->set_name("system.ContainerExecution");
    types.add_context_types()->set_name("system.Pipeline");
    types.add_context_types()->set_name("system.PipelineRun");
    ml_metadata::PutTypesResponse ids;
    const absl::Status st = store_.PutTypes(types, &ids);
    EXPECT_TRUE(st.ok()) << st;
    if (!st.ok()) return;
    artifact_type_ = ids.artifact_type_ids(0);
    execution_type_ = ids.execution_type_ids(0);
    pipeline_type_ = ids.context_type_ids(0);
    run_type_ = ids.context_type_ids(1);
  }

  struct Run {
    ml_metadata::Context pipeline;
    ml_metadata::Context run;
  };

  // A run of `pipeline_name`; `namespace_name` unset leaves the run without
  // a namespace property.
  Run AddRun(const std::string& pipeline_name, const std::string& run_name,
             std::optional<std::string> namespace_name) {
    Run result;
    result.pipeline = GetOrCreateContext(pipeline_type_, pipeline_name, {});
    std::map<std::string, std::string> props = {
        {"resource_name", "run-resource-" + run_name},
        {"pipeline_root", "minio://mlpipeline/v2/artifacts/" + run_name}};
    if (namespace_name) props["namespace"] = *namespace_name;
    result.run = GetOrCreateContext(run_type_, run_name, props);
    ml_metadata::PutParentContextsRequest link;
    link.add_parent_contexts()->set_parent_id(result.pipeline.id());
    link.mutable_parent_contexts(0)->set_child_id(result.run.id());
    ml_metadata::PutParentContextsResponse linked;
    const absl::Status st = store_.PutParentContexts(link, &linked);
    EXPECT_TRUE(st.ok()) << st;
    return result;
  }

  struct Task {
    int64_t execution_id = 0;
    int64_t input_artifact_id = 0;
    int64_t output_artifact_id = 0;  // 0 when the task has no output
  };

  // One container task of `run` in `state`, with one input artifact and
  // (unless `with_output` is false) one output artifact, written with one
  // PutExecution as the launcher publishes it.
  Task AddTask(const Run& run, const std::string& task_name,
               const std::string& fingerprint,
               ml_metadata::Execution::State state, bool with_output = true,
               int64_t cached_execution_id = 0) {
    Task task;
    task.input_artifact_id = CreateArtifact("minio://in/" + task_name);
    ml_metadata::PutExecutionRequest put;
    ml_metadata::Execution* execution = put.mutable_execution();
    execution->set_type_id(execution_type_);
    execution->set_last_known_state(state);
    auto& custom = *execution->mutable_custom_properties();
    custom["task_name"].set_string_value(task_name);
    custom["display_name"].set_string_value(task_name);
    custom["cache_fingerprint"].set_string_value(fingerprint);
    if (cached_execution_id != 0) {
      custom["cached_execution_id"].set_string_value(
          std::to_string(cached_execution_id));
    }
    auto* input = put.add_artifact_event_pairs()->mutable_event();
    input->set_artifact_id(task.input_artifact_id);
    input->set_type(ml_metadata::Event::INPUT);
    input->mutable_path()->add_steps()->set_key("dataset");
    if (with_output) {
      auto* pair = put.add_artifact_event_pairs();
      pair->mutable_artifact()->set_type_id(artifact_type_);
      pair->mutable_artifact()->set_uri("minio://out/" + task_name + "/" +
                                        fingerprint);
      pair->mutable_artifact()->set_state(ml_metadata::Artifact::LIVE);
      pair->mutable_event()->set_type(ml_metadata::Event::OUTPUT);
      pair->mutable_event()->mutable_path()->add_steps()->set_key("model");
    }
    *put.add_contexts() = run.pipeline;
    *put.add_contexts() = run.run;
    ml_metadata::PutExecutionResponse done;
    const absl::Status st = store_.PutExecution(put, &done);
    EXPECT_TRUE(st.ok()) << st;
    task.execution_id = done.execution_id();
    if (with_output && done.artifact_ids_size() == 2) {
      task.output_artifact_id = done.artifact_ids(1);
    }
    return task;
  }

  int64_t execution_type() const { return execution_type_; }

 private:
  ml_metadata::Context GetOrCreateContext(
      int64_t type_id, const std::string& name,
      const std::map<std::string, std::string>& props) {
    ml_metadata::GetContextByTypeAndNameRequest get;
    get.set_type_name(type_id == pipeline_type_ ? "system.Pipeline"
                                                : "system.PipelineRun");
    get.set_context_name(name);
    ml_metadata::GetContextByTypeAndNameResponse got;
    absl::Status st = store_.GetContextByTypeAndName(get, &got);
    EXPECT_TRUE(st.ok()) << st;
    if (got.has_context()) return got.context();
    ml_metadata::PutContextsRequest put;
    ml_metadata::Context* context = put.add_contexts();
    context->set_type_id(type_id);
    context->set_name(name);
    for (const auto& [key, value] : props) {
      (*context->mutable_custom_properties())[key].set_string_value(value);
    }
    ml_metadata::PutContextsResponse ids;
    st = store_.PutContexts(put, &ids);
    EXPECT_TRUE(st.ok()) << st;
    ml_metadata::Context created = *context;
    if (ids.context_ids_size() == 1) created.set_id(ids.context_ids(0));
    return created;
  }

  int64_t CreateArtifact(const std::string& uri) {
    ml_metadata::PutArtifactsRequest put;
    put.add_artifacts()->set_type_id(artifact_type_);
    put.mutable_artifacts(0)->set_uri(uri);
    ml_metadata::PutArtifactsResponse ids;
    const absl::Status st = store_.PutArtifacts(put, &ids);
    EXPECT_TRUE(st.ok()) << st;
    return ids.artifact_ids_size() == 1 ? ids.artifact_ids(0) : 0;
  }

  MetadataStore& store_;
  int64_t artifact_type_ = 0;
  int64_t execution_type_ = 0;
  int64_t pipeline_type_ = 0;
  int64_t run_type_ = 0;
};

}  // namespace mlmd::testing

#endif  // MLMD_TEST_KFP_STORE_BUILDER_H_
