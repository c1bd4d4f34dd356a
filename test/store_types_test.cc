// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Type API: round trips of all three kinds, lookups by name, id and external
// id, the built-in simple types, and persistence across reopening. The
// evolution rules are in type_evolution_test.cc.
#include <thread>

#include "google/protobuf/util/json_util.h"
#include "store/sql/connection_pool.h"
#include "test/type_test_util.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::ArtifactType;
using ::ml_metadata::ContextType;
using ::ml_metadata::ExecutionType;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kFullArtifactType[] = R"pb(
  name: 'Model'
  version: 'v1'
  description: 'a trained model'
  external_id: 'ext-model-v1'
  properties { key: 'i' value: INT }
  properties { key: 'd' value: DOUBLE }
  properties { key: 's' value: STRING }
  properties { key: 'st' value: STRUCT }
  properties { key: 'p' value: PROTO }
  properties { key: 'b' value: BOOLEAN }
  base_type: MODEL
)pb";

constexpr char kFullExecutionType[] = R"pb(
  name: 'Trainer'
  version: '2'
  description: 'trains'
  external_id: 'ext-trainer'
  properties { key: 'steps' value: INT }
  input_type {
    dict {
      properties {
        key: 'examples'
        value { simple { name: 'Examples' } }
      }
      properties {
        key: 'schema'
        value {
          union_type {
            candidates { simple { name: 'Schema' } }
            candidates { none {} }
          }
        }
      }
    }
  }
  output_type { list { element { simple { name: 'Model' } } } }
  base_type: TRAIN
)pb";

constexpr char kFullContextType[] = R"pb(
  name: 'pipeline_run'
  version: 'kfp-2'
  description: 'one run of a pipeline'
  external_id: 'ext-run'
  properties { key: 'pipeline_name' value: STRING }
  properties { key: 'attempt' value: INT }
)pb";

class StoreTypesTest : public TypeApiTest {};

TEST_P(StoreTypesTest, ArtifactTypeRoundTrip) {
  ArtifactType want = ParseText<ArtifactType>(kFullArtifactType);
  auto id = Put(want);
  ASSERT_TRUE(id.ok()) << id.status();
  want.set_id(*id);

  auto got = GetArtifactType("Model", "v1");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, EqualsProto(want));

  ml_metadata::GetArtifactTypesByIDRequest by_id;
  by_id.add_type_ids(*id);
  ml_metadata::GetArtifactTypesByIDResponse by_id_resp;
  MLMD_ASSERT_OK(store().GetArtifactTypesByID(by_id, &by_id_resp));
  EXPECT_THAT(by_id_resp.artifact_types(), ElementsAre(EqualsProto(want)));

  EXPECT_THAT(AllArtifactTypes(), ElementsAre(EqualsProto(want)));
}

TEST_P(StoreTypesTest, ExecutionTypeRoundTripKeepsInputAndOutputTypes) {
  ExecutionType want = ParseText<ExecutionType>(kFullExecutionType);
  auto id = Put(want);
  ASSERT_TRUE(id.ok()) << id.status();
  want.set_id(*id);

  auto got = GetExecutionType("Trainer", "2");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, EqualsProto(want));
  EXPECT_THAT(AllExecutionTypes(), ElementsAre(EqualsProto(want)));

  // Stored as upstream stores it: the JSON form of ArtifactStructType.
  auto lease = store().pool().Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  auto rows =
      (*lease)->Query("SELECT input_type, output_type FROM Type WHERE id = ?",
                      {sql::Value::Int(*id)});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  ml_metadata::ArtifactStructType input, output;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  rows->rows[0][0].AsText(), &input)
                  .ok())
      << rows->rows[0][0].AsText();
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  rows->rows[0][1].AsText(), &output)
                  .ok());
  EXPECT_THAT(input, EqualsProto(want.input_type()));
  EXPECT_THAT(output, EqualsProto(want.output_type()));
}

TEST_P(StoreTypesTest, ContextTypeRoundTrip) {
  ContextType want = ParseText<ContextType>(kFullContextType);
  auto id = Put(want);
  ASSERT_TRUE(id.ok()) << id.status();
  want.set_id(*id);
  auto got = GetContextType("pipeline_run", "kfp-2");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(*got, EqualsProto(want));
  EXPECT_THAT(AllContextTypes(), ElementsAre(EqualsProto(want)));
}

TEST_P(StoreTypesTest, MinimalTypesReadBackWithoutOptionalFields) {
  auto a = Put(ParseText<ArtifactType>("name: 'A'"));
  auto e = Put(ParseText<ExecutionType>("name: 'E'"));
  auto c = Put(ParseText<ContextType>("name: 'C'"));
  ASSERT_TRUE(a.ok() && e.ok() && c.ok());
  ArtifactType want_a;
  want_a.set_id(*a);
  want_a.set_name("A");
  EXPECT_THAT(GetArtifactType("A").value(), EqualsProto(want_a));
  ExecutionType want_e;
  want_e.set_id(*e);
  want_e.set_name("E");
  EXPECT_THAT(GetExecutionType("E").value(), EqualsProto(want_e));
  ContextType want_c;
  want_c.set_id(*c);
  want_c.set_name("C");
  EXPECT_THAT(GetContextType("C").value(), EqualsProto(want_c));
}

TEST_P(StoreTypesTest, SameNameInDifferentKindsAreDifferentTypes) {
  auto a = Put(ParseText<ArtifactType>("name: 'X'"));
  auto e = Put(ParseText<ExecutionType>("name: 'X'"));
  auto c = Put(ParseText<ContextType>("name: 'X'"));
  ASSERT_TRUE(a.ok() && e.ok() && c.ok());
  EXPECT_NE(*a, *e);
  EXPECT_NE(*e, *c);
  EXPECT_EQ(GetExecutionType("X")->id(), *e);
}

TEST_P(StoreTypesTest, VersionsAreSeparateTypes) {
  const std::vector<std::string> defs = {
      "name: 'T' properties { key: 'p' value: STRING }",
      "name: 'T' version: '1' properties { key: 'p' value: INT }",
      "name: 'T' version: '2' properties { key: 'p' value: DOUBLE }"};
  std::vector<ArtifactType> want;
  for (const std::string& def : defs) {
    want.push_back(ParseText<ArtifactType>(def));
    auto id = Put(want.back());
    ASSERT_TRUE(id.ok()) << id.status();
    want.back().set_id(*id);
  }
  EXPECT_NE(want[0].id(), want[1].id());
  EXPECT_NE(want[1].id(), want[2].id());
  EXPECT_THAT(GetArtifactType("T").value(), EqualsProto(want[0]));
  EXPECT_THAT(GetArtifactType("T", "").value(), EqualsProto(want[0]));
  EXPECT_THAT(GetArtifactType("T", "1").value(), EqualsProto(want[1]));
  EXPECT_THAT(GetArtifactType("T", "2").value(), EqualsProto(want[2]));
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("T", "3").status()));
  EXPECT_THAT(AllArtifactTypes(),
              ElementsAre(EqualsProto(want[0]), EqualsProto(want[1]),
                          EqualsProto(want[2])));
}

TEST_P(StoreTypesTest, EmptyVersionIsTheUnversionedType) {
  // Upstream: version '' and no version name the same type.
  auto first = Put(ParseText<ContextType>(
      "name: 't' properties { key: 'p' value: STRING }"));
  auto second = Put(ParseText<ContextType>(
      "name: 't' version: '' properties { key: 'p' value: STRING }"));
  auto third = Put(ParseText<ContextType>(
      "name: 't2' version: '' properties { key: 'p' value: STRING }"));
  auto fourth = Put(ParseText<ContextType>(
      "name: 't2' properties { key: 'p' value: STRING }"));
  ASSERT_TRUE(first.ok() && second.ok() && third.ok() && fourth.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(*third, *fourth);
  ContextType want1 =
      ParseText<ContextType>("name: 't' properties { key: 'p' value: STRING }");
  want1.set_id(*first);
  ContextType want2 = ParseText<ContextType>(
      "name: 't2' properties { key: 'p' value: STRING }");
  want2.set_id(*third);
  EXPECT_THAT(AllContextTypes(),
              ElementsAre(EqualsProto(want1), EqualsProto(want2)));
}

TEST_P(StoreTypesTest, GetTypeByNameNotFound) {
  ASSERT_TRUE(Put(ParseText<ArtifactType>("name: 'only_artifact'")).ok());
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("missing").status()));
  EXPECT_TRUE(absl::IsNotFound(GetExecutionType("only_artifact").status()));
  EXPECT_TRUE(absl::IsNotFound(GetContextType("only_artifact").status()));
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("only_artifact", "v").status()));
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("").status()));
}

TEST_P(StoreTypesTest, GetTypesWhenNoneExistIsEmpty) {
  EXPECT_THAT(AllArtifactTypes(), IsEmpty());
  EXPECT_THAT(AllExecutionTypes(), IsEmpty());
  EXPECT_THAT(AllContextTypes(), IsEmpty());
}

TEST_P(StoreTypesTest, TypesByIdSkipUnknownAndOtherKinds) {
  auto a1 = Put(ParseText<ArtifactType>("name: 'a1' base_type: DATASET"));
  auto a2 = Put(ParseText<ArtifactType>("name: 'a2'"));
  auto e1 = Put(ParseText<ExecutionType>("name: 'e1'"));
  auto c1 = Put(ParseText<ContextType>("name: 'c1'"));
  ASSERT_TRUE(a1.ok() && a2.ok() && e1.ok() && c1.ok());

  ml_metadata::GetArtifactTypesByIDRequest req;
  for (int64_t id : {*a2, *e1, int64_t{999999}, *a1, *c1}) {
    req.add_type_ids(id);
  }
  ml_metadata::GetArtifactTypesByIDResponse resp;
  MLMD_ASSERT_OK(store().GetArtifactTypesByID(req, &resp));
  ASSERT_EQ(resp.artifact_types_size(), 2);
  // Request order, as upstream answers.
  EXPECT_EQ(resp.artifact_types(0).id(), *a2);
  EXPECT_EQ(resp.artifact_types(1).id(), *a1);
  EXPECT_EQ(resp.artifact_types(1).base_type(), ArtifactType::DATASET);

  ml_metadata::GetExecutionTypesByIDRequest ereq;
  ereq.add_type_ids(*a1);
  ereq.add_type_ids(*e1);
  ml_metadata::GetExecutionTypesByIDResponse eresp;
  MLMD_ASSERT_OK(store().GetExecutionTypesByID(ereq, &eresp));
  ASSERT_EQ(eresp.execution_types_size(), 1);
  EXPECT_EQ(eresp.execution_types(0).name(), "e1");

  ml_metadata::GetContextTypesByIDRequest creq;
  creq.add_type_ids(12345);
  ml_metadata::GetContextTypesByIDResponse cresp;
  MLMD_ASSERT_OK(store().GetContextTypesByID(creq, &cresp));
  EXPECT_EQ(cresp.context_types_size(), 0);
  creq.add_type_ids(*c1);
  MLMD_ASSERT_OK(store().GetContextTypesByID(creq, &cresp));
  ASSERT_EQ(cresp.context_types_size(), 1);
  EXPECT_EQ(cresp.context_types(0).name(), "c1");

  // No ids: OK and empty.
  MLMD_ASSERT_OK(store().GetArtifactTypesByID({}, &resp));
  EXPECT_EQ(resp.artifact_types_size(), 0);
}

TEST_P(StoreTypesTest, TypesByIdRepeatsRepeatedIds) {
  auto a = Put(ParseText<ArtifactType>("name: 'a'"));
  ASSERT_TRUE(a.ok());
  ml_metadata::GetArtifactTypesByIDRequest req;
  req.add_type_ids(*a);
  req.add_type_ids(*a);
  ml_metadata::GetArtifactTypesByIDResponse resp;
  MLMD_ASSERT_OK(store().GetArtifactTypesByID(req, &resp));
  EXPECT_EQ(resp.artifact_types_size(), 2);
}

TEST_P(StoreTypesTest, TypesByExternalIds) {
  auto a1 = Put(ParseText<ArtifactType>(
      "name: 'a1' external_id: 'ext-a1' properties { key: 'p' value: INT }"));
  auto a2 = Put(ParseText<ArtifactType>("name: 'a2' external_id: 'ext-a2'"));
  auto e1 = Put(ParseText<ExecutionType>("name: 'e1' external_id: 'ext-e1'"));
  auto c1 = Put(ParseText<ContextType>("name: 'c1' external_id: 'ext-c1'"));
  ASSERT_TRUE(a1.ok() && a2.ok() && e1.ok() && c1.ok());
  ArtifactType want_a1 = ParseText<ArtifactType>(
      "name: 'a1' external_id: 'ext-a1' properties { key: 'p' value: INT }");
  want_a1.set_id(*a1);

  ml_metadata::GetArtifactTypesByExternalIdsRequest req;
  ml_metadata::GetArtifactTypesByExternalIdsResponse resp;
  req.add_external_ids("ext-a1");
  MLMD_ASSERT_OK(store().GetArtifactTypesByExternalIds(req, &resp));
  EXPECT_THAT(resp.artifact_types(), ElementsAre(EqualsProto(want_a1)));

  // Several, with unknown ones and another kind's mixed in.
  req.add_external_ids("ext-a2");
  req.add_external_ids("absent");
  req.add_external_ids("ext-e1");
  MLMD_ASSERT_OK(store().GetArtifactTypesByExternalIds(req, &resp));
  ASSERT_EQ(resp.artifact_types_size(), 2);
  EXPECT_EQ(resp.artifact_types(0).id(), *a1);
  EXPECT_EQ(resp.artifact_types(1).id(), *a2);

  // Only unknown ones: NOT_FOUND, as upstream.
  req.Clear();
  req.add_external_ids("absent");
  req.add_external_ids("ext-c1");  // a context type's
  EXPECT_TRUE(
      absl::IsNotFound(store().GetArtifactTypesByExternalIds(req, &resp)));

  // An empty external id is malformed.
  req.Clear();
  req.add_external_ids("ext-a1");
  req.add_external_ids("");
  EXPECT_TRUE(absl::IsInvalidArgument(
      store().GetArtifactTypesByExternalIds(req, &resp)));

  // No ids at all: OK and empty.
  req.Clear();
  MLMD_ASSERT_OK(store().GetArtifactTypesByExternalIds(req, &resp));
  EXPECT_EQ(resp.artifact_types_size(), 0);

  ml_metadata::GetExecutionTypesByExternalIdsRequest ereq;
  ereq.add_external_ids("ext-e1");
  ml_metadata::GetExecutionTypesByExternalIdsResponse eresp;
  MLMD_ASSERT_OK(store().GetExecutionTypesByExternalIds(ereq, &eresp));
  ASSERT_EQ(eresp.execution_types_size(), 1);
  EXPECT_EQ(eresp.execution_types(0).id(), *e1);
  ereq.set_external_ids(0, "ext-a1");
  EXPECT_TRUE(
      absl::IsNotFound(store().GetExecutionTypesByExternalIds(ereq, &eresp)));
  ereq.set_external_ids(0, "");
  EXPECT_TRUE(absl::IsInvalidArgument(
      store().GetExecutionTypesByExternalIds(ereq, &eresp)));

  ml_metadata::GetContextTypesByExternalIdsRequest creq;
  creq.add_external_ids("ext-c1");
  ml_metadata::GetContextTypesByExternalIdsResponse cresp;
  MLMD_ASSERT_OK(store().GetContextTypesByExternalIds(creq, &cresp));
  ASSERT_EQ(cresp.context_types_size(), 1);
  EXPECT_EQ(cresp.context_types(0).id(), *c1);
  creq.set_external_ids(0, "");
  EXPECT_TRUE(absl::IsInvalidArgument(
      store().GetContextTypesByExternalIds(creq, &cresp)));
}

// ---- Built-in simple types ----

const char* const kSimpleArtifactTypes[] = {"mlmd.Dataset", "mlmd.Model",
                                            "mlmd.Metrics", "mlmd.Statistics"};
const char* const kSimpleExecutionTypes[] = {"mlmd.Train", "mlmd.Transform",
                                             "mlmd.Process", "mlmd.Evaluate",
                                             "mlmd.Deploy"};

TEST_P(StoreTypesTest, SimpleTypesExistAfterOpenAndAreReachableByName) {
  for (const char* name : kSimpleArtifactTypes) {
    auto got = GetArtifactType(name);
    ASSERT_TRUE(got.ok()) << name << ": " << got.status();
    ArtifactType want;
    want.set_id(got->id());
    want.set_name(name);
    EXPECT_THAT(*got, EqualsProto(want));
    EXPECT_TRUE(absl::IsNotFound(GetExecutionType(name).status())) << name;
  }
  for (const char* name : kSimpleExecutionTypes) {
    auto got = GetExecutionType(name);
    ASSERT_TRUE(got.ok()) << name << ": " << got.status();
    ExecutionType want;
    want.set_id(got->id());
    want.set_name(name);
    EXPECT_THAT(*got, EqualsProto(want));
    EXPECT_TRUE(absl::IsNotFound(GetArtifactType(name).status())) << name;
  }
  // Reachable by id too.
  ml_metadata::GetArtifactTypesByIDRequest req;
  req.add_type_ids(GetArtifactType("mlmd.Model")->id());
  ml_metadata::GetArtifactTypesByIDResponse resp;
  MLMD_ASSERT_OK(store().GetArtifactTypesByID(req, &resp));
  ASSERT_EQ(resp.artifact_types_size(), 1);
  EXPECT_EQ(resp.artifact_types(0).name(), "mlmd.Model");
}

TEST_P(StoreTypesTest, SimpleTypesAreHiddenFromListings) {
  auto mine = Put(ParseText<ArtifactType>("name: 'Mine' base_type: MODEL"));
  ASSERT_TRUE(mine.ok());
  // Upstream filters by name, whatever the kind.
  ASSERT_TRUE(Put(ParseText<ArtifactType>("name: 'mlmd.Train'")).ok());
  std::vector<ArtifactType> all = AllArtifactTypes();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id(), *mine);
  EXPECT_THAT(AllExecutionTypes(), IsEmpty());
}

int64_t CountTypesNamed(MetadataStore& store, const std::string& pattern) {
  auto lease = store.pool().Acquire();
  EXPECT_TRUE(lease.ok());
  if (!lease.ok()) return -1;
  auto rows = (*lease)->Query("SELECT COUNT(*) FROM Type WHERE name LIKE ?",
                              {sql::Value::Text(pattern)});
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() ? rows->rows[0][0].AsInt() : -1;
}

TEST_P(StoreTypesTest, ReopeningDoesNotDuplicateSimpleTypes) {
  EXPECT_EQ(CountTypesNamed(store(), "mlmd.%"), 9);
  const int64_t model_id = GetArtifactType("mlmd.Model")->id();
  Reopen();
  Reopen();
  EXPECT_EQ(CountTypesNamed(store(), "mlmd.%"), 9);
  EXPECT_EQ(GetArtifactType("mlmd.Model")->id(), model_id);
}

TEST_P(StoreTypesTest, SimpleTypesCreatedOnceWhenOpenedConcurrently) {
  // A fresh database opened by several stores at the same time.
  const StoreOptions fresh = GetParam().make_options();
  constexpr int kOpeners = 4;
  std::vector<absl::Status> results(kOpeners);
  std::vector<std::thread> threads;
  for (int i = 0; i < kOpeners; ++i) {
    threads.emplace_back([&, i] {
      auto opened = MetadataStore::Open(fresh);
      results[i] = opened.status();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const absl::Status& st : results) MLMD_EXPECT_OK(st);
  auto opened = MetadataStore::Open(fresh);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(CountTypesNamed(**opened, "mlmd.%"), 9);
}

TEST_P(StoreTypesTest, SimpleTypeRecreatedWhenMissingAtOpen) {
  const int64_t model_id = GetArtifactType("mlmd.Model")->id();
  {
    auto lease = store().pool().Acquire();
    ASSERT_TRUE(lease.ok());
    auto n = (*lease)->Execute("DELETE FROM Type WHERE id = ?",
                               {sql::Value::Int(model_id)});
    ASSERT_TRUE(n.ok()) << n.status();
  }
  Reopen();
  auto model = GetArtifactType("mlmd.Model");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_NE(model->id(), model_id);
  EXPECT_EQ(CountTypesNamed(store(), "mlmd.%"), 9);
}

// ---- Persistence ----

TEST_P(StoreTypesTest, TypesSurviveReopen) {
  ArtifactType a = ParseText<ArtifactType>(kFullArtifactType);
  ExecutionType e = ParseText<ExecutionType>(kFullExecutionType);
  ContextType c = ParseText<ContextType>(kFullContextType);
  auto a_id = Put(a);
  auto e_id = Put(e);
  auto c_id = Put(c);
  ASSERT_TRUE(a_id.ok() && e_id.ok() && c_id.ok());
  a.set_id(*a_id);
  e.set_id(*e_id);
  c.set_id(*c_id);
  Reopen();
  EXPECT_THAT(GetArtifactType("Model", "v1").value(), EqualsProto(a));
  EXPECT_THAT(GetExecutionType("Trainer", "2").value(), EqualsProto(e));
  EXPECT_THAT(GetContextType("pipeline_run", "kfp-2").value(), EqualsProto(c));
  EXPECT_THAT(AllArtifactTypes(), ElementsAre(EqualsProto(a)));
  // Registering the same types again after reopening finds them.
  EXPECT_EQ(Put(a).value(), *a_id);
  EXPECT_EQ(Put(e).value(), *e_id);
  EXPECT_EQ(Put(c).value(), *c_id);
}

INSTANTIATE_STORE_TEST_SUITE(StoreTypesTest);

}  // namespace
}  // namespace mlmd::testing
