// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Updating nodes: full replacement, update_mask, timestamps, errors.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/node_access.h"
#include "store/sql/connection_pool.h"
#include "test/node_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::Context;
using ::ml_metadata::Execution;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class NodesUpdateTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    type_id_ = PutArtifactTypeOrDie(store(), R"pb(
      name: 'Model'
      properties { key: 'property' value: STRING }
      properties { key: 'other' value: INT }
    )pb");
  }

  absl::Status Put(const std::string& request_text,
                   const std::vector<int64_t>& ids,
                   ml_metadata::PutArtifactsResponse* response = nullptr) {
    auto request = ParseText<ml_metadata::PutArtifactsRequest>(request_text);
    for (int i = 0; i < request.artifacts_size(); ++i) {
      request.mutable_artifacts(i)->set_type_id(type_id_);
      if (i < static_cast<int>(ids.size()) && ids[i] > 0) {
        request.mutable_artifacts(i)->set_id(ids[i]);
      }
    }
    ml_metadata::PutArtifactsResponse local;
    return store().PutArtifacts(request, response ? response : &local);
  }

  int64_t type_id_ = 0;
};

TEST_P(NodesUpdateTest, WithoutMaskReplacesTheWholeNode) {
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id_, {R"pb(
                                              uri: 'u1'
                                              external_id: 'e1'
                                              state: LIVE
                                              properties {
                                                key: 'property'
                                                value { string_value: '3' }
                                              }
                                              properties {
                                                key: 'other'
                                                value { int_value: 1 }
                                              }
                                              custom_properties {
                                                key: 'c'
                                                value { int_value: 1 }
                                              }
                                              custom_properties {
                                                key: 'gone'
                                                value { bool_value: true }
                                              }
                                            )pb"});
  ASSERT_THAT(ids, SizeIs(1));
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts {
                         uri: 'u2'
                         properties {
                           key: 'property'
                           value { string_value: '2' }
                         }
                         custom_properties {
                           key: 'c'
                           value { string_value: 'now a string' }
                         }
                       }
                     )pb",
                     ids));
  Artifact want = ParseText<Artifact>(R"pb(
    uri: 'u2'
    type: 'Model'
    properties {
      key: 'property'
      value { string_value: '2' }
    }
    custom_properties {
      key: 'c'
      value { string_value: 'now a string' }
    }
  )pb");
  want.set_id(ids[0]);
  want.set_type_id(type_id_);
  // state and external_id were left out, so they are cleared.
  EXPECT_TRUE(
      EqualsIgnoring(GetArtifactOrDie(store(), ids[0]), want, TimeFields()));
}

TEST_P(NodesUpdateTest, UpdateErrors) {
  const std::vector<int64_t> ids = PutArtifactsOrDie(
      store(), type_id_, {"uri: 'a'", "external_id: 'taken'"});
  const int64_t other_type = PutArtifactTypeOrDie(store(), "name: 'Other'");

  // Unknown id: upstream answers INVALID_ARGUMENT.
  absl::Status st = Put("artifacts { uri: 'x' }", {ids[1] + 100});
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      std::string(st.message()),
      HasSubstr(absl::StrCat("Cannot find the given id ", ids[1] + 100)));

  // type_id cannot change.
  ml_metadata::PutArtifactsRequest request;
  Artifact* a = request.add_artifacts();
  a->set_id(ids[0]);
  a->set_type_id(other_type);
  ml_metadata::PutArtifactsResponse response;
  st = store().PutArtifacts(request, &response);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()),
              HasSubstr("is different from the one known before"));

  // Property validation applies to updates too.
  st = Put(R"pb(artifacts {
                  properties {
                    key: 'other'
                    value { string_value: 'x' }
                  }
                })pb",
           {ids[0]});
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("unmatched property type"));

  // Taking another artifact's external_id.
  st = Put("artifacts { external_id: 'taken' }", {ids[0]});
  EXPECT_EQ(st.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(st.message()), HasSubstr("artifact[0]"));

  // Leaving type_id out keeps the stored one.
  request.mutable_artifacts(0)->clear_type_id();
  request.mutable_artifacts(0)->set_uri("kept type");
  MLMD_ASSERT_OK(store().PutArtifacts(request, &response));
  EXPECT_EQ(GetArtifactOrDie(store(), ids[0]).type_id(), type_id_);
}

// The upstream UpdateArtifactWithMasking scenarios.
TEST_P(NodesUpdateTest, MaskChangesOnlyMaskedPaths) {
  const std::string two_artifacts = R"pb(
    artifacts {
      uri: 'testuri://testing/uri1'
      properties {
        key: 'property'
        value { string_value: '3' }
      }
    }
    artifacts { uri: 'testuri://testing/uri2' }
  )pb";
  ml_metadata::PutArtifactsResponse created;
  MLMD_ASSERT_OK(Put(two_artifacts, {}, &created));
  std::vector<int64_t> ids(created.artifact_ids().begin(),
                           created.artifact_ids().end());

  // Masked property and state change; uri (not masked) stays; an unknown
  // path is ignored.
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts {
                         properties {
                           key: 'property'
                           value { string_value: '1' }
                         }
                         state: LIVE
                       }
                       artifacts {
                         properties {
                           key: 'property'
                           value { string_value: '2' }
                         }
                         state: LIVE
                       }
                       update_mask {
                         paths: 'properties.property'
                         paths: 'state'
                         paths: 'an_invalid_field_path_having_no_effect'
                       }
                     )pb",
                     ids));
  for (int i = 0; i < 2; ++i) {
    const Artifact got = GetArtifactOrDie(store(), ids[i]);
    EXPECT_EQ(got.uri(), absl::StrCat("testuri://testing/uri", i + 1));
    EXPECT_EQ(got.state(), Artifact::LIVE);
    EXPECT_EQ(got.properties().at("property").string_value(),
              absl::StrCat(i + 1));
  }

  // external_id and uri masked; properties untouched.
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts { external_id: 'artifact_3' uri: 'uri3' }
                       update_mask { paths: 'external_id' paths: 'uri' }
                     )pb",
                     {ids[0]}));
  Artifact got = GetArtifactOrDie(store(), ids[0]);
  EXPECT_EQ(got.external_id(), "artifact_3");
  EXPECT_EQ(got.uri(), "uri3");
  EXPECT_EQ(got.state(), Artifact::LIVE);
  EXPECT_EQ(got.properties().at("property").string_value(), "1");

  // A masked property absent from the request is deleted; a masked custom
  // property is added.
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts {
                         custom_properties {
                           key: 'custom_property'
                           value { bool_value: true }
                         }
                       }
                       update_mask {
                         paths: 'properties.property'
                         paths: 'custom_properties.custom_property'
                       }
                     )pb",
                     {ids[0]}));
  got = GetArtifactOrDie(store(), ids[0]);
  EXPECT_TRUE(got.properties().empty());
  EXPECT_TRUE(got.custom_properties().at("custom_property").bool_value());
  EXPECT_EQ(got.uri(), "uri3");

  // The mask does not apply to a new node in the same request.
  ml_metadata::PutArtifactsResponse upsert;
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts { external_id: 'artifact_6' uri: 'ignored' }
                       artifacts { uri: 'uri7' external_id: 'artifact_7' }
                       update_mask { paths: 'external_id' }
                     )pb",
                     {ids[0]}, &upsert));
  ASSERT_THAT(upsert.artifact_ids(), SizeIs(2));
  EXPECT_EQ(upsert.artifact_ids(0), ids[0]);
  got = GetArtifactOrDie(store(), ids[0]);
  EXPECT_EQ(got.external_id(), "artifact_6");
  EXPECT_EQ(got.uri(), "uri3");
  const Artifact inserted = GetArtifactOrDie(store(), upsert.artifact_ids(1));
  EXPECT_EQ(inserted.uri(), "uri7");
  EXPECT_EQ(inserted.external_id(), "artifact_7");

  // Only unknown paths: nothing changes.
  const Artifact before = GetArtifactOrDie(store(), ids[1]);
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts {
                         uri: 'nope'
                         custom_properties {
                           key: 'unimportant'
                           value { bool_value: true }
                         }
                       }
                       update_mask { paths: 'an_invalid_field_path' }
                     )pb",
                     {ids[1]}));
  EXPECT_TRUE(EqualsIgnoring(GetArtifactOrDie(store(), ids[1]), before,
                             {"last_update_time_since_epoch"}));
}

TEST_P(NodesUpdateTest, BarePropertiesPathReplacesAllProperties) {
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id_, {R"pb(
                                              uri: 'keep'
                                              properties {
                                                key: 'property'
                                                value { string_value: 'a' }
                                              }
                                              properties {
                                                key: 'other'
                                                value { int_value: 1 }
                                              }
                                              custom_properties {
                                                key: 'c'
                                                value { int_value: 1 }
                                              }
                                            )pb"});
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts {
                         properties {
                           key: 'other'
                           value { int_value: 2 }
                         }
                       }
                       update_mask { paths: 'properties' }
                     )pb",
                     ids));
  const Artifact got = GetArtifactOrDie(store(), ids[0]);
  EXPECT_EQ(got.uri(), "keep");
  ASSERT_EQ(got.properties().size(), 1);
  EXPECT_EQ(got.properties().at("other").int_value(), 2);
  EXPECT_EQ(got.custom_properties().at("c").int_value(), 1);
}

TEST_P(NodesUpdateTest, MaskedValidationChecksOnlyMaskedProperties) {
  const std::vector<int64_t> ids = PutArtifactsOrDie(store(), type_id_, {""});
  // 'other' has the wrong kind but is not masked, so it is neither checked
  // nor written.
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts {
                         properties {
                           key: 'property'
                           value { string_value: 'ok' }
                         }
                         properties {
                           key: 'other'
                           value { string_value: 'wrong kind' }
                         }
                       }
                       update_mask { paths: 'properties.property' }
                     )pb",
                     ids));
  const Artifact got = GetArtifactOrDie(store(), ids[0]);
  EXPECT_EQ(got.properties().size(), 1);
  EXPECT_EQ(got.properties().at("property").string_value(), "ok");

  const absl::Status st = Put(R"pb(
                                artifacts {
                                  properties {
                                    key: 'other'
                                    value { string_value: 'wrong kind' }
                                  }
                                }
                                update_mask { paths: 'properties.other' }
                              )pb",
                              ids);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("unmatched property type"));
}

TEST_P(NodesUpdateTest, TimestampsMoveOnlyOnChange) {
  const std::vector<int64_t> ids = PutArtifactsOrDie(
      store(), type_id_,
      {"uri: 'u' properties { key: 'other' value { int_value: 1 } }"});
  const Artifact created = GetArtifactOrDie(store(), ids[0]);
  absl::SleepFor(absl::Milliseconds(5));

  // Writing back exactly what was read changes nothing.
  ml_metadata::PutArtifactsRequest same;
  *same.add_artifacts() = created;
  ml_metadata::PutArtifactsResponse response;
  MLMD_ASSERT_OK(store().PutArtifacts(same, &response));
  EXPECT_THAT(response.artifact_ids(), ElementsAre(ids[0]));
  EXPECT_TRUE(EqualsIgnoring(GetArtifactOrDie(store(), ids[0]), created));

  // A property change moves last_update_time, never create_time.
  (*same.mutable_artifacts(0)->mutable_properties())["other"].set_int_value(2);
  same.mutable_artifacts(0)->set_create_time_since_epoch(1);
  MLMD_ASSERT_OK(store().PutArtifacts(same, &response));
  const Artifact updated = GetArtifactOrDie(store(), ids[0]);
  EXPECT_EQ(updated.create_time_since_epoch(),
            created.create_time_since_epoch());
  EXPECT_GT(updated.last_update_time_since_epoch(),
            created.last_update_time_since_epoch());
  EXPECT_EQ(updated.properties().at("other").int_value(), 2);
}

TEST_P(NodesUpdateTest, AbortIfLatestUpdatedTimeChanged) {
  const std::vector<int64_t> ids = PutArtifactsOrDie(store(), type_id_, {""});
  Artifact stored = GetArtifactOrDie(store(), ids[0]);
  ASSERT_GT(stored.last_update_time_since_epoch(), 0);

  ml_metadata::PutArtifactsRequest request;
  *request.add_artifacts() = stored;
  request.mutable_artifacts(0)->set_state(Artifact::LIVE);
  request.mutable_options()->set_abort_if_latest_updated_time_changed(true);
  ml_metadata::PutArtifactsResponse response;
  MLMD_ASSERT_OK(store().PutArtifacts(request, &response));
  const Artifact after = GetArtifactOrDie(store(), ids[0]);
  EXPECT_EQ(after.state(), Artifact::LIVE);
  EXPECT_GT(after.last_update_time_since_epoch(),
            stored.last_update_time_since_epoch());

  // Same request again: its time is now stale.
  const absl::Status st = store().PutArtifacts(request, &response);
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_THAT(std::string(st.message()),
              HasSubstr("abort_if_latest_updated_time_changed"));
  EXPECT_THAT(response.artifact_ids(), SizeIs(0));
}

TEST_P(NodesUpdateTest, RepeatedIdInOneRequestAppliesInOrder) {
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id_,
                        {"properties { key: 'other' value { int_value: 1 } }"});
  MLMD_ASSERT_OK(Put(R"pb(
                       artifacts {
                         uri: 'first'
                         properties {
                           key: 'other'
                           value { int_value: 2 }
                         }
                         custom_properties {
                           key: 'c'
                           value { int_value: 1 }
                         }
                       }
                       artifacts {
                         uri: 'second'
                         properties {
                           key: 'other'
                           value { int_value: 3 }
                         }
                       }
                     )pb",
                     {ids[0], ids[0]}));
  const Artifact got = GetArtifactOrDie(store(), ids[0]);
  EXPECT_EQ(got.uri(), "second");
  EXPECT_EQ(got.properties().at("other").int_value(), 3);
  EXPECT_TRUE(got.custom_properties().empty());
}

TEST_P(NodesUpdateTest, NamesOnUpdate) {
  // Upstream never rewrites an artifact's name once created...
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id_, {"name: 'original'"});
  MLMD_ASSERT_OK(Put("artifacts { name: 'renamed' }", ids));
  EXPECT_EQ(GetArtifactOrDie(store(), ids[0]).name(), "original");

  // ...but a context can be renamed, and must keep a name.
  const int64_t context_type = PutContextTypeOrDie(store(), "name: 'Run'");
  ml_metadata::PutContextsRequest request;
  Context* c = request.add_contexts();
  c->set_type_id(context_type);
  c->set_name("before");
  ml_metadata::PutContextsResponse response;
  MLMD_ASSERT_OK(store().PutContexts(request, &response));
  c->set_id(response.context_ids(0));
  c->set_name("after");
  MLMD_ASSERT_OK(store().PutContexts(request, &response));
  EXPECT_EQ(GetContextOrDie(store(), c->id()).name(), "after");
  c->clear_name();
  const absl::Status st = store().PutContexts(request, &response);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  // With a mask that leaves the name out, the stored name is kept.
  request.mutable_update_mask()->add_paths("external_id");
  c->set_external_id("ctx");
  MLMD_ASSERT_OK(store().PutContexts(request, &response));
  const Context got = GetContextOrDie(store(), c->id());
  EXPECT_EQ(got.name(), "after");
  EXPECT_EQ(got.external_id(), "ctx");
}

TEST_P(NodesUpdateTest, ExecutionUpdate) {
  const int64_t type_id = PutExecutionTypeOrDie(store(), "name: 'Step'");
  ml_metadata::PutExecutionsRequest request;
  Execution* e = request.add_executions();
  e->set_type_id(type_id);
  e->set_last_known_state(Execution::RUNNING);
  ml_metadata::PutExecutionsResponse response;
  MLMD_ASSERT_OK(store().PutExecutions(request, &response));
  e->set_id(response.execution_ids(0));
  e->set_last_known_state(Execution::COMPLETE);
  (*e->mutable_custom_properties())["exit"].set_int_value(0);
  MLMD_ASSERT_OK(store().PutExecutions(request, &response));
  const Execution got = GetExecutionOrDie(store(), e->id());
  EXPECT_EQ(got.last_known_state(), Execution::COMPLETE);
  EXPECT_EQ(got.custom_properties().at("exit").int_value(), 0);
  EXPECT_GE(got.last_update_time_since_epoch(), got.create_time_since_epoch());
}

// The PutNodes options the composite writes (PutExecution) rely on.
TEST_P(NodesUpdateTest, PutNodesTimeOptions) {
  auto lease = store().pool().Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  sql::Connection& conn = *lease->operator->();
  Artifact artifact;
  artifact.set_type_id(type_id_);
  PutNodesOptions options;
  options.now_millis = 1000;
  auto ids = PutNodes<Artifact>(conn, {artifact}, options);
  ASSERT_TRUE(ids.ok()) << ids.status();
  Artifact stored = GetArtifactOrDie(store(), (*ids)[0]);
  EXPECT_EQ(stored.create_time_since_epoch(), 1000);
  EXPECT_EQ(stored.last_update_time_since_epoch(), 1000);

  // Unchanged node: no write, unless force_update_time.
  options.now_millis = 2000;
  ASSERT_TRUE(PutNodes<Artifact>(conn, {stored}, options).ok());
  EXPECT_EQ(
      GetArtifactOrDie(store(), stored.id()).last_update_time_since_epoch(),
      1000);
  options.force_update_time = true;
  ASSERT_TRUE(PutNodes<Artifact>(conn, {stored}, options).ok());
  const Artifact forced = GetArtifactOrDie(store(), stored.id());
  EXPECT_EQ(forced.last_update_time_since_epoch(), 2000);
  EXPECT_EQ(forced.create_time_since_epoch(), 1000);
}

INSTANTIATE_STORE_TEST_SUITE(NodesUpdateTest);

}  // namespace
}  // namespace mlmd::testing
