// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Type API writes: upstream's rules for registering an existing type again
// (can_add_fields, can_omit_fields, property type changes), names and
// UNKNOWN property types, external ids, base_type links, and PutTypes
// batches (order, atomicity).
#include "absl/strings/match.h"
#include "test/type_test_util.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::ArtifactType;
using ::ml_metadata::ContextType;
using ::ml_metadata::ExecutionType;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class TypeEvolutionTest : public TypeApiTest {};

constexpr char kTwoProps[] = R"pb(
  name: 'T'
  properties { key: 'p1' value: INT }
  properties { key: 'p2' value: STRING }
)pb";

TEST_P(TypeEvolutionTest, SameTypeAgainReturnsItsId) {
  auto first = Put(ParseText<ArtifactType>(kTwoProps));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Put(ParseText<ArtifactType>(kTwoProps)).value(), *first);
  EXPECT_EQ(Put(ParseText<ArtifactType>(kTwoProps), {true, true}).value(),
            *first);
  EXPECT_EQ(AllArtifactTypes().size(), 1u);
}

TEST_P(TypeEvolutionTest, AddingPropertiesNeedsCanAddFields) {
  auto id = Put(ParseText<ExecutionType>(kTwoProps));
  ASSERT_TRUE(id.ok());
  const ExecutionType more = ParseText<ExecutionType>(R"pb(
    name: 'T'
    properties { key: 'p1' value: INT }
    properties { key: 'p2' value: STRING }
    properties { key: 'p3' value: DOUBLE }
  )pb");
  absl::Status st = Put(more).status();
  EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("can_add_fields"));
  EXPECT_THAT(st.message(), HasSubstr("'p3'"));
  EXPECT_EQ(GetExecutionType("T")->properties_size(), 2);

  // can_omit_fields alone does not allow additions.
  EXPECT_TRUE(absl::IsAlreadyExists(Put(more, {false, true}).status()));

  auto added = Put(more, {true, false});
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(*added, *id);
  ExecutionType want = more;
  want.set_id(*id);
  EXPECT_THAT(GetExecutionType("T").value(), EqualsProto(want));
}

TEST_P(TypeEvolutionTest, OmittingPropertiesNeedsCanOmitFields) {
  auto id = Put(ParseText<ContextType>(kTwoProps));
  ASSERT_TRUE(id.ok());
  const ContextType fewer = ParseText<ContextType>(
      "name: 'T' properties { key: 'p2' value: STRING }");
  absl::Status st = Put(fewer).status();
  EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("can_omit_fields"));
  EXPECT_TRUE(absl::IsAlreadyExists(Put(fewer, {true, false}).status()));

  auto omitted = Put(fewer, {false, true});
  ASSERT_TRUE(omitted.ok()) << omitted.status();
  EXPECT_EQ(*omitted, *id);
  // Omitted properties stay.
  ContextType want = ParseText<ContextType>(kTwoProps);
  want.set_id(*id);
  EXPECT_THAT(GetContextType("T").value(), EqualsProto(want));

  // A request without any properties is an omission too.
  EXPECT_TRUE(
      absl::IsAlreadyExists(Put(ParseText<ContextType>("name: 'T'")).status()));
  EXPECT_EQ(Put(ParseText<ContextType>("name: 'T'"), {false, true}).value(),
            *id);
}

TEST_P(TypeEvolutionTest, OmittingAndAddingNeedsBothFlags) {
  // Upstream's PutArtifactTypeCanOmitFields sequence.
  auto id = Put(ParseText<ArtifactType>(kTwoProps));
  ASSERT_TRUE(id.ok());
  const ArtifactType swap = ParseText<ArtifactType>(
      "name: 'T' properties { key: 'p3' value: DOUBLE }");
  EXPECT_TRUE(absl::IsAlreadyExists(Put(swap).status()));
  EXPECT_TRUE(absl::IsAlreadyExists(Put(swap, {false, true}).status()));
  EXPECT_TRUE(absl::IsAlreadyExists(Put(swap, {true, false}).status()));
  EXPECT_EQ(GetArtifactType("T")->properties_size(), 2);

  ASSERT_EQ(Put(swap, {true, true}).value(), *id);
  ArtifactType want = ParseText<ArtifactType>(R"pb(
    name: 'T'
    properties { key: 'p1' value: INT }
    properties { key: 'p2' value: STRING }
    properties { key: 'p3' value: DOUBLE }
  )pb");
  want.set_id(*id);
  EXPECT_THAT(GetArtifactType("T").value(), EqualsProto(want));
}

TEST_P(TypeEvolutionTest, ChangingAPropertyTypeIsAlreadyExists) {
  ASSERT_TRUE(Put(ParseText<ArtifactType>(kTwoProps)).ok());
  const ArtifactType changed = ParseText<ArtifactType>(R"pb(
    name: 'T'
    properties { key: 'p1' value: DOUBLE }
    properties { key: 'p2' value: STRING }
  )pb");
  for (Evolution evolution : {Evolution{false, false}, Evolution{true, true}}) {
    absl::Status st = Put(changed, evolution).status();
    EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
    EXPECT_THAT(st.message(), HasSubstr("'p1'"));
    EXPECT_THAT(st.message(), HasSubstr("INT"));
  }
  EXPECT_EQ(GetArtifactType("T")->properties().at("p1"), ml_metadata::INT);
}

TEST_P(TypeEvolutionTest, VersionedTypesEvolveSeparately) {
  // Upstream's EvolveTypeWithVersionsGetType.
  auto v1 = Put(ParseText<ExecutionType>(
      "name: 'T' version: '1' properties { key: 'p1' value: STRING }"));
  auto unversioned = Put(ParseText<ExecutionType>("name: 'T'"));
  ASSERT_TRUE(v1.ok() && unversioned.ok());
  const ExecutionType grown = ParseText<ExecutionType>(R"pb(
    name: 'T'
    version: '1'
    properties { key: 'p1' value: STRING }
    properties { key: 'p2' value: INT }
  )pb");
  EXPECT_TRUE(absl::IsAlreadyExists(Put(grown).status()));
  EXPECT_EQ(Put(grown, {true, false}).value(), *v1);
  EXPECT_EQ(GetExecutionType("T", "1")->properties_size(), 2);
  EXPECT_EQ(GetExecutionType("T")->properties_size(), 0);
}

TEST_P(TypeEvolutionTest, NameIsRequired) {
  ArtifactType no_name =
      ParseText<ArtifactType>("properties { key: 'p' value: INT }");
  absl::Status st = Put(no_name).status();
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  no_name.set_id(12);  // as in upstream's test: an id does not help
  EXPECT_TRUE(absl::IsInvalidArgument(Put(no_name, {true, true}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Put(ExecutionType()).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Put(ContextType()).status()));
}

TEST_P(TypeEvolutionTest, UnknownPropertyTypeIsInvalidArgument) {
  const ArtifactType unknown = ParseText<ArtifactType>(
      "name: 'U' properties { key: 'p' value: UNKNOWN }");
  absl::Status st = Put(unknown).status();
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("'p'"));
  // Nothing was written.
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("U").status()));

  // On an existing type, as upstream: a new UNKNOWN property is only looked
  // at once additions are allowed.
  ASSERT_TRUE(Put(ParseText<ArtifactType>("name: 'U'")).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(Put(unknown).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Put(unknown, {true, false}).status()));
  EXPECT_EQ(GetArtifactType("U")->properties_size(), 0);
}

TEST_P(TypeEvolutionTest, RequestIdIsIgnored) {
  // Upstream matches by name and version only.
  ArtifactType with_id = ParseText<ArtifactType>(kTwoProps);
  with_id.set_id(424242);
  auto id = Put(with_id);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_NE(*id, 424242);
  with_id.set_id(*id + 1000);
  EXPECT_EQ(Put(with_id).value(), *id);
}

TEST_P(TypeEvolutionTest, DescriptionAndStructTypesOfExistingTypeUnchanged) {
  const ExecutionType original = ParseText<ExecutionType>(R"pb(
    name: 'E'
    description: 'first'
    input_type { any {} }
  )pb");
  auto id = Put(original);
  ASSERT_TRUE(id.ok());
  const ExecutionType other = ParseText<ExecutionType>(R"pb(
    name: 'E'
    description: 'second'
    input_type { none {} }
    output_type { any {} }
  )pb");
  EXPECT_EQ(Put(other).value(), *id);
  ExecutionType want = original;
  want.set_id(*id);
  EXPECT_THAT(GetExecutionType("E").value(), EqualsProto(want));
}

TEST_P(TypeEvolutionTest, DeprecatedFlags) {
  ASSERT_TRUE(Put(ParseText<ArtifactType>(kTwoProps)).ok());
  // can_delete_fields is ignored: it permits nothing.
  ml_metadata::PutArtifactTypeRequest req;
  *req.mutable_artifact_type() =
      ParseText<ArtifactType>("name: 'T' properties { key: 'p1' value: INT }");
  req.set_can_delete_fields(true);
  ml_metadata::PutArtifactTypeResponse resp;
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutArtifactType(req, &resp)));
  EXPECT_EQ(GetArtifactType("T")->properties_size(), 2);

  // all_fields_match=false was never implemented upstream.
  req.set_can_omit_fields(true);
  req.set_all_fields_match(false);
  EXPECT_TRUE(absl::IsUnimplemented(store().PutArtifactType(req, &resp)));
  ml_metadata::PutTypesRequest types_req;
  types_req.set_all_fields_match(false);
  ml_metadata::PutTypesResponse types_resp;
  EXPECT_TRUE(absl::IsUnimplemented(store().PutTypes(types_req, &types_resp)));
}

// ---- external_id ----

TEST_P(TypeEvolutionTest, ExternalIdsAreUniqueAcrossAllTypes) {
  ASSERT_TRUE(Put(ParseText<ArtifactType>("name: 'a' external_id: 'x'")).ok());
  absl::Status st =
      Put(ParseText<ArtifactType>("name: 'b' external_id: 'x'")).status();
  EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("'x'"));
  EXPECT_TRUE(absl::IsAlreadyExists(
      Put(ParseText<ContextType>("name: 'c' external_id: 'x'")).status()));
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("b").status()));
  EXPECT_TRUE(absl::IsNotFound(GetContextType("c").status()));
  // Types without external ids never collide.
  EXPECT_TRUE(Put(ParseText<ArtifactType>("name: 'd'")).ok());
  EXPECT_TRUE(Put(ParseText<ArtifactType>("name: 'e' external_id: ''")).ok());
  EXPECT_TRUE(Put(ParseText<ArtifactType>("name: 'f' external_id: ''")).ok());
}

TEST_P(TypeEvolutionTest, ExternalIdOfExistingTypeFollowsRequest) {
  auto id = Put(ParseText<ArtifactType>("name: 'a'"));
  ASSERT_TRUE(id.ok());
  // Set on a type that had none.
  EXPECT_EQ(Put(ParseText<ArtifactType>("name: 'a' external_id: 'e1'")).value(),
            *id);
  EXPECT_EQ(GetArtifactType("a")->external_id(), "e1");
  // A request without one leaves it.
  EXPECT_EQ(Put(ParseText<ArtifactType>("name: 'a'")).value(), *id);
  EXPECT_EQ(GetArtifactType("a")->external_id(), "e1");
  // Upstream overwrites it with a different non-empty one.
  EXPECT_EQ(Put(ParseText<ArtifactType>("name: 'a' external_id: 'e2'")).value(),
            *id);
  EXPECT_EQ(GetArtifactType("a")->external_id(), "e2");
  ml_metadata::GetArtifactTypesByExternalIdsRequest req;
  req.add_external_ids("e1");
  ml_metadata::GetArtifactTypesByExternalIdsResponse resp;
  EXPECT_TRUE(
      absl::IsNotFound(store().GetArtifactTypesByExternalIds(req, &resp)));
  // Taking another type's external id is refused.
  ASSERT_TRUE(
      Put(ParseText<ExecutionType>("name: 'x' external_id: 'e3'")).ok());
  absl::Status st =
      Put(ParseText<ArtifactType>("name: 'a' external_id: 'e3'")).status();
  EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
  EXPECT_EQ(GetArtifactType("a")->external_id(), "e2");
}

// ---- base_type ----

TEST_P(TypeEvolutionTest, BaseTypeLinksToSimpleType) {
  auto id = Put(ParseText<ArtifactType>("name: 'M' base_type: MODEL"));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(GetArtifactType("M")->base_type(), ArtifactType::MODEL);
  auto e = Put(ParseText<ExecutionType>("name: 'E' base_type: DEPLOY"));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(GetExecutionType("E")->base_type(), ExecutionType::DEPLOY);
  EXPECT_EQ(AllExecutionTypes()[0].base_type(), ExecutionType::DEPLOY);
}

TEST_P(TypeEvolutionTest, BaseTypeRules) {
  // Upstream's PutArtifactTypeInsertTypeLink / PutExecutionTypeInsertTypeLink.
  const ArtifactType model = ParseText<ArtifactType>(
      "name: 'M' properties { key: 'p' value: STRING } base_type: MODEL");
  auto id = Put(model);
  ASSERT_TRUE(id.ok());

  ArtifactType changed = model;
  changed.set_base_type(ArtifactType::DATASET);
  EXPECT_EQ(Put(changed).status(),
            absl::UnimplementedError("base_type update is not supported yet"));

  ArtifactType no_base = model;
  no_base.clear_base_type();
  EXPECT_EQ(Put(no_base).value(), *id);
  EXPECT_EQ(GetArtifactType("M")->base_type(), ArtifactType::MODEL);

  ArtifactType unset = model;
  unset.set_base_type(ArtifactType::UNSET);
  EXPECT_EQ(
      Put(unset).status(),
      absl::UnimplementedError("base_type deletion is not supported yet"));
  EXPECT_EQ(GetArtifactType("M")->base_type(), ArtifactType::MODEL);

  ExecutionType exec = ParseText<ExecutionType>("name: 'E' base_type: TRAIN");
  ASSERT_TRUE(Put(exec).ok());
  exec.set_base_type(ExecutionType::EVALUATE);
  EXPECT_TRUE(absl::IsUnimplemented(Put(exec).status()));
  exec.set_base_type(ExecutionType::UNSET);
  EXPECT_TRUE(absl::IsUnimplemented(Put(exec).status()));

  // Context types only have UNSET, which is refused like elsewhere.
  ContextType ctx = ParseText<ContextType>("name: 'C' base_type: UNSET");
  EXPECT_TRUE(absl::IsUnimplemented(Put(ctx).status()));
  EXPECT_TRUE(absl::IsNotFound(GetContextType("C").status()));
}

TEST_P(TypeEvolutionTest, BaseTypeAddedToExistingType) {
  auto id = Put(ParseText<ArtifactType>("name: 'D'"));
  ASSERT_TRUE(id.ok());
  EXPECT_FALSE(GetArtifactType("D")->has_base_type());
  EXPECT_EQ(
      Put(ParseText<ArtifactType>("name: 'D' base_type: DATASET")).value(),
      *id);
  EXPECT_EQ(GetArtifactType("D")->base_type(), ArtifactType::DATASET);
}

// ---- PutTypes ----

TEST_P(TypeEvolutionTest, PutTypesReturnsIdsInRequestOrder) {
  // Upstream's PutTypesGetTypes plus ordering.
  const auto req = ParseText<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types: {
      name: 'b'
      properties { key: 'p' value: STRING }
    }
    artifact_types: { name: 'a' }
    artifact_types: {
      name: 'b'
      properties { key: 'p' value: STRING }
    }
    execution_types: {
      name: 't1'
      properties { key: 'p' value: STRING }
    }
    execution_types: {
      name: 't2'
      properties { key: 'p' value: DOUBLE }
    }
    context_types: {
      name: 't1'
      properties { key: 'p' value: INT }
    }
  )pb");
  ml_metadata::PutTypesResponse resp;
  MLMD_ASSERT_OK(store().PutTypes(req, &resp));
  ASSERT_EQ(resp.artifact_type_ids_size(), 3);
  EXPECT_EQ(resp.artifact_type_ids(0), GetArtifactType("b")->id());
  EXPECT_EQ(resp.artifact_type_ids(1), GetArtifactType("a")->id());
  EXPECT_EQ(resp.artifact_type_ids(2), resp.artifact_type_ids(0));
  ASSERT_EQ(resp.execution_type_ids_size(), 2);
  EXPECT_EQ(resp.execution_type_ids(0), GetExecutionType("t1")->id());
  EXPECT_EQ(resp.execution_type_ids(1), GetExecutionType("t2")->id());
  ASSERT_EQ(resp.context_type_ids_size(), 1);
  EXPECT_EQ(resp.context_type_ids(0), GetContextType("t1")->id());

  // Again: the same ids, nothing new.
  ml_metadata::PutTypesResponse again;
  MLMD_ASSERT_OK(store().PutTypes(req, &again));
  EXPECT_THAT(again, EqualsProto(resp));
  EXPECT_EQ(AllArtifactTypes().size(), 2u);
}

TEST_P(TypeEvolutionTest, PutTypesLinksBaseTypesWithinTheBatch) {
  // Upstream's PutTypesInsertTypeLink.
  const auto req = ParseText<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types: {
      name: 't1'
      properties { key: 'p' value: STRING }
      base_type: MODEL
    }
    artifact_types: {
      name: 't1'
      properties { key: 'p' value: STRING }
    }
    execution_types: {
      name: 't2'
      properties { key: 'p' value: DOUBLE }
      base_type: TRAIN
    }
  )pb");
  ml_metadata::PutTypesResponse resp;
  MLMD_ASSERT_OK(store().PutTypes(req, &resp));
  EXPECT_EQ(resp.artifact_type_ids(0), resp.artifact_type_ids(1));
  ArtifactType want_a = req.artifact_types(0);
  want_a.set_id(resp.artifact_type_ids(0));
  EXPECT_THAT(GetArtifactType("t1").value(), EqualsProto(want_a));
  ExecutionType want_e = req.execution_types(0);
  want_e.set_id(resp.execution_type_ids(0));
  EXPECT_THAT(GetExecutionType("t2").value(), EqualsProto(want_e));

  // A later entry changing the base type of an earlier one fails it all.
  auto conflicting = ParseText<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types: { name: 'n' base_type: MODEL }
    artifact_types: { name: 'n' base_type: DATASET }
  )pb");
  EXPECT_TRUE(absl::IsUnimplemented(store().PutTypes(conflicting, &resp)));
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("n").status()));
}

TEST_P(TypeEvolutionTest, PutTypesFlagsApplyToEveryKind) {
  // Upstream's PutTypesUpdateTypes.
  const auto initial = ParseText<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types: {
      name: 'a'
      properties { key: 'p1' value: STRING }
    }
    execution_types: {
      name: 'e'
      properties { key: 'p1' value: STRING }
    }
    context_types: {
      name: 'c'
      properties { key: 'p1' value: STRING }
    }
  )pb");
  ml_metadata::PutTypesResponse first;
  MLMD_ASSERT_OK(store().PutTypes(initial, &first));
  auto update = ParseText<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types: {
      name: 'a'
      properties { key: 'p1' value: STRING }
      properties { key: 'p2' value: STRING }
    }
    execution_types: {
      name: 'e'
      properties { key: 'p1' value: STRING }
      properties { key: 'p2' value: STRING }
    }
    context_types: {
      name: 'c'
      properties { key: 'p1' value: STRING }
      properties { key: 'p2' value: STRING }
    }
  )pb");
  ml_metadata::PutTypesResponse second;
  EXPECT_TRUE(absl::IsAlreadyExists(store().PutTypes(update, &second)));
  update.set_can_add_fields(true);
  MLMD_ASSERT_OK(store().PutTypes(update, &second));
  EXPECT_THAT(second, EqualsProto(first));
  EXPECT_EQ(GetArtifactType("a")->properties_size(), 2);
  EXPECT_EQ(GetExecutionType("e")->properties_size(), 2);
  EXPECT_EQ(GetContextType("c")->properties_size(), 2);
}

TEST_P(TypeEvolutionTest, FailingPutTypesWritesNothing) {
  ASSERT_TRUE(Put(ParseText<ContextType>(
                      "name: 'c' properties { key: 'p' value: STRING }"))
                  .ok());
  // New artifact and execution types, an evolution, then a context type
  // whose property changes type: all of it must be rolled back.
  auto req = ParseText<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types: { name: 'new_a' external_id: 'xa' base_type: MODEL }
    execution_types: {
      name: 'new_e'
      properties { key: 'x' value: INT }
    }
    context_types: {
      name: 'c'
      properties { key: 'p' value: STRING }
      properties { key: 'q' value: INT }
    }
    context_types: {
      name: 'c'
      properties { key: 'p' value: INT }
    }
    can_add_fields: true
  )pb");
  ml_metadata::PutTypesResponse resp;
  absl::Status st = store().PutTypes(req, &resp);
  EXPECT_TRUE(absl::IsAlreadyExists(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("context_types[1]"));
  EXPECT_THAT(AllArtifactTypes(), IsEmpty());
  EXPECT_THAT(AllExecutionTypes(), IsEmpty());
  EXPECT_EQ(GetContextType("c")->properties_size(), 1);
  // The failed batch's external id is free again.
  EXPECT_TRUE(Put(ParseText<ArtifactType>("name: 'z' external_id: 'xa'")).ok());

  // An invalid entry fails the batch the same way.
  auto invalid = ParseText<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types: { name: 'ok' }
    execution_types: { name: '' }
  )pb");
  st = store().PutTypes(invalid, &resp);
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("execution_types[0]"));
  EXPECT_TRUE(absl::IsNotFound(GetArtifactType("ok").status()));
}

TEST_P(TypeEvolutionTest, EmptyPutTypesIsOk) {
  ml_metadata::PutTypesResponse resp;
  MLMD_ASSERT_OK(store().PutTypes({}, &resp));
  EXPECT_THAT(resp, EqualsProto(ml_metadata::PutTypesResponse()));
}

INSTANTIATE_STORE_TEST_SUITE(TypeEvolutionTest);

}  // namespace
}  // namespace mlmd::testing
