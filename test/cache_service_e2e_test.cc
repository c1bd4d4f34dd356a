// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd_server.cache.v1.CacheService over the wire, against the real binary:
// a KFP-shaped run written through MetadataStoreService, then the cache
// lookup a driver would make, and its errors.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "mlmd_server/cache/v1/cache.grpc.pb.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Event;
using ::ml_metadata::Execution;
using ::mlmd_server::cache::v1::CacheService;
using ::mlmd_server::cache::v1::LookupCachedExecutionRequest;
using ::mlmd_server::cache::v1::LookupCachedExecutionResponse;

class CacheServiceE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = ServerProcess::Start(
        {absl::StrCat("--sqlite_path=", MakeTempDir("cache_e2e"), "/m.db")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    cache_ = CacheService::NewStub(server_->channel());
  }

  ml_metadata::MetadataStoreService::Stub& mlmd() { return server_->stub(); }

  ml_metadata::Context Context(int64_t type_id, const std::string& name,
                               const std::string& namespace_name) {
    ml_metadata::PutContextsRequest put;
    put.add_contexts()->set_type_id(type_id);
    put.mutable_contexts(0)->set_name(name);
    if (!namespace_name.empty()) {
      (*put.mutable_contexts(0)->mutable_custom_properties())["namespace"]
          .set_string_value(namespace_name);
    }
    ml_metadata::PutContextsResponse ids;
    grpc::ClientContext context;
    const grpc::Status st = mlmd().PutContexts(&context, put, &ids);
    EXPECT_TRUE(st.ok()) << st.error_message();
    ml_metadata::Context stored = put.contexts(0);
    if (ids.context_ids_size() == 1) stored.set_id(ids.context_ids(0));
    return stored;
  }

  // One task with an output artifact; returns the PutExecution response.
  ml_metadata::PutExecutionResponse Task(const ml_metadata::Context& pipeline,
                                         const ml_metadata::Context& run,
                                         const std::string& fingerprint,
                                         Execution::State state) {
    ml_metadata::PutExecutionRequest put;
    put.mutable_execution()->set_type_id(execution_type_);
    put.mutable_execution()->set_last_known_state(state);
    (*put.mutable_execution()->mutable_custom_properties())["cache_fingerprint"]
        .set_string_value(fingerprint);
    auto* pair = put.add_artifact_event_pairs();
    pair->mutable_artifact()->set_type_id(artifact_type_);
    pair->mutable_artifact()->set_uri("minio://out/" + fingerprint);
    pair->mutable_event()->set_type(Event::OUTPUT);
    *put.add_contexts() = pipeline;
    *put.add_contexts() = run;
    ml_metadata::PutExecutionResponse done;
    grpc::ClientContext context;
    const grpc::Status st = mlmd().PutExecution(&context, put, &done);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return done;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<CacheService::Stub> cache_;
  int64_t artifact_type_ = 0;
  int64_t execution_type_ = 0;
};

TEST_F(CacheServiceE2ETest, DriverFindsTheNewestReusableExecution) {
  ml_metadata::PutTypesRequest types;
  types.add_artifact_types()->set_name("system.Model");
  types.add_execution_types()->set_name("system.ContainerExecution");
  types.add_context_types()->set_name("system.Pipeline");
  types.add_context_types()->set_name("system.PipelineRun");
  ml_metadata::PutTypesResponse type_ids;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(mlmd().PutTypes(&context, types, &type_ids).ok());
  }
  artifact_type_ = type_ids.artifact_type_ids(0);
  execution_type_ = type_ids.execution_type_ids(0);
  const ml_metadata::Context pipeline =
      Context(type_ids.context_type_ids(0), "my-pipeline", "");
  const ml_metadata::Context run1 =
      Context(type_ids.context_type_ids(1), "run-1", "kf");
  const ml_metadata::Context run2 =
      Context(type_ids.context_type_ids(1), "run-2", "kf");
  ml_metadata::PutParentContextsRequest links;
  for (const int64_t run : {run1.id(), run2.id()}) {
    auto* link = links.add_parent_contexts();
    link->set_parent_id(pipeline.id());
    link->set_child_id(run);
  }
  {
    ml_metadata::PutParentContextsResponse linked;
    grpc::ClientContext context;
    ASSERT_TRUE(mlmd().PutParentContexts(&context, links, &linked).ok());
  }
  Task(pipeline, run1, "fp", Execution::COMPLETE);
  const auto newest = Task(pipeline, run2, "fp", Execution::COMPLETE);
  Task(pipeline, run2, "fp", Execution::FAILED);

  LookupCachedExecutionRequest request;
  request.set_fingerprint("fp");
  request.set_pipeline_name("my-pipeline");
  request.set_namespace_("kf");
  LookupCachedExecutionResponse response;
  {
    grpc::ClientContext context;
    const grpc::Status st =
        cache_->LookupCachedExecution(&context, request, &response);
    ASSERT_TRUE(st.ok()) << st.error_message();
  }
  ASSERT_TRUE(response.found());
  EXPECT_EQ(response.execution().id(), newest.execution_id());
  EXPECT_EQ(response.run_context_id(), run2.id());
  EXPECT_EQ(response.pipeline_context_id(), pipeline.id());
  ASSERT_EQ(response.output_artifacts_size(), 1);
  EXPECT_EQ(response.output_artifacts(0).id(), newest.artifact_ids(0));
  EXPECT_EQ(response.output_artifacts(0).uri(), "minio://out/fp");
  ASSERT_EQ(response.events_size(), 1);
  EXPECT_EQ(response.events(0).type(), Event::OUTPUT);

  // Another namespace: an empty answer, not an error.
  request.set_namespace_("other");
  {
    grpc::ClientContext context;
    const grpc::Status st =
        cache_->LookupCachedExecution(&context, request, &response);
    ASSERT_TRUE(st.ok()) << st.error_message();
    EXPECT_FALSE(response.found());
    EXPECT_FALSE(response.has_execution());
  }

  // A request without fingerprint is INVALID_ARGUMENT over the wire.
  request.clear_fingerprint();
  {
    grpc::ClientContext context;
    const grpc::Status st =
        cache_->LookupCachedExecution(&context, request, &response);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(st.error_message().find("fingerprint"), std::string::npos)
        << st.error_message();
  }
}

}  // namespace
}  // namespace mlmd::testing
