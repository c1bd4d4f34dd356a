// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// PutExecution and PutLineageSubgraph through the public store API on every
// backend, including a Kubeflow-Pipelines-v2-shaped run.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
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
using ::ml_metadata::PutLineageSubgraphRequest;
using ::ml_metadata::PutLineageSubgraphResponse;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class CompositeTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    types_ = RegisterTypes(store());
  }

  Artifact NewArtifact(const std::string& uri) {
    Artifact artifact;
    artifact.set_type_id(types_.artifact);
    artifact.set_uri(uri);
    return artifact;
  }
  Context NewContext(const std::string& name) {
    Context context;
    context.set_type_id(types_.context);
    context.set_name(name);
    return context;
  }
  Execution NewExecution() {
    Execution execution;
    execution.set_type_id(types_.execution);
    return execution;
  }

  // Row counts of every table a composite write touches.
  std::vector<int64_t> Counts() {
    std::vector<int64_t> counts;
    for (const char* table :
         {"Artifact", "ArtifactProperty", "Execution", "ExecutionProperty",
          "Context", "Event", "EventPath", "Attribution", "Association"}) {
      counts.push_back(CountRows(store(), table));
    }
    return counts;
  }

  TypeIds types_;
};

TEST_P(CompositeTest, PutExecutionWritesNodesEventsAndLinks) {
  const int64_t existing = CreateArtifact(store(), types_.artifact, "uri:in");
  PutExecutionRequest request;
  Execution* execution = request.mutable_execution();
  *execution = NewExecution();
  (*execution->mutable_properties())["epochs"].set_int_value(3);
  execution->set_last_known_state(Execution::RUNNING);
  // An existing artifact as input, named by its id in the event only.
  auto* input = request.add_artifact_event_pairs();
  input->mutable_event()->set_artifact_id(existing);
  input->mutable_event()->set_type(Event::INPUT);
  input->mutable_event()->mutable_path()->add_steps()->set_key("examples");
  // A new artifact as output.
  auto* output = request.add_artifact_event_pairs();
  *output->mutable_artifact() = NewArtifact("uri:out");
  (*output->mutable_artifact()->mutable_properties())["split"].set_string_value(
      "train");
  output->mutable_event()->set_type(Event::OUTPUT);
  output->mutable_event()->mutable_path()->add_steps()->set_index(0);
  // An artifact without event: attributed, no event.
  *request.add_artifact_event_pairs()->mutable_artifact() =
      NewArtifact("uri:side");
  *request.add_contexts() = NewContext("run-1");
  *request.add_contexts() = NewContext("run-2");

  PutExecutionResponse response;
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  ASSERT_EQ(response.artifact_ids_size(), 3);
  EXPECT_EQ(response.artifact_ids(0), existing);
  const int64_t out = response.artifact_ids(1);
  const int64_t side = response.artifact_ids(2);
  ASSERT_EQ(response.context_ids_size(), 2);
  const int64_t execution_id = response.execution_id();

  EXPECT_EQ(ExecutionById(store(), execution_id)
                .properties()
                .at("epochs")
                .int_value(),
            3);
  EXPECT_EQ(ArtifactById(store(), out).properties().at("split").string_value(),
            "train");
  std::vector<Event> events = EventsOf(store(), execution_id);
  ASSERT_EQ(events.size(), 2);
  EXPECT_EQ(events[0].artifact_id(), existing);
  EXPECT_EQ(events[0].type(), Event::INPUT);
  EXPECT_EQ(events[0].path().steps(0).key(), "examples");
  EXPECT_EQ(events[1].artifact_id(), out);
  EXPECT_EQ(events[1].execution_id(), execution_id);
  EXPECT_EQ(events[1].path().steps(0).index(), 0);
  for (int64_t context_id : response.context_ids()) {
    EXPECT_THAT(ArtifactsIn(store(), context_id),
                ElementsAre(existing, out, side));
    EXPECT_THAT(ExecutionsIn(store(), context_id), ElementsAre(execution_id));
  }
  std::vector<Context> contexts = AllContexts(store());
  ASSERT_EQ(contexts.size(), 2);
  EXPECT_EQ(contexts[0].name(), "run-1");
  EXPECT_EQ(contexts[0].id(), response.context_ids(0));
}

TEST_P(CompositeTest, PutExecutionUpdatesAndAnswersEmptyPairs) {
  PutExecutionRequest request;
  *request.mutable_execution() = NewExecution();
  PutExecutionResponse response;
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  const int64_t execution_id = response.execution_id();
  EXPECT_THAT(response.artifact_ids(), IsEmpty());
  EXPECT_THAT(response.context_ids(), IsEmpty());

  // Same execution by id, now COMPLETE; two empty pairs answer -1 each.
  request.mutable_execution()->set_id(execution_id);
  request.mutable_execution()->set_last_known_state(Execution::COMPLETE);
  request.add_artifact_event_pairs();
  request.add_artifact_event_pairs();
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_EQ(response.execution_id(), execution_id);
  EXPECT_THAT(response.artifact_ids(), ElementsAre(-1, -1));
  EXPECT_EQ(ExecutionById(store(), execution_id).last_known_state(),
            Execution::COMPLETE);
  EXPECT_EQ(CountRows(store(), "Execution"), 1);
  EXPECT_EQ(CountRows(store(), "Event"), 0);
}

TEST_P(CompositeTest, PutExecutionRejectsInconsistentEvents) {
  const int64_t a = CreateArtifact(store(), types_.artifact, "uri:a");
  const int64_t e = CreateExecution(store(), types_.execution);
  const std::vector<int64_t> before = Counts();
  auto put = [&](const PutExecutionRequest& request) {
    PutExecutionResponse response;
    return store().PutExecution(request, &response);
  };

  PutExecutionRequest no_execution;
  EXPECT_TRUE(absl::IsInvalidArgument(put(no_execution)));

  PutExecutionRequest base;
  *base.mutable_execution() = NewExecution();
  base.mutable_execution()->set_id(e);

  PutExecutionRequest wrong_execution = base;
  auto* pair = wrong_execution.add_artifact_event_pairs();
  pair->mutable_event()->set_artifact_id(a);
  pair->mutable_event()->set_execution_id(e + 1);
  pair->mutable_event()->set_type(Event::INPUT);
  EXPECT_TRUE(absl::IsInvalidArgument(put(wrong_execution)));

  PutExecutionRequest wrong_artifact = base;
  pair = wrong_artifact.add_artifact_event_pairs();
  *pair->mutable_artifact() = NewArtifact("uri:new");
  pair->mutable_event()->set_artifact_id(a);
  pair->mutable_event()->set_type(Event::OUTPUT);
  EXPECT_TRUE(absl::IsInvalidArgument(put(wrong_artifact)));

  PutExecutionRequest no_artifact = base;
  no_artifact.add_artifact_event_pairs()->mutable_event()->set_type(
      Event::INPUT);
  EXPECT_TRUE(absl::IsInvalidArgument(put(no_artifact)));

  PutExecutionRequest no_type = base;
  pair = no_type.add_artifact_event_pairs();
  pair->mutable_event()->set_artifact_id(a);
  EXPECT_TRUE(absl::IsInvalidArgument(put(no_type)));

  PutExecutionRequest unknown_artifact = base;
  pair = unknown_artifact.add_artifact_event_pairs();
  pair->mutable_event()->set_artifact_id(a + 100);
  pair->mutable_event()->set_type(Event::INPUT);
  EXPECT_TRUE(absl::IsInvalidArgument(put(unknown_artifact)));

  PutExecutionRequest unnamed_context = base;
  unnamed_context.add_contexts()->set_type_id(types_.context);
  EXPECT_TRUE(absl::IsInvalidArgument(put(unnamed_context)));

  EXPECT_EQ(Counts(), before);
}

TEST_P(CompositeTest, PutExecutionIsAtomic) {
  const int64_t stored = CreateArtifact(store(), types_.artifact, "uri:s");
  CreateContext(store(), types_.context, "taken");
  const std::vector<int64_t> before = Counts();

  PutExecutionRequest request;
  *request.mutable_execution() = NewExecution();
  (*request.mutable_execution()->mutable_custom_properties())["k"]
      .set_string_value("v");
  for (int i = 0; i < 3; ++i) {
    auto* pair = request.add_artifact_event_pairs();
    *pair->mutable_artifact() = NewArtifact(absl::StrCat("uri:", i));
    pair->mutable_event()->set_type(Event::OUTPUT);
    pair->mutable_event()->mutable_path()->add_steps()->set_key("o");
  }
  *request.add_contexts() = NewContext("fresh");

  // The last pair names an artifact that does not exist.
  PutExecutionRequest bad_pair = request;
  auto* pair = bad_pair.add_artifact_event_pairs();
  pair->mutable_event()->set_artifact_id(stored + 1000);
  pair->mutable_event()->set_type(Event::INPUT);
  PutExecutionResponse response;
  EXPECT_TRUE(
      absl::IsInvalidArgument(store().PutExecution(bad_pair, &response)));
  EXPECT_EQ(Counts(), before);

  // The last two pairs carry the same event.
  PutExecutionRequest repeated = request;
  for (int i = 0; i < 2; ++i) {
    auto* same = repeated.add_artifact_event_pairs();
    same->mutable_event()->set_artifact_id(stored);
    same->mutable_event()->set_type(Event::INPUT);
  }
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutExecution(repeated, &response)));
  EXPECT_EQ(Counts(), before);

  // The context exists and reuse is off: ALREADY_EXISTS after everything
  // else was written, and still nothing is kept.
  PutExecutionRequest taken = request;
  *taken.add_contexts() = NewContext("taken");
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutExecution(taken, &response)));
  EXPECT_EQ(Counts(), before);

  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_EQ(CountRows(store(), "Event"), 3);
  EXPECT_EQ(CountRows(store(), "Attribution"), 3);
}

TEST_P(CompositeTest, ReuseContextIfAlreadyExist) {
  Context context = NewContext("pipeline");
  (*context.mutable_custom_properties())["owner"].set_string_value("first");
  PutExecutionRequest request;
  *request.mutable_execution() = NewExecution();
  *request.add_contexts() = context;
  PutExecutionResponse first;
  MLMD_ASSERT_OK(store().PutExecution(request, &first));

  PutExecutionResponse response;
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutExecution(request, &response)));

  // With reuse the stored context is used as it is, not overwritten.
  request.mutable_options()->set_reuse_context_if_already_exist(true);
  (*request.mutable_contexts(0)->mutable_custom_properties())["owner"]
      .set_string_value("second");
  // Listed twice: both answers are the one context.
  *request.add_contexts() = request.contexts(0);
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_THAT(response.context_ids(),
              ElementsAre(first.context_ids(0), first.context_ids(0)));
  std::vector<Context> contexts = AllContexts(store());
  ASSERT_EQ(contexts.size(), 1);
  EXPECT_EQ(contexts[0].custom_properties().at("owner").string_value(),
            "first");
  EXPECT_THAT(ExecutionsIn(store(), first.context_ids(0)),
              ElementsAre(first.execution_id(), response.execution_id()));

  // A context new to the store, listed twice with reuse: created once.
  PutExecutionRequest twice;
  *twice.mutable_execution() = NewExecution();
  *twice.add_contexts() = NewContext("new");
  *twice.add_contexts() = NewContext("new");
  twice.mutable_options()->set_reuse_context_if_already_exist(true);
  MLMD_ASSERT_OK(store().PutExecution(twice, &response));
  ASSERT_EQ(response.context_ids_size(), 2);
  EXPECT_EQ(response.context_ids(0), response.context_ids(1));
  EXPECT_EQ(AllContexts(store()).size(), 2);
  // Without reuse the repeat is a duplicate.
  twice.mutable_options()->clear_reuse_context_if_already_exist();
  twice.mutable_contexts(0)->set_name("newer");
  twice.mutable_contexts(1)->set_name("newer");
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutExecution(twice, &response)));
}

// Callers racing to create the same new context with
// reuse_context_if_already_exist all end up sharing one context.
TEST_P(CompositeTest, ConcurrentCallersReuseOneNewContext) {
  constexpr int kCallers = 8;
  std::vector<absl::Status> results(kCallers);
  std::vector<int64_t> context_ids(kCallers, -1);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      PutExecutionRequest request;
      *request.mutable_execution() = NewExecution();
      *request.add_contexts() = NewContext("shared-run");
      request.mutable_options()->set_reuse_context_if_already_exist(true);
      PutExecutionResponse response;
      results[i] = store().PutExecution(request, &response);
      if (response.context_ids_size() == 1) {
        context_ids[i] = response.context_ids(0);
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  for (int i = 0; i < kCallers; ++i) {
    MLMD_EXPECT_OK(results[i]);
    EXPECT_EQ(context_ids[i], context_ids[0]);
  }
  EXPECT_EQ(AllContexts(store()).size(), 1);
  EXPECT_EQ(ExecutionsIn(store(), context_ids[0]).size(), kCallers);
}

// With reuse_context_if_already_exist, a new context whose external_id a
// stored context (of another name) already has is a genuine duplicate:
// ALREADY_EXISTS, never ABORTED, and nothing of the request is written.
TEST_P(CompositeTest, ReuseContextRefusesStoredExternalId) {
  Context taken = NewContext("first");
  taken.set_external_id("ext-run");
  PutExecutionRequest request;
  *request.mutable_execution() = NewExecution();
  *request.add_contexts() = taken;
  PutExecutionResponse response;
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  const std::vector<int64_t> before = Counts();

  Context clash = NewContext("second");
  clash.set_external_id("ext-run");
  request.clear_contexts();
  *request.add_contexts() = NewContext("unrelated");
  *request.add_contexts() = clash;
  request.mutable_options()->set_reuse_context_if_already_exist(true);
  absl::Status st = store().PutExecution(request, &response);
  EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("contexts[1]"));
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("ext-run"));
  EXPECT_EQ(Counts(), before);

  // The same (type, name, external_id) is reused, not a clash.
  request.clear_contexts();
  *request.add_contexts() = taken;
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
}

// Callers racing to create differently named contexts sharing one
// external_id: exactly one wins, every other caller gets ALREADY_EXISTS (on
// PostgreSQL and MySQL this used to exhaust the retry budget as ABORTED).
TEST_P(CompositeTest, ConcurrentExternalIdClashIsAlreadyExists) {
  constexpr int kCallers = 8;
  std::vector<absl::Status> results(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      Context context = NewContext(absl::StrCat("run-", i));
      context.set_external_id("contested");
      PutExecutionRequest request;
      *request.mutable_execution() = NewExecution();
      *request.add_contexts() = context;
      request.mutable_options()->set_reuse_context_if_already_exist(true);
      PutExecutionResponse response;
      results[i] = store().PutExecution(request, &response);
    });
  }
  for (std::thread& caller : callers) caller.join();
  int ok = 0;
  for (const absl::Status& st : results) {
    if (st.ok()) {
      ++ok;
    } else {
      EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(AllContexts(store()).size(), 1);
  EXPECT_EQ(CountRows(store(), "Execution"), 1);
}

TEST_P(CompositeTest, ForceReuseContext) {
  Context original = NewContext("ctx");
  (*original.mutable_custom_properties())["p"].set_string_value("v1");
  ml_metadata::PutContextsRequest put_contexts;
  *put_contexts.add_contexts() = original;
  *put_contexts.add_contexts() = NewContext("other");
  ml_metadata::PutContextsResponse put_contexts_response;
  MLMD_ASSERT_OK(store().PutContexts(put_contexts, &put_contexts_response));
  const int64_t id = put_contexts_response.context_ids(0);
  const int64_t other_id = put_contexts_response.context_ids(1);

  // Without force_reuse_context a context with id is updated.
  PutExecutionRequest request;
  *request.mutable_execution() = NewExecution();
  Context modified = original;
  modified.set_id(id);
  (*modified.mutable_custom_properties())["p"].set_string_value("v2");
  *request.add_contexts() = modified;
  PutExecutionResponse response;
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_THAT(response.context_ids(), ElementsAre(id));
  EXPECT_EQ(AllContexts(store())[0].custom_properties().at("p").string_value(),
            "v2");

  // With it, the context is only linked, never written.
  (*request.mutable_contexts(0)->mutable_custom_properties())["p"]
      .set_string_value("v3");
  request.mutable_contexts(0)->clear_name();  // not even needed then
  request.mutable_options()->set_force_reuse_context(true);
  // Together with reuse_context_if_already_exist for a context without id.
  Context by_name = NewContext("other");
  (*by_name.mutable_custom_properties())["p"].set_string_value("ignored");
  *request.add_contexts() = by_name;
  request.mutable_options()->set_reuse_context_if_already_exist(true);
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_THAT(response.context_ids(), ElementsAre(id, other_id));
  std::vector<Context> contexts = AllContexts(store());
  ASSERT_EQ(contexts.size(), 2);
  EXPECT_EQ(contexts[0].custom_properties().at("p").string_value(), "v2");
  EXPECT_FALSE(contexts[1].custom_properties().contains("p"));
  EXPECT_THAT(ExecutionsIn(store(), other_id),
              ElementsAre(response.execution_id()));

  // An unknown id with force_reuse_context is NOT_FOUND.
  request.mutable_contexts(0)->set_id(other_id + 100);
  const std::vector<int64_t> before = Counts();
  EXPECT_TRUE(absl::IsNotFound(store().PutExecution(request, &response)));
  EXPECT_EQ(Counts(), before);
}

TEST_P(CompositeTest, ReuseArtifactByExternalId) {
  Artifact artifact = NewArtifact("uri:v1");
  artifact.set_external_id("ext-1");
  artifact.set_name("model");
  PutExecutionRequest request;
  *request.mutable_execution() = NewExecution();
  *request.add_artifact_event_pairs()->mutable_artifact() = artifact;
  PutExecutionResponse response;
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  const int64_t artifact_id = response.artifact_ids(0);

  // Same external_id again: a duplicate unless reuse is asked for.
  request.mutable_artifact_event_pairs(0)->mutable_artifact()->set_uri(
      "uri:v2");
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutExecution(request, &response)));
  request.mutable_options()->set_reuse_artifact_if_already_exist_by_external_id(
      true);
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_THAT(response.artifact_ids(), ElementsAre(artifact_id));
  EXPECT_EQ(ArtifactById(store(), artifact_id).uri(), "uri:v2");

  // Same (type, name) without external_id: not reused, so a duplicate name.
  request.mutable_artifact_event_pairs(0)
      ->mutable_artifact()
      ->clear_external_id();
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutExecution(request, &response)));

  // The stored artifact listed twice, and a new external id listed twice:
  // every pair answers the one artifact, each with its own event.
  PutExecutionRequest twice;
  *twice.mutable_execution() = NewExecution();
  twice.mutable_options()->set_reuse_artifact_if_already_exist_by_external_id(
      true);
  twice.mutable_options()->set_reuse_context_if_already_exist(true);
  Artifact fresh = NewArtifact("uri:fresh");
  fresh.set_external_id("ext-2");
  const Event::Type types[] = {Event::INPUT, Event::OUTPUT,
                               Event::DECLARED_OUTPUT, Event::INTERNAL_OUTPUT};
  for (int i = 0; i < 4; ++i) {
    auto* pair = twice.add_artifact_event_pairs();
    *pair->mutable_artifact() = i < 2 ? artifact : fresh;
    pair->mutable_event()->set_type(types[i]);
  }
  *twice.add_contexts() = NewContext("ctx");
  MLMD_ASSERT_OK(store().PutExecution(twice, &response));
  ASSERT_EQ(response.artifact_ids_size(), 4);
  EXPECT_EQ(response.artifact_ids(0), artifact_id);
  EXPECT_EQ(response.artifact_ids(1), artifact_id);
  EXPECT_EQ(response.artifact_ids(2), response.artifact_ids(3));
  EXPECT_NE(response.artifact_ids(2), artifact_id);
  EXPECT_EQ(CountRows(store(), "Artifact"), 2);
  EXPECT_EQ(EventsOf(store(), response.execution_id()).size(), 4);
  EXPECT_THAT(ArtifactsIn(store(), response.context_ids(0)),
              ElementsAre(artifact_id, response.artifact_ids(2)));
}

TEST_P(CompositeTest, ForceUpdateTime) {
  PutExecutionRequest request;
  *request.mutable_execution() = NewExecution();
  PutExecutionResponse response;
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  // The stored execution as read back: putting it again changes nothing.
  *request.mutable_execution() =
      ExecutionById(store(), response.execution_id());
  const int64_t created = request.execution().last_update_time_since_epoch();

  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_EQ(ExecutionById(store(), response.execution_id())
                .last_update_time_since_epoch(),
            created);
  request.mutable_options()->set_force_update_time(true);
  MLMD_ASSERT_OK(store().PutExecution(request, &response));
  EXPECT_GT(ExecutionById(store(), response.execution_id())
                .last_update_time_since_epoch(),
            created);
}

TEST_P(CompositeTest, PutLineageSubgraphWithIndexEdges) {
  const int64_t stored_artifact =
      CreateArtifact(store(), types_.artifact, "uri:stored");
  const int64_t stored_execution = CreateExecution(store(), types_.execution);
  const int64_t stored_context = CreateContext(store(), types_.context, "old");

  PutLineageSubgraphRequest request;
  *request.add_executions() = NewExecution();
  *request.add_executions() = NewExecution();
  *request.add_artifacts() = NewArtifact("uri:new");
  Artifact updated = NewArtifact("uri:stored-v2");
  updated.set_id(stored_artifact);
  *request.add_artifacts() = updated;
  *request.add_contexts() = NewContext("old");
  *request.add_contexts() = NewContext("new");
  request.mutable_options()->set_reuse_context_if_already_exist(true);
  auto add_edge = [&](std::optional<int> execution_index,
                      std::optional<int> artifact_index, Event event) {
    auto* edge = request.add_event_edges();
    if (execution_index) edge->set_execution_index(*execution_index);
    if (artifact_index) edge->set_artifact_index(*artifact_index);
    *edge->mutable_event() = std::move(event);
  };
  Event output;
  output.set_type(Event::OUTPUT);
  output.mutable_path()->add_steps()->set_key("model");
  add_edge(0, 0, output);
  Event input;
  input.set_type(Event::INPUT);
  add_edge(1, 0, input);
  // Matching ids next to an index are fine.
  Event matching;
  matching.set_type(Event::INPUT);
  matching.set_artifact_id(stored_artifact);
  add_edge(0, 1, matching);
  // Ids only, naming nodes outside the request.
  Event by_id;
  by_id.set_type(Event::DECLARED_INPUT);
  by_id.set_artifact_id(stored_artifact);
  by_id.set_execution_id(stored_execution);
  add_edge(std::nullopt, std::nullopt, by_id);

  PutLineageSubgraphResponse response;
  MLMD_ASSERT_OK(store().PutLineageSubgraph(request, &response));
  ASSERT_EQ(response.execution_ids_size(), 2);
  ASSERT_EQ(response.artifact_ids_size(), 2);
  EXPECT_EQ(response.artifact_ids(1), stored_artifact);
  EXPECT_THAT(response.context_ids(),
              ElementsAre(stored_context, ::testing::Ne(stored_context)));
  EXPECT_EQ(ArtifactById(store(), stored_artifact).uri(), "uri:stored-v2");

  const int64_t e0 = response.execution_ids(0);
  const int64_t new_artifact = response.artifact_ids(0);
  std::vector<Event> events = EventsOf(store(), e0);
  ASSERT_EQ(events.size(), 2);
  EXPECT_EQ(events[0].artifact_id(), new_artifact);
  EXPECT_EQ(events[0].type(), Event::OUTPUT);
  EXPECT_EQ(events[0].path().steps(0).key(), "model");
  EXPECT_EQ(events[1].artifact_id(), stored_artifact);
  EXPECT_EQ(EventsOf(store(), response.execution_ids(1)).size(), 1);
  EXPECT_EQ(EventsOf(store(), stored_execution).size(), 1);
  for (int64_t context_id : response.context_ids()) {
    EXPECT_THAT(ArtifactsIn(store(), context_id),
                UnorderedElementsAre(new_artifact, stored_artifact));
    EXPECT_THAT(ExecutionsIn(store(), context_id),
                UnorderedElementsAre(e0, response.execution_ids(1)));
  }
}

TEST_P(CompositeTest, PutLineageSubgraphRejectsBadEdges) {
  const int64_t a = CreateArtifact(store(), types_.artifact, "uri:a");
  const int64_t e = CreateExecution(store(), types_.execution);
  CreateContext(store(), types_.context, "taken");
  PutLineageSubgraphRequest base;
  Artifact artifact = NewArtifact("uri:a");
  artifact.set_id(a);
  *base.add_artifacts() = artifact;
  Execution execution = NewExecution();
  execution.set_id(e);
  *base.add_executions() = execution;
  auto* edge = base.add_event_edges();
  edge->set_execution_index(0);
  edge->set_artifact_index(0);
  edge->mutable_event()->set_type(Event::INPUT);
  const std::vector<int64_t> before = Counts();
  auto put = [&](const PutLineageSubgraphRequest& request) {
    PutLineageSubgraphResponse response;
    return store().PutLineageSubgraph(request, &response);
  };

  PutLineageSubgraphRequest r = base;
  r.mutable_event_edges(0)->clear_event();
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  r = base;
  r.mutable_event_edges(0)->clear_execution_index();
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  r = base;
  r.mutable_event_edges(0)->clear_artifact_index();
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  r = base;
  r.mutable_executions()->Clear();
  EXPECT_TRUE(absl::IsOutOfRange(put(r)));
  r = base;
  r.mutable_event_edges(0)->set_artifact_index(-1);
  EXPECT_TRUE(absl::IsOutOfRange(put(r)));
  r = base;
  r.mutable_event_edges(0)->mutable_event()->set_execution_id(e + 1);
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  r = base;
  r.mutable_event_edges(0)->mutable_event()->set_artifact_id(a + 1);
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  r = base;
  r.mutable_event_edges(0)->mutable_event()->set_artifact_id(a);
  r.mutable_artifacts(0)->clear_id();
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  r = base;
  r.mutable_event_edges(0)->mutable_event()->clear_type();
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  // Checked in the transaction, after the nodes were written.
  r = base;
  *r.add_contexts() = NewContext("taken");
  EXPECT_TRUE(absl::IsAlreadyExists(put(r)));
  r = base;
  auto* dangling = r.add_event_edges();
  dangling->mutable_event()->set_type(Event::OUTPUT);
  dangling->mutable_event()->set_artifact_id(a + 100);
  dangling->mutable_event()->set_execution_id(e);
  EXPECT_TRUE(absl::IsInvalidArgument(put(r)));
  r = base;
  *r.add_event_edges() = r.event_edges(0);
  EXPECT_TRUE(absl::IsAlreadyExists(put(r)));
  EXPECT_EQ(Counts(), before);

  MLMD_ASSERT_OK(put(base));
  EXPECT_EQ(CountRows(store(), "Event"), 1);
}

TEST_P(CompositeTest, PutLineageSubgraphReusesArtifactsByExternalId) {
  Artifact artifact = NewArtifact("uri:v1");
  artifact.set_external_id("ext");
  PutLineageSubgraphRequest request;
  *request.add_artifacts() = artifact;
  PutLineageSubgraphResponse response;
  MLMD_ASSERT_OK(store().PutLineageSubgraph(request, &response));
  const int64_t id = response.artifact_ids(0);

  request.mutable_artifacts(0)->set_uri("uri:v2");
  EXPECT_TRUE(
      absl::IsAlreadyExists(store().PutLineageSubgraph(request, &response)));
  request.mutable_options()->set_reuse_artifact_if_already_exist_by_external_id(
      true);
  MLMD_ASSERT_OK(store().PutLineageSubgraph(request, &response));
  EXPECT_THAT(response.artifact_ids(), ElementsAre(id));
  EXPECT_EQ(ArtifactById(store(), id).uri(), "uri:v2");

  // Upstream looks external ids up once, before writing: a new external id
  // listed twice is a duplicate here (unlike in PutExecution).
  Artifact fresh = NewArtifact("uri:fresh");
  fresh.set_external_id("ext-new");
  *request.add_artifacts() = fresh;
  *request.add_artifacts() = fresh;
  EXPECT_TRUE(
      absl::IsAlreadyExists(store().PutLineageSubgraph(request, &response)));
  EXPECT_EQ(CountRows(store(), "Artifact"), 1);
}

INSTANTIATE_STORE_TEST_SUITE(CompositeTest);

}  // namespace
}  // namespace mlmd::testing
