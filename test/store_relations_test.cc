// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Events, attributions, associations, parent contexts and the reads over
// them, through the public store API on every backend.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/node_kinds.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Event;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class RelationsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    types_ = RegisterTypes(store());
  }

  Event MakeEvent(int64_t artifact_id, int64_t execution_id, Event::Type type) {
    Event event;
    event.set_artifact_id(artifact_id);
    event.set_execution_id(execution_id);
    event.set_type(type);
    return event;
  }

  absl::Status PutEvents(const std::vector<Event>& events) {
    ml_metadata::PutEventsRequest request;
    for (const Event& e : events) *request.add_events() = e;
    ml_metadata::PutEventsResponse response;
    return store().PutEvents(request, &response);
  }

  std::vector<Event> EventsOfExecutions(const std::vector<int64_t>& ids) {
    ml_metadata::GetEventsByExecutionIDsRequest request;
    for (int64_t id : ids) request.add_execution_ids(id);
    ml_metadata::GetEventsByExecutionIDsResponse response;
    const absl::Status st = store().GetEventsByExecutionIDs(request, &response);
    EXPECT_TRUE(st.ok()) << st;
    return {response.events().begin(), response.events().end()};
  }

  absl::Status Link(int64_t parent, int64_t child) {
    ml_metadata::PutParentContextsRequest request;
    auto* link = request.add_parent_contexts();
    link->set_parent_id(parent);
    link->set_child_id(child);
    ml_metadata::PutParentContextsResponse response;
    return store().PutParentContexts(request, &response);
  }

  std::vector<int64_t> ParentsOf(int64_t id) {
    ml_metadata::GetParentContextsByContextRequest request;
    request.set_context_id(id);
    ml_metadata::GetParentContextsByContextResponse response;
    const absl::Status st =
        store().GetParentContextsByContext(request, &response);
    EXPECT_TRUE(st.ok()) << st;
    return IdsOf(response.contexts());
  }

  std::vector<int64_t> ChildrenOf(int64_t id) {
    ml_metadata::GetChildrenContextsByContextRequest request;
    request.set_context_id(id);
    ml_metadata::GetChildrenContextsByContextResponse response;
    const absl::Status st =
        store().GetChildrenContextsByContext(request, &response);
    EXPECT_TRUE(st.ok()) << st;
    return IdsOf(response.contexts());
  }

  TypeIds types_;
};

TEST_P(RelationsTest, EventsRoundTripWithPathStepsInOrder) {
  const int64_t a1 = CreateArtifact(store(), types_.artifact, "uri:a1");
  const int64_t a2 = CreateArtifact(store(), types_.artifact, "uri:a2");
  const int64_t e1 = CreateExecution(store(), types_.execution);
  const int64_t e2 = CreateExecution(store(), types_.execution);

  Event with_path = MakeEvent(a1, e1, Event::INPUT);
  with_path.mutable_path()->add_steps()->set_key("examples");
  with_path.mutable_path()->add_steps()->set_index(2);
  with_path.mutable_path()->add_steps()->set_key("train");
  with_path.mutable_path()->add_steps()->set_index(0);
  with_path.set_milliseconds_since_epoch(12345);
  const int64_t before = NowMillis();
  MLMD_ASSERT_OK(PutEvents({with_path, MakeEvent(a2, e1, Event::OUTPUT),
                            MakeEvent(a1, e2, Event::DECLARED_OUTPUT)}));
  const int64_t after = NowMillis();

  std::vector<Event> events = EventsOfExecutions({e1});
  ASSERT_EQ(events.size(), 2);
  EXPECT_EQ(events[0].artifact_id(), a1);
  EXPECT_EQ(events[0].execution_id(), e1);
  EXPECT_EQ(events[0].type(), Event::INPUT);
  EXPECT_EQ(events[0].milliseconds_since_epoch(), 12345);
  ASSERT_EQ(events[0].path().steps_size(), 4);
  EXPECT_EQ(events[0].path().steps(0).key(), "examples");
  EXPECT_EQ(events[0].path().steps(1).index(), 2);
  EXPECT_TRUE(events[0].path().steps(1).has_index());
  EXPECT_EQ(events[0].path().steps(2).key(), "train");
  EXPECT_TRUE(events[0].path().steps(3).has_index());
  EXPECT_EQ(events[0].path().steps(3).index(), 0);
  EXPECT_EQ(events[1].artifact_id(), a2);
  EXPECT_EQ(events[1].type(), Event::OUTPUT);
  EXPECT_FALSE(events[1].has_path());
  // An unset time is the time of the write.
  EXPECT_GE(events[1].milliseconds_since_epoch(), before);
  EXPECT_LE(events[1].milliseconds_since_epoch(), after);

  EXPECT_EQ(EventsOfExecutions({e1, e2}).size(), 3);
  EXPECT_THAT(EventsOfExecutions({}), IsEmpty());
  EXPECT_THAT(EventsOfExecutions({e2 + 1000}), IsEmpty());

  ml_metadata::GetEventsByArtifactIDsRequest by_artifact;
  by_artifact.add_artifact_ids(a1);
  ml_metadata::GetEventsByArtifactIDsResponse by_artifact_response;
  MLMD_ASSERT_OK(
      store().GetEventsByArtifactIDs(by_artifact, &by_artifact_response));
  ASSERT_EQ(by_artifact_response.events_size(), 2);
  EXPECT_EQ(by_artifact_response.events(0).execution_id(), e1);
  EXPECT_EQ(by_artifact_response.events(0).path().steps_size(), 4);
  EXPECT_EQ(by_artifact_response.events(1).execution_id(), e2);
}

TEST_P(RelationsTest, EventReadsTakeLongIdLists) {
  const int64_t a = CreateArtifact(store(), types_.artifact, "uri:a");
  const int64_t e = CreateExecution(store(), types_.execution);
  Event event = MakeEvent(a, e, Event::OUTPUT);
  event.mutable_path()->add_steps()->set_key("out");
  MLMD_ASSERT_OK(PutEvents({event}));
  // Longer than one statement's parameter budget: read in chunks.
  std::vector<int64_t> ids;
  for (int64_t i = 1; i <= 2500; ++i) ids.push_back(i);
  ids.push_back(e);  // a repeat of an id in range
  std::vector<Event> events = EventsOfExecutions(ids);
  ASSERT_EQ(events.size(), 1);
  EXPECT_EQ(events[0].path().steps(0).key(), "out");
}

TEST_P(RelationsTest, PutEventsRejectsBadEvents) {
  const int64_t a = CreateArtifact(store(), types_.artifact, "uri:a");
  const int64_t e = CreateExecution(store(), types_.execution);

  Event no_artifact = MakeEvent(a, e, Event::INPUT);
  no_artifact.clear_artifact_id();
  EXPECT_TRUE(absl::IsInvalidArgument(PutEvents({no_artifact})));
  Event no_execution = MakeEvent(a, e, Event::INPUT);
  no_execution.clear_execution_id();
  EXPECT_TRUE(absl::IsInvalidArgument(PutEvents({no_execution})));
  Event no_type = MakeEvent(a, e, Event::INPUT);
  no_type.clear_type();
  EXPECT_TRUE(absl::IsInvalidArgument(PutEvents({no_type})));
  EXPECT_TRUE(
      absl::IsInvalidArgument(PutEvents({MakeEvent(a, e, Event::UNKNOWN)})));
  const absl::Status unknown_artifact =
      PutEvents({MakeEvent(a + 100, e, Event::INPUT)});
  EXPECT_TRUE(absl::IsInvalidArgument(unknown_artifact)) << unknown_artifact;
  EXPECT_THAT(std::string(unknown_artifact.message()),
              ::testing::HasSubstr("events[0]"));
  EXPECT_TRUE(absl::IsInvalidArgument(
      PutEvents({MakeEvent(a, e + 100, Event::INPUT)})));
  EXPECT_EQ(CountRows(store(), "Event"), 0);

  MLMD_ASSERT_OK(PutEvents({MakeEvent(a, e, Event::INPUT)}));
  // Same (artifact, execution, type) again: stored, or twice in a request.
  EXPECT_TRUE(
      absl::IsAlreadyExists(PutEvents({MakeEvent(a, e, Event::INPUT)})));
  EXPECT_TRUE(absl::IsAlreadyExists(PutEvents(
      {MakeEvent(a, e, Event::OUTPUT), MakeEvent(a, e, Event::OUTPUT)})));
  // Another type between the same nodes is a different event.
  MLMD_ASSERT_OK(PutEvents({MakeEvent(a, e, Event::DECLARED_INPUT)}));

  // All or nothing: a good event before a duplicate is not kept.
  Event good = MakeEvent(a, e, Event::INTERNAL_OUTPUT);
  good.mutable_path()->add_steps()->set_index(1);
  EXPECT_TRUE(
      absl::IsAlreadyExists(PutEvents({good, MakeEvent(a, e, Event::INPUT)})));
  EXPECT_EQ(CountRows(store(), "Event"), 2);
  EXPECT_EQ(CountRows(store(), "EventPath"), 0);
}

TEST_P(RelationsTest, AttributionsAndAssociations) {
  const int64_t a1 = CreateArtifact(store(), types_.artifact, "uri:a1");
  const int64_t a2 = CreateArtifact(store(), types_.artifact, "uri:a2");
  const int64_t e = CreateExecution(store(), types_.execution);
  const int64_t c1 = CreateContext(store(), types_.context, "c1");
  const int64_t c2 = CreateContext(store(), types_.context, "c2");

  ml_metadata::PutAttributionsAndAssociationsRequest request;
  auto* attribution = request.add_attributions();
  attribution->set_context_id(c1);
  attribution->set_artifact_id(a2);
  attribution = request.add_attributions();
  attribution->set_context_id(c1);
  attribution->set_artifact_id(a1);
  attribution = request.add_attributions();
  attribution->set_context_id(c2);
  attribution->set_artifact_id(a1);
  auto* association = request.add_associations();
  association->set_context_id(c2);
  association->set_execution_id(e);
  ml_metadata::PutAttributionsAndAssociationsResponse response;
  MLMD_ASSERT_OK(store().PutAttributionsAndAssociations(request, &response));
  // Putting the same pairs again changes nothing.
  MLMD_ASSERT_OK(store().PutAttributionsAndAssociations(request, &response));
  EXPECT_EQ(CountRows(store(), "Attribution"), 3);
  EXPECT_EQ(CountRows(store(), "Association"), 1);

  ml_metadata::GetArtifactsByContextRequest artifacts_request;
  artifacts_request.set_context_id(c1);
  ml_metadata::GetArtifactsByContextResponse artifacts_response;
  MLMD_ASSERT_OK(
      store().GetArtifactsByContext(artifacts_request, &artifacts_response));
  EXPECT_THAT(IdsOf(artifacts_response.artifacts()), ElementsAre(a1, a2));
  EXPECT_EQ(artifacts_response.artifacts(0).uri(), "uri:a1");
  EXPECT_EQ(artifacts_response.artifacts(0).type(), "Dataset");

  ml_metadata::GetExecutionsByContextRequest executions_request;
  executions_request.set_context_id(c2);
  ml_metadata::GetExecutionsByContextResponse executions_response;
  MLMD_ASSERT_OK(
      store().GetExecutionsByContext(executions_request, &executions_response));
  EXPECT_THAT(IdsOf(executions_response.executions()), ElementsAre(e));
  executions_request.set_context_id(c1);
  MLMD_ASSERT_OK(
      store().GetExecutionsByContext(executions_request, &executions_response));
  EXPECT_THAT(executions_response.executions(), IsEmpty());

  ml_metadata::GetContextsByArtifactRequest by_artifact;
  by_artifact.set_artifact_id(a1);
  ml_metadata::GetContextsByArtifactResponse by_artifact_response;
  MLMD_ASSERT_OK(
      store().GetContextsByArtifact(by_artifact, &by_artifact_response));
  EXPECT_THAT(IdsOf(by_artifact_response.contexts()), ElementsAre(c1, c2));
  EXPECT_EQ(by_artifact_response.contexts(0).name(), "c1");

  ml_metadata::GetContextsByExecutionRequest by_execution;
  by_execution.set_execution_id(e);
  ml_metadata::GetContextsByExecutionResponse by_execution_response;
  MLMD_ASSERT_OK(
      store().GetContextsByExecution(by_execution, &by_execution_response));
  EXPECT_THAT(IdsOf(by_execution_response.contexts()), ElementsAre(c2));
}

TEST_P(RelationsTest, NeighbourhoodReadsOfUnlinkedNodes) {
  const int64_t a = CreateArtifact(store(), types_.artifact, "uri:a");
  const int64_t e = CreateExecution(store(), types_.execution);
  const int64_t c = CreateContext(store(), types_.context, "c");
  // Upstream answers NOT_FOUND when a node belongs to no context.
  ml_metadata::GetContextsByArtifactRequest by_artifact;
  by_artifact.set_artifact_id(a);
  ml_metadata::GetContextsByArtifactResponse by_artifact_response;
  EXPECT_TRUE(absl::IsNotFound(
      store().GetContextsByArtifact(by_artifact, &by_artifact_response)));
  ml_metadata::GetContextsByExecutionRequest by_execution;
  by_execution.set_execution_id(e);
  ml_metadata::GetContextsByExecutionResponse by_execution_response;
  EXPECT_TRUE(absl::IsNotFound(
      store().GetContextsByExecution(by_execution, &by_execution_response)));
  // An empty or unknown context simply has no members.
  for (int64_t context_id : {c, c + 100}) {
    ml_metadata::GetArtifactsByContextRequest request;
    request.set_context_id(context_id);
    ml_metadata::GetArtifactsByContextResponse response;
    MLMD_ASSERT_OK(store().GetArtifactsByContext(request, &response));
    EXPECT_THAT(response.artifacts(), IsEmpty());
    EXPECT_EQ(ChildrenOf(context_id).size(), 0);
    EXPECT_EQ(ParentsOf(context_id).size(), 0);
  }
}

TEST_P(RelationsTest, AttributionsAndAssociationsErrorsWriteNothing) {
  const int64_t a = CreateArtifact(store(), types_.artifact, "uri:a");
  const int64_t e = CreateExecution(store(), types_.execution);
  const int64_t c = CreateContext(store(), types_.context, "c");
  auto put = [&](int64_t context, int64_t artifact, int64_t execution_ctx,
                 int64_t execution) {
    ml_metadata::PutAttributionsAndAssociationsRequest request;
    auto* attribution = request.add_attributions();
    if (context) attribution->set_context_id(context);
    if (artifact) attribution->set_artifact_id(artifact);
    auto* association = request.add_associations();
    if (execution_ctx) association->set_context_id(execution_ctx);
    if (execution) association->set_execution_id(execution);
    ml_metadata::PutAttributionsAndAssociationsResponse response;
    return store().PutAttributionsAndAssociations(request, &response);
  };
  EXPECT_TRUE(absl::IsInvalidArgument(put(0, a, c, e)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(c, 0, c, e)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(c, a, 0, e)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(c, a, c, 0)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(c + 1, a, c, e)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(c, a + 1, c, e)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(c, a, c + 1, e)));
  // The attribution is fine, the association names an unknown execution.
  EXPECT_TRUE(absl::IsInvalidArgument(put(c, a, c, e + 1)));
  EXPECT_EQ(CountRows(store(), "Attribution"), 0);
  EXPECT_EQ(CountRows(store(), "Association"), 0);
  MLMD_EXPECT_OK(put(c, a, c, e));
}

TEST_P(RelationsTest, ListingMembersWithOptions) {
  const int64_t c = CreateContext(store(), types_.context, "c");
  std::vector<int64_t> executions;
  ml_metadata::PutAttributionsAndAssociationsRequest link;
  for (int i = 0; i < 3; ++i) {
    executions.push_back(CreateExecution(store(), types_.execution));
    auto* association = link.add_associations();
    association->set_context_id(c);
    association->set_execution_id(executions.back());
  }
  ml_metadata::PutAttributionsAndAssociationsResponse link_response;
  MLMD_ASSERT_OK(store().PutAttributionsAndAssociations(link, &link_response));

  auto list = [&](const std::string& options_text, std::vector<int64_t>* ids,
                  std::string* token = nullptr) -> absl::Status {
    ml_metadata::GetExecutionsByContextRequest request;
    request.set_context_id(c);
    *request.mutable_options() =
        ParseTextProto<ml_metadata::ListOperationOptions>(options_text);
    ml_metadata::GetExecutionsByContextResponse response;
    absl::Status st = store().GetExecutionsByContext(request, &response);
    if (ids != nullptr) *ids = IdsOf(response.executions());
    if (token != nullptr) *token = response.next_page_token();
    return st;
  };
  std::vector<int64_t> ids;
  std::string token;
  // Bare options: default page size 20 holds everything, no next page.
  MLMD_ASSERT_OK(list("", &ids, &token));
  EXPECT_THAT(ids, ElementsAre(executions[0], executions[1], executions[2]));
  EXPECT_TRUE(token.empty());
  MLMD_ASSERT_OK(list(
      "max_result_size: 3 order_by_field { field: ID is_asc: false }", &ids));
  EXPECT_THAT(ids, ElementsAre(executions[2], executions[1], executions[0]));
  MLMD_ASSERT_OK(
      list("order_by_field { field: CREATE_TIME is_asc: false }", &ids));
  EXPECT_THAT(ids, ElementsAre(executions[2], executions[1], executions[0]));
  MLMD_ASSERT_OK(list("order_by_field { field: LAST_UPDATE_TIME }", &ids));
  EXPECT_THAT(ids, ElementsAre(executions[0], executions[1], executions[2]));

  EXPECT_TRUE(absl::IsInvalidArgument(list("max_result_size: 0", nullptr)));
  // Paging: two pages, then the rest, with the token carried over.
  MLMD_ASSERT_OK(list("max_result_size: 2", &ids, &token));
  EXPECT_THAT(ids, ElementsAre(executions[0], executions[1]));
  ASSERT_FALSE(token.empty());
  MLMD_ASSERT_OK(
      list(absl::StrCat("max_result_size: 2 next_page_token: '", token, "'"),
           &ids, &token));
  EXPECT_THAT(ids, ElementsAre(executions[2]));
  EXPECT_TRUE(token.empty());
  EXPECT_TRUE(absl::IsInvalidArgument(list("next_page_token: 'abc'", nullptr)));
  // Filters apply within the context.
  MLMD_ASSERT_OK(
      list(absl::StrCat("filter_query: 'id = ", executions[1], "'"), &ids));
  EXPECT_THAT(ids, ElementsAre(executions[1]));
  MLMD_ASSERT_OK(list("filter_query: 'last_known_state = COMPLETE'", &ids));
  EXPECT_THAT(ids, IsEmpty());

  // Artifacts take the same options.
  ml_metadata::GetArtifactsByContextRequest artifacts;
  artifacts.set_context_id(c);
  artifacts.mutable_options()->set_max_result_size(5);
  ml_metadata::GetArtifactsByContextResponse artifacts_response;
  MLMD_ASSERT_OK(store().GetArtifactsByContext(artifacts, &artifacts_response));
  EXPECT_THAT(artifacts_response.artifacts(), IsEmpty());
  artifacts.mutable_options()->set_filter_query("uri = ");
  EXPECT_TRUE(absl::IsInvalidArgument(
      store().GetArtifactsByContext(artifacts, &artifacts_response)));
}

TEST_P(RelationsTest, ParentContextsAndLinkedReads) {
  // 0 -> {1, 2}, 2 -> 3, 1 -> 6, 4 -> 5 -> 6 (parent -> child).
  std::vector<int64_t> c;
  for (int i = 0; i < 7; ++i) {
    c.push_back(CreateContext(store(), types_.context, absl::StrCat("c", i)));
  }
  ml_metadata::PutParentContextsRequest request;
  for (auto [parent, child] : std::vector<std::pair<int, int>>{
           {0, 1}, {0, 2}, {2, 3}, {1, 6}, {4, 5}, {5, 6}}) {
    auto* link = request.add_parent_contexts();
    link->set_parent_id(c[parent]);
    link->set_child_id(c[child]);
  }
  ml_metadata::PutParentContextsResponse response;
  MLMD_ASSERT_OK(store().PutParentContexts(request, &response));

  EXPECT_THAT(ParentsOf(c[6]), ElementsAre(c[1], c[5]));
  EXPECT_THAT(ParentsOf(c[0]), IsEmpty());
  EXPECT_THAT(ChildrenOf(c[0]), ElementsAre(c[1], c[2]));
  EXPECT_THAT(ChildrenOf(c[6]), IsEmpty());

  ml_metadata::GetParentContextsByContextsRequest parents;
  for (int64_t id : c) parents.add_context_ids(id);
  parents.add_context_ids(c[6] + 100);  // unknown: absent from the map
  ml_metadata::GetParentContextsByContextsResponse parents_response;
  MLMD_ASSERT_OK(
      store().GetParentContextsByContexts(parents, &parents_response));
  const auto& parent_map = parents_response.contexts();
  EXPECT_EQ(parent_map.size(), 5);
  EXPECT_FALSE(parent_map.contains(c[0]));
  EXPECT_FALSE(parent_map.contains(c[4]));
  ASSERT_TRUE(parent_map.contains(c[6]));
  EXPECT_THAT(IdsOf(parent_map.at(c[6]).parent_contexts()),
              UnorderedElementsAre(c[1], c[5]));
  EXPECT_EQ(parent_map.at(c[3]).parent_contexts(0).name(), "c2");

  ml_metadata::GetChildrenContextsByContextsRequest children;
  children.add_context_ids(c[0]);
  children.add_context_ids(c[3]);
  ml_metadata::GetChildrenContextsByContextsResponse children_response;
  MLMD_ASSERT_OK(
      store().GetChildrenContextsByContexts(children, &children_response));
  EXPECT_EQ(children_response.contexts().size(), 1);
  EXPECT_THAT(IdsOf(children_response.contexts().at(c[0]).children_contexts()),
              UnorderedElementsAre(c[1], c[2]));

  // An empty id list is malformed (as upstream).
  ml_metadata::GetParentContextsByContextsRequest empty_parents;
  EXPECT_TRUE(absl::IsInvalidArgument(
      store().GetParentContextsByContexts(empty_parents, &parents_response)));
  ml_metadata::GetChildrenContextsByContextsRequest empty_children;
  EXPECT_TRUE(absl::IsInvalidArgument(store().GetChildrenContextsByContexts(
      empty_children, &children_response)));
}

TEST_P(RelationsTest, ParentContextErrors) {
  const int64_t a = CreateContext(store(), types_.context, "a");
  const int64_t b = CreateContext(store(), types_.context, "b");
  auto put = [&](std::optional<int64_t> parent, std::optional<int64_t> child) {
    ml_metadata::PutParentContextsRequest request;
    auto* link = request.add_parent_contexts();
    if (parent) link->set_parent_id(*parent);
    if (child) link->set_child_id(*child);
    ml_metadata::PutParentContextsResponse response;
    return store().PutParentContexts(request, &response);
  };
  EXPECT_TRUE(absl::IsInvalidArgument(put(std::nullopt, std::nullopt)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(a, std::nullopt)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(std::nullopt, a)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(b + 1, a)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(a, b + 1)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(b + 1, b + 2)));
  EXPECT_TRUE(absl::IsInvalidArgument(put(a, a)));  // its own parent
  MLMD_ASSERT_OK(put(a, b));
  EXPECT_TRUE(absl::IsAlreadyExists(put(a, b)));
  EXPECT_EQ(CountRows(store(), "ParentContext"), 1);
}

TEST_P(RelationsTest, ParentContextCyclesAreRejected) {
  std::vector<int64_t> c;
  for (int i = 0; i < 5; ++i) {
    c.push_back(CreateContext(store(), types_.context, absl::StrCat("c", i)));
  }
  // Direct: c0 is the parent of c1, so c1 cannot be the parent of c0.
  MLMD_ASSERT_OK(Link(c[0], c[1]));
  const absl::Status direct = Link(c[1], c[0]);
  EXPECT_TRUE(absl::IsInvalidArgument(direct)) << direct;
  EXPECT_THAT(std::string(direct.message()), ::testing::HasSubstr("cycle"));

  // Three levels: c0 -> c1 -> c2; c2 cannot become the parent of c0.
  MLMD_ASSERT_OK(Link(c[1], c[2]));
  EXPECT_TRUE(absl::IsInvalidArgument(Link(c[2], c[0])));
  // A diamond is not a cycle: c0 -> c3 -> c2 as well.
  MLMD_ASSERT_OK(Link(c[0], c[3]));
  MLMD_ASSERT_OK(Link(c[3], c[2]));
  EXPECT_TRUE(absl::IsInvalidArgument(Link(c[2], c[3])));

  // A cycle closed within one request: nothing of the request is stored.
  ml_metadata::PutParentContextsRequest request;
  for (auto [parent, child] :
       std::vector<std::pair<int64_t, int64_t>>{{c[2], c[4]}, {c[4], c[0]}}) {
    auto* link = request.add_parent_contexts();
    link->set_parent_id(parent);
    link->set_child_id(child);
  }
  ml_metadata::PutParentContextsResponse response;
  const absl::Status in_request = store().PutParentContexts(request, &response);
  EXPECT_TRUE(absl::IsInvalidArgument(in_request)) << in_request;
  EXPECT_THAT(std::string(in_request.message()),
              ::testing::HasSubstr("parent_contexts[1]"));
  EXPECT_EQ(CountRows(store(), "ParentContext"), 4);
  EXPECT_THAT(ChildrenOf(c[2]), IsEmpty());
}

INSTANTIATE_STORE_TEST_SUITE(RelationsTest);

}  // namespace
}  // namespace mlmd::testing
