// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Creating artifacts, executions and contexts: every value kind, server-set
// timestamps, validation errors, duplicates, atomicity and persistence.
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "test/node_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Context;
using ::ml_metadata::Execution;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kAllKindsType[] = R"pb(
  name: 'AllKinds'
  properties { key: 'p_int' value: INT }
  properties { key: 'p_double' value: DOUBLE }
  properties { key: 'p_string' value: STRING }
  properties { key: 'p_struct' value: STRUCT }
  properties { key: 'p_proto' value: PROTO }
  properties { key: 'p_bool' value: BOOLEAN }
)pb";

// Every value kind, as properties and as custom properties.
constexpr char kAllKindsValues[] = R"pb(
  properties {
    key: 'p_int'
    value { int_value: -2147483648 }
  }
  properties {
    key: 'p_double'
    value { double_value: 0.1234567890123 }
  }
  properties {
    key: 'p_string'
    value { string_value: "h\303\251llo 'quoted' \"x\"" }
  }
  properties {
    key: 'p_struct'
    value {
      struct_value {
        fields {
          key: 'nested'
          value {
            struct_value {
              fields {
                key: 'list'
                value {
                  list_value {
                    values { number_value: 1.5 }
                    values { string_value: 'two' }
                    values { bool_value: true }
                    values { null_value: NULL_VALUE }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  properties {
    key: 'p_proto'
    value {
      proto_value {
        type_url: 'type.googleapis.com/ml_metadata.Artifact'
        value: '\010\007\022\003abc'
      }
    }
  }
  properties {
    key: 'p_bool'
    value { bool_value: false }
  }
  custom_properties {
    key: 'c_int'
    value { int_value: 42 }
  }
  custom_properties {
    key: 'c_double'
    value { double_value: -2.5e-300 }
  }
  custom_properties {
    key: 'c_string'
    value { string_value: '' }
  }
  custom_properties {
    key: 'c_struct'
    value {
      struct_value {
        fields {
          key: 'k'
          value { string_value: 'v' }
        }
      }
    }
  }
  custom_properties {
    key: 'c_proto'
    value { proto_value { type_url: 'type.googleapis.com/x.Y' value: '' } }
  }
  custom_properties {
    key: 'c_bool'
    value { bool_value: true }
  }
)pb";

class NodesTest : public StoreTest {};

TEST_P(NodesTest, ArtifactRoundTripsEveryValueKindAndField) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), kAllKindsType);
  Artifact artifact = ParseText<Artifact>(kAllKindsValues);
  artifact.set_type_id(type_id);
  artifact.set_uri("gs://bucket/model");
  artifact.set_name("model-1");
  artifact.set_external_id("ext-1");
  artifact.set_state(Artifact::LIVE);
  // Client-provided times are ignored: the server sets both.
  artifact.set_create_time_since_epoch(5);
  artifact.set_last_update_time_since_epoch(6);

  ml_metadata::PutArtifactsRequest put;
  *put.add_artifacts() = artifact;
  ml_metadata::PutArtifactsResponse put_response;
  const int64_t before = absl::ToUnixMillis(absl::Now());
  MLMD_ASSERT_OK(store().PutArtifacts(put, &put_response));
  const int64_t after = absl::ToUnixMillis(absl::Now());
  ASSERT_THAT(put_response.artifact_ids(), SizeIs(1));

  const Artifact got = GetArtifactOrDie(store(), put_response.artifact_ids(0));
  Artifact want = artifact;
  want.set_id(put_response.artifact_ids(0));
  want.set_type("AllKinds");
  EXPECT_TRUE(EqualsIgnoring(got, want, TimeFields()));
  EXPECT_GE(got.create_time_since_epoch(), before);
  EXPECT_LE(got.create_time_since_epoch(), after);
  EXPECT_EQ(got.last_update_time_since_epoch(), got.create_time_since_epoch());
}

TEST_P(NodesTest, StoresValuesInUpstreamEncoding) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), kAllKindsType);
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id, {kAllKindsValues});
  ASSERT_THAT(ids, SizeIs(1));
  const Artifact want = ParseText<Artifact>(kAllKindsValues);

  auto lease = store().pool().Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  const sql::Value id[] = {sql::Value::Int(ids[0])};
  auto rows = (*lease)->Query(
      "SELECT name, is_custom_property, string_value, proto_value, "
      "int_value, bool_value FROM ArtifactProperty WHERE artifact_id = ? "
      "ORDER BY name",
      id);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_THAT(rows->rows, SizeIs(12));
  for (const sql::Row& row : rows->rows) {
    const std::string name = row[0].AsText();
    EXPECT_EQ(row[1].AsBool(), absl::StartsWith(name, "c_")) << name;
    if (name == "p_struct") {
      EXPECT_EQ(row[2].AsText(),
                absl::StrCat("mlmd-struct::",
                             absl::Base64Escape(want.properties()
                                                    .at("p_struct")
                                                    .struct_value()
                                                    .SerializeAsString())));
    } else if (name == "p_proto") {
      EXPECT_EQ(row[3].AsText(), absl::Base64Escape(want.properties()
                                                        .at("p_proto")
                                                        .proto_value()
                                                        .SerializeAsString()));
    } else if (name == "p_int") {
      EXPECT_EQ(row[4].AsInt(), -2147483648);
      EXPECT_TRUE(row[2].is_null());
    } else if (name == "c_bool") {
      EXPECT_EQ(row[5].AsInt(), 1);
    }
  }
}

TEST_P(NodesTest, ExecutionsAndContextsRoundTrip) {
  const int64_t execution_type = PutExecutionTypeOrDie(
      store(), "name: 'Trainer' properties { key: 'steps' value: INT }");
  const int64_t context_type = PutContextTypeOrDie(
      store(), "name: 'Run' properties { key: 'owner' value: STRING }");

  ml_metadata::PutExecutionsRequest put_executions;
  Execution execution = ParseText<Execution>(R"pb(
    name: 'train-1'
    external_id: 'exec-ext'
    last_known_state: RUNNING
    properties {
      key: 'steps'
      value { int_value: 100 }
    }
    custom_properties {
      key: 'note'
      value { struct_value {} }
    }
  )pb");
  execution.set_type_id(execution_type);
  *put_executions.add_executions() = execution;
  put_executions.add_executions()->set_type_id(execution_type);
  ml_metadata::PutExecutionsResponse executions_response;
  MLMD_ASSERT_OK(store().PutExecutions(put_executions, &executions_response));
  ASSERT_THAT(executions_response.execution_ids(), SizeIs(2));

  Execution want = execution;
  want.set_id(executions_response.execution_ids(0));
  want.set_type("Trainer");
  EXPECT_TRUE(EqualsIgnoring(
      GetExecutionOrDie(store(), executions_response.execution_ids(0)), want,
      TimeFields()));
  // A bare execution comes back without name, state or external_id.
  Execution bare;
  bare.set_id(executions_response.execution_ids(1));
  bare.set_type_id(execution_type);
  bare.set_type("Trainer");
  EXPECT_TRUE(EqualsIgnoring(
      GetExecutionOrDie(store(), executions_response.execution_ids(1)), bare,
      TimeFields()));

  ml_metadata::PutContextsRequest put_contexts;
  Context context = ParseText<Context>(R"pb(
    name: 'run-1'
    external_id: 'ctx-ext'
    properties {
      key: 'owner'
      value { string_value: 'me' }
    }
    custom_properties {
      key: 'flag'
      value { bool_value: true }
    }
  )pb");
  context.set_type_id(context_type);
  *put_contexts.add_contexts() = context;
  ml_metadata::PutContextsResponse contexts_response;
  MLMD_ASSERT_OK(store().PutContexts(put_contexts, &contexts_response));
  ASSERT_THAT(contexts_response.context_ids(), SizeIs(1));
  Context want_context = context;
  want_context.set_id(contexts_response.context_ids(0));
  want_context.set_type("Run");
  const Context got_context =
      GetContextOrDie(store(), contexts_response.context_ids(0));
  EXPECT_TRUE(EqualsIgnoring(got_context, want_context, TimeFields()));
  EXPECT_GT(got_context.create_time_since_epoch(), 0);
}

TEST_P(NodesTest, ArtifactWithoutUriIsStoredWithEmptyUri) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), "name: 'T'");
  const std::vector<int64_t> ids = PutArtifactsOrDie(store(), type_id, {""});
  ASSERT_THAT(ids, SizeIs(1));
  const Artifact got = GetArtifactOrDie(store(), ids[0]);
  // Upstream stores "" for a missing uri and returns it as set.
  EXPECT_TRUE(got.has_uri());
  EXPECT_EQ(got.uri(), "");
  EXPECT_FALSE(got.has_name());
  EXPECT_FALSE(got.has_state());
  EXPECT_FALSE(got.has_external_id());
}

TEST_P(NodesTest, CreateValidationErrors) {
  const int64_t type_id = PutArtifactTypeOrDie(
      store(), "name: 'Model' properties { key: 'accuracy' value: DOUBLE }");
  const int64_t execution_type = PutExecutionTypeOrDie(store(), "name: 'E'");
  struct Case {
    std::string artifact;
    bool with_type = true;
    absl::StatusCode code;
    std::vector<std::string> message_parts;
  };
  const std::vector<Case> cases = {
      {"uri: 'x'",
       false,
       absl::StatusCode::kInvalidArgument,
       {"artifact[1]", "Type id is missing"}},
      {"properties { key: 'loss' value { double_value: 1 } }",
       true,
       absl::StatusCode::kInvalidArgument,
       {"artifact[1]", "Found unknown property: loss", "'Model'"}},
      {"properties { key: 'accuracy' value { string_value: '1' } }",
       true,
       absl::StatusCode::kInvalidArgument,
       {"artifact[1]", "Found unmatched property type: accuracy",
        "declared DOUBLE", "string_value"}},
      {"properties { key: 'accuracy' value { } }",
       true,
       absl::StatusCode::kInvalidArgument,
       {"unmatched property type", "no value"}},
      {"custom_properties { key: 'c' value { } }",
       true,
       absl::StatusCode::kInvalidArgument,
       {"artifact[1]", "custom property 'c' has no value"}},
  };
  for (const Case& c : cases) {
    ml_metadata::PutArtifactsRequest request;
    request.add_artifacts()->set_type_id(type_id);  // a valid first node
    Artifact* artifact = request.add_artifacts();
    *artifact = ParseText<Artifact>(c.artifact);
    if (c.with_type) artifact->set_type_id(type_id);
    ml_metadata::PutArtifactsResponse response;
    const absl::Status st = store().PutArtifacts(request, &response);
    EXPECT_EQ(st.code(), c.code) << c.artifact << " -> " << st;
    for (const std::string& part : c.message_parts) {
      EXPECT_THAT(std::string(st.message()), HasSubstr(part)) << c.artifact;
    }
  }

  // Unknown type id, and a type of another kind, are NOT_FOUND.
  for (const int64_t bad_type : {type_id + 1000, execution_type}) {
    ml_metadata::PutArtifactsRequest request;
    request.add_artifacts()->set_type_id(bad_type);
    ml_metadata::PutArtifactsResponse response;
    const absl::Status st = store().PutArtifacts(request, &response);
    EXPECT_EQ(st.code(), absl::StatusCode::kNotFound) << st;
    EXPECT_THAT(std::string(st.message()),
                HasSubstr(absl::StrCat("type_id: ", bad_type)));
  }

  // Nothing of the failed requests was written.
  ml_metadata::GetArtifactsResponse all;
  MLMD_ASSERT_OK(store().GetArtifacts({}, &all));
  EXPECT_THAT(all.artifacts(), IsEmpty());
}

TEST_P(NodesTest, ContextNeedsName) {
  const int64_t type_id = PutContextTypeOrDie(store(), "name: 'Pipeline'");
  for (const std::string& text : {std::string(""), std::string("name: ''")}) {
    ml_metadata::PutContextsRequest request;
    *request.add_contexts() = ParseText<Context>(text);
    request.mutable_contexts(0)->set_type_id(type_id);
    ml_metadata::PutContextsResponse response;
    const absl::Status st = store().PutContexts(request, &response);
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
    EXPECT_THAT(std::string(st.message()),
                HasSubstr("Context name should not be empty"));
  }
}

TEST_P(NodesTest, DuplicateNamesAndExternalIds) {
  const int64_t type_a = PutArtifactTypeOrDie(store(), "name: 'A'");
  const int64_t type_b = PutArtifactTypeOrDie(store(), "name: 'B'");
  PutArtifactsOrDie(store(), type_a, {"name: 'n' external_id: 'e1'"});
  // The same name under another type, and nameless artifacts, are fine.
  PutArtifactsOrDie(store(), type_b, {"name: 'n'", "", ""});

  struct Case {
    std::vector<std::string> artifacts;
    std::vector<std::string> message_parts;
  };
  const std::vector<Case> cases = {
      {{"name: 'n'"}, {"artifact[0]", "(type_id, name)"}},
      {{"external_id: 'e1'"}, {"artifact[0]", "external_id"}},
      {{"name: 'm'", "name: 'm'"}, {"artifact[1]", "artifact[0]", "'m'"}},
      {{"external_id: 'x'", "uri: 'u'", "external_id: 'x'"},
       {"artifact[2]", "artifact[0]", "external_id 'x'"}},
  };
  for (const Case& c : cases) {
    ml_metadata::PutArtifactsRequest request;
    for (const std::string& text : c.artifacts) {
      *request.add_artifacts() = ParseText<Artifact>(text);
      request.mutable_artifacts()->rbegin()->set_type_id(type_a);
    }
    ml_metadata::PutArtifactsResponse response;
    const absl::Status st = store().PutArtifacts(request, &response);
    EXPECT_EQ(st.code(), absl::StatusCode::kAlreadyExists)
        << c.artifacts[0] << " -> " << st;
    for (const std::string& part : c.message_parts) {
      EXPECT_THAT(std::string(st.message()), HasSubstr(part));
    }
  }

  // Contexts: the name is unique per type.
  const int64_t context_type = PutContextTypeOrDie(store(), "name: 'C'");
  ml_metadata::PutContextsRequest contexts;
  contexts.add_contexts()->set_name("run");
  contexts.mutable_contexts(0)->set_type_id(context_type);
  ml_metadata::PutContextsResponse contexts_response;
  MLMD_ASSERT_OK(store().PutContexts(contexts, &contexts_response));
  EXPECT_EQ(store().PutContexts(contexts, &contexts_response).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_P(NodesTest, FailedBatchWritesNothing) {
  const int64_t type_id = PutArtifactTypeOrDie(
      store(), "name: 'Model' properties { key: 'p' value: INT }");
  const std::vector<int64_t> existing = PutArtifactsOrDie(
      store(), type_id,
      {"uri: 'old' properties { key: 'p' value { int_value: 1 } }"});
  ASSERT_THAT(existing, SizeIs(1));
  const Artifact before = GetArtifactOrDie(store(), existing[0]);

  // Creates, an update of the existing artifact, then a bad node.
  ml_metadata::PutArtifactsRequest request;
  for (int i = 0; i < 3; ++i) {
    Artifact* a = request.add_artifacts();
    a->set_type_id(type_id);
    a->set_uri(absl::StrCat("new-", i));
    (*a->mutable_properties())["p"].set_int_value(i);
  }
  Artifact* update = request.add_artifacts();
  *update = before;
  update->set_uri("changed");
  (*update->mutable_properties())["p"].set_int_value(7);
  Artifact* bad = request.add_artifacts();
  bad->set_type_id(type_id);
  (*bad->mutable_properties())["p"].set_string_value("not an int");
  ml_metadata::PutArtifactsResponse response;
  EXPECT_EQ(store().PutArtifacts(request, &response).code(),
            absl::StatusCode::kInvalidArgument);

  ml_metadata::GetArtifactsResponse all;
  MLMD_ASSERT_OK(store().GetArtifacts({}, &all));
  ASSERT_THAT(all.artifacts(), SizeIs(1));
  EXPECT_TRUE(EqualsIgnoring(all.artifacts(0), before));

  // A unique-key failure after some inserts is rolled back the same way.
  ml_metadata::PutArtifactsRequest dup;
  dup.add_artifacts()->set_type_id(type_id);
  dup.add_artifacts()->set_type_id(type_id);
  dup.mutable_artifacts(1)->set_external_id("e");
  *dup.add_artifacts() = before;  // update splits the inserts in two groups
  dup.add_artifacts()->set_type_id(type_id);
  dup.mutable_artifacts(3)->set_external_id("e");
  EXPECT_EQ(store().PutArtifacts(dup, &response).code(),
            absl::StatusCode::kAlreadyExists);
  MLMD_ASSERT_OK(store().GetArtifacts({}, &all));
  EXPECT_THAT(all.artifacts(), SizeIs(1));
}

TEST_P(NodesTest, ManyNodesInOneRequest) {
  const int64_t type_id = PutArtifactTypeOrDie(
      store(), "name: 'Bulk' properties { key: 'i' value: INT }");
  ml_metadata::PutArtifactsRequest request;
  for (int i = 0; i < 1234; ++i) {
    Artifact* a = request.add_artifacts();
    a->set_type_id(type_id);
    a->set_name(absl::StrCat("a", i));
    (*a->mutable_properties())["i"].set_int_value(i);
    (*a->mutable_custom_properties())["s"].set_string_value(absl::StrCat(i));
  }
  ml_metadata::PutArtifactsResponse response;
  MLMD_ASSERT_OK(store().PutArtifacts(request, &response));
  ASSERT_THAT(response.artifact_ids(), SizeIs(1234));
  for (int i = 1; i < 1234; ++i) {
    EXPECT_GT(response.artifact_ids(i), response.artifact_ids(i - 1));
  }
  ml_metadata::GetArtifactsResponse all;
  MLMD_ASSERT_OK(store().GetArtifacts({}, &all));
  ASSERT_THAT(all.artifacts(), SizeIs(1234));
  for (int i = 0; i < 1234; ++i) {
    const Artifact& a = all.artifacts(i);
    EXPECT_EQ(a.id(), response.artifact_ids(i));
    EXPECT_EQ(a.name(), absl::StrCat("a", i));
    EXPECT_EQ(a.properties().at("i").int_value(), i);
    EXPECT_EQ(a.custom_properties().at("s").string_value(), absl::StrCat(i));
  }
}

TEST_P(NodesTest, RejectsOversizedRequest) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), "name: 'T'");
  ml_metadata::PutArtifactsRequest request;
  for (int i = 0; i < 10001; ++i) request.add_artifacts()->set_type_id(type_id);
  ml_metadata::PutArtifactsResponse response;
  const absl::Status st = store().PutArtifacts(request, &response);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("10000"));
}

TEST_P(NodesTest, NodesSurviveReopen) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), kAllKindsType);
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id, {kAllKindsValues});
  ASSERT_THAT(ids, SizeIs(1));
  const Artifact before = GetArtifactOrDie(store(), ids[0]);
  Reopen();
  EXPECT_TRUE(EqualsIgnoring(GetArtifactOrDie(store(), ids[0]), before));
}

// SQLite stores 64-bit integers; upstream's MySQL and PostgreSQL layouts
// have a 32-bit int_value column, where a larger value is refused clearly
// (and nothing is written).
TEST_P(NodesTest, SixtyFourBitIntegersDependOnTheBackend) {
  const int64_t type_id = PutArtifactTypeOrDie(store(), "name: 'T'");
  ml_metadata::PutArtifactsRequest put;
  Artifact* a = put.add_artifacts();
  a->set_type_id(type_id);
  (*a->mutable_custom_properties())["big"].set_int_value(-9007199254740993);
  ml_metadata::PutArtifactsResponse response;
  const absl::Status st = store().PutArtifacts(put, &response);
  if (GetParam().name == "sqlite") {
    MLMD_ASSERT_OK(st);
    EXPECT_EQ(GetArtifactOrDie(store(), response.artifact_ids(0))
                  .custom_properties()
                  .at("big")
                  .int_value(),
              -9007199254740993);
  } else {
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << st;
    EXPECT_THAT(std::string(st.message()), HasSubstr("32-bit"));
    EXPECT_THAT(std::string(st.message()), HasSubstr("'big'"));
    ml_metadata::GetArtifactsRequest all;
    ml_metadata::GetArtifactsResponse got;
    MLMD_ASSERT_OK(store().GetArtifacts(all, &got));
    EXPECT_EQ(got.artifacts_size(), 0);
  }
}

INSTANTIATE_STORE_TEST_SUITE(NodesTest);

}  // namespace
}  // namespace mlmd::testing
