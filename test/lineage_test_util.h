// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Fixture for the lineage tests: builds named graphs through the store's own
// Put* RPCs and renders lineage results as one readable line, so that every
// test writes its expected answer out in full, e.g.
//   "artifacts: a2 a4 | executions: e2 | events: a2>e2 e2>a4"
// where "a2>e2" is an input event and "e2>a4" an output event.
#ifndef MLMD_TEST_LINEAGE_TEST_UTIL_H_
#define MLMD_TEST_LINEAGE_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "store/store.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {

class LineageTest : public StoreTest {
 protected:
  using Event = ml_metadata::Event;
  using LineageGraph = ml_metadata::LineageGraph;

  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ml_metadata::PutTypesRequest request;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
        R"pb(
          artifact_types {
            name: "Data"
            properties { key: "label" value: STRING }
          }
          execution_types {
            name: "Step"
            properties { key: "label" value: STRING }
          }
          context_types { name: "Run" }
        )pb",
        &request));
    ml_metadata::PutTypesResponse response;
    const absl::Status st = store().PutTypes(request, &response);
    ASSERT_TRUE(st.ok()) << st;
    artifact_type_ = response.artifact_type_ids(0);
    execution_type_ = response.execution_type_ids(0);
    context_type_ = response.context_type_ids(0);
  }

  // Creates artifacts with these names (uri "uri://NAME", property label =
  // NAME) in one call, in order.
  void Artifacts(const std::vector<std::string>& names) {
    ml_metadata::PutArtifactsRequest request;
    for (const std::string& name : names) {
      auto* a = request.add_artifacts();
      a->set_type_id(artifact_type_);
      a->set_name(name);
      a->set_uri(absl::StrCat("uri://", name));
      (*a->mutable_properties())["label"].set_string_value(name);
    }
    ml_metadata::PutArtifactsResponse response;
    const absl::Status st = store().PutArtifacts(request, &response);
    ASSERT_TRUE(st.ok()) << st;
    for (int i = 0; i < response.artifact_ids_size(); ++i) {
      Remember('a', names[i], response.artifact_ids(i));
    }
  }

  // Creates executions with these names (property label = NAME).
  void Executions(const std::vector<std::string>& names) {
    ml_metadata::PutExecutionsRequest request;
    for (const std::string& name : names) {
      auto* e = request.add_executions();
      e->set_type_id(execution_type_);
      e->set_name(name);
      (*e->mutable_properties())["label"].set_string_value(name);
    }
    ml_metadata::PutExecutionsResponse response;
    const absl::Status st = store().PutExecutions(request, &response);
    ASSERT_TRUE(st.ok()) << st;
    for (int i = 0; i < response.execution_ids_size(); ++i) {
      Remember('e', names[i], response.execution_ids(i));
    }
  }

  void Contexts(const std::vector<std::string>& names) {
    ml_metadata::PutContextsRequest request;
    for (const std::string& name : names) {
      auto* c = request.add_contexts();
      c->set_type_id(context_type_);
      c->set_name(name);
    }
    ml_metadata::PutContextsResponse response;
    const absl::Status st = store().PutContexts(request, &response);
    ASSERT_TRUE(st.ok()) << st;
    for (int i = 0; i < response.context_ids_size(); ++i) {
      Remember('c', names[i], response.context_ids(i));
    }
  }

  // Events written as "a1>e1" (INPUT) or "e1>a3" (OUTPUT), one call.
  void Events(const std::vector<std::string>& edges) {
    ml_metadata::PutEventsRequest request;
    for (const std::string& edge : edges) {
      const std::vector<std::string> ends = absl::StrSplit(edge, '>');
      ASSERT_EQ(ends.size(), 2u) << edge;
      const bool input = ends[0][0] == 'a';
      AddEvent(request, input ? ends[0] : ends[1], input ? ends[1] : ends[0],
               input ? Event::INPUT : Event::OUTPUT);
    }
    PutEvents(request);
  }

  // One event of any type between `artifact` and `execution`.
  void TypedEvent(const std::string& artifact, const std::string& execution,
                  Event::Type type) {
    ml_metadata::PutEventsRequest request;
    AddEvent(request, artifact, execution, type);
    PutEvents(request);
  }

  // Members written as "a1@c0" (attribution) or "e1@c0" (association).
  void Members(const std::vector<std::string>& links) {
    ml_metadata::PutAttributionsAndAssociationsRequest request;
    for (const std::string& link : links) {
      const std::vector<std::string> ends = absl::StrSplit(link, '@');
      ASSERT_EQ(ends.size(), 2u) << link;
      if (ends[0][0] == 'a') {
        auto* a = request.add_attributions();
        a->set_artifact_id(id(ends[0]));
        a->set_context_id(id(ends[1]));
      } else {
        auto* a = request.add_associations();
        a->set_execution_id(id(ends[0]));
        a->set_context_id(id(ends[1]));
      }
    }
    ml_metadata::PutAttributionsAndAssociationsResponse response;
    const absl::Status st =
        store().PutAttributionsAndAssociations(request, &response);
    ASSERT_TRUE(st.ok()) << st;
  }

  // The graph of upstream's lineage tests:
  //   a0 -> e0
  //   a1 -> e1 -> a3 -> e3 -> a5
  //   a2 -> e2 -> a4 -> e3
  void BuildUpstreamGraph() {
    Artifacts({"a0", "a1", "a2", "a3", "a4", "a5"});
    Executions({"e0", "e1", "e2", "e3"});
    Events({"a0>e0", "a1>e1", "e1>a3", "a2>e2", "e2>a4", "a3>e3", "a4>e3",
            "e3>a5"});
  }

  // a0 -> e0 -> a1 -> e1 -> ... -> e{n-1} -> a{n}: 2n hops end to end.
  void BuildChain(int n) {
    std::vector<std::string> artifacts, executions, events;
    for (int i = 0; i <= n; ++i) artifacts.push_back(absl::StrCat("a", i));
    for (int i = 0; i < n; ++i) {
      executions.push_back(absl::StrCat("e", i));
      events.push_back(absl::StrCat("a", i, ">e", i));
      events.push_back(absl::StrCat("e", i, ">a", i + 1));
    }
    Artifacts(artifacts);
    Executions(executions);
    Events(events);
  }

  int64_t id(const std::string& name) const {
    auto it = ids_.find(name);
    EXPECT_NE(it, ids_.end()) << "no node named " << name;
    return it == ids_.end() ? -1 : it->second;
  }

  absl::StatusOr<LineageGraph> Subgraph(
      const std::string& options_text,
      const std::vector<std::string>& read_mask = {}) {
    ml_metadata::GetLineageSubgraphRequest request;
    if (!google::protobuf::TextFormat::ParseFromString(
            options_text, request.mutable_lineage_subgraph_query_options())) {
      ADD_FAILURE() << "bad options: " << options_text;
    }
    for (const std::string& path : read_mask) {
      request.mutable_read_mask()->add_paths(path);
    }
    ml_metadata::GetLineageSubgraphResponse response;
    const absl::Status st = store().GetLineageSubgraph(request, &response);
    if (!st.ok()) return st;
    return response.lineage_subgraph();
  }

  absl::StatusOr<LineageGraph> Graph(const std::string& options_text) {
    ml_metadata::GetLineageGraphRequest request;
    if (!google::protobuf::TextFormat::ParseFromString(
            options_text, request.mutable_options())) {
      ADD_FAILURE() << "bad options: " << options_text;
    }
    ml_metadata::GetLineageGraphResponse response;
    const absl::Status st = store().GetLineageGraph(request, &response);
    if (!st.ok()) return st;
    return response.subgraph();
  }

  // The nodes and edges of `graph` by name, each list sorted; empty lists
  // are left out.
  std::string Describe(const LineageGraph& graph) const {
    std::vector<std::string> parts;
    auto add = [&](absl::string_view label, std::vector<std::string> items) {
      if (items.empty()) return;
      std::sort(items.begin(), items.end());
      parts.push_back(absl::StrCat(label, ": ", absl::StrJoin(items, " ")));
    };
    std::vector<std::string> items;
    for (const auto& a : graph.artifacts()) items.push_back(Name('a', a.id()));
    add("artifacts", std::move(items));
    items.clear();
    for (const auto& e : graph.executions()) items.push_back(Name('e', e.id()));
    add("executions", std::move(items));
    items.clear();
    for (const auto& c : graph.contexts()) items.push_back(Name('c', c.id()));
    add("contexts", std::move(items));
    items.clear();
    for (const Event& e : graph.events()) items.push_back(EventName(e));
    add("events", std::move(items));
    items.clear();
    for (const auto& a : graph.attributions()) {
      items.push_back(absl::StrCat(Name('a', a.artifact_id()), "@",
                                   Name('c', a.context_id())));
    }
    add("attributions", std::move(items));
    items.clear();
    for (const auto& a : graph.associations()) {
      items.push_back(absl::StrCat(Name('e', a.execution_id()), "@",
                                   Name('c', a.context_id())));
    }
    add("associations", std::move(items));
    return absl::StrJoin(parts, " | ");
  }

  // Describe() of a successful result, or the error.
  template <typename Result>
  std::string Describe(const Result& result) const {
    if (!result.ok()) return result.status().ToString();
    return Describe(*result);
  }

  int64_t artifact_type_ = 0;
  int64_t execution_type_ = 0;
  int64_t context_type_ = 0;

 private:
  void Remember(char kind, const std::string& name, int64_t node_id) {
    ids_[name] = node_id;
    names_[{kind, node_id}] = name;
  }

  std::string Name(char kind, int64_t node_id) const {
    auto it = names_.find({kind, node_id});
    if (it == names_.end())
      return absl::StrCat(std::string(1, kind), "#", node_id);
    return it->second;
  }

  std::string EventName(const Event& e) const {
    const std::string a = Name('a', e.artifact_id());
    const std::string x = Name('e', e.execution_id());
    switch (e.type()) {
      case Event::INPUT:
        return absl::StrCat(a, ">", x);
      case Event::OUTPUT:
        return absl::StrCat(x, ">", a);
      default:
        return absl::StrCat(a, "~", x, "(", Event::Type_Name(e.type()), ")");
    }
  }

  void AddEvent(ml_metadata::PutEventsRequest& request,
                const std::string& artifact, const std::string& execution,
                Event::Type type) {
    Event* event = request.add_events();
    event->set_artifact_id(id(artifact));
    event->set_execution_id(id(execution));
    event->set_type(type);
  }

  void PutEvents(const ml_metadata::PutEventsRequest& request) {
    ml_metadata::PutEventsResponse response;
    const absl::Status st = store().PutEvents(request, &response);
    ASSERT_TRUE(st.ok()) << st;
  }

  std::map<std::string, int64_t> ids_;
  std::map<std::pair<char, int64_t>, std::string> names_;
};

}  // namespace mlmd::testing

#endif  // MLMD_TEST_LINEAGE_TEST_UTIL_H_
