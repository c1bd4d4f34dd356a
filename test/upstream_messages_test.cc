// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Upstream MLMD's own clients (and KFP's) match some error messages by
// text, so on the write paths our messages start with upstream's wording
// (ml_metadata/metadata_store/*.cc) and add our detail after it. Each case
// asserts the status code and that the message starts with upstream's text.
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Context;
using ::ml_metadata::Event;
using ::ml_metadata::Execution;

// Expects `st` to have `code` and a message starting with `prefix`.
void ExpectUpstreamPrefix(const absl::Status& st, absl::StatusCode code,
                          const std::string& prefix) {
  EXPECT_EQ(st.code(), code) << st;
  EXPECT_TRUE(absl::StartsWith(st.message(), prefix))
      << "message: " << st.message() << "\nexpected prefix: " << prefix;
}

class UpstreamMessagesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto types = ParseTextProto<ml_metadata::PutTypesRequest>(R"pb(
      artifact_types {
        name: "Model"
        properties { key: "accuracy" value: DOUBLE }
      }
      execution_types { name: "Trainer" }
      context_types { name: "Run" }
    )pb");
    ml_metadata::PutTypesResponse ids;
    MLMD_ASSERT_OK(store().PutTypes(types, &ids));
    model_ = ids.artifact_type_ids(0);
    trainer_ = ids.execution_type_ids(0);
    run_ = ids.context_type_ids(0);
    artifact_ = CreateArtifact(store(), model_, "/m");
    execution_ = CreateExecution(store(), trainer_);
    context_ = CreateContext(store(), run_, "run-1");
  }

  absl::Status PutArtifact(const std::string& text) {
    ml_metadata::PutArtifactsRequest request;
    *request.add_artifacts() = ParseTextProto<Artifact>(text);
    ml_metadata::PutArtifactsResponse response;
    return store().PutArtifacts(request, &response);
  }
  absl::Status PutEvent(const std::string& text) {
    ml_metadata::PutEventsRequest request;
    *request.add_events() = ParseTextProto<Event>(text);
    ml_metadata::PutEventsResponse response;
    return store().PutEvents(request, &response);
  }
  absl::Status PutLinks(const std::string& text) {
    auto request =
        ParseTextProto<ml_metadata::PutAttributionsAndAssociationsRequest>(
            text);
    ml_metadata::PutAttributionsAndAssociationsResponse response;
    return store().PutAttributionsAndAssociations(request, &response);
  }
  absl::Status PutParent(const std::string& text) {
    auto request = ParseTextProto<ml_metadata::PutParentContextsRequest>(text);
    ml_metadata::PutParentContextsResponse response;
    return store().PutParentContexts(request, &response);
  }
  absl::Status PutModelType(const std::string& text) {
    auto request = ParseTextProto<ml_metadata::PutArtifactTypeRequest>(text);
    ml_metadata::PutArtifactTypeResponse response;
    return store().PutArtifactType(request, &response);
  }

  int64_t model_ = 0, trainer_ = 0, run_ = 0;
  int64_t artifact_ = 0, execution_ = 0, context_ = 0;
};

constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;
constexpr auto kExists = absl::StatusCode::kAlreadyExists;

TEST_P(UpstreamMessagesTest, NodeProperties) {
  const std::string type = absl::StrCat("type_id: ", model_, " ");
  // A declared property without a value, or with the wrong kind.
  ExpectUpstreamPrefix(
      PutArtifact(type + "properties { key: 'accuracy' value {} }"), kInvalid,
      "Found unmatched property type: accuracy");
  ExpectUpstreamPrefix(
      PutArtifact(type +
                  "properties { key: 'accuracy' value { int_value: 1 } }"),
      kInvalid, "Found unmatched property type: accuracy");
  ExpectUpstreamPrefix(
      PutArtifact(type + "properties { key: 'loss' value { int_value: 1 } }"),
      kInvalid, "Found unknown property: loss");
}

TEST_P(UpstreamMessagesTest, NodeTypesAndIds) {
  ExpectUpstreamPrefix(PutArtifact("uri: '/x'"), kInvalid,
                       "Type id is missing.");
  ExpectUpstreamPrefix(PutArtifact("type_id: 987654"),
                       absl::StatusCode::kNotFound,
                       "No type found for query, type_id: 987654");
  ExpectUpstreamPrefix(
      PutArtifact(absl::StrCat("id: 987654 type_id: ", model_)), kInvalid,
      "Cannot find the given id 987654");
  ml_metadata::PutArtifactTypeRequest other;
  other.mutable_artifact_type()->set_name("Dataset");
  ml_metadata::PutArtifactTypeResponse other_id;
  MLMD_ASSERT_OK(store().PutArtifactType(other, &other_id));
  const int64_t other_type = other_id.type_id();
  ExpectUpstreamPrefix(
      PutArtifact(absl::StrCat("id: ", artifact_, " type_id: ", other_type)),
      kInvalid,
      absl::StrCat("Given type_id ", other_type,
                   " is different from the one known before: ", model_));
  ml_metadata::PutContextsRequest unnamed;
  unnamed.add_contexts()->set_type_id(run_);
  ml_metadata::PutContextsResponse ids;
  ExpectUpstreamPrefix(store().PutContexts(unnamed, &ids), kInvalid,
                       "Context name should not be empty");
  ml_metadata::PutContextsRequest duplicate;
  duplicate.add_contexts()->set_type_id(run_);
  duplicate.mutable_contexts(0)->set_name("run-1");
  ExpectUpstreamPrefix(store().PutContexts(duplicate, &ids), kExists,
                       "Given node already exists: ");
}

TEST_P(UpstreamMessagesTest, AbortIfLatestUpdatedTimeChanged) {
  ml_metadata::PutArtifactsRequest request;
  Artifact* artifact = request.add_artifacts();
  artifact->set_id(artifact_);
  artifact->set_type_id(model_);
  artifact->set_last_update_time_since_epoch(1);
  request.mutable_options()->set_abort_if_latest_updated_time_changed(true);
  ml_metadata::PutArtifactsResponse response;
  ExpectUpstreamPrefix(
      store().PutArtifacts(request, &response),
      absl::StatusCode::kFailedPrecondition,
      absl::StrCat("`abort_if_latest_updated_time_changed` is set, and the "
                   "stored artifact with id = ",
                   artifact_,
                   " has a different last_update_time_since_epoch: "));
}

TEST_P(UpstreamMessagesTest, Events) {
  const std::string a = absl::StrCat("artifact_id: ", artifact_, " ");
  const std::string e = absl::StrCat("execution_id: ", execution_, " ");
  ExpectUpstreamPrefix(PutEvent(e + "type: INPUT"), kInvalid,
                       "No artifact id is specified.");
  ExpectUpstreamPrefix(PutEvent(a + "type: INPUT"), kInvalid,
                       "No execution id is specified.");
  ExpectUpstreamPrefix(PutEvent(a + e), kInvalid,
                       "No event type is specified.");
  ExpectUpstreamPrefix(PutEvent(e + "artifact_id: 987654 type: INPUT"),
                       kInvalid, "No artifact with the given id 987654");
  ExpectUpstreamPrefix(PutEvent(a + "execution_id: 987654 type: INPUT"),
                       kInvalid, "No execution with the given id 987654");
  MLMD_ASSERT_OK(PutEvent(a + e + "type: INPUT"));
  ExpectUpstreamPrefix(PutEvent(a + e + "type: INPUT"), kExists,
                       "Given event already exists: ");
}

TEST_P(UpstreamMessagesTest, AttributionsAndAssociations) {
  ExpectUpstreamPrefix(
      PutLinks(absl::StrCat("attributions { artifact_id: ", artifact_, " }")),
      kInvalid, "No context id is specified.");
  ExpectUpstreamPrefix(
      PutLinks(absl::StrCat("attributions { context_id: ", context_, " }")),
      kInvalid, "No artifact id is specified");
  ExpectUpstreamPrefix(
      PutLinks(absl::StrCat("associations { context_id: ", context_, " }")),
      kInvalid, "No execution id is specified");
  ExpectUpstreamPrefix(
      PutLinks(absl::StrCat(
          "attributions { context_id: 987654 artifact_id: ", artifact_, " }")),
      kInvalid, "Context id not found.");
  ExpectUpstreamPrefix(
      PutLinks(absl::StrCat("attributions { context_id: ", context_,
                            " artifact_id: 987654 }")),
      kInvalid, "Artifact id not found.");
  ExpectUpstreamPrefix(
      PutLinks(absl::StrCat("associations { context_id: ", context_,
                            " execution_id: 987654 }")),
      kInvalid, "Execution id not found.");
}

TEST_P(UpstreamMessagesTest, ParentContexts) {
  const int64_t parent = CreateContext(store(), run_, "parent");
  ExpectUpstreamPrefix(
      PutParent(absl::StrCat("parent_contexts { child_id: ", context_, " }")),
      kInvalid, "Missing parent / child id in the parent_context: ");
  ExpectUpstreamPrefix(
      PutParent(absl::StrCat("parent_contexts { child_id: ", context_,
                             " parent_id: ", context_, " }")),
      kInvalid, "There is a cycle detected of the given relationship.");
  ExpectUpstreamPrefix(
      PutParent(absl::StrCat("parent_contexts { child_id: ", context_,
                             " parent_id: 987654 }")),
      kInvalid,
      "Given parent / child id in the parent_context cannot be found: ");
  const std::string link = absl::StrCat(
      "parent_contexts { child_id: ", context_, " parent_id: ", parent, " }");
  MLMD_ASSERT_OK(PutParent(link));
  ExpectUpstreamPrefix(PutParent(link), kExists,
                       "Given parent_context already exists: ");
  ExpectUpstreamPrefix(
      PutParent(absl::StrCat("parent_contexts { child_id: ", parent,
                             " parent_id: ", context_, " }")),
      kInvalid, "There is a cycle detected of the given relationship.");
}

TEST_P(UpstreamMessagesTest, TypeEvolution) {
  ExpectUpstreamPrefix(
      PutModelType("artifact_type { name: 'Model' properties { key: "
                   "'accuracy' value: INT } }"),
      kExists,
      "Type already exists with different properties: Conflicting property "
      "value type found in stored and given types: ");
  ExpectUpstreamPrefix(
      PutModelType("artifact_type { name: 'Model' }"), kExists,
      "Type already exists with different properties: can_omit_fields is "
      "false while stored type has more properties: ");
  ExpectUpstreamPrefix(
      PutModelType("artifact_type { name: 'Model' properties { key: "
                   "'accuracy' value: DOUBLE } properties { key: 'loss' "
                   "value: DOUBLE } }"),
      kExists,
      "Type already exists with different properties: can_add_fields is "
      "false while the given type has more properties: ");
  ExpectUpstreamPrefix(
      PutModelType("artifact_type { name: 'Other' properties { key: 'p' "
                   "value: UNKNOWN } }"),
      kInvalid, "Property:p type should not be UNKNOWN.");
}

TEST_P(UpstreamMessagesTest, PutExecution) {
  ml_metadata::PutExecutionResponse response;
  ExpectUpstreamPrefix(
      store().PutExecution(ml_metadata::PutExecutionRequest(), &response),
      kInvalid, "No execution is found: ");
  ml_metadata::PutExecutionRequest request;
  request.mutable_execution()->set_type_id(trainer_);
  request.add_contexts()->set_name("c");
  ExpectUpstreamPrefix(store().PutExecution(request, &response), kInvalid,
                       "Context is missing a type_id: ");
  request.mutable_contexts(0)->clear_name();
  request.mutable_contexts(0)->set_type_id(run_);
  ExpectUpstreamPrefix(store().PutExecution(request, &response), kInvalid,
                       "Context is missing a name: ");
  request.clear_contexts();
  request.add_artifact_event_pairs()->mutable_event()->set_type(Event::INPUT);
  ExpectUpstreamPrefix(
      store().PutExecution(request, &response), kInvalid,
      "If no artifact is present, given event must have an artifact_id: ");
}

INSTANTIATE_STORE_TEST_SUITE(UpstreamMessagesTest);

}  // namespace
}  // namespace mlmd::testing
