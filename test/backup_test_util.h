// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers for the backup tests: a KFP-shaped store, and a rendering of
// everything upstream's client API reads from a store, to compare a store
// before a backup with the store restored from it.
#ifndef MLMD_TEST_BACKUP_TEST_UTIL_H_
#define MLMD_TEST_BACKUP_TEST_UTIL_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "store/store.h"
#include "test/node_test_util.h"

namespace mlmd::testing {

#define BACKUP_ASSERT_OK(expr)                                  \
  do {                                                          \
    const ::absl::Status _st = (expr);                          \
    ASSERT_TRUE(_st.ok()) << #expr << " -> " << _st.ToString(); \
  } while (0)

// Pipeline and run contexts (runs are children of the pipeline), a trainer
// and an evaluator execution per run with input/output events carrying
// paths, and properties of every value kind (int, double at full precision,
// string, bool, struct_value, proto_value), on types with declared
// properties. `runs` runs.
inline void PopulateKfpShapedStore(MetadataStore &store, int runs,
                                   const std::string &tag = "") {
  using namespace ml_metadata;  // NOLINT
  PutTypesRequest types = ParseText<PutTypesRequest>(R"pb(
    artifact_types {
      name: "system.Model"
      properties { key: "framework" value: STRING }
      properties { key: "accuracy" value: DOUBLE }
    }
    artifact_types { name: "system.Dataset" base_type: DATASET }
    execution_types {
      name: "system.ContainerExecution"
      properties { key: "image" value: STRING }
      properties { key: "attempt" value: INT }
      properties { key: "cached" value: BOOLEAN }
      properties { key: "inputs" value: STRUCT }
      properties { key: "spec" value: PROTO }
    }
    context_types { name: "system.Pipeline" }
    context_types {
      name: "system.PipelineRun"
      properties { key: "namespace" value: STRING }
    }
    can_add_fields: true
  )pb");
  PutTypesResponse type_ids;
  BACKUP_ASSERT_OK(store.PutTypes(types, &type_ids));
  const int64_t model_t = type_ids.artifact_type_ids(0);
  const int64_t dataset_t = type_ids.artifact_type_ids(1);
  const int64_t exec_t = type_ids.execution_type_ids(0);
  const int64_t pipeline_t = type_ids.context_type_ids(0);
  const int64_t run_t = type_ids.context_type_ids(1);

  PutContextsRequest pipeline;
  Context *p = pipeline.add_contexts();
  p->set_type_id(pipeline_t);
  p->set_name("pipeline" + tag);
  p->set_external_id("ext-pipeline" + tag);
  PutContextsResponse pipeline_ids;
  BACKUP_ASSERT_OK(store.PutContexts(pipeline, &pipeline_ids));

  for (int r = 0; r < runs; ++r) {
    const std::string run = absl::StrCat("run-", r, tag);
    PutContextsRequest run_ctx;
    Context *c = run_ctx.add_contexts();
    c->set_type_id(run_t);
    c->set_name(run);
    (*c->mutable_properties())["namespace"].set_string_value("kubeflow");
    PutContextsResponse run_ids;
    BACKUP_ASSERT_OK(store.PutContexts(run_ctx, &run_ids));
    PutParentContextsRequest link;
    link.add_parent_contexts()->set_child_id(run_ids.context_ids(0));
    link.mutable_parent_contexts(0)->set_parent_id(pipeline_ids.context_ids(0));
    PutParentContextsResponse link_resp;
    BACKUP_ASSERT_OK(store.PutParentContexts(link, &link_resp));

    int64_t dataset_id = 0;
    for (const char *step : {"train", "evaluate"}) {
      PutExecutionRequest req;
      Execution *e = req.mutable_execution();
      e->set_type_id(exec_t);
      e->set_name(absl::StrCat(run, "-", step));
      e->set_last_known_state(Execution::COMPLETE);
      auto &props = *e->mutable_properties();
      props["image"].set_string_value("gcr.io/ml/trainer:v1");
      props["attempt"].set_int_value(r + 1);
      props["cached"].set_bool_value(r % 2 == 0);
      auto &fields = *props["inputs"].mutable_struct_value()->mutable_fields();
      fields["lr"].set_number_value(1.0 / 3.0);
      fields["layers"].mutable_list_value()->add_values()->set_string_value(
          "dense");
      fields["nothing"].set_null_value(google::protobuf::NULL_VALUE);
      Artifact spec;
      spec.set_uri(absl::StrCat("gs://spec/", run));
      props["spec"].mutable_proto_value()->PackFrom(spec);
      (*e->mutable_custom_properties())["seed"].set_int_value(-7 - r);
      (*e->mutable_custom_properties())["ratio"].set_double_value(0.1 +
                                                                  1e-16 * r);
      (*e->mutable_custom_properties())["note"].set_string_value(
          "unicode: \xc3\xa9\xe2\x82\xac, quotes ' \" and \\ backslash");
      if (dataset_id != 0) {
        auto *in = req.add_artifact_event_pairs();
        in->mutable_artifact()->set_id(dataset_id);
        in->mutable_event()->set_type(Event::INPUT);
        in->mutable_event()->mutable_path()->add_steps()->set_key("examples");
        in->mutable_event()->mutable_path()->add_steps()->set_index(0);
      }
      auto *out = req.add_artifact_event_pairs();
      Artifact *a = out->mutable_artifact();
      const bool train = std::string(step) == "train";
      a->set_type_id(train ? dataset_t : model_t);
      a->set_uri(absl::StrCat("gs://bucket/", run, "/", step));
      a->set_state(Artifact::LIVE);
      if (!train) {
        (*a->mutable_properties())["framework"].set_string_value("tf");
        (*a->mutable_properties())["accuracy"].set_double_value(0.9 + r * 1e-9);
      }
      (*a->mutable_custom_properties())["empty"].set_string_value("");
      out->mutable_event()->set_type(Event::OUTPUT);
      out->mutable_event()->mutable_path()->add_steps()->set_key("z_last");
      out->mutable_event()->mutable_path()->add_steps()->set_key("a_first");
      out->mutable_event()->mutable_path()->add_steps()->set_index(3);
      *req.add_contexts() = run_ctx.contexts(0);
      req.mutable_contexts(0)->set_id(run_ids.context_ids(0));
      PutExecutionResponse resp;
      BACKUP_ASSERT_OK(store.PutExecution(req, &resp));
      if (train) dataset_id = resp.artifact_ids(0);
    }
  }
}

// Everything upstream's read API returns for the store, as text. Two stores
// render the same text when a client cannot tell them apart.
inline std::string RenderStoreViaApi(MetadataStore &store) {
  using namespace ml_metadata;  // NOLINT
  std::string out;
  auto add = [&](const std::string &what, const google::protobuf::Message &m) {
    absl::StrAppend(&out, what, ": ", m.DebugString(), "\n");
  };
  GetArtifactTypesResponse at;
  GetExecutionTypesResponse et;
  GetContextTypesResponse ct;
  EXPECT_TRUE(store.GetArtifactTypes({}, &at).ok());
  EXPECT_TRUE(store.GetExecutionTypes({}, &et).ok());
  EXPECT_TRUE(store.GetContextTypes({}, &ct).ok());
  add("artifact types", at);
  add("execution types", et);
  add("context types", ct);
  GetArtifactsResponse arts;
  GetExecutionsResponse execs;
  GetContextsResponse ctxs;
  EXPECT_TRUE(store.GetArtifacts({}, &arts).ok());
  EXPECT_TRUE(store.GetExecutions({}, &execs).ok());
  EXPECT_TRUE(store.GetContexts({}, &ctxs).ok());
  add("artifacts", arts);
  add("executions", execs);
  add("contexts", ctxs);
  GetEventsByExecutionIDsRequest ev_req;
  for (const auto &e : execs.executions()) ev_req.add_execution_ids(e.id());
  GetEventsByExecutionIDsResponse events;
  EXPECT_TRUE(store.GetEventsByExecutionIDs(ev_req, &events).ok());
  add("events", events);
  for (const auto &c : ctxs.contexts()) {
    GetArtifactsByContextRequest ar;
    ar.set_context_id(c.id());
    GetArtifactsByContextResponse ar_resp;
    EXPECT_TRUE(store.GetArtifactsByContext(ar, &ar_resp).ok());
    add(absl::StrCat("artifacts of context ", c.id()), ar_resp);
    GetExecutionsByContextRequest er;
    er.set_context_id(c.id());
    GetExecutionsByContextResponse er_resp;
    EXPECT_TRUE(store.GetExecutionsByContext(er, &er_resp).ok());
    add(absl::StrCat("executions of context ", c.id()), er_resp);
    GetParentContextsByContextRequest pr;
    pr.set_context_id(c.id());
    GetParentContextsByContextResponse pr_resp;
    EXPECT_TRUE(store.GetParentContextsByContext(pr, &pr_resp).ok());
    add(absl::StrCat("parents of context ", c.id()), pr_resp);
  }
  return out;
}

}  // namespace mlmd::testing

#endif  // MLMD_TEST_BACKUP_TEST_UTIL_H_
