// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A database that upstream MLMD created and filled (schema 10, no table of
// ours) is opened and served as it is: its rows read back the same, and the
// only change at open is our own migration bookkeeping. Older schemas:
// schema_upgrade_test.cc.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "store/sql/connection.h"
#include "store/sql/connection_pool.h"
#include "test/older_schema.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using sql::Value;

// Upstream's type_kind values.
constexpr int kArtifactKind = 1;
constexpr int kPropertyString = 3;

class UpstreamCompatTest : public StoreTest {
 protected:
  // A fresh database (not the fixture's, which our store already set up).
  StoreOptions FreshOptions() { return GetParam().make_options(); }

  static int64_t Count(sql::Connection& conn, const std::string& table) {
    auto rows = conn.Query(absl::StrCat("SELECT COUNT(*) FROM ", table));
    return rows.ok() && !rows->empty() ? rows->rows[0][0].AsInt() : -1;
  }
};

TEST_P(UpstreamCompatTest, ServesAnUpstreamSchema10Database) {
  const StoreOptions options = FreshOptions();
  if (options.connection_config.config_case() ==
      ml_metadata::ConnectionConfig::CONFIG_NOT_SET) {
    GTEST_SKIP() << GetParam().name << " is not configured";
  }
  auto raw = OpenRawConnection(options);
  ASSERT_TRUE(raw.ok()) << raw.status();
  sql::Connection& conn = **raw;
  MLMD_ASSERT_OK(CreateUpstreamSchema(conn, 10));

  // Rows the way upstream writes them: a type with a declared property, an
  // artifact with a string property and a struct custom property stored as
  // "mlmd-struct::" + base64 of the serialized Struct.
  // Ids come from the tables' own sequences, as with upstream's inserts.
  auto type = conn.InsertReturningIds(
      "INSERT INTO Type(name, type_kind) VALUES (?, ?)",
      {Value::Text("UpstreamModel"), Value::Int(kArtifactKind)});
  ASSERT_TRUE(type.ok()) << type.status();
  const int64_t type_id = type->at(0);
  ASSERT_TRUE(conn.Execute("INSERT INTO TypeProperty(type_id, name, data_type) "
                           "VALUES (?, ?, ?)",
                           {Value::Int(type_id), Value::Text("framework"),
                            Value::Int(kPropertyString)})
                  .ok());
  auto artifact = conn.InsertReturningIds(
      "INSERT INTO Artifact(type_id, uri, state, name, "
      "create_time_since_epoch, last_update_time_since_epoch) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {Value::Int(type_id), Value::Text("gs://upstream/model"),
       Value::Int(ml_metadata::Artifact::LIVE), Value::Text("m1"),
       Value::Int(1700000000000), Value::Int(1700000000500)});
  ASSERT_TRUE(artifact.ok()) << artifact.status();
  const int64_t artifact_id = artifact->at(0);
  google::protobuf::Struct config;
  (*config.mutable_fields())["layers"].set_number_value(3);
  (*config.mutable_fields())["name"].set_string_value("resnet");
  const std::string encoded_struct = absl::StrCat(
      "mlmd-struct::", absl::Base64Escape(config.SerializeAsString()));
  const std::string insert_property =
      "INSERT INTO ArtifactProperty(artifact_id, name, is_custom_property, "
      "string_value) VALUES (?, ?, ?, ?)";
  ASSERT_TRUE(conn.Execute(insert_property,
                           {Value::Int(artifact_id), Value::Text("framework"),
                            Value::Bool(false), Value::Text("torch")})
                  .ok());
  ASSERT_TRUE(conn.Execute(insert_property,
                           {Value::Int(artifact_id), Value::Text("config"),
                            Value::Bool(true), Value::Text(encoded_struct)})
                  .ok());
  EXPECT_EQ(Count(conn, "Type"), 1);

  auto opened = MetadataStore::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  MetadataStore& store = **opened;
  EXPECT_EQ(store.schema_version(), 10);

  const ml_metadata::Artifact read = ArtifactById(store, artifact_id);
  EXPECT_EQ(read.type(), "UpstreamModel");
  EXPECT_EQ(read.uri(), "gs://upstream/model");
  EXPECT_EQ(read.name(), "m1");
  EXPECT_EQ(read.state(), ml_metadata::Artifact::LIVE);
  EXPECT_EQ(read.create_time_since_epoch(), 1700000000000);
  EXPECT_EQ(read.properties().at("framework").string_value(), "torch");
  ASSERT_TRUE(read.custom_properties().contains("config"));
  const auto& fields =
      read.custom_properties().at("config").struct_value().fields();
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields.at("layers").number_value(), 3);
  EXPECT_EQ(fields.at("name").string_value(), "resnet");

  // New writes continue after upstream's ids and round-trip the struct the
  // way upstream stores it.
  ml_metadata::PutArtifactsRequest put;
  ml_metadata::Artifact* added = put.add_artifacts();
  added->set_type_id(type_id);
  *(*added->mutable_custom_properties())["config"].mutable_struct_value() =
      config;
  ml_metadata::PutArtifactsResponse put_response;
  MLMD_ASSERT_OK(store.PutArtifacts(put, &put_response));
  EXPECT_GT(put_response.artifact_ids(0), artifact_id);
  auto stored = conn.Query(
      "SELECT string_value FROM ArtifactProperty WHERE artifact_id = ? AND "
      "name = 'config'",
      {Value::Int(put_response.artifact_ids(0))});
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), 1u);
  // Map order in a serialized Struct is not fixed: compare decoded.
  const std::string text = stored->rows[0][0].AsText();
  ASSERT_EQ(text.rfind("mlmd-struct::", 0), 0u) << text;
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(text.substr(13), &bytes)) << text;
  google::protobuf::Struct decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));
  EXPECT_EQ(decoded.fields().at("layers").number_value(), 3);
  EXPECT_EQ(decoded.fields().at("name").string_value(), "resnet");

  // Opening added our bookkeeping table and left upstream's version alone;
  // the upstream type is still the only non-built-in artifact type.
  EXPECT_GE(Count(conn, "mlmd_server_migrations"), 1);
  auto env = conn.Query("SELECT schema_version FROM MLMDEnv");
  ASSERT_TRUE(env.ok());
  ASSERT_EQ(env->size(), 1u);
  EXPECT_EQ(env->rows[0][0].AsInt(), 10);
  ml_metadata::GetArtifactTypesResponse types;
  MLMD_ASSERT_OK(store.GetArtifactTypes({}, &types));
  ASSERT_EQ(types.artifact_types_size(), 1);
  EXPECT_EQ(types.artifact_types(0).id(), type_id);
}

INSTANTIATE_STORE_TEST_SUITE(UpstreamCompatTest);

}  // namespace
}  // namespace mlmd::testing
