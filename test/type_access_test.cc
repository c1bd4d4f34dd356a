// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The type row readers (store/type_access.h) on rows written directly with
// SQL, so they are checked independently of the Put*Type code paths.
#include "store/type_access.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "store/transaction.h"
#include "test/store_test_fixture.h"

namespace mlmd {
namespace {

using ::ml_metadata::ArtifactType;
using ::ml_metadata::ExecutionType;
using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class TypeAccessTest : public testing::StoreTest {
 protected:
  // Runs `body` in a write transaction on a pooled connection.
  absl::Status WithConnection(
      absl::FunctionRef<absl::Status(sql::Connection&)> body) {
    return RunInTransaction(store().pool(), sql::TransactionMode::kWrite,
                            RetryPolicy(), body);
  }

  int64_t InsertTypeRow(sql::Connection& conn, TypeKind kind,
                        const std::string& name,
                        const std::optional<std::string>& version) {
    auto ids = conn.InsertReturningIds(
        "INSERT INTO Type(name, version, type_kind) VALUES (?, ?, ?)",
        {sql::Value::Text(name), sql::Value::Optional(version),
         sql::Value::Int(static_cast<int>(kind))});
    EXPECT_TRUE(ids.ok()) << ids.status();
    return ids.ok() ? ids->front() : 0;
  }

  void InsertProperty(sql::Connection& conn, int64_t type_id,
                      const std::string& name, int data_type) {
    auto n = conn.Execute(
        "INSERT INTO TypeProperty(type_id, name, data_type) VALUES (?, ?, ?)",
        {sql::Value::Int(type_id), sql::Value::Text(name),
         sql::Value::Int(data_type)});
    EXPECT_TRUE(n.ok()) << n.status();
  }
};

TEST_P(TypeAccessTest, LoadTypeDefsFiltersKindAndUnknownIds) {
  int64_t model = 0, model_v2 = 0, trainer = 0;
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) {
    model = InsertTypeRow(conn, TypeKind::kArtifact, "Model", std::nullopt);
    InsertProperty(conn, model, "accuracy", ml_metadata::DOUBLE);
    InsertProperty(conn, model, "framework", ml_metadata::STRING);
    model_v2 = InsertTypeRow(conn, TypeKind::kArtifact, "Model", "v2");
    trainer =
        InsertTypeRow(conn, TypeKind::kExecution, "Trainer", std::nullopt);
    return absl::OkStatus();
  }));

  std::vector<TypeDef> defs;
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) {
    auto got = LoadTypeDefs(conn, TypeKind::kArtifact,
                            {model, model_v2, trainer, 987654, model});
    if (!got.ok()) return got.status();
    defs = *std::move(got);
    return absl::OkStatus();
  }));
  ASSERT_EQ(defs.size(), 2u);
  std::sort(defs.begin(), defs.end(),
            [](const TypeDef& a, const TypeDef& b) { return a.id < b.id; });
  EXPECT_EQ(defs[0].id, model);
  EXPECT_EQ(defs[0].kind, TypeKind::kArtifact);
  EXPECT_EQ(defs[0].name, "Model");
  EXPECT_EQ(defs[0].version, std::nullopt);
  EXPECT_THAT(defs[0].properties,
              UnorderedElementsAre(Pair("accuracy", ml_metadata::DOUBLE),
                                   Pair("framework", ml_metadata::STRING)));
  EXPECT_EQ(defs[1].id, model_v2);
  EXPECT_EQ(defs[1].version, "v2");
  EXPECT_TRUE(defs[1].properties.empty());
}

TEST_P(TypeAccessTest, LoadTypeDefsManyIdsAcrossChunks) {
  std::vector<int64_t> ids;
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) {
    for (int i = 0; i < 700; ++i) {
      ids.push_back(InsertTypeRow(conn, TypeKind::kContext,
                                  absl::StrCat("ctx", i), std::nullopt));
    }
    return absl::OkStatus();
  }));
  size_t found = 0;
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) {
    auto got = LoadTypeDefs(conn, TypeKind::kContext, ids);
    if (!got.ok()) return got.status();
    found = got->size();
    return absl::OkStatus();
  }));
  EXPECT_EQ(found, 700u);
}

TEST_P(TypeAccessTest, FindTypeDefMatchesNameAndVersion) {
  int64_t unversioned = 0, v1 = 0;
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) {
    unversioned =
        InsertTypeRow(conn, TypeKind::kExecution, "Trainer", std::nullopt);
    v1 = InsertTypeRow(conn, TypeKind::kExecution, "Trainer", "1");
    InsertProperty(conn, v1, "steps", ml_metadata::INT);
    InsertTypeRow(conn, TypeKind::kArtifact, "Other", std::nullopt);
    return absl::OkStatus();
  }));
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) -> absl::Status {
    auto none =
        FindTypeDef(conn, TypeKind::kExecution, "Trainer", std::nullopt);
    EXPECT_TRUE(none.ok() && none->has_value() && (*none)->id == unversioned);
    // An empty version is the unversioned type, as upstream treats it.
    auto empty = FindTypeDef(conn, TypeKind::kExecution, "Trainer", "");
    EXPECT_TRUE(empty.ok() && empty->has_value() &&
                (*empty)->id == unversioned);
    auto versioned = FindTypeDef(conn, TypeKind::kExecution, "Trainer", "1");
    EXPECT_TRUE(versioned.ok() && versioned->has_value());
    if (versioned.ok() && versioned->has_value()) {
      EXPECT_EQ((*versioned)->id, v1);
      EXPECT_EQ((*versioned)->version, "1");
      EXPECT_THAT((*versioned)->properties,
                  ElementsAre(Pair("steps", ml_metadata::INT)));
    }
    auto missing_version =
        FindTypeDef(conn, TypeKind::kExecution, "Trainer", "2");
    EXPECT_TRUE(missing_version.ok() && !missing_version->has_value());
    // The name exists, but as an artifact type.
    auto other_kind =
        FindTypeDef(conn, TypeKind::kExecution, "Other", std::nullopt);
    EXPECT_TRUE(other_kind.ok() && !other_kind->has_value());
    return absl::OkStatus();
  }));
}

TEST_P(TypeAccessTest, LoadTypesFillsBaseTypeFromParentLink) {
  int64_t model = 0, dataset = 0, trainer = 0;
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) -> absl::Status {
    auto simple =
        FindTypeDef(conn, TypeKind::kArtifact, "mlmd.Model", std::nullopt);
    if (!simple.ok()) return simple.status();
    EXPECT_TRUE(simple->has_value()) << "simple types are created at open";
    if (!simple->has_value()) return absl::OkStatus();
    model = InsertTypeRow(conn, TypeKind::kArtifact, "MyModel", std::nullopt);
    InsertProperty(conn, model, "size", ml_metadata::INT);
    InsertProperty(conn, model, "name", ml_metadata::STRING);
    dataset = InsertTypeRow(conn, TypeKind::kArtifact, "MyData", "3");
    trainer = InsertTypeRow(conn, TypeKind::kExecution, "T", std::nullopt);
    auto n = conn.Execute(
        "INSERT INTO ParentType(type_id, parent_type_id) VALUES (?, ?)",
        {sql::Value::Int(model), sql::Value::Int((*simple)->id)});
    return n.status();
  }));
  std::vector<ArtifactType> types;
  MLMD_ASSERT_OK(WithConnection([&](sql::Connection& conn) {
    auto got = LoadTypes<ArtifactType>(conn, {dataset, trainer, model});
    if (!got.ok()) return got.status();
    types = *std::move(got);
    return absl::OkStatus();
  }));
  ASSERT_EQ(types.size(), 2u);
  EXPECT_EQ(types[0].id(), model);  // ascending ids
  EXPECT_EQ(types[0].base_type(), ArtifactType::MODEL);
  EXPECT_EQ(types[0].properties().size(), 2u);
  EXPECT_FALSE(types[0].has_version());
  EXPECT_EQ(types[1].id(), dataset);
  EXPECT_EQ(types[1].version(), "3");
  EXPECT_FALSE(types[1].has_base_type());
}

INSTANTIATE_STORE_TEST_SUITE(TypeAccessTest);

}  // namespace
}  // namespace mlmd
