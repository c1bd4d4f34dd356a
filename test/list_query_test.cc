// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// ListNodeIds: page sizes, ordering, keyset paging that stays stable while
// rows are inserted, token validation, filters and restrictions.
#include "store/list_query.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sql/connection_pool.h"
#include "test/store_test_fixture.h"

namespace mlmd {
namespace {

using ::ml_metadata::ListOperationNextPageToken;
using ::ml_metadata::ListOperationOptions;
using ::testing::HasSubstr;
using Ids = std::vector<int64_t>;
using OrderField = ListOperationOptions::OrderByField;
using sql::Value;

constexpr int64_t kTypeT = 100, kTypeU = 101;

class ListQueryTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Exec(
        "INSERT INTO Type (id, name, type_kind) VALUES (100, 'T', 1), "
        "(101, 'U', 1), (300, 'Run', 2)");
  }

  void Exec(const std::string& sql, std::vector<Value> params = {}) {
    auto lease = store().pool().Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    auto st = (*lease)->Execute(sql, params);
    ASSERT_TRUE(st.ok()) << sql << ": " << st.status();
  }

  // Inserts one artifact and returns its id. Times repeat across rows so
  // that ordering by them needs the id tie-break.
  int64_t AddArtifact(int64_t type_id, int64_t create, int64_t update) {
    auto lease = store().pool().Acquire();
    EXPECT_TRUE(lease.ok());
    auto ids = (*lease)->InsertReturningIds(
        "INSERT INTO Artifact (type_id, create_time_since_epoch, "
        "last_update_time_since_epoch) VALUES (?, ?, ?)",
        {Value::Int(type_id), Value::Int(create), Value::Int(update)});
    EXPECT_TRUE(ids.ok()) << ids.status();
    return ids.ok() ? ids->at(0) : -1;
  }

  void AddArtifacts(int n) {
    for (int i = 0; i < n; ++i) {
      AddArtifact(kTypeT, (i * 7) % 19 * 10, (i * 5) % 13 * 100);
    }
  }

  absl::StatusOr<ListPage> List(const ListOperationOptions* options,
                                NodeRestriction restriction = {},
                                TypeKind kind = TypeKind::kArtifact) {
    auto lease = store().pool().Acquire();
    if (!lease.ok()) return lease.status();
    return ListNodeIds(**lease, kind, options, restriction);
  }

  // (create, update) of every artifact.
  std::map<int64_t, std::pair<int64_t, int64_t>> Times() {
    auto lease = store().pool().Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query(
        "SELECT id, create_time_since_epoch, last_update_time_since_epoch "
        "FROM Artifact");
    EXPECT_TRUE(rows.ok());
    std::map<int64_t, std::pair<int64_t, int64_t>> out;
    for (const auto& row : rows->rows) {
      out[row[0].AsInt()] = {row[1].AsInt(), row[2].AsInt()};
    }
    return out;
  }

  std::set<int64_t> AllIds() {
    std::set<int64_t> ids;
    for (const auto& [id, times] : Times()) ids.insert(id);
    return ids;
  }
};

struct Order {
  OrderField::Field field;
  bool ascending;
};

TEST_P(ListQueryTest, PagesStayStableWhileRowsAreInserted) {
  AddArtifacts(57);
  int inserted = 0;
  for (const Order& order :
       {Order{OrderField::ID, true}, Order{OrderField::ID, false},
        Order{OrderField::CREATE_TIME, true},
        Order{OrderField::CREATE_TIME, false},
        Order{OrderField::LAST_UPDATE_TIME, true},
        Order{OrderField::LAST_UPDATE_TIME, false}}) {
    SCOPED_TRACE(absl::StrCat(OrderField::Field_Name(order.field),
                              order.ascending ? " ASC" : " DESC"));
    const std::set<int64_t> before = AllIds();
    ListOperationOptions options;
    options.set_max_result_size(10);
    options.mutable_order_by_field()->set_field(order.field);
    options.mutable_order_by_field()->set_is_asc(order.ascending);
    Ids seen;
    int pages = 0;
    while (true) {
      auto page = List(&options);
      ASSERT_TRUE(page.ok()) << page.status();
      ASSERT_LE(page->ids.size(), 10u);
      seen.insert(seen.end(), page->ids.begin(), page->ids.end());
      ++pages;
      ASSERT_LT(pages, 100) << "paging does not end";
      if (page->next_page_token.empty()) break;
      options.set_next_page_token(page->next_page_token);
      // New rows land before and after the cursor in every order.
      for (int k = 0; k < 2; ++k, ++inserted) {
        AddArtifact(kTypeT, (inserted * 13) % 19 * 10,
                    (inserted * 3) % 13 * 100);
      }
    }
    EXPECT_GE(pages, 6);
    const std::set<int64_t> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << "an id was returned twice";
    for (int64_t id : before) {
      EXPECT_TRUE(unique.count(id)) << "pre-existing id " << id << " missed";
    }
    // The whole sequence is ordered by (field, id) in the asked direction.
    const auto times = Times();
    auto key = [&](int64_t id) {
      const int64_t value = order.field == OrderField::ID ? id
                            : order.field == OrderField::CREATE_TIME
                                ? times.at(id).first
                                : times.at(id).second;
      return std::make_tuple(value, id);
    };
    for (size_t i = 1; i < seen.size(); ++i) {
      if (order.ascending) {
        EXPECT_LT(key(seen[i - 1]), key(seen[i])) << "at position " << i;
      } else {
        EXPECT_GT(key(seen[i - 1]), key(seen[i])) << "at position " << i;
      }
    }
  }
}

TEST_P(ListQueryTest, PageSizes) {
  AddArtifacts(57);
  ListOperationOptions options;  // max_result_size defaults to 20
  auto page = List(&options);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->ids.size(), 20u);
  EXPECT_FALSE(page->next_page_token.empty());

  options.set_max_result_size(57);
  page = List(&options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ids.size(), 57u);
  EXPECT_TRUE(page->next_page_token.empty());

  options.set_max_result_size(56);
  page = List(&options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ids.size(), 56u);
  ASSERT_FALSE(page->next_page_token.empty());
  options.set_next_page_token(page->next_page_token);
  page = List(&options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ids.size(), 1u);
  EXPECT_TRUE(page->next_page_token.empty());

  // Larger requests are capped at 100 and still offer the next page.
  AddArtifacts(60);
  options.Clear();
  options.set_max_result_size(1000);
  page = List(&options);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ids.size(), static_cast<size_t>(kMaxListResultSize));
  EXPECT_FALSE(page->next_page_token.empty());

  // Without options: every id, ascending, no token.
  page = List(nullptr);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ids.size(), 117u);
  EXPECT_TRUE(std::is_sorted(page->ids.begin(), page->ids.end()));
  EXPECT_TRUE(page->next_page_token.empty());
}

TEST_P(ListQueryTest, InvalidOptions) {
  AddArtifacts(3);
  ListOperationOptions options;
  options.set_max_result_size(0);
  EXPECT_EQ(List(&options).status().code(), absl::StatusCode::kInvalidArgument);
  options.set_max_result_size(-5);
  EXPECT_THAT(std::string(List(&options).status().message()),
              HasSubstr("max_result_size must be greater than 0; got -5"));

  options.Clear();
  options.mutable_order_by_field()->set_field(OrderField::FIELD_UNSPECIFIED);
  EXPECT_EQ(List(&options).status().code(), absl::StatusCode::kInvalidArgument);

  options.Clear();
  options.set_filter_query("uri = ");
  absl::Status st = List(&options).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("filter_query: at column"));
  options.set_filter_query("last_known_state = RUNNING");
  EXPECT_EQ(List(&options).status().code(), absl::StatusCode::kInvalidArgument);

  NodeRestriction by_context;
  by_context.context_id = 1;
  EXPECT_EQ(List(nullptr, by_context, TypeKind::kContext).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(ListQueryTest, TokensAreValidated) {
  AddArtifacts(30);
  ListOperationOptions options;
  options.set_max_result_size(10);
  options.set_filter_query("id > 0");
  auto first = List(&options);
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string token = first->next_page_token;
  ASSERT_FALSE(token.empty());

  // The token carries the options it was made with, minus itself.
  std::string bytes;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(token, &bytes));
  ListOperationNextPageToken decoded;
  ASSERT_TRUE(decoded.ParseFromString(bytes));
  EXPECT_EQ(decoded.id_offset(), first->ids.back());
  EXPECT_EQ(decoded.set_options().filter_query(), "id > 0");
  EXPECT_FALSE(decoded.set_options().has_next_page_token());

  auto expect_invalid = [&](const ListOperationOptions& o,
                            absl::string_view why) {
    absl::Status st = List(&o).status();
    EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << why;
    EXPECT_THAT(std::string(st.message()), HasSubstr("next_page_token")) << why;
  };
  ListOperationOptions next = options;
  next.set_next_page_token("not a token!");
  expect_invalid(next, "not base64");
  next.set_next_page_token(absl::WebSafeBase64Escape("garbage-not-proto"));
  expect_invalid(next, "not a proto");
  next.set_next_page_token(token.substr(0, token.size() - 4));
  expect_invalid(next, "truncated");
  ListOperationNextPageToken partial;
  *partial.mutable_set_options() = options;
  next.set_next_page_token(
      absl::WebSafeBase64Escape(partial.SerializeAsString()));
  expect_invalid(next, "no offsets");

  next = options;
  next.set_next_page_token(token);
  next.set_filter_query("id > 1");
  expect_invalid(next, "different filter");
  next.clear_filter_query();
  expect_invalid(next, "filter dropped");
  next = options;
  next.set_next_page_token(token);
  next.mutable_order_by_field()->set_is_asc(false);
  expect_invalid(next, "different direction");
  next.mutable_order_by_field()->set_is_asc(true);
  next.mutable_order_by_field()->set_field(OrderField::CREATE_TIME);
  expect_invalid(next, "different field");

  // A different page size is fine (upstream allows it).
  next = options;
  next.set_next_page_token(token);
  next.set_max_result_size(25);
  auto rest = List(&next);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->ids.size(), 20u);
  EXPECT_GT(rest->ids.front(), first->ids.back());
  EXPECT_TRUE(rest->next_page_token.empty());
}

TEST_P(ListQueryTest, FilterWithJoinsReturnsEachNodeOnce) {
  Ids attributed;
  for (int i = 0; i < 7; ++i) attributed.push_back(AddArtifact(kTypeT, i, i));
  AddArtifacts(5);  // not attributed
  Exec(
      "INSERT INTO Context (id, type_id, name) VALUES (1, 300, 'r1'), "
      "(2, 300, 'r2')");
  for (int64_t id : attributed) {
    Exec(
        "INSERT INTO Attribution (context_id, artifact_id) VALUES (1, ?), "
        "(2, ?)",
        {Value::Int(id), Value::Int(id)});
  }
  for (bool ascending : {true, false}) {
    ListOperationOptions options;
    options.set_max_result_size(3);
    options.set_filter_query("contexts_a.type = 'Run'");
    options.mutable_order_by_field()->set_field(OrderField::CREATE_TIME);
    options.mutable_order_by_field()->set_is_asc(ascending);
    Ids seen;
    while (true) {
      auto page = List(&options);
      ASSERT_TRUE(page.ok()) << page.status();
      seen.insert(seen.end(), page->ids.begin(), page->ids.end());
      if (page->next_page_token.empty()) break;
      options.set_next_page_token(page->next_page_token);
    }
    Ids want = attributed;
    if (!ascending) std::reverse(want.begin(), want.end());
    EXPECT_EQ(seen, want);
  }
}

TEST_P(ListQueryTest, Restrictions) {
  const int64_t t1 = AddArtifact(kTypeT, 1, 1);
  const int64_t u1 = AddArtifact(kTypeU, 2, 2);
  const int64_t t2 = AddArtifact(kTypeT, 3, 3);
  const int64_t u2 = AddArtifact(kTypeU, 4, 4);
  Exec("INSERT INTO Context (id, type_id, name) VALUES (7, 300, 'c')");
  Exec(
      "INSERT INTO Attribution (context_id, artifact_id) VALUES (7, ?), "
      "(7, ?)",
      {Value::Int(u1), Value::Int(t2)});

  NodeRestriction by_type;
  by_type.type_id = kTypeU;
  auto page = List(nullptr, by_type);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->ids, Ids({u1, u2}));

  NodeRestriction by_context;
  by_context.context_id = 7;
  page = List(nullptr, by_context);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->ids, Ids({u1, t2}));

  // Restriction, filter with a join, ordering and paging together.
  ListOperationOptions options;
  options.set_max_result_size(1);
  options.set_filter_query("type = 'T' OR contexts_x.id = 7");
  options.mutable_order_by_field()->set_is_asc(false);
  page = List(&options, by_context);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->ids, Ids({t2}));
  options.set_next_page_token(page->next_page_token);
  page = List(&options, by_context);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->ids, Ids({u1}));
  EXPECT_TRUE(page->next_page_token.empty());

  options.Clear();
  options.set_filter_query("type = 'T'");
  page = List(&options, by_type);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->ids.empty());

  page = List(nullptr);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->ids, Ids({t1, u1, t2, u2}));
}

// Every nesting the compiler accepts must also be readable by the database
// (SQLite's parser stack is small); deeper ones are INVALID_ARGUMENT.
TEST_P(ListQueryTest, AcceptedNestingAlwaysRuns) {
  AddArtifacts(3);
  // `inner` wrapped n times in open...close, then placed into `outer` at
  // the '@'.
  struct Pattern {
    const char* open;
    const char* inner;
    const char* close;
    const char* outer;
  };
  const Pattern patterns[] = {
      {"(id = 1 AND ", "id = 1", ")", "@"},
      {"NOT (id = 1 OR ", "id = 1", ")", "@"},
      {"(id > 0 AND NOT ", "id = 1", ")", "@"},
      {"(state != LIVE OR NOT uri LIKE 'x' AND ", "id = 1", ")", "@"},
      {"(id BETWEEN 0 AND 9 OR ", "uri IS NULL", ")", "@"},
      {"((", "id = 1", ") = TRUE)", "@"},
      {"1 + (", "1", ")", "id IN (1, @)"},
      {"1 + (", "1", ")", "id BETWEEN 1 AND @"},
      {"-(1 - (", "1", "))", "id = @"},
      {"(id / (1 + ", "1", "))", "@ IS NULL"},
      {"1 * (2 - (", "id", "))", "@ NOT IN (1, 2)"},
  };
  for (const char* prefix : {"", "contexts_a.id > 0 OR "}) {
    for (const Pattern& p : patterns) {
      int accepted = 0;
      for (int n = 1; n <= 64; ++n) {
        std::string nested = p.inner;
        for (int i = 0; i < n; ++i) {
          nested = absl::StrCat(p.open, nested, p.close);
        }
        const std::string query =
            absl::StrCat(prefix, absl::StrReplaceAll(p.outer, {{"@", nested}}));
        ListOperationOptions options;
        options.set_filter_query(query);
        options.mutable_order_by_field()->set_field(OrderField::CREATE_TIME);
        auto page = List(&options);
        if (page.ok()) {
          accepted = n;
          continue;
        }
        ASSERT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument)
            << query << ": " << page.status();
        EXPECT_THAT(std::string(page.status().message()),
                    ::testing::AnyOf(HasSubstr("nested too deeply"),
                                     HasSubstr("nested deeper than"),
                                     HasSubstr("too complex")))
            << query;
      }
      EXPECT_GE(accepted, 8) << prefix << p.open;
    }
  }
}

INSTANTIATE_STORE_TEST_SUITE(ListQueryTest);

}  // namespace
}  // namespace mlmd
