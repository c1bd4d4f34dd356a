// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the type API tests: text-proto parsing, a proto equality
// matcher, and a fixture with one-line Put/Get calls per type kind.
#ifndef MLMD_TEST_TYPE_TEST_UTIL_H_
#define MLMD_TEST_TYPE_TEST_UTIL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {

template <typename Message>
Message ParseText(const std::string& text) {
  Message m;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << text;
  return m;
}

MATCHER_P(EqualsProto, expected, "") {
  google::protobuf::util::MessageDifferencer differ;
  std::string diff;
  differ.ReportDifferencesToString(&diff);
  if (differ.Compare(expected, arg)) return true;
  *result_listener << "differs from " << expected.ShortDebugString() << ": "
                   << diff;
  return false;
}

struct Evolution {
  bool can_add_fields = false;
  bool can_omit_fields = false;
};

class TypeApiTest : public StoreTest {
 protected:
  absl::StatusOr<int64_t> Put(const ml_metadata::ArtifactType& type,
                              Evolution evolution = {}) {
    ml_metadata::PutArtifactTypeRequest req;
    *req.mutable_artifact_type() = type;
    return PutWith(&MetadataStore::PutArtifactType, req, evolution);
  }
  absl::StatusOr<int64_t> Put(const ml_metadata::ExecutionType& type,
                              Evolution evolution = {}) {
    ml_metadata::PutExecutionTypeRequest req;
    *req.mutable_execution_type() = type;
    return PutWith(&MetadataStore::PutExecutionType, req, evolution);
  }
  absl::StatusOr<int64_t> Put(const ml_metadata::ContextType& type,
                              Evolution evolution = {}) {
    ml_metadata::PutContextTypeRequest req;
    *req.mutable_context_type() = type;
    return PutWith(&MetadataStore::PutContextType, req, evolution);
  }

  absl::StatusOr<ml_metadata::ArtifactType> GetArtifactType(
      const std::string& name,
      const std::optional<std::string>& version = std::nullopt) {
    ml_metadata::GetArtifactTypeRequest req;
    req.set_type_name(name);
    if (version) req.set_type_version(*version);
    ml_metadata::GetArtifactTypeResponse resp;
    absl::Status st = store().GetArtifactType(req, &resp);
    if (!st.ok()) return st;
    return resp.artifact_type();
  }
  absl::StatusOr<ml_metadata::ExecutionType> GetExecutionType(
      const std::string& name,
      const std::optional<std::string>& version = std::nullopt) {
    ml_metadata::GetExecutionTypeRequest req;
    req.set_type_name(name);
    if (version) req.set_type_version(*version);
    ml_metadata::GetExecutionTypeResponse resp;
    absl::Status st = store().GetExecutionType(req, &resp);
    if (!st.ok()) return st;
    return resp.execution_type();
  }
  absl::StatusOr<ml_metadata::ContextType> GetContextType(
      const std::string& name,
      const std::optional<std::string>& version = std::nullopt) {
    ml_metadata::GetContextTypeRequest req;
    req.set_type_name(name);
    if (version) req.set_type_version(*version);
    ml_metadata::GetContextTypeResponse resp;
    absl::Status st = store().GetContextType(req, &resp);
    if (!st.ok()) return st;
    return resp.context_type();
  }

  std::vector<ml_metadata::ArtifactType> AllArtifactTypes() {
    ml_metadata::GetArtifactTypesResponse resp;
    EXPECT_TRUE(store().GetArtifactTypes({}, &resp).ok());
    return {resp.artifact_types().begin(), resp.artifact_types().end()};
  }
  std::vector<ml_metadata::ExecutionType> AllExecutionTypes() {
    ml_metadata::GetExecutionTypesResponse resp;
    EXPECT_TRUE(store().GetExecutionTypes({}, &resp).ok());
    return {resp.execution_types().begin(), resp.execution_types().end()};
  }
  std::vector<ml_metadata::ContextType> AllContextTypes() {
    ml_metadata::GetContextTypesResponse resp;
    EXPECT_TRUE(store().GetContextTypes({}, &resp).ok());
    return {resp.context_types().begin(), resp.context_types().end()};
  }

 private:
  template <typename Request, typename Response>
  absl::StatusOr<int64_t> PutWith(
      absl::Status (MetadataStore::*method)(const Request&, Response*),
      Request& req, Evolution evolution) {
    req.set_can_add_fields(evolution.can_add_fields);
    req.set_can_omit_fields(evolution.can_omit_fields);
    Response resp;
    absl::Status st = (store().*method)(req, &resp);
    if (!st.ok()) return st;
    EXPECT_TRUE(resp.has_type_id());
    return resp.type_id();
  }
};

}  // namespace mlmd::testing

#endif  // MLMD_TEST_TYPE_TEST_UTIL_H_
