// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by the node tests: text-proto parsing, type creation
// and proto comparison that ignores named fields.
#ifndef MLMD_TEST_NODE_TEST_UTIL_H_
#define MLMD_TEST_NODE_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "store/store.h"

namespace mlmd::testing {

template <typename T>
T ParseText(const std::string& text) {
  T message;
  if (!google::protobuf::TextFormat::ParseFromString(text, &message)) {
    ADD_FAILURE() << "bad text proto: " << text;
  }
  return message;
}

// Equality of two messages except the named top-level fields.
template <typename T>
::testing::AssertionResult EqualsIgnoring(
    const T& actual, const T& expected,
    const std::vector<std::string>& ignored = {}) {
  google::protobuf::util::MessageDifferencer differ;
  std::string report;
  differ.ReportDifferencesToString(&report);
  for (const std::string& name : ignored) {
    const auto* field = T::descriptor()->FindFieldByName(name);
    if (field == nullptr) {
      return ::testing::AssertionFailure() << "no field named " << name;
    }
    differ.IgnoreField(field);
  }
  if (differ.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << report << "\nactual: " << actual.ShortDebugString()
         << "\nexpected: " << expected.ShortDebugString();
}

inline const std::vector<std::string>& TimeFields() {
  static const auto* fields = new std::vector<std::string>{
      "create_time_since_epoch", "last_update_time_since_epoch"};
  return *fields;
}

inline int64_t PutArtifactTypeOrDie(MetadataStore& store,
                                    const std::string& type_text) {
  ml_metadata::PutArtifactTypeRequest request;
  *request.mutable_artifact_type() =
      ParseText<ml_metadata::ArtifactType>(type_text);
  ml_metadata::PutArtifactTypeResponse response;
  const absl::Status st = store.PutArtifactType(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return response.type_id();
}

inline int64_t PutExecutionTypeOrDie(MetadataStore& store,
                                     const std::string& type_text) {
  ml_metadata::PutExecutionTypeRequest request;
  *request.mutable_execution_type() =
      ParseText<ml_metadata::ExecutionType>(type_text);
  ml_metadata::PutExecutionTypeResponse response;
  const absl::Status st = store.PutExecutionType(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return response.type_id();
}

inline int64_t PutContextTypeOrDie(MetadataStore& store,
                                   const std::string& type_text) {
  ml_metadata::PutContextTypeRequest request;
  *request.mutable_context_type() =
      ParseText<ml_metadata::ContextType>(type_text);
  ml_metadata::PutContextTypeResponse response;
  const absl::Status st = store.PutContextType(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return response.type_id();
}

// Puts nodes given as text protos with `type_id` filled in; returns the ids.
inline std::vector<int64_t> PutArtifactsOrDie(
    MetadataStore& store, int64_t type_id,
    const std::vector<std::string>& texts) {
  ml_metadata::PutArtifactsRequest request;
  for (const std::string& text : texts) {
    auto* a = request.add_artifacts();
    *a = ParseText<ml_metadata::Artifact>(text);
    a->set_type_id(type_id);
  }
  ml_metadata::PutArtifactsResponse response;
  const absl::Status st = store.PutArtifacts(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return {response.artifact_ids().begin(), response.artifact_ids().end()};
}

inline ml_metadata::Artifact GetArtifactOrDie(MetadataStore& store,
                                              int64_t id) {
  ml_metadata::GetArtifactsByIDRequest request;
  request.add_artifact_ids(id);
  ml_metadata::GetArtifactsByIDResponse response;
  const absl::Status st = store.GetArtifactsByID(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(response.artifacts_size(), 1) << "artifact " << id;
  return response.artifacts_size() ? response.artifacts(0)
                                   : ml_metadata::Artifact();
}

inline ml_metadata::Context GetContextOrDie(MetadataStore& store, int64_t id) {
  ml_metadata::GetContextsByIDRequest request;
  request.add_context_ids(id);
  ml_metadata::GetContextsByIDResponse response;
  const absl::Status st = store.GetContextsByID(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(response.contexts_size(), 1) << "context " << id;
  return response.contexts_size() ? response.contexts(0)
                                  : ml_metadata::Context();
}

inline ml_metadata::Execution GetExecutionOrDie(MetadataStore& store,
                                                int64_t id) {
  ml_metadata::GetExecutionsByIDRequest request;
  request.add_execution_ids(id);
  ml_metadata::GetExecutionsByIDResponse response;
  const absl::Status st = store.GetExecutionsByID(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  EXPECT_EQ(response.executions_size(), 1) << "execution " << id;
  return response.executions_size() ? response.executions(0)
                                    : ml_metadata::Execution();
}

}  // namespace mlmd::testing

#endif  // MLMD_TEST_NODE_TEST_UTIL_H_
