// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The cache-fingerprint lookup and the plain MLMD filter
// `custom_properties.cache_fingerprint.string_value = '...'` are served by
// the string index on ExecutionProperty (name, is_custom_property,
// string_value) on every backend: the planner's own EXPLAIN output, on a
// store with a few thousand fingerprinted executions and fresh statistics,
// names the index and shows no full scan of ExecutionProperty.
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/cache_lookup.h"
#include "store/list_query.h"
#include "store/sql/connection_pool.h"
#include "test/kfp_store_builder.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::ml_metadata::Execution;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kExecutions = 3000;
constexpr int kRuns = 30;

// Forwards to a real connection and remembers the last query it ran, to
// capture the exact statement the list code builds.
class RecordingConnection : public sql::Connection {
 public:
  explicit RecordingConnection(sql::Connection& inner) : inner_(inner) {}
  sql::Dialect dialect() const override { return inner_.dialect(); }
  absl::StatusOr<sql::ResultSet> Query(
      absl::string_view sql, absl::Span<const sql::Value> params) override {
    last_.sql = std::string(sql);
    last_.params.assign(params.begin(), params.end());
    return inner_.Query(sql, params);
  }
  absl::StatusOr<int64_t> Execute(
      absl::string_view sql, absl::Span<const sql::Value> params) override {
    return inner_.Execute(sql, params);
  }
  absl::StatusOr<std::vector<int64_t>> InsertReturningIds(
      absl::string_view sql, absl::Span<const sql::Value> params) override {
    return inner_.InsertReturningIds(sql, params);
  }
  absl::Status Begin(sql::TransactionMode mode) override {
    return inner_.Begin(mode);
  }
  absl::Status Commit() override { return inner_.Commit(); }
  void Rollback() override { inner_.Rollback(); }
  bool healthy() const override { return inner_.healthy(); }
  absl::Status Ping() override { return inner_.Ping(); }
  const sql::Statement& last() const { return last_; }

 private:
  sql::Connection& inner_;
  sql::Statement last_;
};

std::string CellText(const sql::Value& value) {
  if (value.is_null()) return "NULL";
  if (value.is_int()) return absl::StrCat(value.AsInt());
  if (value.is_text()) return value.AsText();
  return value.DebugString();
}

class CacheIndexTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Populate();
  }

  // kExecutions COMPLETE executions, each with its own fingerprint, spread
  // over kRuns runs of one pipeline, then fresh planner statistics.
  void Populate() {
    KfpStoreBuilder kfp(store());
    std::vector<KfpStoreBuilder::Run> runs;
    for (int r = 0; r < kRuns; ++r) {
      runs.push_back(kfp.AddRun("pipeline", absl::StrCat("run-", r), "ns"));
    }
    ml_metadata::PutExecutionsRequest put;
    for (int i = 0; i < kExecutions; ++i) {
      Execution* execution = put.add_executions();
      execution->set_type_id(kfp.execution_type());
      execution->set_last_known_state(Execution::COMPLETE);
      auto& custom = *execution->mutable_custom_properties();
      custom["cache_fingerprint"].set_string_value(absl::StrCat("fp-", i));
      custom["task_name"].set_string_value(absl::StrCat("task-", i % 7));
    }
    ml_metadata::PutExecutionsResponse ids;
    MLMD_ASSERT_OK(store().PutExecutions(put, &ids));
    ml_metadata::PutAttributionsAndAssociationsRequest links;
    for (int i = 0; i < kExecutions; ++i) {
      auto* association = links.add_associations();
      association->set_execution_id(ids.execution_ids(i));
      association->set_context_id(runs[i % kRuns].run.id());
    }
    ml_metadata::PutAttributionsAndAssociationsResponse linked;
    MLMD_ASSERT_OK(store().PutAttributionsAndAssociations(links, &linked));
    auto lease = store().pool().Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    switch ((*lease)->dialect()) {
      case sql::Dialect::kSqlite:
        ASSERT_TRUE((*lease)->Execute("ANALYZE").ok());
        break;
      case sql::Dialect::kPostgresql:
        ASSERT_TRUE((*lease)->Execute("ANALYZE").ok());
        break;
      case sql::Dialect::kMysql:
        for (const char* table :
             {"Execution", "ExecutionProperty", "Association", "Context",
              "ParentContext", "ContextProperty", "Type"}) {
          ASSERT_TRUE(
              (*lease)->Query(absl::StrCat("ANALYZE TABLE ", table)).ok());
        }
        break;
    }
  }

  // The planner's plan for `statement`, one line per plan row.
  std::string Explain(const sql::Statement& statement) {
    auto lease = store().pool().Acquire();
    EXPECT_TRUE(lease.ok()) << lease.status();
    if (!lease.ok()) return "";
    const bool sqlite = (*lease)->dialect() == sql::Dialect::kSqlite;
    auto rows = (*lease)->Query(
        absl::StrCat(sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ",
                     statement.sql),
        statement.params);
    EXPECT_TRUE(rows.ok()) << statement.sql << ": " << rows.status();
    if (!rows.ok()) return "";
    std::vector<std::string> lines;
    for (const sql::Row& row : rows->rows) {
      std::vector<std::string> cells;
      for (const sql::Value& value : row) cells.push_back(CellText(value));
      lines.push_back(absl::StrJoin(cells, " | "));
    }
    return absl::StrJoin(lines, "\n");
  }

  // Asserts that `plan` reads ExecutionProperty through the string index
  // and never scans it whole. `alias` is the table's alias in the query.
  void ExpectFingerprintIndex(const std::string& plan,
                              const std::string& alias) {
    EXPECT_THAT(plan, HasSubstr("idx_execution_property_string")) << plan;
    switch (store().pool().dialect()) {
      case sql::Dialect::kSqlite:
        // A full scan reads "SCAN <alias>" without an index.
        for (const auto& line : absl::StrSplit(plan, '\n')) {
          if (absl::StrContains(line, absl::StrCat("SCAN ", alias))) {
            EXPECT_THAT(std::string(line), HasSubstr("INDEX")) << plan;
          }
        }
        break;
      case sql::Dialect::kPostgresql:
        EXPECT_THAT(absl::AsciiStrToLower(plan),
                    Not(HasSubstr("seq scan on executionproperty")))
            << plan;
        // Nor walks the executions of the pipeline's runs (Association by
        // its context_id key) to find the fingerprint among them.
        EXPECT_THAT(plan, Not(HasSubstr("association_context_id"))) << plan;
        break;
      case sql::Dialect::kMysql:
        // Columns: id | select_type | table | type | possible_keys | key ...
        for (const auto& line : absl::StrSplit(plan, '\n')) {
          std::vector<std::string> cells = absl::StrSplit(line, " | ");
          if (cells.size() > 5 && cells[2] == alias) {
            EXPECT_NE(cells[3], "ALL") << plan;
            EXPECT_EQ(cells[5], "idx_execution_property_string") << plan;
          }
        }
        break;
    }
  }
};

TEST_P(CacheIndexTest, LookupUsesTheFingerprintIndex) {
  mlmd_server::cache::v1::LookupCachedExecutionRequest request;
  request.set_fingerprint("fp-1234");
  request.set_pipeline_name("pipeline");
  request.set_namespace_("ns");
  const std::string plan =
      Explain(CachedExecutionQuery(store().pool().dialect(), request));
  ExpectFingerprintIndex(plan, "fpp");
  // The join order is pinned, statistics or not: the fingerprint's rows are
  // read first (SQLite without ANALYZE once started from the namespace
  // index, i.e. from every run).
  const std::vector<std::string> lines = absl::StrSplit(plan, '\n');
  switch (store().pool().dialect()) {
    case sql::Dialect::kSqlite:
      for (const std::string& line : lines) {
        if (absl::StrContains(line, "SEARCH") ||
            absl::StrContains(line, "SCAN")) {
          EXPECT_THAT(line, HasSubstr("SEARCH fpp ")) << plan;
          break;
        }
      }
      break;
    case sql::Dialect::kMysql:
      ASSERT_FALSE(lines.empty());
      EXPECT_THAT(lines[0], HasSubstr(" | fpp | ")) << plan;
      break;
    case sql::Dialect::kPostgresql:
      EXPECT_THAT(plan, HasSubstr("CTE c")) << plan;
      break;
  }
  std::cout << "LookupCachedExecution plan (" << GetParam().name << "):\n"
            << plan << "\n";
  // And it answers.
  mlmd_server::cache::v1::LookupCachedExecutionResponse response;
  MLMD_ASSERT_OK(store().LookupCachedExecution(request, &response));
  ASSERT_TRUE(response.found());
  EXPECT_EQ(response.execution()
                .custom_properties()
                .at("cache_fingerprint")
                .string_value(),
            "fp-1234");
}

TEST_P(CacheIndexTest, FilterQueryUsesTheFingerprintIndex) {
  ml_metadata::ListOperationOptions options;
  options.set_filter_query(
      "custom_properties.cache_fingerprint.string_value = 'fp-1234'");
  sql::Statement statement;
  {
    auto lease = store().pool().Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    RecordingConnection recorder(**lease);
    auto page = ListNodeIds(recorder, TypeKind::kExecution, &options, {});
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->ids.size(), 1u);
    statement = recorder.last();
  }
  const std::string plan = Explain(statement);
  std::cout << "filter plan (" << GetParam().name << "):\n"
            << statement.sql << "\n"
            << plan << "\n";
  // The list code names its property join; find its alias.
  const std::string marker = "ExecutionProperty AS ";
  const size_t at = statement.sql.find(marker);
  ASSERT_NE(at, std::string::npos) << statement.sql;
  const size_t start = at + marker.size();
  const std::string alias =
      statement.sql.substr(start, statement.sql.find(' ', start) - start);
  ExpectFingerprintIndex(plan, alias);
}

INSTANTIATE_STORE_TEST_SUITE(CacheIndexTest);

}  // namespace
}  // namespace mlmd::testing
