// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Listing nodes with ListOperationOptions: page size, ordering, tokens.
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/node_test_util.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Artifact;
using ::ml_metadata::ListOperationOptions;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

template <typename Repeated>
std::vector<int64_t> Ids(const Repeated& nodes) {
  std::vector<int64_t> ids;
  for (const auto& node : nodes) ids.push_back(node.id());
  return ids;
}

class NodesListTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    type_id_ = PutArtifactTypeOrDie(store(), "name: 'T'");
  }

  // Creates `n` artifacts one request each (distinct create times when
  // `spaced`).
  std::vector<int64_t> Create(int n, bool spaced = false) {
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i) {
      if (spaced) absl::SleepFor(absl::Milliseconds(2));
      ids.push_back(PutArtifactsOrDie(store(), type_id_, {""})[0]);
    }
    return ids;
  }

  // Follows next_page_token to the end; returns the ids of every page.
  std::vector<std::vector<int64_t>> AllPages(ListOperationOptions options) {
    std::vector<std::vector<int64_t>> pages;
    for (int guard = 0; guard < 100; ++guard) {
      ml_metadata::GetArtifactsRequest request;
      *request.mutable_options() = options;
      ml_metadata::GetArtifactsResponse response;
      const absl::Status st = store().GetArtifacts(request, &response);
      EXPECT_TRUE(st.ok()) << st;
      if (!st.ok()) break;
      pages.push_back(Ids(response.artifacts()));
      if (!response.has_next_page_token()) break;
      options.set_next_page_token(response.next_page_token());
    }
    return pages;
  }

  int64_t type_id_ = 0;
};

TEST_P(NodesListTest, PagesByIdAscending) {
  const std::vector<int64_t> ids = Create(5);
  ListOperationOptions options;
  options.set_max_result_size(2);  // default order: ID ascending
  EXPECT_THAT(AllPages(options),
              ElementsAre(ElementsAre(ids[0], ids[1]),
                          ElementsAre(ids[2], ids[3]), ElementsAre(ids[4])));
}

TEST_P(NodesListTest, CreateTimeDescendingAsUpstream) {
  const std::vector<int64_t> ids = Create(2, /*spaced=*/true);
  const auto options = ParseText<ListOperationOptions>(
      "max_result_size: 1 order_by_field { field: CREATE_TIME is_asc: false }");
  EXPECT_THAT(AllPages(options),
              ElementsAre(ElementsAre(ids[1]), ElementsAre(ids[0])));
}

TEST_P(NodesListTest, TiesAreBrokenById) {
  // One request: all five share a create time.
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id_, {"", "", "", "", ""});
  auto options = ParseText<ListOperationOptions>(
      "max_result_size: 2 order_by_field { field: CREATE_TIME is_asc: true }");
  EXPECT_THAT(AllPages(options),
              ElementsAre(ElementsAre(ids[0], ids[1]),
                          ElementsAre(ids[2], ids[3]), ElementsAre(ids[4])));
  options.mutable_order_by_field()->set_is_asc(false);
  EXPECT_THAT(AllPages(options),
              ElementsAre(ElementsAre(ids[4], ids[3]),
                          ElementsAre(ids[2], ids[1]), ElementsAre(ids[0])));
}

TEST_P(NodesListTest, LastUpdateTimeOrder) {
  const std::vector<int64_t> ids = Create(3, /*spaced=*/true);
  absl::SleepFor(absl::Milliseconds(2));
  // Touch the first artifact: it becomes the most recently updated.
  Artifact first = GetArtifactOrDie(store(), ids[0]);
  first.set_uri("touched");
  ml_metadata::PutArtifactsRequest update;
  *update.add_artifacts() = first;
  ml_metadata::PutArtifactsResponse response;
  MLMD_ASSERT_OK(store().PutArtifacts(update, &response));
  const auto options = ParseText<ListOperationOptions>(
      "max_result_size: 2 "
      "order_by_field { field: LAST_UPDATE_TIME is_asc: false }");
  EXPECT_THAT(AllPages(options),
              ElementsAre(ElementsAre(ids[0], ids[2]), ElementsAre(ids[1])));
}

TEST_P(NodesListTest, StableUnderConcurrentInserts) {
  const std::vector<int64_t> ids = Create(4);
  ListOperationOptions options;
  options.set_max_result_size(2);
  ml_metadata::GetArtifactsRequest request;
  *request.mutable_options() = options;
  ml_metadata::GetArtifactsResponse page1;
  MLMD_ASSERT_OK(store().GetArtifacts(request, &page1));
  EXPECT_THAT(Ids(page1.artifacts()), ElementsAre(ids[0], ids[1]));

  const std::vector<int64_t> later = Create(1);
  request.mutable_options()->set_next_page_token(page1.next_page_token());
  ml_metadata::GetArtifactsResponse page2;
  MLMD_ASSERT_OK(store().GetArtifacts(request, &page2));
  EXPECT_THAT(Ids(page2.artifacts()), ElementsAre(ids[2], ids[3]));
  request.mutable_options()->set_next_page_token(page2.next_page_token());
  ml_metadata::GetArtifactsResponse page3;
  MLMD_ASSERT_OK(store().GetArtifacts(request, &page3));
  EXPECT_THAT(Ids(page3.artifacts()), ElementsAre(later[0]));
  EXPECT_FALSE(page3.has_next_page_token());

  // Descending: rows inserted after the first page never show up later.
  request.mutable_options()->clear_next_page_token();
  request.mutable_options()->mutable_order_by_field()->set_is_asc(false);
  MLMD_ASSERT_OK(store().GetArtifacts(request, &page1));
  EXPECT_THAT(Ids(page1.artifacts()), ElementsAre(later[0], ids[3]));
  Create(2);
  request.mutable_options()->set_next_page_token(page1.next_page_token());
  MLMD_ASSERT_OK(store().GetArtifacts(request, &page2));
  EXPECT_THAT(Ids(page2.artifacts()), ElementsAre(ids[2], ids[1]));
}

TEST_P(NodesListTest, PageSizeIsCappedAt100) {
  const std::vector<int64_t> ids =
      PutArtifactsOrDie(store(), type_id_, std::vector<std::string>(110, ""));
  ListOperationOptions options;
  options.set_max_result_size(500);
  const auto pages = AllPages(options);
  ASSERT_THAT(pages, SizeIs(2));
  EXPECT_THAT(pages[0], SizeIs(100));
  EXPECT_THAT(pages[1], ElementsAreArray(std::vector<int64_t>(ids.begin() + 100,
                                                              ids.end())));

  // Exactly a full last page: no token.
  options.set_max_result_size(110);
  EXPECT_THAT(AllPages(options), SizeIs(2));
  options.set_max_result_size(55);
  EXPECT_THAT(AllPages(options), ElementsAre(SizeIs(55), SizeIs(55)));
}

TEST_P(NodesListTest, OptionErrors) {
  Create(3);
  auto get = [&](const ListOperationOptions& options) {
    ml_metadata::GetArtifactsRequest request;
    *request.mutable_options() = options;
    ml_metadata::GetArtifactsResponse response;
    return store().GetArtifacts(request, &response);
  };
  ListOperationOptions options;
  options.set_max_result_size(0);
  absl::Status st = get(options);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("max_result_size"));
  options.set_max_result_size(-3);
  EXPECT_EQ(get(options).code(), absl::StatusCode::kInvalidArgument);

  options.set_max_result_size(1);
  options.set_next_page_token("definitely not a token!");
  st = get(options);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("next_page_token"));
  options.set_next_page_token(absl::WebSafeBase64Escape("\xff\xff\xff"));
  EXPECT_EQ(get(options).code(), absl::StatusCode::kInvalidArgument);

  // A token reused with another ordering.
  ml_metadata::GetArtifactsRequest request;
  request.mutable_options()->set_max_result_size(1);
  ml_metadata::GetArtifactsResponse response;
  MLMD_ASSERT_OK(store().GetArtifacts(request, &response));
  ASSERT_TRUE(response.has_next_page_token());
  options.set_next_page_token(response.next_page_token());
  options.mutable_order_by_field()->set_is_asc(false);
  st = get(options);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("order_by_field"));
  options.mutable_order_by_field()->set_is_asc(true);
  options.mutable_order_by_field()->set_field(
      ListOperationOptions::OrderByField::CREATE_TIME);
  EXPECT_EQ(get(options).code(), absl::StatusCode::kInvalidArgument);

  ListOperationOptions unspecified;
  unspecified.mutable_order_by_field()->set_field(
      ListOperationOptions::OrderByField::FIELD_UNSPECIFIED);
  EXPECT_EQ(get(unspecified).code(), absl::StatusCode::kInvalidArgument);

  // A malformed filter is the client's error, with the position.
  ListOperationOptions filtered;
  filtered.set_filter_query("uri = ");
  st = get(filtered);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("filter_query"));
}

TEST_P(NodesListTest, ByTypeWithOptions) {
  const int64_t context_type = PutContextTypeOrDie(store(), "name: 'C'");
  PutContextTypeOrDie(store(), "name: 'Other'");
  ml_metadata::PutContextsRequest put;
  for (const char* name : {"c1", "c2"}) {
    auto* c = put.add_contexts();
    c->set_type_id(context_type);
    c->set_name(name);
  }
  ml_metadata::PutContextsResponse put_response;
  MLMD_ASSERT_OK(store().PutContexts(put, &put_response));

  ml_metadata::GetContextsByTypeRequest request;
  request.set_type_name("C");
  request.mutable_options()->set_max_result_size(1);
  ml_metadata::GetContextsByTypeResponse response;
  MLMD_ASSERT_OK(store().GetContextsByType(request, &response));
  EXPECT_THAT(Ids(response.contexts()),
              ElementsAre(put_response.context_ids(0)));
  ASSERT_FALSE(response.next_page_token().empty());
  request.mutable_options()->set_next_page_token(response.next_page_token());
  MLMD_ASSERT_OK(store().GetContextsByType(request, &response));
  EXPECT_THAT(Ids(response.contexts()),
              ElementsAre(put_response.context_ids(1)));
  EXPECT_TRUE(response.next_page_token().empty());

  // A type without nodes, or no such type: empty, no token.
  request.set_type_name("Other");
  request.mutable_options()->clear_next_page_token();
  MLMD_ASSERT_OK(store().GetContextsByType(request, &response));
  EXPECT_THAT(response.contexts(), IsEmpty());
  EXPECT_FALSE(response.has_next_page_token());

  // Artifacts and executions by type page the same way.
  const std::vector<int64_t> ids = Create(3);
  ml_metadata::GetArtifactsByTypeRequest artifacts_request;
  artifacts_request.set_type_name("T");
  artifacts_request.mutable_options()->set_max_result_size(2);
  ml_metadata::GetArtifactsByTypeResponse artifacts_response;
  MLMD_ASSERT_OK(
      store().GetArtifactsByType(artifacts_request, &artifacts_response));
  EXPECT_THAT(Ids(artifacts_response.artifacts()), ElementsAre(ids[0], ids[1]));
  EXPECT_FALSE(artifacts_response.next_page_token().empty());

  const int64_t execution_type = PutExecutionTypeOrDie(store(), "name: 'E'");
  ml_metadata::PutExecutionsRequest put_executions;
  for (int i = 0; i < 3; ++i) {
    put_executions.add_executions()->set_type_id(execution_type);
  }
  ml_metadata::PutExecutionsResponse executions;
  MLMD_ASSERT_OK(store().PutExecutions(put_executions, &executions));
  ml_metadata::GetExecutionsRequest list_executions;
  list_executions.mutable_options()->set_max_result_size(2);
  list_executions.mutable_options()->mutable_order_by_field()->set_is_asc(
      false);
  ml_metadata::GetExecutionsResponse listed;
  MLMD_ASSERT_OK(store().GetExecutions(list_executions, &listed));
  EXPECT_THAT(
      Ids(listed.executions()),
      ElementsAre(executions.execution_ids(2), executions.execution_ids(1)));
  EXPECT_TRUE(listed.has_next_page_token());
}

INSTANTIATE_STORE_TEST_SUITE(NodesListTest);

}  // namespace
}  // namespace mlmd::testing
