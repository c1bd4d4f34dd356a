// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The node-type cache of write RPCs (store/type_cache.h): entries become
// visible only after their transaction commits, and a store whose cached
// type is stale (a property added through another server) still accepts the
// new property and still rejects undeclared ones.
#include "store/type_cache.h"

#include <memory>

#include "absl/strings/match.h"
#include "test/type_test_util.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::ArtifactType;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TypeDefCache::Entry Def(TypeKind kind, int64_t id,
                        std::vector<std::string> property_names) {
  auto def = std::make_shared<TypeDef>();
  def->id = id;
  def->kind = kind;
  def->name = absl::StrCat("type", id);
  for (const std::string& name : property_names) {
    def->properties[name] = ml_metadata::STRING;
  }
  return def;
}

// Ids found and missing for one lookup.
struct Looked {
  std::vector<int64_t> found;
  std::vector<int64_t> missing;
  size_t properties_of_first = 0;
};
Looked Lookup(const TypeDefCache& cache, TypeKind kind,
              std::vector<int64_t> ids) {
  std::vector<TypeDefCache::Entry> found;
  Looked out;
  cache.Lookup(kind, ids, &found, &out.missing);
  for (const auto& def : found) out.found.push_back(def->id);
  if (!found.empty()) out.properties_of_first = found[0]->properties.size();
  return out;
}

// Under group commit a member rolled back to its savepoint takes back what
// it staged; what members before it staged still publishes.
TEST(TypeDefCacheTest, RollbackToMarkDropsOnlyLaterStagedDefs) {
  TypeDefCache cache;
  cache.AttemptStarted();
  cache.Stage({Def(TypeKind::kArtifact, 7, {"a"})});
  const size_t mark = cache.Mark();
  cache.Stage({Def(TypeKind::kArtifact, 8, {"a"}),
               Def(TypeKind::kContext, 9, {})});
  cache.RollbackTo(mark);
  cache.Stage({Def(TypeKind::kArtifact, 10, {})});
  cache.Committed();
  EXPECT_THAT(Lookup(cache, TypeKind::kArtifact, {7, 8, 10}).found,
              UnorderedElementsAre(7, 10));
  EXPECT_THAT(Lookup(cache, TypeKind::kContext, {9}).found, IsEmpty());
}

TEST(TypeDefCacheTest, StagedDefsAreVisibleOnlyAfterCommit) {
  TypeDefCache cache;
  cache.AttemptStarted();
  cache.Stage({Def(TypeKind::kArtifact, 7, {"a"})});
  EXPECT_THAT(Lookup(cache, TypeKind::kArtifact, {7}).found, IsEmpty());
  cache.Committed();
  Looked got = Lookup(cache, TypeKind::kArtifact, {7, 8});
  EXPECT_THAT(got.found, UnorderedElementsAre(7));
  EXPECT_THAT(got.missing, UnorderedElementsAre(8));
}

TEST(TypeDefCacheTest, AFailedAttemptsDefsAreDropped) {
  TypeDefCache cache;
  cache.AttemptStarted();
  cache.Stage({Def(TypeKind::kArtifact, 7, {})});
  // The attempt failed (e.g. rolled back after a deadlock) and is retried;
  // the retry reads nothing and commits.
  cache.AttemptStarted();
  cache.Committed();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(TypeDefCacheTest, KeyedByKindAndId) {
  TypeDefCache cache;
  cache.Stage({Def(TypeKind::kExecution, 3, {})});
  cache.Committed();
  EXPECT_THAT(Lookup(cache, TypeKind::kArtifact, {3}).missing,
              UnorderedElementsAre(3));
  EXPECT_THAT(Lookup(cache, TypeKind::kExecution, {3}).found,
              UnorderedElementsAre(3));
}

TEST(TypeDefCacheTest, KeepsTheReadWithMoreProperties) {
  TypeDefCache cache;
  cache.Stage({Def(TypeKind::kContext, 1, {"a", "b"})});
  cache.Committed();
  // An older read that commits later must not shrink the entry.
  cache.Stage({Def(TypeKind::kContext, 1, {"a"})});
  cache.Committed();
  EXPECT_EQ(Lookup(cache, TypeKind::kContext, {1}).properties_of_first, 2u);
  cache.Stage({Def(TypeKind::kContext, 1, {"a", "b", "c"})});
  cache.Committed();
  EXPECT_EQ(Lookup(cache, TypeKind::kContext, {1}).properties_of_first, 3u);
}

TEST(TypeDefCacheTest, OneCacheDoesNotPublishAnothersDefs) {
  TypeDefCache first, second;
  second.Stage({Def(TypeKind::kArtifact, 9, {})});
  first.Committed();
  EXPECT_EQ(first.size(), 0u);
  EXPECT_EQ(second.size(), 0u);
  second.Committed();
  EXPECT_EQ(second.size(), 1u);
}

class TypeCacheStoreTest : public TypeApiTest {
 protected:
  absl::StatusOr<int64_t> PutArtifact(MetadataStore& store,
                                      const Artifact& artifact) {
    ml_metadata::PutArtifactsRequest req;
    *req.add_artifacts() = artifact;
    ml_metadata::PutArtifactsResponse resp;
    absl::Status st = store.PutArtifacts(req, &resp);
    if (!st.ok()) return st;
    return resp.artifact_ids(0);
  }
};

TEST_P(TypeCacheStoreTest, PropertyAddedThroughAnotherServerIsAccepted) {
  auto type_id = Put(ParseText<ArtifactType>(
      "name: 'Model' properties { key: 'p1' value: STRING }"));
  ASSERT_TRUE(type_id.ok()) << type_id.status();
  Artifact first;
  first.set_type_id(*type_id);
  (*first.mutable_properties())["p1"].set_string_value("x");
  auto first_id = PutArtifact(store(), first);  // the type is cached now
  ASSERT_TRUE(first_id.ok()) << first_id.status();

  // Another server on the same database adds p2.
  auto other = MetadataStore::Open(options());
  ASSERT_TRUE(other.ok()) << other.status();
  ml_metadata::PutArtifactTypeRequest add;
  *add.mutable_artifact_type() = ParseText<ArtifactType>(
      "name: 'Model' properties { key: 'p1' value: STRING } "
      "properties { key: 'p2' value: INT }");
  add.set_can_add_fields(true);
  ml_metadata::PutArtifactTypeResponse added;
  MLMD_ASSERT_OK((*other)->PutArtifactType(add, &added));
  ASSERT_EQ(added.type_id(), *type_id);

  // This server still knows p2 for creates and for updates.
  Artifact second = first;
  (*second.mutable_properties())["p2"].set_int_value(2);
  auto second_id = PutArtifact(store(), second);
  ASSERT_TRUE(second_id.ok()) << second_id.status();
  Artifact update = first;
  update.set_id(*first_id);
  (*update.mutable_properties())["p2"].set_int_value(3);
  auto updated = PutArtifact(store(), update);
  ASSERT_TRUE(updated.ok()) << updated.status();

  ml_metadata::GetArtifactsByIDRequest get;
  get.add_artifact_ids(*first_id);
  get.add_artifact_ids(*second_id);
  ml_metadata::GetArtifactsByIDResponse got;
  MLMD_ASSERT_OK(store().GetArtifactsByID(get, &got));
  ASSERT_EQ(got.artifacts_size(), 2);
  for (const Artifact& a : got.artifacts()) {
    EXPECT_EQ(a.properties().at("p2").int_value(), a.id() == *first_id ? 3 : 2);
  }

  // Undeclared properties are still refused, with upstream's message.
  Artifact bad = first;
  (*bad.mutable_properties())["p3"].set_string_value("y");
  absl::Status st = PutArtifact(store(), bad).status();
  EXPECT_TRUE(absl::IsInvalidArgument(st)) << st;
  EXPECT_THAT(st.message(), HasSubstr("Found unknown property: p3"));
}

TEST_P(TypeCacheStoreTest, CachedTypesDoNotHideKindOrUnknownIds) {
  auto type_id = Put(ParseText<ArtifactType>("name: 'Data'"));
  ASSERT_TRUE(type_id.ok()) << type_id.status();
  Artifact a;
  a.set_type_id(*type_id);
  ASSERT_TRUE(PutArtifact(store(), a).ok());
  ASSERT_TRUE(PutArtifact(store(), a).ok());  // from the cache this time

  // The same id as an execution type: not an execution type.
  ml_metadata::PutExecutionsRequest req;
  req.add_executions()->set_type_id(*type_id);
  ml_metadata::PutExecutionsResponse resp;
  absl::Status st = store().PutExecutions(req, &resp);
  EXPECT_TRUE(absl::IsNotFound(st)) << st;

  Artifact unknown;
  unknown.set_type_id(*type_id + 1000);
  st = PutArtifact(store(), unknown).status();
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
}

INSTANTIATE_STORE_TEST_SUITE(TypeCacheStoreTest);

}  // namespace
}  // namespace mlmd::testing
