// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by the relation and composite-write store tests:
// text-proto parsing, node creation through the public API, raw row counts.
#ifndef MLMD_TEST_RELATIONS_TEST_UTIL_H_
#define MLMD_TEST_RELATIONS_TEST_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "store/store.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {

template <typename T>
T ParseTextProto(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

// Rows in `table` (for atomicity checks), or -1 when the query fails.
inline int64_t CountRows(MetadataStore& store, const std::string& table) {
  auto lease = store.pool().Acquire();
  if (!lease.ok()) return -1;
  auto rows = (*lease)->Query(absl::StrCat("SELECT COUNT(*) FROM ", table));
  if (!rows.ok() || rows->empty()) return -1;
  return rows->rows[0][0].AsInt();
}

// Type ids of one artifact, execution and context type registered by
// RegisterTypes().
struct TypeIds {
  int64_t artifact = 0;
  int64_t execution = 0;
  int64_t context = 0;
};

// Registers artifact type "Dataset" (property `split` STRING), execution
// type "Trainer" (property `epochs` INT) and context type "Experiment".
inline TypeIds RegisterTypes(MetadataStore& store) {
  auto request = ParseTextProto<ml_metadata::PutTypesRequest>(R"pb(
    artifact_types {
      name: "Dataset"
      properties { key: "split" value: STRING }
    }
    execution_types {
      name: "Trainer"
      properties { key: "epochs" value: INT }
    }
    context_types { name: "Experiment" }
  )pb");
  ml_metadata::PutTypesResponse response;
  const absl::Status st = store.PutTypes(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  TypeIds ids;
  if (!st.ok()) return ids;
  ids.artifact = response.artifact_type_ids(0);
  ids.execution = response.execution_type_ids(0);
  ids.context = response.context_type_ids(0);
  return ids;
}

inline int64_t CreateArtifact(MetadataStore& store, int64_t type_id,
                              const std::string& uri) {
  ml_metadata::PutArtifactsRequest request;
  auto* artifact = request.add_artifacts();
  artifact->set_type_id(type_id);
  artifact->set_uri(uri);
  ml_metadata::PutArtifactsResponse response;
  const absl::Status st = store.PutArtifacts(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return st.ok() ? response.artifact_ids(0) : -1;
}

inline int64_t CreateExecution(MetadataStore& store, int64_t type_id) {
  ml_metadata::PutExecutionsRequest request;
  request.add_executions()->set_type_id(type_id);
  ml_metadata::PutExecutionsResponse response;
  const absl::Status st = store.PutExecutions(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return st.ok() ? response.execution_ids(0) : -1;
}

inline int64_t CreateContext(MetadataStore& store, int64_t type_id,
                             const std::string& name) {
  ml_metadata::PutContextsRequest request;
  auto* context = request.add_contexts();
  context->set_type_id(type_id);
  context->set_name(name);
  ml_metadata::PutContextsResponse response;
  const absl::Status st = store.PutContexts(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return st.ok() ? response.context_ids(0) : -1;
}

template <typename Node>
std::vector<int64_t> IdsOf(
    const google::protobuf::RepeatedPtrField<Node>& nodes) {
  std::vector<int64_t> ids;
  for (const Node& node : nodes) ids.push_back(node.id());
  return ids;
}

// Read-backs through the public API; a failed call fails the test and
// yields an empty answer.
inline std::vector<ml_metadata::Event> EventsOf(MetadataStore& store,
                                                int64_t execution_id) {
  ml_metadata::GetEventsByExecutionIDsRequest request;
  request.add_execution_ids(execution_id);
  ml_metadata::GetEventsByExecutionIDsResponse response;
  const absl::Status st = store.GetEventsByExecutionIDs(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return {response.events().begin(), response.events().end()};
}

inline std::vector<int64_t> ArtifactsIn(MetadataStore& store,
                                        int64_t context_id) {
  ml_metadata::GetArtifactsByContextRequest request;
  request.set_context_id(context_id);
  ml_metadata::GetArtifactsByContextResponse response;
  const absl::Status st = store.GetArtifactsByContext(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return IdsOf(response.artifacts());
}

inline std::vector<int64_t> ExecutionsIn(MetadataStore& store,
                                         int64_t context_id) {
  ml_metadata::GetExecutionsByContextRequest request;
  request.set_context_id(context_id);
  ml_metadata::GetExecutionsByContextResponse response;
  const absl::Status st = store.GetExecutionsByContext(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return IdsOf(response.executions());
}

inline std::vector<ml_metadata::Context> AllContexts(MetadataStore& store) {
  ml_metadata::GetContextsResponse response;
  const absl::Status st = store.GetContexts({}, &response);
  EXPECT_TRUE(st.ok()) << st;
  return {response.contexts().begin(), response.contexts().end()};
}

inline ml_metadata::Artifact ArtifactById(MetadataStore& store, int64_t id) {
  ml_metadata::GetArtifactsByIDRequest request;
  request.add_artifact_ids(id);
  ml_metadata::GetArtifactsByIDResponse response;
  const absl::Status st = store.GetArtifactsByID(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return response.artifacts_size() == 1 ? response.artifacts(0)
                                        : ml_metadata::Artifact();
}

inline ml_metadata::Execution ExecutionById(MetadataStore& store, int64_t id) {
  ml_metadata::GetExecutionsByIDRequest request;
  request.add_execution_ids(id);
  ml_metadata::GetExecutionsByIDResponse response;
  const absl::Status st = store.GetExecutionsByID(request, &response);
  EXPECT_TRUE(st.ok()) << st;
  return response.executions_size() == 1 ? response.executions(0)
                                         : ml_metadata::Execution();
}

}  // namespace mlmd::testing

#endif  // MLMD_TEST_RELATIONS_TEST_UTIL_H_
