// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// proto_value properties are stored byte-for-byte as upstream MLMD stores
// them: the column (BLOB on SQLite/MySQL, BYTEA on PostgreSQL) holds the
// base64 text of the serialized google.protobuf.Any. Upstream writes that
// text as a plain string literal, so a row written that way must read back,
// and a row we write must hold exactly those bytes.
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "test/relations_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using sql::Value;

class ProtoValueCompatTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    types_ = RegisterTypes(store());
  }

  // An Any wrapping a Struct, so the payload has bytes outside ASCII.
  static google::protobuf::Any SampleAny() {
    google::protobuf::Struct payload;
    (*payload.mutable_fields())["accuracy"].set_number_value(0.875);
    (*payload.mutable_fields())["label"].set_string_value(
        "r\xc3\xa9sum\xc3\xa9");
    google::protobuf::Any any;
    any.PackFrom(payload);
    return any;
  }

  TypeIds types_;
};

TEST_P(ProtoValueCompatTest, StoredBytesAreUpstreamsBase64Text) {
  const google::protobuf::Any any = SampleAny();
  ml_metadata::PutArtifactsRequest put;
  ml_metadata::Artifact* artifact = put.add_artifacts();
  artifact->set_type_id(types_.artifact);
  *(*artifact->mutable_custom_properties())["blob"].mutable_proto_value() = any;
  ml_metadata::PutArtifactsResponse put_response;
  MLMD_ASSERT_OK(store().PutArtifacts(put, &put_response));
  const int64_t id = put_response.artifact_ids(0);

  auto lease = store().pool().Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  auto rows = (*lease)->Query(
      "SELECT proto_value FROM ArtifactProperty WHERE artifact_id = ? AND "
      "name = ?",
      {Value::Int(id), Value::Text("blob")});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->rows[0][0].AsText(),
            absl::Base64Escape(any.SerializeAsString()));
}

TEST_P(ProtoValueCompatTest, ReadsARowWrittenAsUpstreamDoes) {
  const google::protobuf::Any any = SampleAny();
  ml_metadata::PutArtifactsRequest put;
  put.add_artifacts()->set_type_id(types_.artifact);
  ml_metadata::PutArtifactsResponse put_response;
  MLMD_ASSERT_OK(store().PutArtifacts(put, &put_response));
  const int64_t id = put_response.artifact_ids(0);

  // Upstream splices the base64 text into its INSERT as a quoted literal;
  // base64 needs no escaping, so doing the same here is safe.
  const std::string encoded = absl::Base64Escape(any.SerializeAsString());
  {  // The lease goes back to the pool before the store reads.
    auto lease = store().pool().Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    auto inserted = (*lease)->Execute(absl::StrCat(
        "INSERT INTO ArtifactProperty(artifact_id, name, is_custom_property, "
        "proto_value) VALUES (",
        id, ", 'blob', ", GetParam().name == "postgresql" ? "TRUE" : "1", ", '",
        encoded, "')"));
    ASSERT_TRUE(inserted.ok()) << inserted.status();
  }

  const ml_metadata::Artifact read = ArtifactById(store(), id);
  ASSERT_TRUE(read.custom_properties().contains("blob"));
  const ml_metadata::Value& value = read.custom_properties().at("blob");
  ASSERT_TRUE(value.has_proto_value());
  EXPECT_EQ(value.proto_value().type_url(), any.type_url());
  google::protobuf::Struct payload;
  ASSERT_TRUE(value.proto_value().UnpackTo(&payload));
  EXPECT_EQ(payload.fields().at("accuracy").number_value(), 0.875);
  EXPECT_EQ(payload.fields().at("label").string_value(),
            "r\xc3\xa9sum\xc3\xa9");
}

INSTANTIATE_STORE_TEST_SUITE(ProtoValueCompatTest);

}  // namespace
}  // namespace mlmd::testing
