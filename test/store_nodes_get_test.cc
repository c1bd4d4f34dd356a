// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The node getters: by id, listing, by type, by type and name, by uri and
// by external id, with upstream's answers for missing inputs.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/node_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Context;
using ::ml_metadata::Execution;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

template <typename Repeated>
std::vector<int64_t> Ids(const Repeated& nodes) {
  std::vector<int64_t> ids;
  for (const auto& node : nodes) ids.push_back(node.id());
  return ids;
}

class NodesGetTest : public StoreTest {};

TEST_P(NodesGetTest, GetArtifactsByIdSkipsUnknownIds) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), R"pb(
    name: 'Model'
    version: 'v1'
    description: 'a model'
    external_id: 'model-type'
    properties { key: 'p' value: STRING }
  )pb");
  const int64_t bare_type = PutArtifactTypeOrDie(store(), "name: 'Bare'");
  std::vector<int64_t> ids = PutArtifactsOrDie(
      store(), type_id,
      {"properties { key: 'p' value { string_value: '1' } }", "uri: 'b'"});
  const std::vector<int64_t> bare = PutArtifactsOrDie(store(), bare_type, {""});
  ids.push_back(bare[0]);

  ml_metadata::GetArtifactsByIDRequest request;
  request.add_artifact_ids(ids[2]);
  request.add_artifact_ids(ids[2] + 100);
  request.add_artifact_ids(ids[0]);
  request.add_artifact_ids(ids[0]);
  ml_metadata::GetArtifactsByIDResponse response;
  MLMD_ASSERT_OK(store().GetArtifactsByID(request, &response));
  EXPECT_THAT(Ids(response.artifacts()), ElementsAre(ids[0], ids[2]));
  EXPECT_THAT(response.artifact_types(), IsEmpty());
  EXPECT_EQ(response.artifacts(0).type(), "Model");
  EXPECT_EQ(response.artifacts(0).properties().at("p").string_value(), "1");

  // With populate_artifact_types, each type once (as upstream: id, name,
  // version, description, external_id and properties).
  request.add_artifact_ids(ids[1]);
  request.set_populate_artifact_types(true);
  MLMD_ASSERT_OK(store().GetArtifactsByID(request, &response));
  EXPECT_THAT(Ids(response.artifacts()), ElementsAre(ids[0], ids[1], ids[2]));
  ASSERT_THAT(response.artifact_types(), SizeIs(2));
  auto want_type = ParseText<ml_metadata::ArtifactType>(R"pb(
    name: 'Model'
    version: 'v1'
    description: 'a model'
    external_id: 'model-type'
    properties { key: 'p' value: STRING }
  )pb");
  want_type.set_id(type_id);
  EXPECT_TRUE(EqualsIgnoring(response.artifact_types(0), want_type));
  EXPECT_EQ(response.artifact_types(1).name(), "Bare");

  // Only unknown ids, or none at all: empty and OK.
  ml_metadata::GetArtifactsByIDRequest unknown;
  unknown.add_artifact_ids(ids[2] + 100);
  unknown.set_populate_artifact_types(true);
  MLMD_ASSERT_OK(store().GetArtifactsByID(unknown, &response));
  EXPECT_THAT(response.artifacts(), IsEmpty());
  EXPECT_THAT(response.artifact_types(), IsEmpty());
  MLMD_ASSERT_OK(store().GetArtifactsByID({}, &response));
  EXPECT_THAT(response.artifacts(), IsEmpty());
}

// Several nodes read together, with several properties each and one with
// none in between, each get exactly their own (on MySQL the nodes and their
// properties come back from one joined query, a node's row per property).
TEST_P(NodesGetTest, EachNodeGetsItsOwnPropertiesWhenReadTogether) {
  const int64_t type_id = PutExecutionTypeOrDie(store(), R"pb(
    name: 'Step'
    properties { key: 'n' value: INT }
    properties { key: 's' value: STRING }
  )pb");
  ml_metadata::PutExecutionsRequest put;
  for (int i = 0; i < 4; ++i) {
    Execution* e = put.add_executions();
    e->set_type_id(type_id);
    if (i == 2) continue;  // no properties at all
    (*e->mutable_properties())["n"].set_int_value(i);
    (*e->mutable_properties())["s"].set_string_value(absl::StrCat("s", i));
    for (int j = 0; j <= i; ++j) {
      (*e->mutable_custom_properties())[absl::StrCat("c", j)].set_double_value(
          i + j / 10.0);
    }
  }
  ml_metadata::PutExecutionsResponse ids;
  MLMD_ASSERT_OK(store().PutExecutions(put, &ids));

  ml_metadata::GetExecutionsByIDRequest get;
  for (int64_t id : ids.execution_ids()) get.add_execution_ids(id);
  ml_metadata::GetExecutionsByIDResponse got;
  MLMD_ASSERT_OK(store().GetExecutionsByID(get, &got));
  ASSERT_THAT(got.executions(), SizeIs(4));
  for (int i = 0; i < 4; ++i) {
    const Execution& e = got.executions(i);
    SCOPED_TRACE(absl::StrCat("execution ", i));
    EXPECT_EQ(e.id(), ids.execution_ids(i));
    EXPECT_EQ(e.type(), "Step");
    if (i == 2) {
      EXPECT_THAT(e.properties(), IsEmpty());
      EXPECT_THAT(e.custom_properties(), IsEmpty());
      continue;
    }
    ASSERT_THAT(e.properties(), SizeIs(2));
    EXPECT_EQ(e.properties().at("n").int_value(), i);
    EXPECT_EQ(e.properties().at("s").string_value(), absl::StrCat("s", i));
    ASSERT_THAT(e.custom_properties(), SizeIs(i + 1));
    for (int j = 0; j <= i; ++j) {
      EXPECT_DOUBLE_EQ(
          e.custom_properties().at(absl::StrCat("c", j)).double_value(),
          i + j / 10.0);
    }
  }
}

TEST_P(NodesGetTest, ExecutionsAndContextsById) {
  const int64_t execution_type = PutExecutionTypeOrDie(store(), "name: 'E'");
  const int64_t context_type = PutContextTypeOrDie(store(), "name: 'C'");
  ml_metadata::PutExecutionsRequest put_executions;
  put_executions.add_executions()->set_type_id(execution_type);
  put_executions.add_executions()->set_type_id(execution_type);
  ml_metadata::PutExecutionsResponse executions;
  MLMD_ASSERT_OK(store().PutExecutions(put_executions, &executions));
  ml_metadata::PutContextsRequest put_contexts;
  put_contexts.add_contexts()->set_type_id(context_type);
  put_contexts.mutable_contexts(0)->set_name("c");
  ml_metadata::PutContextsResponse contexts;
  MLMD_ASSERT_OK(store().PutContexts(put_contexts, &contexts));

  ml_metadata::GetExecutionsByIDRequest get_executions;
  get_executions.add_execution_ids(executions.execution_ids(1));
  get_executions.add_execution_ids(999);
  ml_metadata::GetExecutionsByIDResponse got_executions;
  MLMD_ASSERT_OK(store().GetExecutionsByID(get_executions, &got_executions));
  EXPECT_THAT(Ids(got_executions.executions()),
              ElementsAre(executions.execution_ids(1)));
  EXPECT_EQ(got_executions.executions(0).type(), "E");

  ml_metadata::GetContextsByIDRequest get_contexts;
  get_contexts.add_context_ids(contexts.context_ids(0));
  get_contexts.add_context_ids(999);
  ml_metadata::GetContextsByIDResponse got_contexts;
  MLMD_ASSERT_OK(store().GetContextsByID(get_contexts, &got_contexts));
  ASSERT_THAT(got_contexts.contexts(), SizeIs(1));
  EXPECT_EQ(got_contexts.contexts(0).name(), "c");
  EXPECT_EQ(got_contexts.contexts(0).type(), "C");
}

TEST_P(NodesGetTest, ListingReturnsAllInIdOrder) {
  ml_metadata::GetArtifactsResponse artifacts;
  MLMD_ASSERT_OK(store().GetArtifacts({}, &artifacts));
  EXPECT_THAT(artifacts.artifacts(), IsEmpty());
  ml_metadata::GetExecutionsResponse executions;
  MLMD_ASSERT_OK(store().GetExecutions({}, &executions));
  EXPECT_THAT(executions.executions(), IsEmpty());
  ml_metadata::GetContextsResponse contexts;
  MLMD_ASSERT_OK(store().GetContexts({}, &contexts));
  EXPECT_THAT(contexts.contexts(), IsEmpty());

  const int64_t type_a = PutArtifactTypeOrDie(store(), "name: 'A'");
  const int64_t type_b = PutArtifactTypeOrDie(store(), "name: 'B'");
  std::vector<int64_t> ids = PutArtifactsOrDie(store(), type_a, {"", ""});
  for (int64_t id : PutArtifactsOrDie(store(), type_b, {"", ""})) {
    ids.push_back(id);
  }
  MLMD_ASSERT_OK(store().GetArtifacts({}, &artifacts));
  EXPECT_EQ(Ids(artifacts.artifacts()), ids);
  EXPECT_FALSE(artifacts.has_next_page_token());

  const int64_t context_type = PutContextTypeOrDie(store(), "name: 'C'");
  ml_metadata::PutContextsRequest put;
  for (const char* name : {"z", "a", "m"}) {
    Context* c = put.add_contexts();
    c->set_type_id(context_type);
    c->set_name(name);
  }
  ml_metadata::PutContextsResponse put_response;
  MLMD_ASSERT_OK(store().PutContexts(put, &put_response));
  MLMD_ASSERT_OK(store().GetContexts({}, &contexts));
  EXPECT_THAT(
      Ids(contexts.contexts()),
      ElementsAre(put_response.context_ids(0), put_response.context_ids(1),
                  put_response.context_ids(2)));
}

TEST_P(NodesGetTest, ByTypeAndByTypeAndName) {
  const int64_t plain = PutArtifactTypeOrDie(store(), "name: 'T'");
  const int64_t versioned =
      PutArtifactTypeOrDie(store(), "name: 'T' version: 'v2'");
  const int64_t empty_type = PutArtifactTypeOrDie(store(), "name: 'Empty'");
  (void)empty_type;
  const std::vector<int64_t> plain_ids =
      PutArtifactsOrDie(store(), plain, {"name: 'shared'", "name: 'p2'"});
  const std::vector<int64_t> versioned_ids =
      PutArtifactsOrDie(store(), versioned, {"name: 'shared'"});

  auto by_type = [&](const std::string& name, const std::string& version) {
    ml_metadata::GetArtifactsByTypeRequest request;
    request.set_type_name(name);
    if (!version.empty()) request.set_type_version(version);
    ml_metadata::GetArtifactsByTypeResponse response;
    MLMD_EXPECT_OK(store().GetArtifactsByType(request, &response));
    EXPECT_FALSE(response.has_next_page_token());
    return Ids(response.artifacts());
  };
  EXPECT_EQ(by_type("T", ""), plain_ids);
  EXPECT_EQ(by_type("T", "v2"), versioned_ids);
  EXPECT_THAT(by_type("T", "v9"), IsEmpty());
  EXPECT_THAT(by_type("Unknown", ""), IsEmpty());
  EXPECT_THAT(by_type("Empty", ""), IsEmpty());

  auto by_name = [&](const std::string& type, const std::string& version,
                     const std::string& name) -> std::optional<Artifact> {
    ml_metadata::GetArtifactByTypeAndNameRequest request;
    request.set_type_name(type);
    if (!version.empty()) request.set_type_version(version);
    request.set_artifact_name(name);
    ml_metadata::GetArtifactByTypeAndNameResponse response;
    MLMD_EXPECT_OK(store().GetArtifactByTypeAndName(request, &response));
    if (!response.has_artifact()) return std::nullopt;
    return response.artifact();
  };
  ASSERT_TRUE(by_name("T", "", "shared").has_value());
  EXPECT_EQ(by_name("T", "", "shared")->id(), plain_ids[0]);
  EXPECT_EQ(by_name("T", "v2", "shared")->id(), versioned_ids[0]);
  EXPECT_EQ(by_name("T", "v2", "shared")->type(), "T");
  EXPECT_FALSE(by_name("T", "v2", "p2").has_value());
  EXPECT_FALSE(by_name("Unknown", "", "shared").has_value());

  // Executions and contexts follow the same rules.
  const int64_t execution_type = PutExecutionTypeOrDie(store(), "name: 'E'");
  ml_metadata::PutExecutionsRequest put_executions;
  put_executions.add_executions()->set_type_id(execution_type);
  put_executions.mutable_executions(0)->set_name("run");
  ml_metadata::PutExecutionsResponse executions;
  MLMD_ASSERT_OK(store().PutExecutions(put_executions, &executions));
  ml_metadata::GetExecutionsByTypeRequest executions_by_type;
  executions_by_type.set_type_name("E");
  ml_metadata::GetExecutionsByTypeResponse executions_by_type_response;
  MLMD_ASSERT_OK(store().GetExecutionsByType(executions_by_type,
                                             &executions_by_type_response));
  EXPECT_THAT(Ids(executions_by_type_response.executions()),
              ElementsAre(executions.execution_ids(0)));
  ml_metadata::GetExecutionByTypeAndNameRequest execution_by_name;
  execution_by_name.set_type_name("E");
  execution_by_name.set_execution_name("run");
  ml_metadata::GetExecutionByTypeAndNameResponse execution_by_name_response;
  MLMD_ASSERT_OK(store().GetExecutionByTypeAndName(
      execution_by_name, &execution_by_name_response));
  EXPECT_EQ(execution_by_name_response.execution().id(),
            executions.execution_ids(0));
  // A context type of the same name, with a context of the same name, is
  // another kind: the execution lookup still finds the execution.
  const int64_t same_name_context_type =
      PutContextTypeOrDie(store(), "name: 'E'");
  ml_metadata::PutContextsRequest same_name_context;
  same_name_context.add_contexts()->set_type_id(same_name_context_type);
  same_name_context.mutable_contexts(0)->set_name("run");
  ml_metadata::PutContextsResponse same_name_context_ids;
  MLMD_ASSERT_OK(
      store().PutContexts(same_name_context, &same_name_context_ids));
  MLMD_ASSERT_OK(store().GetExecutionByTypeAndName(
      execution_by_name, &execution_by_name_response));
  EXPECT_EQ(execution_by_name_response.execution().id(),
            executions.execution_ids(0));
  EXPECT_EQ(execution_by_name_response.execution().type(), "E");

  const int64_t context_type = PutContextTypeOrDie(store(), "name: 'C'");
  ml_metadata::PutContextsRequest put_contexts;
  put_contexts.add_contexts()->set_type_id(context_type);
  put_contexts.mutable_contexts(0)->set_name("ctx");
  ml_metadata::PutContextsResponse contexts;
  MLMD_ASSERT_OK(store().PutContexts(put_contexts, &contexts));
  ml_metadata::GetContextsByTypeRequest contexts_by_type;
  contexts_by_type.set_type_name("C");
  ml_metadata::GetContextsByTypeResponse contexts_by_type_response;
  MLMD_ASSERT_OK(
      store().GetContextsByType(contexts_by_type, &contexts_by_type_response));
  EXPECT_THAT(Ids(contexts_by_type_response.contexts()),
              ElementsAre(contexts.context_ids(0)));
  ml_metadata::GetContextByTypeAndNameRequest context_by_name;
  context_by_name.set_type_name("C");
  context_by_name.set_context_name("ctx");
  ml_metadata::GetContextByTypeAndNameResponse context_by_name_response;
  MLMD_ASSERT_OK(store().GetContextByTypeAndName(context_by_name,
                                                 &context_by_name_response));
  EXPECT_EQ(context_by_name_response.context().id(), contexts.context_ids(0));
  context_by_name.set_context_name("missing");
  MLMD_ASSERT_OK(store().GetContextByTypeAndName(context_by_name,
                                                 &context_by_name_response));
  EXPECT_FALSE(context_by_name_response.has_context());
}

// The upstream GetArtifactByURI scenarios.
TEST_P(NodesGetTest, GetArtifactsByUri) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), "name: 'T'");
  ml_metadata::GetArtifactsByURIResponse response;
  MLMD_ASSERT_OK(store().GetArtifactsByURI({}, &response));
  EXPECT_THAT(response.artifacts(), IsEmpty());

  PutArtifactsOrDie(store(), type_id,
                    {"uri: 'testuri://with_one_artifact'",
                     "uri: 'testuri://with_multiple_artifacts'",
                     "uri: 'testuri://with_multiple_artifacts'", "", "", ""});
  auto count = [&](const std::vector<std::string>& uris) {
    ml_metadata::GetArtifactsByURIRequest request;
    for (const std::string& uri : uris) request.add_uris(uri);
    MLMD_EXPECT_OK(store().GetArtifactsByURI(request, &response));
    return response.artifacts_size();
  };
  EXPECT_EQ(count({"testuri://with_one_artifact"}), 1);
  EXPECT_EQ(count({"testuri://with_multiple_artifacts"}), 2);
  EXPECT_EQ(count({""}), 3);
  EXPECT_EQ(count({"unknown_uri"}), 0);
  EXPECT_EQ(count({"unknown_uri", "testuri://with_one_artifact",
                   "testuri://with_one_artifact", "unknown_uri_2",
                   "testuri://with_multiple_artifacts", ""}),
            6);

  // The pre-0.21 single `uri` field (number 1) is refused.
  ml_metadata::GetArtifactsByURIRequest old_client;
  old_client.GetReflection()
      ->MutableUnknownFields(&old_client)
      ->AddLengthDelimited(1, "deprecated_uri_field_value");
  const absl::Status st = store().GetArtifactsByURI(old_client, &response);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()),
              HasSubstr("The request contains deprecated field"));
}

TEST_P(NodesGetTest, ByExternalIds) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), "name: 'T'");
  const std::vector<int64_t> ids = PutArtifactsOrDie(
      store(), type_id, {"external_id: 'a1'", "external_id: 'a2'", ""});

  auto get = [&](const std::vector<std::string>& external_ids,
                 ml_metadata::GetArtifactsByExternalIdsResponse* response) {
    ml_metadata::GetArtifactsByExternalIdsRequest request;
    for (const std::string& e : external_ids) request.add_external_ids(e);
    return store().GetArtifactsByExternalIds(request, response);
  };
  ml_metadata::GetArtifactsByExternalIdsResponse response;
  MLMD_ASSERT_OK(get({"a2"}, &response));
  EXPECT_THAT(Ids(response.artifacts()), ElementsAre(ids[1]));
  EXPECT_EQ(response.artifacts(0).external_id(), "a2");
  MLMD_ASSERT_OK(get({"a2", "absent", "a1"}, &response));
  EXPECT_THAT(Ids(response.artifacts()), ElementsAre(ids[0], ids[1]));
  MLMD_ASSERT_OK(get({}, &response));
  EXPECT_THAT(response.artifacts(), IsEmpty());

  absl::Status st = get({"absent"}, &response);
  EXPECT_EQ(st.code(), absl::StatusCode::kNotFound) << st;
  st = get({"a1", ""}, &response);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
  EXPECT_THAT(std::string(st.message()), HasSubstr("external_ids[1]"));

  // Executions and contexts behave the same.
  const int64_t execution_type = PutExecutionTypeOrDie(store(), "name: 'E'");
  ml_metadata::PutExecutionsRequest put_executions;
  put_executions.add_executions()->set_type_id(execution_type);
  put_executions.mutable_executions(0)->set_external_id("e1");
  ml_metadata::PutExecutionsResponse executions;
  MLMD_ASSERT_OK(store().PutExecutions(put_executions, &executions));
  ml_metadata::GetExecutionsByExternalIdsRequest get_executions;
  get_executions.add_external_ids("e1");
  ml_metadata::GetExecutionsByExternalIdsResponse got_executions;
  MLMD_ASSERT_OK(
      store().GetExecutionsByExternalIds(get_executions, &got_executions));
  EXPECT_THAT(Ids(got_executions.executions()),
              ElementsAre(executions.execution_ids(0)));
  get_executions.set_external_ids(0, "nope");
  EXPECT_EQ(store()
                .GetExecutionsByExternalIds(get_executions, &got_executions)
                .code(),
            absl::StatusCode::kNotFound);

  const int64_t context_type = PutContextTypeOrDie(store(), "name: 'C'");
  ml_metadata::PutContextsRequest put_contexts;
  put_contexts.add_contexts()->set_type_id(context_type);
  put_contexts.mutable_contexts(0)->set_name("c");
  put_contexts.mutable_contexts(0)->set_external_id("c1");
  ml_metadata::PutContextsResponse contexts;
  MLMD_ASSERT_OK(store().PutContexts(put_contexts, &contexts));
  ml_metadata::GetContextsByExternalIdsRequest get_contexts;
  get_contexts.add_external_ids("c1");
  ml_metadata::GetContextsByExternalIdsResponse got_contexts;
  MLMD_ASSERT_OK(store().GetContextsByExternalIds(get_contexts, &got_contexts));
  EXPECT_THAT(Ids(got_contexts.contexts()),
              ElementsAre(contexts.context_ids(0)));
  get_contexts.add_external_ids("");
  EXPECT_EQ(
      store().GetContextsByExternalIds(get_contexts, &got_contexts).code(),
      absl::StatusCode::kInvalidArgument);
}

INSTANTIATE_STORE_TEST_SUITE(NodesGetTest);

}  // namespace
}  // namespace mlmd::testing
