// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// MetadataStore::LookupCachedExecution on every backend, over a store shaped
// like Kubeflow Pipelines v2 writes it: several runs of two pipelines in two
// namespaces, one fingerprint repeated across them, and executions that must
// never be reused (FAILED, RUNNING, CACHED copies).
#include <cstdint>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "test/kfp_store_builder.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Event;
using ::ml_metadata::Execution;
using ::mlmd_server::cache::v1::LookupCachedExecutionRequest;
using ::mlmd_server::cache::v1::LookupCachedExecutionResponse;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

class CacheLookupTest : public StoreTest {
 protected:
  LookupCachedExecutionResponse Lookup(const std::string& fingerprint,
                                       const std::string& pipeline,
                                       const std::string& namespace_name,
                                       int64_t min_create_time = 0) {
    LookupCachedExecutionRequest request;
    request.set_fingerprint(fingerprint);
    request.set_pipeline_name(pipeline);
    request.set_namespace_(namespace_name);
    if (min_create_time > 0) {
      request.set_min_create_time_since_epoch(min_create_time);
    }
    LookupCachedExecutionResponse response;
    const absl::Status st = store().LookupCachedExecution(request, &response);
    EXPECT_TRUE(st.ok()) << st;
    return response;
  }

  // Id of the execution found, or -1 when none was.
  int64_t Found(const std::string& fingerprint, const std::string& pipeline,
                const std::string& namespace_name,
                int64_t min_create_time = 0) {
    const LookupCachedExecutionResponse response =
        Lookup(fingerprint, pipeline, namespace_name, min_create_time);
    if (!response.found()) {
      EXPECT_FALSE(response.has_execution());
      EXPECT_EQ(response.events_size(), 0);
      return -1;
    }
    return response.execution().id();
  }

  // Removes a run the way retention does: the run context with its
  // properties and links, its executions with their properties and events.
  void DeleteRun(int64_t run_context_id,
                 const std::vector<int64_t>& execution_ids) {
    auto lease = store().pool().Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    sql::Connection& conn = **lease;
    for (const int64_t id : execution_ids) {
      const std::vector<sql::Value> param = {sql::Value::Int(id)};
      for (const char* statement :
           {"DELETE FROM EventPath WHERE event_id IN "
            "(SELECT id FROM Event WHERE execution_id = ?)",
            "DELETE FROM Event WHERE execution_id = ?",
            "DELETE FROM ExecutionProperty WHERE execution_id = ?",
            "DELETE FROM Association WHERE execution_id = ?",
            "DELETE FROM Execution WHERE id = ?"}) {
        auto done = conn.Execute(statement, param);
        ASSERT_TRUE(done.ok()) << statement << ": " << done.status();
      }
    }
    const std::vector<sql::Value> param = {sql::Value::Int(run_context_id)};
    for (const char* statement :
         {"DELETE FROM Attribution WHERE context_id = ?",
          "DELETE FROM ParentContext WHERE context_id = ?",
          "DELETE FROM ContextProperty WHERE context_id = ?",
          "DELETE FROM Context WHERE id = ?"}) {
      auto done = conn.Execute(statement, param);
      ASSERT_TRUE(done.ok()) << statement << ": " << done.status();
    }
  }
};

TEST_P(CacheLookupTest, NewestCompleteExecutionOfThePipelineAndNamespace) {
  KfpStoreBuilder kfp(store());
  const auto run1 = kfp.AddRun("train-pipeline", "run-1", "team-a");
  const auto run2 = kfp.AddRun("train-pipeline", "run-2", "team-a");
  const auto run3 = kfp.AddRun("train-pipeline", "run-3", "team-a");
  const auto other_namespace = kfp.AddRun("train-pipeline", "run-4", "team-b");
  const auto other_pipeline = kfp.AddRun("eval-pipeline", "run-5", "team-a");

  const auto first = kfp.AddTask(run1, "train", "fp-1", Execution::COMPLETE);
  const auto newest = kfp.AddTask(run2, "train", "fp-1", Execution::COMPLETE);
  // Newer, but not reusable: a cache hit's copy, a failure, a running task.
  kfp.AddTask(run3, "train", "fp-1", Execution::CACHED, /*with_output=*/false,
              newest.execution_id);
  kfp.AddTask(run3, "train-again", "fp-1", Execution::FAILED);
  kfp.AddTask(run3, "train-third", "fp-1", Execution::RUNNING);
  // Same fingerprint, elsewhere.
  const auto team_b =
      kfp.AddTask(other_namespace, "train", "fp-1", Execution::COMPLETE);
  const auto eval =
      kfp.AddTask(other_pipeline, "train", "fp-1", Execution::COMPLETE);
  // Another fingerprint in the same run.
  const auto other_fp =
      kfp.AddTask(run2, "evaluate", "fp-2", Execution::COMPLETE);

  EXPECT_EQ(Found("fp-1", "train-pipeline", "team-a"), newest.execution_id);
  EXPECT_EQ(Found("fp-1", "train-pipeline", "team-b"), team_b.execution_id);
  EXPECT_EQ(Found("fp-1", "eval-pipeline", "team-a"), eval.execution_id);
  EXPECT_EQ(Found("fp-2", "train-pipeline", "team-a"), other_fp.execution_id);
  // Never across pipelines or namespaces, never for unknown names.
  EXPECT_EQ(Found("fp-1", "eval-pipeline", "team-b"), -1);
  EXPECT_EQ(Found("fp-2", "train-pipeline", "team-b"), -1);
  EXPECT_EQ(Found("fp-1", "no-such-pipeline", "team-a"), -1);
  EXPECT_EQ(Found("fp-unknown", "train-pipeline", "team-a"), -1);
  // The empty namespace matches only runs without one.
  EXPECT_EQ(Found("fp-1", "train-pipeline", ""), -1);

  const LookupCachedExecutionResponse response =
      Lookup("fp-1", "train-pipeline", "team-a");
  ASSERT_TRUE(response.found());
  EXPECT_EQ(response.run_context_id(), run2.run.id());
  EXPECT_EQ(response.pipeline_context_id(), run2.pipeline.id());
  EXPECT_EQ(response.execution().last_known_state(), Execution::COMPLETE);
  EXPECT_EQ(response.execution()
                .custom_properties()
                .at("cache_fingerprint")
                .string_value(),
            "fp-1");
  EXPECT_EQ(response.execution().type(), "system.ContainerExecution");
  ASSERT_EQ(response.output_artifacts_size(), 1);
  EXPECT_EQ(response.output_artifacts(0).id(), newest.output_artifact_id);
  EXPECT_EQ(response.output_artifacts(0).uri(), "minio://out/train/fp-1");
  std::vector<std::pair<int64_t, Event::Type>> events;
  for (const Event& event : response.events()) {
    EXPECT_EQ(event.execution_id(), newest.execution_id);
    events.emplace_back(event.artifact_id(), event.type());
  }
  EXPECT_THAT(events,
              UnorderedElementsAre(
                  std::make_pair(newest.input_artifact_id, Event::INPUT),
                  std::make_pair(newest.output_artifact_id, Event::OUTPUT)));
  ASSERT_EQ(response.events_size(), 2);
  EXPECT_EQ(response.events(1).path().steps(0).key(), "model");
  (void)first;
}

TEST_P(CacheLookupTest, UpdatingAnOlderExecutionDoesNotMakeItNewest) {
  KfpStoreBuilder kfp(store());
  const auto run1 = kfp.AddRun("p", "run-1", "ns");
  const auto run2 = kfp.AddRun("p", "run-2", "ns");
  const auto older = kfp.AddTask(run1, "t", "fp", Execution::RUNNING);
  const auto newer = kfp.AddTask(run2, "t", "fp", Execution::COMPLETE);
  EXPECT_EQ(Found("fp", "p", "ns"), newer.execution_id);
  // The older task finishes last: it becomes reusable, but the newer
  // execution (by creation) still wins.
  ml_metadata::PutExecutionsRequest update;
  Execution* execution = update.add_executions();
  execution->set_id(older.execution_id);
  execution->set_type_id(kfp.execution_type());
  execution->set_last_known_state(Execution::COMPLETE);
  (*execution->mutable_custom_properties())["cache_fingerprint"]
      .set_string_value("fp");
  ml_metadata::PutExecutionsResponse updated;
  MLMD_ASSERT_OK(store().PutExecutions(update, &updated));
  EXPECT_EQ(Found("fp", "p", "ns"), newer.execution_id);
}

TEST_P(CacheLookupTest, RunWithoutNamespaceMatchesEmptyNamespaceOnly) {
  KfpStoreBuilder kfp(store());
  const auto bare = kfp.AddRun("p", "run-1", std::nullopt);
  const auto empty = kfp.AddRun("p", "run-2", std::string());
  const auto named = kfp.AddRun("p", "run-3", "ns");
  const auto in_bare = kfp.AddTask(bare, "t", "fp-bare", Execution::COMPLETE);
  const auto in_empty =
      kfp.AddTask(empty, "t", "fp-empty", Execution::COMPLETE);
  kfp.AddTask(named, "t", "fp-named", Execution::COMPLETE);
  EXPECT_EQ(Found("fp-bare", "p", ""), in_bare.execution_id);
  EXPECT_EQ(Found("fp-empty", "p", ""), in_empty.execution_id);
  EXPECT_EQ(Found("fp-named", "p", ""), -1);
  EXPECT_EQ(Found("fp-bare", "p", "ns"), -1);
}

TEST_P(CacheLookupTest, MinCreateTimeSkipsStaleExecutions) {
  KfpStoreBuilder kfp(store());
  const auto run = kfp.AddRun("p", "run-1", "ns");
  const auto task = kfp.AddTask(run, "t", "fp", Execution::COMPLETE);
  const LookupCachedExecutionResponse response = Lookup("fp", "p", "ns");
  ASSERT_TRUE(response.found());
  const int64_t created = response.execution().create_time_since_epoch();
  ASSERT_GT(created, 0);
  EXPECT_EQ(Found("fp", "p", "ns", created), task.execution_id);
  EXPECT_EQ(Found("fp", "p", "ns", created + 1), -1);
}

TEST_P(CacheLookupTest, DeletedRunIsNeverReturned) {
  KfpStoreBuilder kfp(store());
  const auto run1 = kfp.AddRun("p", "run-1", "ns");
  const auto run2 = kfp.AddRun("p", "run-2", "ns");
  const auto kept = kfp.AddTask(run1, "t", "fp", Execution::COMPLETE);
  const auto removed = kfp.AddTask(run2, "t", "fp", Execution::COMPLETE);
  ASSERT_EQ(Found("fp", "p", "ns"), removed.execution_id);
  DeleteRun(run2.run.id(), {removed.execution_id});
  EXPECT_EQ(Found("fp", "p", "ns"), kept.execution_id);
  DeleteRun(run1.run.id(), {kept.execution_id});
  EXPECT_EQ(Found("fp", "p", "ns"), -1);
}

TEST_P(CacheLookupTest, ExecutionWithoutOutputs) {
  KfpStoreBuilder kfp(store());
  const auto run = kfp.AddRun("p", "run-1", "ns");
  const auto task =
      kfp.AddTask(run, "t", "fp", Execution::COMPLETE, /*with_output=*/false);
  const LookupCachedExecutionResponse response = Lookup("fp", "p", "ns");
  ASSERT_TRUE(response.found());
  EXPECT_EQ(response.execution().id(), task.execution_id);
  EXPECT_EQ(response.output_artifacts_size(), 0);
  ASSERT_EQ(response.events_size(), 1);
  EXPECT_EQ(response.events(0).type(), Event::INPUT);
}

TEST_P(CacheLookupTest, FingerprintAndPipelineAreRequired) {
  LookupCachedExecutionRequest request;
  request.set_pipeline_name("p");
  LookupCachedExecutionResponse response;
  absl::Status st = store().LookupCachedExecution(request, &response);
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("fingerprint"));
  request.set_fingerprint("fp");
  request.clear_pipeline_name();
  st = store().LookupCachedExecution(request, &response);
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("pipeline_name"));
}

INSTANTIATE_STORE_TEST_SUITE(CacheLookupTest);

}  // namespace
}  // namespace mlmd::testing
