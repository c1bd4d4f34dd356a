// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The deprecated GetLineageGraph on every backend (upstream 1.14 semantics;
// the graphs and most answers follow upstream's tests), and the round-trip
// bound of both lineage walks.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/lineage_access.h"
#include "store/sql/connection_pool.h"
#include "test/lineage_test_util.h"

namespace mlmd::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class LineageGraphTest : public LineageTest {};

std::string FromA4(const std::string& more) {
  return absl::StrCat(
      R"pb(artifacts_options { filter_query: "uri = 'uri://a4'" })pb", more);
}

TEST_P(LineageGraphTest, ByHops) {
  BuildUpstreamGraph();
  EXPECT_EQ(Describe(Graph(FromA4("stop_conditions { max_num_hops: 0 }"))),
            "artifacts: a4");
  EXPECT_EQ(Describe(Graph(FromA4("stop_conditions { max_num_hops: 1 }"))),
            "artifacts: a4 | executions: e2 e3 | events: a4>e3 e2>a4");
  EXPECT_EQ(Describe(Graph(FromA4("stop_conditions { max_num_hops: 2 }"))),
            "artifacts: a2 a3 a4 a5 | executions: e2 e3 | "
            "events: a2>e2 a3>e3 a4>e3 e2>a4 e3>a5");
  EXPECT_EQ(Describe(Graph(FromA4("stop_conditions { max_num_hops: 3 }"))),
            "artifacts: a2 a3 a4 a5 | executions: e1 e2 e3 | "
            "events: a2>e2 a3>e3 a4>e3 e1>a3 e2>a4 e3>a5");
  const std::string component =
      "artifacts: a1 a2 a3 a4 a5 | executions: e1 e2 e3 | "
      "events: a1>e1 a2>e2 a3>e3 a4>e3 e1>a3 e2>a4 e3>a5";
  EXPECT_EQ(Describe(Graph(FromA4("stop_conditions { max_num_hops: 4 }"))),
            component);
  EXPECT_EQ(Describe(Graph(FromA4(""))), component);
}

TEST_P(LineageGraphTest, ReturnsFullNodesStartingOnesFirst) {
  BuildUpstreamGraph();
  auto graph = Graph(FromA4("stop_conditions { max_num_hops: 2 }"));
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_EQ(graph->artifacts_size(), 4);
  const ml_metadata::Artifact& first = graph->artifacts(0);
  EXPECT_EQ(first.id(), id("a4"));
  EXPECT_EQ(first.uri(), "uri://a4");
  EXPECT_EQ(first.type(), "Data");
  EXPECT_EQ(first.properties().at("label").string_value(), "a4");
  ASSERT_EQ(graph->executions_size(), 2);
  EXPECT_EQ(graph->executions(0).name(), "e2");
  EXPECT_EQ(graph->executions(0).properties().at("label").string_value(), "e2");

  // The starting list keeps its order (here: descending ids).
  auto listed = Graph(R"pb(artifacts_options {
                             max_result_size: 2
                             order_by_field { field: ID is_asc: false }
                           }
                           stop_conditions { max_num_hops: 0 })pb");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->artifacts_size(), 2);
  EXPECT_EQ(listed->artifacts(0).id(), id("a5"));
  EXPECT_EQ(listed->artifacts(1).id(), id("a4"));
}

TEST_P(LineageGraphTest, TypesButNoContexts) {
  BuildUpstreamGraph();
  Contexts({"c0"});
  Members({"a4@c0", "e3@c0"});
  auto graph = Graph(FromA4("stop_conditions { max_num_hops: 1 }"));
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(graph->contexts_size(), 0);
  EXPECT_EQ(graph->attributions_size(), 0);
  EXPECT_EQ(graph->associations_size(), 0);
  std::vector<std::string> artifact_types, execution_types, context_types;
  for (const auto& t : graph->artifact_types())
    artifact_types.push_back(t.name());
  for (const auto& t : graph->execution_types()) {
    execution_types.push_back(t.name());
  }
  for (const auto& t : graph->context_types())
    context_types.push_back(t.name());
  // Built-in simple types are hidden here (unlike GetLineageSubgraph).
  EXPECT_EQ(artifact_types, std::vector<std::string>{"Data"});
  EXPECT_EQ(execution_types, std::vector<std::string>{"Step"});
  EXPECT_EQ(context_types, std::vector<std::string>{"Run"});
  EXPECT_THAT(artifact_types, Not(Contains("mlmd.Dataset")));
}

TEST_P(LineageGraphTest, MaxNodeSize) {
  BuildUpstreamGraph();
  const std::string all_data = R"pb(
    artifacts_options {
      filter_query: "type = 'Data'"
      order_by_field { is_asc: true }
    }
  )pb";
  const std::string everything =
      "artifacts: a0 a1 a2 a3 a4 a5 | executions: e0 e1 e2 e3 | "
      "events: a0>e0 a1>e1 a2>e2 a3>e3 a4>e3 e1>a3 e2>a4 e3>a5";
  // Unset means 20, which the graph's 10 nodes fit; <= 0 means no limit.
  EXPECT_EQ(Describe(Graph(all_data)), everything);
  EXPECT_EQ(Describe(Graph(all_data + " max_node_size: 0")), everything);
  EXPECT_EQ(Describe(Graph(all_data + " max_node_size: -1")), everything);
  EXPECT_EQ(Describe(Graph(all_data + " max_node_size: 10")), everything);
  // The starting list is cut first.
  EXPECT_EQ(Describe(Graph(all_data + " max_node_size: 1")), "artifacts: a0");
  EXPECT_EQ(Describe(Graph(all_data + " max_node_size: 6")),
            "artifacts: a0 a1 a2 a3 a4 a5");
  // Exactly enough room for the first hop.
  EXPECT_EQ(Describe(Graph(FromA4("max_node_size: 3"))),
            "artifacts: a4 | executions: e2 e3 | events: a4>e3 e2>a4");
  // A hop that does not fit keeps its lowest ids and ends the walk.
  EXPECT_EQ(Describe(Graph(FromA4("max_node_size: 2"))),
            "artifacts: a4 | executions: e2 | events: e2>a4");
  EXPECT_EQ(Describe(Graph(FromA4("max_node_size: 4"))),
            "artifacts: a2 a4 | executions: e2 e3 | "
            "events: a2>e2 a4>e3 e2>a4");
}

TEST_P(LineageGraphTest, BoundaryConditions) {
  BuildUpstreamGraph();
  auto with = [](const std::string& boundaries) {
    return FromA4(
        absl::StrCat("stop_conditions { max_num_hops: 3 ", boundaries, " }"));
  };
  EXPECT_EQ(Describe(Graph(with(""))),
            "artifacts: a2 a3 a4 a5 | executions: e1 e2 e3 | "
            "events: a2>e2 a3>e3 a4>e3 e1>a3 e2>a4 e3>a5");
  // Nodes failing the boundary are left out and not walked past.
  EXPECT_EQ(Describe(Graph(with("boundary_artifacts: \"uri != 'uri://a3'\""))),
            "artifacts: a2 a4 a5 | executions: e2 e3 | "
            "events: a2>e2 a4>e3 e2>a4 e3>a5");
  EXPECT_EQ(Describe(Graph(with("boundary_artifacts: \"uri != 'uri://a3'\" "
                                "boundary_executions: "
                                "\"properties.label.string_value != 'e3'\""))),
            "artifacts: a2 a4 | executions: e2 | events: a2>e2 e2>a4");
  EXPECT_EQ(Describe(Graph(with("boundary_artifacts: \"uri != 'uri://a3'\" "
                                "boundary_executions: "
                                "\"properties.label.string_value != 'e2'\""))),
            "artifacts: a4 a5 | executions: e3 | events: a4>e3 e3>a5");
  // Starting artifacts stay even when they fail the boundary.
  EXPECT_EQ(
      Describe(Graph(FromA4("stop_conditions { max_num_hops: 2 "
                            "boundary_artifacts: \"uri != 'uri://a4'\" }"))),
      "artifacts: a2 a3 a4 a5 | executions: e2 e3 | "
      "events: a2>e2 a3>e3 a4>e3 e2>a4 e3>a5");
}

TEST_P(LineageGraphTest, HopsAreCappedAtTwenty) {
  BuildChain(15);  // 30 hops from a0 to a15
  auto graph = Graph(R"pb(artifacts_options { filter_query: "name = 'a0'" }
                          stop_conditions { max_num_hops: 25 }
                          max_node_size: 0)pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(graph->artifacts_size(), 11);   // a0..a10
  EXPECT_EQ(graph->executions_size(), 10);  // e0..e9
  EXPECT_EQ(graph->events_size(), 20);
}

TEST_P(LineageGraphTest, Errors) {
  BuildUpstreamGraph();
  auto status = [&](const std::string& options) {
    return Graph(options).status();
  };
  absl::Status st = status("stop_conditions { max_num_hops: 1 }");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("query_nodes"));
  st = status("artifacts_options { filter_query: 'invalid query syntax' }");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  st = status("artifacts_options { max_result_size: 0 }");
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  st = status(FromA4("stop_conditions { max_num_hops: -1 }"));
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("max_num_hops cannot be negative"));
  st = status(FromA4("stop_conditions { boundary_artifacts: 'bad query' }"));
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("boundary_artifacts"));
  st = status(FromA4("stop_conditions { boundary_executions: 'uri = 1' }"));
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("boundary_executions"));
  st =
      status(R"pb(artifacts_options { filter_query: "uri = 'uri://none'" })pb");
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
}

INSTANTIATE_STORE_TEST_SUITE(LineageGraphTest);

// ---- Round trips ----

// Forwards to a real connection and counts the statements sent.
class CountingConnection : public sql::Connection {
 public:
  explicit CountingConnection(sql::Connection& inner) : inner_(inner) {}
  int statements() const { return statements_; }

  sql::Dialect dialect() const override { return inner_.dialect(); }
  absl::StatusOr<sql::ResultSet> Query(
      absl::string_view sql, absl::Span<const sql::Value> params) override {
    ++statements_;
    return inner_.Query(sql, params);
  }
  absl::StatusOr<int64_t> Execute(
      absl::string_view sql, absl::Span<const sql::Value> params) override {
    ++statements_;
    return inner_.Execute(sql, params);
  }
  absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view sql, absl::Span<const sql::Value> params) override {
    ++statements_;
    return inner_.InsertReturningIds(sql, params);
  }
  absl::Status Begin(sql::TransactionMode mode) override {
    return inner_.Begin(mode);
  }
  absl::Status Commit() override { return inner_.Commit(); }
  void Rollback() override { inner_.Rollback(); }
  bool healthy() const override { return inner_.healthy(); }
  absl::Status Ping() override { return inner_.Ping(); }

 private:
  sql::Connection& inner_;
  int statements_ = 0;
};

class LineageRoundTripTest : public LineageTest {
 protected:
  // Statements one walk sends; -1 when it fails.
  template <typename Walk>
  int CountStatements(Walk walk) {
    auto lease = store().pool().Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return -1;
    CountingConnection conn(**lease);
    EXPECT_TRUE(conn.Begin(sql::TransactionMode::kRead).ok());
    const absl::Status st = walk(conn);
    conn.Rollback();
    EXPECT_TRUE(st.ok()) << st;
    return st.ok() ? conn.statements() : -1;
  }
};

TEST_P(LineageRoundTripTest, TwentyHopChainCostsOneStatementPerHopOrOneInAll) {
  BuildChain(10);  // 20 hops from a0 to a10
  ml_metadata::LineageSubgraphQueryOptions subgraph_options;
  subgraph_options.mutable_starting_artifacts()->set_filter_query(
      "name = 'a0'");
  subgraph_options.set_max_num_hops(20);
  subgraph_options.mutable_ending_executions()->set_filter_query(
      "name = 'none'");
  ml_metadata::LineageGraph graph;
  const int subgraph_statements = CountStatements([&](sql::Connection& conn) {
    return QueryLineageSubgraph(conn, subgraph_options, {}, &graph);
  });
  EXPECT_EQ(graph.artifacts_size(), 11);
  EXPECT_EQ(graph.events_size(), 20);
  // Starting list, 20 hops, paths, attributions, associations, 3 type lists.
  EXPECT_LE(subgraph_statements, 20 + 10);
  EXPECT_GT(subgraph_statements, 20);

  // One way without ending filters: the walk is a single statement.
  ml_metadata::LineageSubgraphQueryOptions one_way;
  one_way.mutable_starting_artifacts()->set_filter_query("name = 'a10'");
  one_way.set_max_num_hops(20);
  one_way.set_direction(ml_metadata::LineageSubgraphQueryOptions::UPSTREAM);
  const int one_way_statements = CountStatements([&](sql::Connection& conn) {
    return QueryLineageSubgraph(conn, one_way, {}, &graph);
  });
  EXPECT_EQ(graph.artifacts_size(), 11);
  EXPECT_EQ(graph.executions_size(), 10);
  EXPECT_EQ(graph.events_size(), 20);
  // Starting list, the walk, paths, attributions, associations, 3 types.
  EXPECT_LE(one_way_statements, 8);

  ml_metadata::LineageGraphQueryOptions graph_options;
  graph_options.mutable_artifacts_options()->set_filter_query("name = 'a0'");
  graph_options.mutable_stop_conditions()->set_max_num_hops(20);
  graph_options.set_max_node_size(0);
  const int graph_statements = CountStatements([&](sql::Connection& conn) {
    return QueryLineageGraph(conn, graph_options, &graph);
  });
  EXPECT_EQ(graph.artifacts_size(), 11);
  EXPECT_EQ(graph.executions_size(), 10);
  EXPECT_LE(graph_statements, 20 + 10);
}

TEST_P(LineageRoundTripTest, WideHopsCostTheSameAsNarrowOnes) {
  // e0 writes 600 artifacts, each read by its own execution: 2 hops, 1201
  // nodes.
  constexpr int kWidth = 600;
  std::vector<std::string> artifacts, executions = {"e0"}, events;
  for (int i = 0; i < kWidth; ++i) {
    artifacts.push_back(absl::StrCat("a", i));
    executions.push_back(absl::StrCat("x", i));
    events.push_back(absl::StrCat("e0>a", i));
  }
  Artifacts(artifacts);
  Executions(executions);
  for (int i = 0; i < kWidth; ++i) {
    events.push_back(absl::StrCat("a", i, ">x", i));
  }
  Events(events);

  ml_metadata::LineageSubgraphQueryOptions options;
  options.mutable_starting_executions()->set_filter_query("name = 'e0'");
  options.set_max_num_hops(2);
  ml_metadata::LineageGraph graph;
  const int statements = CountStatements([&](sql::Connection& conn) {
    return QueryLineageSubgraph(conn, options, {}, &graph);
  });
  EXPECT_EQ(graph.artifacts_size(), kWidth);
  EXPECT_EQ(graph.executions_size(), kWidth + 1);
  EXPECT_EQ(graph.events_size(), 2 * kWidth);
  EXPECT_LE(statements, 2 + 10);
}

INSTANTIATE_STORE_TEST_SUITE(LineageRoundTripTest);

}  // namespace
}  // namespace mlmd::testing
