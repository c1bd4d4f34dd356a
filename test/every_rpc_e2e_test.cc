// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Calls every one of the 52 RPCs over gRPC against the real binary, once
// with a valid request (checking a real answer) and, where the RPC can fail
// on input, once with a bad one (checking the upstream status code).
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "server/rpc_list.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using grpc::StatusCode;
using ::testing::SizeIs;

template <typename T>
T Parse(const std::string& text) {
  T msg;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &msg))
      << text;
  return msg;
}

class EveryRpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = ServerProcess::Start(
        {absl::StrCat("--sqlite_path=", MakeTempDir("every_rpc"), "/m.db")});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  ml_metadata::MetadataStoreService::Stub& stub() { return server_->stub(); }

  // Calls `rpc` with `request` (text format) and returns the status code.
  template <typename Req, typename Resp>
  StatusCode Call(grpc::Status (ml_metadata::MetadataStoreService::Stub::*rpc)(
                      grpc::ClientContext*, const Req&, Resp*),
                  const std::string& request, Resp* response) {
    grpc::ClientContext ctx;
    grpc::Status st = (stub().*rpc)(&ctx, Parse<Req>(request), response);
    last_message_ = st.error_message();
    ++calls_;
    return st.error_code();
  }

  static ServerProcess* server_;
  std::string last_message_;
  int calls_ = 0;
};
ServerProcess* EveryRpcTest::server_ = nullptr;

using S = ml_metadata::MetadataStoreService::Stub;

TEST_F(EveryRpcTest, AllFiftyTwoRpcsAnswerOverTheWire) {
  // Types.
  ml_metadata::PutArtifactTypeResponse at;
  ASSERT_EQ(Call(&S::PutArtifactType,
                 "artifact_type { name: 'Model' properties { key: 'acc' "
                 "value: DOUBLE } base_type: MODEL }",
                 &at),
            StatusCode::OK)
      << last_message_;
  ml_metadata::PutExecutionTypeResponse et;
  ASSERT_EQ(Call(&S::PutExecutionType,
                 "execution_type { name: 'Train' external_id: 'et-1' }", &et),
            StatusCode::OK);
  ml_metadata::PutContextTypeResponse ct;
  ASSERT_EQ(Call(&S::PutContextType, "context_type { name: 'Run' }", &ct),
            StatusCode::OK);
  ml_metadata::PutTypesResponse types;
  EXPECT_EQ(
      Call(&S::PutTypes,
           "artifact_types { name: 'Data' } context_types { name: 'Run' }",
           &types),
      StatusCode::OK);
  EXPECT_EQ(types.context_type_ids(0), ct.type_id());
  EXPECT_EQ(Call(&S::PutArtifactType,
                 "artifact_type { name: 'Model' properties { key: 'acc' "
                 "value: INT } }",
                 &at),
            StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Call(&S::PutContextType, "context_type { }", &ct),
            StatusCode::INVALID_ARGUMENT);

  ml_metadata::GetArtifactTypeResponse gat;
  EXPECT_EQ(Call(&S::GetArtifactType, "type_name: 'Model'", &gat),
            StatusCode::OK);
  EXPECT_EQ(gat.artifact_type().base_type(), ml_metadata::ArtifactType::MODEL);
  EXPECT_EQ(Call(&S::GetArtifactType, "type_name: 'Nope'", &gat),
            StatusCode::NOT_FOUND);
  ml_metadata::GetExecutionTypeResponse get;
  EXPECT_EQ(Call(&S::GetExecutionType, "type_name: 'Train'", &get),
            StatusCode::OK);
  ml_metadata::GetContextTypeResponse gct;
  EXPECT_EQ(Call(&S::GetContextType, "type_name: 'Run'", &gct), StatusCode::OK);
  ml_metadata::GetArtifactTypesByIDResponse gatb;
  EXPECT_EQ(
      Call(&S::GetArtifactTypesByID,
           absl::StrCat("type_ids: ", at.type_id(), " type_ids: 99999"), &gatb),
      StatusCode::OK);
  EXPECT_THAT(gatb.artifact_types(), SizeIs(1));
  ml_metadata::GetExecutionTypesByIDResponse getb;
  EXPECT_EQ(Call(&S::GetExecutionTypesByID,
                 absl::StrCat("type_ids: ", et.type_id()), &getb),
            StatusCode::OK);
  EXPECT_THAT(getb.execution_types(), SizeIs(1));
  ml_metadata::GetContextTypesByIDResponse gctb;
  EXPECT_EQ(Call(&S::GetContextTypesByID,
                 absl::StrCat("type_ids: ", ct.type_id()), &gctb),
            StatusCode::OK);
  EXPECT_THAT(gctb.context_types(), SizeIs(1));
  ml_metadata::GetArtifactTypesResponse gats;
  EXPECT_EQ(Call(&S::GetArtifactTypes, "", &gats), StatusCode::OK);
  EXPECT_THAT(gats.artifact_types(), SizeIs(2));  // simple types hidden
  ml_metadata::GetExecutionTypesResponse gets;
  EXPECT_EQ(Call(&S::GetExecutionTypes, "", &gets), StatusCode::OK);
  EXPECT_THAT(gets.execution_types(), SizeIs(1));
  ml_metadata::GetContextTypesResponse gcts;
  EXPECT_EQ(Call(&S::GetContextTypes, "", &gcts), StatusCode::OK);
  EXPECT_THAT(gcts.context_types(), SizeIs(1));
  ml_metadata::GetArtifactTypesByExternalIdsResponse gatx;
  EXPECT_EQ(Call(&S::GetArtifactTypesByExternalIds, "external_ids: ''", &gatx),
            StatusCode::INVALID_ARGUMENT);
  ml_metadata::GetExecutionTypesByExternalIdsResponse getx;
  EXPECT_EQ(
      Call(&S::GetExecutionTypesByExternalIds, "external_ids: 'et-1'", &getx),
      StatusCode::OK);
  EXPECT_THAT(getx.execution_types(), SizeIs(1));
  ml_metadata::GetContextTypesByExternalIdsResponse gctx;
  EXPECT_EQ(Call(&S::GetContextTypesByExternalIds, "", &gctx), StatusCode::OK);

  // Nodes.
  ml_metadata::PutArtifactsResponse pa;
  ASSERT_EQ(Call(&S::PutArtifacts,
                 absl::StrCat("artifacts { type_id: ", at.type_id(),
                              " uri: 'gs://m' name: 'm1' external_id: 'a-1' "
                              "properties { key: 'acc' value { double_value: "
                              "0.9 } } }"),
                 &pa),
            StatusCode::OK)
      << last_message_;
  EXPECT_EQ(Call(&S::PutArtifacts,
                 absl::StrCat("artifacts { type_id: ", at.type_id(),
                              " properties { key: 'acc' value { string_value: "
                              "'x' } } }"),
                 &pa),
            StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(Call(&S::PutArtifacts,
                 absl::StrCat("artifacts { type_id: ", at.type_id(),
                              " uri: 'gs://m2' }"),
                 &pa),
            StatusCode::OK);
  const int64_t a2 = pa.artifact_ids(0);
  ml_metadata::PutExecutionsResponse pe;
  ASSERT_EQ(Call(&S::PutExecutions,
                 absl::StrCat("executions { type_id: ", et.type_id(),
                              " name: 'e1' last_known_state: RUNNING }"),
                 &pe),
            StatusCode::OK);
  const int64_t e1 = pe.execution_ids(0);
  EXPECT_EQ(Call(&S::PutExecutions, "executions { type_id: 424242 }", &pe),
            StatusCode::NOT_FOUND)
      << last_message_;
  ml_metadata::PutContextsResponse pc;
  ASSERT_EQ(Call(&S::PutContexts,
                 absl::StrCat("contexts { type_id: ", ct.type_id(),
                              " name: 'parent' } contexts { type_id: ",
                              ct.type_id(), " name: 'child' }"),
                 &pc),
            StatusCode::OK);
  const int64_t parent = pc.context_ids(0), child = pc.context_ids(1);
  EXPECT_EQ(Call(&S::PutContexts,
                 absl::StrCat("contexts { type_id: ", ct.type_id(),
                              " name: 'parent' }"),
                 &pc),
            StatusCode::ALREADY_EXISTS);

  ml_metadata::GetArtifactsResponse ga;
  EXPECT_EQ(Call(&S::GetArtifacts, "options { max_result_size: 1 }", &ga),
            StatusCode::OK);
  EXPECT_THAT(ga.artifacts(), SizeIs(1));
  EXPECT_FALSE(ga.next_page_token().empty());
  ml_metadata::GetExecutionsResponse ge;
  EXPECT_EQ(Call(&S::GetExecutions,
                 "options { filter_query: 'last_known_state = RUNNING' }", &ge),
            StatusCode::OK);
  EXPECT_THAT(ge.executions(), SizeIs(1));
  ml_metadata::GetContextsResponse gc;
  EXPECT_EQ(Call(&S::GetContexts, "", &gc), StatusCode::OK);
  EXPECT_THAT(gc.contexts(), SizeIs(2));
  ml_metadata::GetArtifactsByIDResponse gab;
  EXPECT_EQ(
      Call(&S::GetArtifactsByID,
           absl::StrCat("artifact_ids: ", a2, " populate_artifact_types: true"),
           &gab),
      StatusCode::OK);
  EXPECT_THAT(gab.artifact_types(), SizeIs(1));
  ml_metadata::GetExecutionsByIDResponse geb;
  EXPECT_EQ(
      Call(&S::GetExecutionsByID, absl::StrCat("execution_ids: ", e1), &geb),
      StatusCode::OK);
  EXPECT_EQ(geb.executions(0).type(), "Train");
  ml_metadata::GetContextsByIDResponse gcb;
  EXPECT_EQ(
      Call(&S::GetContextsByID, absl::StrCat("context_ids: ", parent), &gcb),
      StatusCode::OK);
  EXPECT_EQ(gcb.contexts(0).name(), "parent");
  ml_metadata::GetArtifactsByTypeResponse gabt;
  EXPECT_EQ(Call(&S::GetArtifactsByType, "type_name: 'Model'", &gabt),
            StatusCode::OK);
  EXPECT_THAT(gabt.artifacts(), SizeIs(2));
  ml_metadata::GetExecutionsByTypeResponse gebt;
  EXPECT_EQ(Call(&S::GetExecutionsByType, "type_name: 'Train'", &gebt),
            StatusCode::OK);
  EXPECT_THAT(gebt.executions(), SizeIs(1));
  ml_metadata::GetContextsByTypeResponse gcbt;
  EXPECT_EQ(Call(&S::GetContextsByType, "type_name: 'Run'", &gcbt),
            StatusCode::OK);
  EXPECT_THAT(gcbt.contexts(), SizeIs(2));
  ml_metadata::GetArtifactByTypeAndNameResponse gatn;
  EXPECT_EQ(Call(&S::GetArtifactByTypeAndName,
                 "type_name: 'Model' artifact_name: 'm1'", &gatn),
            StatusCode::OK);
  EXPECT_EQ(gatn.artifact().uri(), "gs://m");
  ml_metadata::GetExecutionByTypeAndNameResponse getn;
  EXPECT_EQ(Call(&S::GetExecutionByTypeAndName,
                 "type_name: 'Train' execution_name: 'e1'", &getn),
            StatusCode::OK);
  EXPECT_EQ(getn.execution().id(), e1);
  ml_metadata::GetContextByTypeAndNameResponse gctn;
  EXPECT_EQ(Call(&S::GetContextByTypeAndName,
                 "type_name: 'Run' context_name: 'missing'", &gctn),
            StatusCode::OK);
  EXPECT_FALSE(gctn.has_context());
  ml_metadata::GetArtifactsByURIResponse gau;
  EXPECT_EQ(Call(&S::GetArtifactsByURI, "uris: 'gs://m2'", &gau),
            StatusCode::OK);
  EXPECT_THAT(gau.artifacts(), SizeIs(1));
  ml_metadata::GetArtifactsByExternalIdsResponse gax;
  EXPECT_EQ(Call(&S::GetArtifactsByExternalIds, "external_ids: 'a-1'", &gax),
            StatusCode::OK);
  EXPECT_THAT(gax.artifacts(), SizeIs(1));
  ml_metadata::GetExecutionsByExternalIdsResponse gex;
  EXPECT_EQ(Call(&S::GetExecutionsByExternalIds, "external_ids: ''", &gex),
            StatusCode::INVALID_ARGUMENT);
  ml_metadata::GetContextsByExternalIdsResponse gcx;
  EXPECT_EQ(Call(&S::GetContextsByExternalIds, "", &gcx), StatusCode::OK);

  // Relations.
  ml_metadata::PutEventsResponse pev;
  EXPECT_EQ(
      Call(&S::PutEvents,
           absl::StrCat("events { artifact_id: ", a2, " execution_id: ", e1,
                        " type: OUTPUT path { steps { key: 'out' } "
                        "steps { index: 0 } } }"),
           &pev),
      StatusCode::OK)
      << last_message_;
  EXPECT_EQ(Call(&S::PutEvents,
                 absl::StrCat("events { artifact_id: ", a2,
                              " execution_id: ", e1, " }"),
                 &pev),
            StatusCode::INVALID_ARGUMENT);
  ml_metadata::GetEventsByExecutionIDsResponse gee;
  EXPECT_EQ(Call(&S::GetEventsByExecutionIDs,
                 absl::StrCat("execution_ids: ", e1), &gee),
            StatusCode::OK);
  ASSERT_THAT(gee.events(), SizeIs(1));
  EXPECT_EQ(gee.events(0).path().steps(1).index(), 0);
  ml_metadata::GetEventsByArtifactIDsResponse gea;
  EXPECT_EQ(Call(&S::GetEventsByArtifactIDs, absl::StrCat("artifact_ids: ", a2),
                 &gea),
            StatusCode::OK);
  EXPECT_THAT(gea.events(), SizeIs(1));
  ml_metadata::PutAttributionsAndAssociationsResponse paa;
  EXPECT_EQ(Call(&S::PutAttributionsAndAssociations,
                 absl::StrCat("attributions { artifact_id: ", a2,
                              " context_id: ", child,
                              " } associations { execution_id: ", e1,
                              " context_id: ", child, " }"),
                 &paa),
            StatusCode::OK);
  ml_metadata::PutParentContextsResponse ppc;
  EXPECT_EQ(Call(&S::PutParentContexts,
                 absl::StrCat("parent_contexts { child_id: ", child,
                              " parent_id: ", parent, " }"),
                 &ppc),
            StatusCode::OK);
  EXPECT_EQ(Call(&S::PutParentContexts,
                 absl::StrCat("parent_contexts { child_id: ", parent,
                              " parent_id: ", child, " }"),
                 &ppc),
            StatusCode::INVALID_ARGUMENT);  // a cycle
  ml_metadata::GetContextsByArtifactResponse gcba;
  EXPECT_EQ(
      Call(&S::GetContextsByArtifact, absl::StrCat("artifact_id: ", a2), &gcba),
      StatusCode::OK);
  EXPECT_THAT(gcba.contexts(), SizeIs(1));
  ml_metadata::GetContextsByExecutionResponse gcbe;
  EXPECT_EQ(Call(&S::GetContextsByExecution, absl::StrCat("execution_id: ", e1),
                 &gcbe),
            StatusCode::OK);
  EXPECT_THAT(gcbe.contexts(), SizeIs(1));
  ml_metadata::GetParentContextsByContextResponse gpc;
  EXPECT_EQ(Call(&S::GetParentContextsByContext,
                 absl::StrCat("context_id: ", child), &gpc),
            StatusCode::OK);
  EXPECT_EQ(gpc.contexts(0).id(), parent);
  ml_metadata::GetChildrenContextsByContextResponse gcc;
  EXPECT_EQ(Call(&S::GetChildrenContextsByContext,
                 absl::StrCat("context_id: ", parent), &gcc),
            StatusCode::OK);
  EXPECT_EQ(gcc.contexts(0).id(), child);
  ml_metadata::GetParentContextsByContextsResponse gpcs;
  EXPECT_EQ(Call(&S::GetParentContextsByContexts,
                 absl::StrCat("context_ids: ", child), &gpcs),
            StatusCode::OK);
  EXPECT_EQ(gpcs.contexts().at(child).parent_contexts(0).id(), parent);
  ml_metadata::GetChildrenContextsByContextsResponse gccs;
  EXPECT_EQ(Call(&S::GetChildrenContextsByContexts,
                 absl::StrCat("context_ids: ", parent), &gccs),
            StatusCode::OK);
  EXPECT_EQ(gccs.contexts().at(parent).children_contexts(0).id(), child);
  ml_metadata::GetArtifactsByContextResponse gabc;
  EXPECT_EQ(Call(&S::GetArtifactsByContext, absl::StrCat("context_id: ", child),
                 &gabc),
            StatusCode::OK);
  EXPECT_THAT(gabc.artifacts(), SizeIs(1));
  ml_metadata::GetExecutionsByContextResponse gebc;
  EXPECT_EQ(Call(&S::GetExecutionsByContext,
                 absl::StrCat("context_id: ", child,
                              " options { filter_query: 'name = \"e1\"' }"),
                 &gebc),
            StatusCode::OK);
  EXPECT_THAT(gebc.executions(), SizeIs(1));

  // Composite writes.
  ml_metadata::PutExecutionResponse pex;
  EXPECT_EQ(Call(&S::PutExecution,
                 absl::StrCat("execution { type_id: ", et.type_id(),
                              " } artifact_event_pairs { artifact { type_id: ",
                              at.type_id(),
                              " uri: 'gs://m3' } event { type: OUTPUT } } "
                              "contexts { type_id: ",
                              ct.type_id(),
                              " name: 'child' } options { "
                              "reuse_context_if_already_exist: true }"),
                 &pex),
            StatusCode::OK)
      << last_message_;
  EXPECT_EQ(pex.context_ids(0), child);
  EXPECT_THAT(pex.artifact_ids(), SizeIs(1));
  ml_metadata::PutLineageSubgraphResponse pls;
  EXPECT_EQ(Call(&S::PutLineageSubgraph,
                 absl::StrCat("executions { type_id: ", et.type_id(),
                              " } artifacts { type_id: ", at.type_id(),
                              " uri: 'gs://m4' } event_edges { "
                              "execution_index: 0 artifact_index: 0 event { "
                              "type: INPUT } }"),
                 &pls),
            StatusCode::OK)
      << last_message_;
  EXPECT_EQ(Call(&S::PutLineageSubgraph,
                 absl::StrCat("executions { type_id: ", et.type_id(),
                              " } event_edges { execution_index: 0 "
                              "artifact_index: 5 event { type: INPUT } }"),
                 &pls),
            StatusCode::OUT_OF_RANGE);

  // Lineage.
  ml_metadata::GetLineageGraphResponse glg;
  EXPECT_EQ(Call(&S::GetLineageGraph,
                 "options { artifacts_options { filter_query: \"uri = "
                 "'gs://m2'\" } }",
                 &glg),
            StatusCode::OK)
      << last_message_;
  EXPECT_THAT(glg.subgraph().executions(), SizeIs(1));
  ml_metadata::GetLineageSubgraphResponse gls;
  EXPECT_EQ(Call(&S::GetLineageSubgraph,
                 "lineage_subgraph_query_options { starting_artifacts { "
                 "filter_query: \"uri = 'gs://m2'\" } max_num_hops: 2 "
                 "direction: UPSTREAM }",
                 &gls),
            StatusCode::OK)
      << last_message_;
  EXPECT_THAT(gls.lineage_subgraph().executions(), SizeIs(1));
  EXPECT_EQ(Call(&S::GetLineageSubgraph, "", &gls),
            StatusCode::INVALID_ARGUMENT);

  // Every RPC of the service was called at least once above.
  int rpcs = 0;
#define MLMD_COUNT_RPC(Name) ++rpcs;
  MLMD_FOR_EACH_RPC(MLMD_COUNT_RPC, MLMD_COUNT_RPC)
#undef MLMD_COUNT_RPC
  EXPECT_EQ(rpcs, 52);
  EXPECT_GE(calls_, rpcs);
}

}  // namespace
}  // namespace mlmd::testing
