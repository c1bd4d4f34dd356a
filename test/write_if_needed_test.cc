// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Put*Type and PutTypes of types that already exist as asked are answered
// by a read transaction (MetadataStore::RunWriteIfNeeded): on SQLite they
// succeed while another connection holds the database's write lock, which
// a write transaction would wait on until its busy timeout and then fail.
// Requests that do change something still write.
#include <sqlite3.h>

#include <string>

#include "gtest/gtest.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

ml_metadata::ArtifactType ModelType() {
  ml_metadata::ArtifactType type;
  type.set_name("system.Model");
  (*type.mutable_properties())["framework"] = ml_metadata::STRING;
  return type;
}

// Holds SQLite's write lock on `path` from a connection of its own.
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::string &path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr),
              SQLITE_OK);
  }
  ~WriteLockHolder() {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }

 private:
  sqlite3 *db_ = nullptr;
};

TEST(WriteIfNeededTest, UnchangedTypesNeedNoWriteLock) {
  const std::string path = MakeTempDir("write_if_needed") + "/m.sqlite";
  StoreOptions options;
  options.connection_config.mutable_sqlite()->set_filename_uri(path);
  options.pool_size = 2;
  auto store = MetadataStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status();

  ml_metadata::PutArtifactTypeRequest put;
  *put.mutable_artifact_type() = ModelType();
  ml_metadata::PutArtifactTypeResponse created;
  MLMD_ASSERT_OK((*store)->PutArtifactType(put, &created));
  ml_metadata::PutExecutionTypeRequest put_exec;
  put_exec.mutable_execution_type()->set_name("system.ContainerExecution");
  ml_metadata::PutExecutionTypeResponse exec_created;
  MLMD_ASSERT_OK((*store)->PutExecutionType(put_exec, &exec_created));

  {
    // Another writer holds the lock: repeating the same types still works
    // and returns the same ids.
    WriteLockHolder lock(path);
    ml_metadata::PutArtifactTypeResponse again;
    MLMD_ASSERT_OK((*store)->PutArtifactType(put, &again));
    EXPECT_EQ(again.type_id(), created.type_id());
    ml_metadata::PutExecutionTypeResponse exec_again;
    MLMD_ASSERT_OK((*store)->PutExecutionType(put_exec, &exec_again));
    EXPECT_EQ(exec_again.type_id(), exec_created.type_id());
    ml_metadata::PutTypesRequest types;
    *types.add_artifact_types() = ModelType();
    *types.add_execution_types() = put_exec.execution_type();
    ml_metadata::PutTypesResponse types_resp;
    MLMD_ASSERT_OK((*store)->PutTypes(types, &types_resp));
    ASSERT_EQ(types_resp.artifact_type_ids_size(), 1);
    EXPECT_EQ(types_resp.artifact_type_ids(0), created.type_id());
    // A subset of the properties with can_omit_fields changes nothing too.
    ml_metadata::PutArtifactTypeRequest subset;
    subset.mutable_artifact_type()->set_name("system.Model");
    subset.set_can_omit_fields(true);
    ml_metadata::PutArtifactTypeResponse subset_resp;
    MLMD_ASSERT_OK((*store)->PutArtifactType(subset, &subset_resp));
    EXPECT_EQ(subset_resp.type_id(), created.type_id());
  }

  // A request that changes the type still writes (the lock is free now).
  ml_metadata::PutArtifactTypeRequest grow = put;
  (*grow.mutable_artifact_type()->mutable_properties())["accuracy"] =
      ml_metadata::DOUBLE;
  grow.set_can_add_fields(true);
  ml_metadata::PutArtifactTypeResponse grown;
  MLMD_ASSERT_OK((*store)->PutArtifactType(grow, &grown));
  EXPECT_EQ(grown.type_id(), created.type_id());
  ml_metadata::GetArtifactTypeRequest get;
  get.set_type_name("system.Model");
  ml_metadata::GetArtifactTypeResponse got;
  MLMD_ASSERT_OK((*store)->GetArtifactType(get, &got));
  EXPECT_EQ(got.artifact_type().properties().size(), 2);
  // Without can_omit_fields, leaving out a stored property is still the
  // upstream error, decided by the write path.
  ml_metadata::PutArtifactTypeResponse refused;
  EXPECT_EQ((*store)->PutArtifactType(put, &refused).code(),
            absl::StatusCode::kAlreadyExists);
  // And a new type is created.
  ml_metadata::PutArtifactTypeRequest fresh;
  fresh.mutable_artifact_type()->set_name("system.Metrics");
  ml_metadata::PutArtifactTypeResponse fresh_resp;
  MLMD_ASSERT_OK((*store)->PutArtifactType(fresh, &fresh_resp));
  EXPECT_NE(fresh_resp.type_id(), created.type_id());
}

}  // namespace
}  // namespace mlmd::testing
