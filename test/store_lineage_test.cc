// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// GetLineageSubgraph on every backend. Expected answers are written out with
// node names (see lineage_test_util.h for the notation); the graphs and most
// answers follow upstream MLMD's own lineage tests.
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/lineage_test_util.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

class LineageSubgraphTest : public LineageTest {};

constexpr char kFromA4[] =
    R"pb(starting_artifacts { filter_query: "uri = 'uri://a4'" })pb";

std::string FromA4(const std::string& more) {
  return absl::StrCat(kFromA4, " ", more);
}

TEST_P(LineageSubgraphTest, BidirectionalFromArtifactByHops) {
  BuildUpstreamGraph();
  EXPECT_EQ(Describe(Subgraph(FromA4("max_num_hops: 0"))), "artifacts: a4");
  EXPECT_EQ(Describe(Subgraph(FromA4("max_num_hops: 1"))),
            "artifacts: a4 | executions: e2 e3 | events: a4>e3 e2>a4");
  EXPECT_EQ(Describe(Subgraph(FromA4("max_num_hops: 2"))),
            "artifacts: a2 a3 a4 a5 | executions: e2 e3 | "
            "events: a2>e2 a3>e3 a4>e3 e2>a4 e3>a5");
  EXPECT_EQ(Describe(Subgraph(FromA4("max_num_hops: 3"))),
            "artifacts: a2 a3 a4 a5 | executions: e1 e2 e3 | "
            "events: a2>e2 a3>e3 a4>e3 e1>a3 e2>a4 e3>a5");
  const std::string everything =
      "artifacts: a1 a2 a3 a4 a5 | executions: e1 e2 e3 | "
      "events: a1>e1 a2>e2 a3>e3 a4>e3 e1>a3 e2>a4 e3>a5";
  // 4 hops reach the end of the component; more hops find nothing new.
  EXPECT_EQ(Describe(Subgraph(FromA4("max_num_hops: 4"))), everything);
  EXPECT_EQ(Describe(Subgraph(FromA4("max_num_hops: 5"))), everything);
  EXPECT_EQ(Describe(Subgraph(kFromA4)), everything);
  EXPECT_EQ(Describe(Subgraph(FromA4("direction: BIDIRECTIONAL"))), everything);
}

TEST_P(LineageSubgraphTest, BidirectionalFromExecutionsByHops) {
  BuildUpstreamGraph();
  const std::string from =
      R"pb(starting_executions {
             filter_query: "name = 'e0' OR name = 'e1' OR name = 'e2'"
           })pb";
  EXPECT_EQ(Describe(Subgraph(from + " max_num_hops: 0")),
            "executions: e0 e1 e2");
  EXPECT_EQ(Describe(Subgraph(from + " max_num_hops: 1")),
            "artifacts: a0 a1 a2 a3 a4 | executions: e0 e1 e2 | "
            "events: a0>e0 a1>e1 a2>e2 e1>a3 e2>a4");
  EXPECT_EQ(Describe(Subgraph(from + " max_num_hops: 2")),
            "artifacts: a0 a1 a2 a3 a4 | executions: e0 e1 e2 e3 | "
            "events: a0>e0 a1>e1 a2>e2 a3>e3 a4>e3 e1>a3 e2>a4");
  const std::string everything =
      "artifacts: a0 a1 a2 a3 a4 a5 | executions: e0 e1 e2 e3 | "
      "events: a0>e0 a1>e1 a2>e2 a3>e3 a4>e3 e1>a3 e2>a4 e3>a5";
  EXPECT_EQ(Describe(Subgraph(from + " max_num_hops: 3")), everything);
  EXPECT_EQ(Describe(Subgraph(from)), everything);
}

TEST_P(LineageSubgraphTest, OneWayFromArtifact) {
  BuildUpstreamGraph();
  EXPECT_EQ(Describe(Subgraph(FromA4("direction: DOWNSTREAM max_num_hops: 1"))),
            "artifacts: a4 | executions: e3 | events: a4>e3");
  EXPECT_EQ(Describe(Subgraph(FromA4("direction: UPSTREAM max_num_hops: 1"))),
            "artifacts: a4 | executions: e2 | events: e2>a4");
  EXPECT_EQ(Describe(Subgraph(FromA4("direction: DOWNSTREAM max_num_hops: 2"))),
            "artifacts: a4 a5 | executions: e3 | events: a4>e3 e3>a5");
  EXPECT_EQ(Describe(Subgraph(FromA4("direction: UPSTREAM max_num_hops: 2"))),
            "artifacts: a2 a4 | executions: e2 | events: a2>e2 e2>a4");
  EXPECT_EQ(Describe(Subgraph(FromA4("direction: DOWNSTREAM"))),
            "artifacts: a4 a5 | executions: e3 | events: a4>e3 e3>a5");
  EXPECT_EQ(Describe(Subgraph(FromA4("direction: UPSTREAM"))),
            "artifacts: a2 a4 | executions: e2 | events: a2>e2 e2>a4");
}

TEST_P(LineageSubgraphTest, OneWayFromExecutions) {
  BuildUpstreamGraph();
  const std::string from =
      R"pb(starting_executions { filter_query: "name IN ('e0', 'e3')" })pb";
  EXPECT_EQ(Describe(Subgraph(from + " direction: DOWNSTREAM max_num_hops: 1")),
            "artifacts: a5 | executions: e0 e3 | events: e3>a5");
  EXPECT_EQ(Describe(Subgraph(from + " direction: DOWNSTREAM max_num_hops: 9")),
            "artifacts: a5 | executions: e0 e3 | events: e3>a5");
  EXPECT_EQ(Describe(Subgraph(from + " direction: UPSTREAM max_num_hops: 1")),
            "artifacts: a0 a3 a4 | executions: e0 e3 | "
            "events: a0>e0 a3>e3 a4>e3");
  EXPECT_EQ(Describe(Subgraph(from + " direction: UPSTREAM max_num_hops: 2")),
            "artifacts: a0 a3 a4 | executions: e0 e1 e2 e3 | "
            "events: a0>e0 a3>e3 a4>e3 e1>a3 e2>a4");
  EXPECT_EQ(Describe(Subgraph(from + " direction: UPSTREAM")),
            "artifacts: a0 a1 a2 a3 a4 | executions: e0 e1 e2 e3 | "
            "events: a0>e0 a1>e1 a2>e2 a3>e3 a4>e3 e1>a3 e2>a4");
}

// One-way walks without ending filters run as one recursive statement; the
// same request with an ending filter that matches nothing runs hop by hop
// and must return the very same graph (nodes, events and their order).
TEST_P(LineageSubgraphTest, OneStatementWalkMatchesHopByHop) {
  std::mt19937 rng(20261124);
  std::vector<std::string> artifacts, executions;
  for (int i = 0; i < 24; ++i) artifacts.push_back(absl::StrCat("a", i));
  for (int i = 0; i < 16; ++i) executions.push_back(absl::StrCat("e", i));
  Artifacts(artifacts);
  Executions(executions);
  const Event::Type kTypes[] = {Event::INPUT,          Event::OUTPUT,
                                Event::DECLARED_INPUT, Event::DECLARED_OUTPUT,
                                Event::PENDING_OUTPUT, Event::INTERNAL_OUTPUT,
                                Event::INTERNAL_INPUT};
  std::set<std::string> seen;
  for (int i = 0; i < 70; ++i) {
    const std::string& a = artifacts[rng() % artifacts.size()];
    const std::string& e = executions[rng() % executions.size()];
    const Event::Type type = kTypes[rng() % 7];
    if (!seen.insert(absl::StrCat(a, "|", e, "|", type)).second) continue;
    TypedEvent(a, e, type);
  }
  int with_events = 0;
  for (int round = 0; round < 40; ++round) {
    const bool from_artifacts = rng() % 2 == 0;
    const auto& pool = from_artifacts ? artifacts : executions;
    const std::string start = absl::StrCat(
        from_artifacts ? "starting_artifacts" : "starting_executions",
        " { filter_query: \"id = ", id(pool[rng() % pool.size()]),
        " OR id = ", id(pool[rng() % pool.size()]), "\" }");
    const std::string query = absl::StrCat(
        start, " direction: ", rng() % 2 == 0 ? "UPSTREAM" : "DOWNSTREAM",
        " max_num_hops: ", 1 + rng() % 9);
    auto fast = Subgraph(query);
    auto oracle = Subgraph(
        absl::StrCat(query, " ending_artifacts { filter_query: \"id < 0\" }"));
    ASSERT_TRUE(fast.ok()) << query << ": " << fast.status();
    ASSERT_TRUE(oracle.ok()) << query << ": " << oracle.status();
    EXPECT_EQ(fast->DebugString(), oracle->DebugString()) << query;
    if (fast->events_size() > 1) ++with_events;
  }
  // The comparison must have covered real walks, not only empty ones.
  EXPECT_GE(with_events, 10);
}

TEST_P(LineageSubgraphTest, EndingNodes) {
  BuildUpstreamGraph();
  // The starting node itself is an ending node.
  const std::string a4_ends = R"pb(
    direction: DOWNSTREAM
    max_num_hops: 1
    ending_artifacts {
      filter_query: "uri = 'uri://a4'"
      include_ending_nodes: true
    }
  )pb";
  EXPECT_EQ(Describe(Subgraph(FromA4(a4_ends))), "artifacts: a4");
  EXPECT_EQ(Describe(Subgraph(FromA4(R"pb(
              direction: DOWNSTREAM
              max_num_hops: 1
              ending_artifacts { filter_query: "uri = 'uri://a4'" }
            )pb"))),
            "");

  const std::string e3_ends = R"pb(
    direction: DOWNSTREAM
    max_num_hops: 1
    ending_artifacts {
      filter_query: "uri = 'uri://a5'"
      include_ending_nodes: %s
    }
    ending_executions { filter_query: "name = 'e3'" include_ending_nodes: %s }
  )pb";
  auto with = [](std::string text, const char* include) {
    for (size_t at; (at = text.find("%s")) != std::string::npos;) {
      text.replace(at, 2, include);
    }
    return text;
  };
  EXPECT_EQ(Describe(Subgraph(FromA4(with(e3_ends, "true")))),
            "artifacts: a4 | executions: e3 | events: a4>e3");
  EXPECT_EQ(Describe(Subgraph(FromA4(with(e3_ends, "false")))),
            "artifacts: a4");

  const std::string two_way = R"pb(
    direction: BIDIRECTIONAL
    max_num_hops: 20
    ending_artifacts {
      filter_query: "uri = 'uri://a5'"
      include_ending_nodes: %s
    }
    ending_executions {
      filter_query: "name = 'e1' OR name = 'e2'"
      include_ending_nodes: %s
    }
  )pb";
  EXPECT_EQ(Describe(Subgraph(FromA4(with(two_way, "true")))),
            "artifacts: a3 a4 a5 | executions: e1 e2 e3 | "
            "events: a3>e3 a4>e3 e1>a3 e2>a4 e3>a5");
  EXPECT_EQ(Describe(Subgraph(FromA4(with(two_way, "false")))),
            "artifacts: a3 a4 | executions: e3 | events: a3>e3 a4>e3");
}

TEST_P(LineageSubgraphTest, EndingFilterSetButEmptyMatchesEveryNode) {
  BuildUpstreamGraph();
  // As upstream: a present but empty filter_query makes every execution an
  // ending node; an absent one makes none.
  EXPECT_EQ(
      Describe(Subgraph(FromA4("ending_executions { filter_query: '' }"))),
      "artifacts: a4");
  EXPECT_EQ(Describe(Subgraph(FromA4("ending_executions { filter_query: '' "
                                     "include_ending_nodes: true }"))),
            "artifacts: a4 | executions: e2 e3 | events: a4>e3 e2>a4");
  EXPECT_EQ(Describe(Subgraph(FromA4(
                "max_num_hops: 1 ending_executions { include_ending_nodes: "
                "true }"))),
            "artifacts: a4 | executions: e2 e3 | events: a4>e3 e2>a4");
}

TEST_P(LineageSubgraphTest, Diamond) {
  // a0 -> e1 -> a1 -> e3 -> a2
  // a0 -> e2 -> a1
  Artifacts({"a0", "a1", "a2"});
  Executions({"e1", "e2", "e3"});
  Events({"a0>e1", "a0>e2", "e1>a1", "e2>a1", "a1>e3", "e3>a2"});
  const std::string from_a0 =
      R"pb(starting_artifacts { filter_query: "name = 'a0'" }
           direction: DOWNSTREAM)pb";
  EXPECT_EQ(Describe(Subgraph(from_a0 + " max_num_hops: 2")),
            "artifacts: a0 a1 | executions: e1 e2 | "
            "events: a0>e1 a0>e2 e1>a1 e2>a1");
  EXPECT_EQ(Describe(Subgraph(from_a0 + " max_num_hops: 3")),
            "artifacts: a0 a1 | executions: e1 e2 e3 | "
            "events: a0>e1 a0>e2 a1>e3 e1>a1 e2>a1");
  const std::string all =
      "artifacts: a0 a1 a2 | executions: e1 e2 e3 | "
      "events: a0>e1 a0>e2 a1>e3 e1>a1 e2>a1 e3>a2";
  EXPECT_EQ(
      Describe(Subgraph(R"pb(starting_artifacts { filter_query: "name = 'a2'" }
                             direction: UPSTREAM
                             max_num_hops: 4)pb")),
      all);
  EXPECT_EQ(
      Describe(Subgraph(R"pb(starting_artifacts { filter_query: "name = 'a1'" }
                             max_num_hops: 2)pb")),
      all);
  // Two events reach e2 in the same hop: both are returned; the event back
  // to the already visited e1 is returned once.
  EXPECT_EQ(
      Describe(Subgraph(R"pb(starting_executions { filter_query: "name = 'e1'" }
                             max_num_hops: 2)pb")),
      "artifacts: a0 a1 | executions: e1 e2 e3 | "
      "events: a0>e1 a0>e2 a1>e3 e1>a1 e2>a1");
}

TEST_P(LineageSubgraphTest, CycleTerminatesAndReturnsEachEventOnce) {
  // a0 -> e0 -> a1 -> e1 -> a0, all in context c0; a2 is read and written
  // by e2 (a loop of one execution).
  Artifacts({"a0", "a1", "a2"});
  Executions({"e0", "e1", "e2"});
  Contexts({"c0"});
  Events({"a0>e0", "e0>a1", "a1>e1", "e1>a0", "a2>e2", "e2>a2"});
  Members({"a0@c0", "a1@c0", "e0@c0", "e1@c0"});
  const std::string cycle =
      "artifacts: a0 a1 | executions: e0 e1 | contexts: c0 | "
      "events: a0>e0 a1>e1 e0>a1 e1>a0 | attributions: a0@c0 a1@c0 | "
      "associations: e0@c0 e1@c0";
  for (const char* direction : {"DOWNSTREAM", "UPSTREAM", "BIDIRECTIONAL"}) {
    EXPECT_EQ(Describe(Subgraph(absl::StrCat(
                  "starting_artifacts { filter_query: \"name = 'a0'\" } "
                  "max_num_hops: 100 direction: ",
                  direction))),
              cycle)
        << direction;
  }
  EXPECT_EQ(
      Describe(Subgraph(R"pb(starting_artifacts { filter_query: "name = 'a0'" }
                             direction: UPSTREAM
                             max_num_hops: 1)pb")),
      "artifacts: a0 | executions: e1 | contexts: c0 | events: e1>a0 | "
      "attributions: a0@c0 | associations: e1@c0");
  EXPECT_EQ(
      Describe(Subgraph(R"pb(starting_artifacts { filter_query: "name = 'a2'" }
                             direction: DOWNSTREAM)pb")),
      "artifacts: a2 | executions: e2 | events: a2>e2 e2>a2");
  EXPECT_EQ(Describe(Subgraph(R"pb(starting_artifacts {
                                     filter_query: "name = 'a2'"
                                   })pb")),
            "artifacts: a2 | executions: e2 | events: a2>e2 e2>a2");
}

TEST_P(LineageSubgraphTest, EveryInputAndOutputEventTypeCounts) {
  Artifacts({"a0", "a1", "a2", "a3", "a4"});
  Executions({"e0"});
  TypedEvent("a0", "e0", Event::DECLARED_INPUT);
  TypedEvent("a1", "e0", Event::INTERNAL_INPUT);
  TypedEvent("a2", "e0", Event::DECLARED_OUTPUT);
  TypedEvent("a3", "e0", Event::INTERNAL_OUTPUT);
  TypedEvent("a4", "e0", Event::PENDING_OUTPUT);
  auto walk = [&](const char* start, const char* direction) {
    return Describe(
        Subgraph(absl::StrCat("starting_artifacts { filter_query: \"name = '",
                              start, "'\" } direction: ", direction)));
  };
  // Down from a0: its input event reaches e0, whose three output events
  // reach a2..a4; a1's input event is not followed from e0.
  EXPECT_EQ(walk("a0", "DOWNSTREAM"),
            "artifacts: a0 a2 a3 a4 | executions: e0 | "
            "events: a0~e0(DECLARED_INPUT) a2~e0(DECLARED_OUTPUT) "
            "a3~e0(INTERNAL_OUTPUT) a4~e0(PENDING_OUTPUT)");
  EXPECT_EQ(walk("a4", "DOWNSTREAM"), "artifacts: a4");
  EXPECT_EQ(walk("a4", "UPSTREAM"),
            "artifacts: a0 a1 a4 | executions: e0 | "
            "events: a0~e0(DECLARED_INPUT) a1~e0(INTERNAL_INPUT) "
            "a4~e0(PENDING_OUTPUT)");
  EXPECT_EQ(walk("a1", "UPSTREAM"), "artifacts: a1");
}

TEST_P(LineageSubgraphTest, ContextsAttributionsAndAssociations) {
  // a0 -> e0 -> a1 -> e1 -> a2 -> e2 -> a3; e_i runs in context c_i, whose
  // artifacts are its inputs and outputs.
  BuildChain(3);
  Contexts({"c0", "c1", "c2"});
  Members({"a0@c0", "e0@c0", "a1@c0", "a1@c1", "e1@c1", "a2@c1", "a2@c2",
           "e2@c2", "a3@c2"});
  const std::string from_c0 =
      R"pb(starting_artifacts { filter_query: "contexts_0.name = 'c0'" }
           direction: DOWNSTREAM)pb";
  EXPECT_EQ(Describe(Subgraph(from_c0 + " max_num_hops: 0")),
            "artifacts: a0 a1 | contexts: c0 c1 | "
            "attributions: a0@c0 a1@c0 a1@c1");
  EXPECT_EQ(Describe(Subgraph(from_c0 + " max_num_hops: 1")),
            "artifacts: a0 a1 | executions: e0 e1 | contexts: c0 c1 | "
            "events: a0>e0 a1>e1 | attributions: a0@c0 a1@c0 a1@c1 | "
            "associations: e0@c0 e1@c1");
  const std::string to_a2 =
      "artifacts: a0 a1 a2 | executions: e0 e1 | contexts: c0 c1 c2 | "
      "events: a0>e0 a1>e1 e0>a1 e1>a2 | "
      "attributions: a0@c0 a1@c0 a1@c1 a2@c1 a2@c2 | "
      "associations: e0@c0 e1@c1";
  EXPECT_EQ(Describe(Subgraph(from_c0 + " max_num_hops: 2")), to_a2);
  const std::string end_in_c2 = R"pb(
    max_num_hops: 20
    ending_artifacts {
      filter_query: "contexts_0.name = 'c2'"
      include_ending_nodes: %s
    }
    ending_executions {
      filter_query: "contexts_0.name = 'c2'"
      include_ending_nodes: %s
    }
  )pb";
  auto with = [&](const char* include) {
    std::string text = end_in_c2;
    for (size_t at; (at = text.find("%s")) != std::string::npos;) {
      text.replace(at, 2, include);
    }
    return from_c0 + text;
  };
  EXPECT_EQ(Describe(Subgraph(with("true"))), to_a2);
  EXPECT_EQ(Describe(Subgraph(with("false"))),
            "artifacts: a0 a1 | executions: e0 e1 | contexts: c0 c1 | "
            "events: a0>e0 a1>e1 e0>a1 | attributions: a0@c0 a1@c0 a1@c1 | "
            "associations: e0@c0 e1@c1");
  EXPECT_EQ(
      Describe(Subgraph(
          R"pb(starting_artifacts {
                 filter_query: "contexts_0.name = 'c0' AND contexts_1.name = 'c1'"
               }
               max_num_hops: 0)pb")),
      "artifacts: a1 | contexts: c0 c1 | attributions: a1@c0 a1@c1");
}

TEST_P(LineageSubgraphTest, ReadMaskSelectsFields) {
  BuildUpstreamGraph();
  Contexts({"c0"});
  Members({"a4@c0", "e3@c0"});
  const std::string options = FromA4("max_num_hops: 1");

  auto events_only = Subgraph(options, {"events"});
  EXPECT_EQ(Describe(events_only), "events: a4>e3 e2>a4");
  ASSERT_TRUE(events_only.ok());
  EXPECT_EQ(events_only->artifact_types_size(), 0);

  auto nodes = Subgraph(options, {"artifacts", "executions", "contexts"});
  EXPECT_EQ(Describe(nodes),
            "artifacts: a4 | executions: e2 e3 | contexts: c0");
  ASSERT_TRUE(nodes.ok());
  // Nodes carry their id only (upstream's dehydrated nodes).
  ASSERT_EQ(nodes->artifacts_size(), 1);
  ml_metadata::Artifact id_only;
  id_only.set_id(id("a4"));
  EXPECT_EQ(nodes->artifacts(0).SerializeAsString(),
            id_only.SerializeAsString());
  EXPECT_FALSE(nodes->executions(0).has_type_id());
  EXPECT_FALSE(nodes->contexts(0).has_name());

  EXPECT_EQ(Describe(Subgraph(options, {"attributions", "associations"})),
            "attributions: a4@c0 | associations: e3@c0");

  auto types = Subgraph(options, {"artifact_types"});
  ASSERT_TRUE(types.ok()) << types.status();
  EXPECT_EQ(Describe(*types), "");
  std::vector<std::string> names;
  for (const auto& t : types->artifact_types()) names.push_back(t.name());
  // Every artifact type, the built-in simple ones included (as upstream).
  EXPECT_THAT(names, ::testing::IsSupersetOf({"Data", "mlmd.Dataset"}));
  EXPECT_EQ(types->execution_types_size(), 0);
  EXPECT_EQ(types->context_types_size(), 0);

  // Sub-field and unknown paths are ignored, as upstream does.
  auto ignored = Subgraph(options, {"artifacts.id", "no_such_field"});
  ASSERT_TRUE(ignored.ok()) << ignored.status();
  EXPECT_EQ(ignored->ByteSizeLong(), 0u);

  // No mask: every field.
  auto all = Subgraph(options);
  EXPECT_EQ(Describe(all),
            "artifacts: a4 | executions: e2 e3 | contexts: c0 | "
            "events: a4>e3 e2>a4 | attributions: a4@c0 | "
            "associations: e3@c0");
  ASSERT_TRUE(all.ok());
  EXPECT_GT(all->artifact_types_size(), 0);
  EXPECT_GT(all->execution_types_size(), 0);
  ASSERT_EQ(all->context_types_size(), 1);
  EXPECT_EQ(all->context_types(0).name(), "Run");
  EXPECT_EQ(all->parent_contexts_size(), 0);
}

TEST_P(LineageSubgraphTest, EventsCarryTimeAndPath) {
  Artifacts({"a0"});
  Executions({"e0"});
  ml_metadata::PutEventsRequest request;
  Event* event = request.add_events();
  event->set_artifact_id(id("a0"));
  event->set_execution_id(id("e0"));
  event->set_type(Event::OUTPUT);
  event->set_milliseconds_since_epoch(12345);
  event->mutable_path()->add_steps()->set_key("model");
  event->mutable_path()->add_steps()->set_index(2);
  ml_metadata::PutEventsResponse response;
  MLMD_ASSERT_OK(store().PutEvents(request, &response));

  auto graph = Subgraph(
      R"pb(starting_executions { filter_query: "name = 'e0'" })pb", {"events"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_EQ(graph->events_size(), 1);
  EXPECT_EQ(graph->events(0).SerializeAsString(), event->SerializeAsString());
}

TEST_P(LineageSubgraphTest, AtMostOneHundredStartingNodes) {
  std::vector<std::string> names;
  for (int i = 0; i < 150; ++i) names.push_back(absl::StrCat("bulk", i));
  Artifacts(names);
  auto graph = Subgraph(
      R"pb(starting_artifacts { filter_query: "uri LIKE 'uri://bulk%'" }
           max_num_hops: 3)pb",
      {"artifacts"});
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_EQ(graph->artifacts_size(), 100);
  // The lowest ids win.
  EXPECT_EQ(graph->artifacts(0).id(), id("bulk0"));
  EXPECT_EQ(graph->artifacts(99).id(), id("bulk99"));
}

TEST_P(LineageSubgraphTest, HopsAreCappedAtOneHundred) {
  BuildChain(60);  // 120 hops from a0 to a60
  for (const char* hops : {"max_num_hops: 1000", ""}) {
    auto graph = Subgraph(absl::StrCat(
        "starting_artifacts { filter_query: \"name = 'a0'\" } ", hops));
    ASSERT_TRUE(graph.ok()) << graph.status();
    // 100 hops reach e49 (hop 99) and a50 (hop 100).
    EXPECT_EQ(graph->artifacts_size(), 51) << hops;
    EXPECT_EQ(graph->executions_size(), 50) << hops;
    EXPECT_EQ(graph->events_size(), 100) << hops;
    ASSERT_GT(graph->artifacts_size(), 0);
    EXPECT_EQ(graph->artifacts(graph->artifacts_size() - 1).id(), id("a50"));
  }
}

TEST_P(LineageSubgraphTest, Errors) {
  BuildUpstreamGraph();
  auto code = [&](const std::string& options) {
    return Subgraph(options).status();
  };
  absl::Status st = code("max_num_hops: 2");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(),
              HasSubstr("Missing arguments for listing starting nodes"));

  st = code("starting_artifacts {}");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("filter_query"));
  st = code("starting_executions { filter_query: '' }");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;

  st = code("starting_artifacts { filter_query: 'invalid query syntax' }");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  // Executions have no uri.
  st = code("starting_executions { filter_query: \"uri = 'x'\" }");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;

  // Ending filters are checked up front, even if the walk never needs them.
  st = code(
      FromA4("max_num_hops: 0 ending_executions { filter_query: 'id =' }"));
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("ending_executions"));
  st = code(FromA4("ending_artifacts { filter_query: 'no_such_field = 1' }"));
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("ending_artifacts"));

  st = code(FromA4("max_num_hops: -1"));
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("max_num_hops cannot be negative"));

  st = code(R"pb(starting_artifacts { filter_query: "name = 'nothing'" })pb");
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
}

INSTANTIATE_STORE_TEST_SUITE(LineageSubgraphTest);

}  // namespace
}  // namespace mlmd::testing
