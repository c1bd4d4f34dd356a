// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The filter compiler, end to end: each query is parsed, compiled and run
// against a real database holding a small hand-built graph (rows inserted
// with plain SQL), and the exact set of matching ids is checked.
#include "store/filter/filter_compiler.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/filter/filter_parser.h"
#include "store/sql/connection_pool.h"
#include "test/store_test_fixture.h"

namespace mlmd {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAreArray;
using Ids = std::vector<int64_t>;
using sql::Value;

// Enum numbers as stored.
constexpr int kPending = 1, kLive = 2, kDeleted = 4;  // Artifact.State
constexpr int kRunning = 2, kComplete = 3;            // Execution.State
constexpr int kInput = 3, kOutput = 4;                // Event.Type

class FilterCompilerTest : public testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    Seed();
  }

  void Exec(const std::string& sql, std::vector<Value> params = {}) {
    auto lease = store().pool().Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    auto st = (*lease)->Execute(sql, params);
    ASSERT_TRUE(st.ok()) << sql << ": " << st.status();
  }

  // The graph every test queries:
  //   artifacts 1..5, executions 10..12, contexts 20 (pipe) -> 21 (run1),
  //   22 (run2); 21 -> 23 (run3), with attributions, associations, events
  //   and properties as listed below.
  void Seed() {
    Exec(
        "INSERT INTO Type (id, name, type_kind) VALUES "
        "(100, 'DataSet', 1), (101, 'Model', 1), (200, 'Trainer', 0), "
        "(300, 'Pipeline', 2), (301, 'Run', 2)");
    Exec(
        "INSERT INTO Artifact (id, type_id, uri, state, name, external_id, "
        "create_time_since_epoch, last_update_time_since_epoch) VALUES "
        "(1, 100, 'gs://a/1', ?, 'a1', 'ext1', 1000, 1000), "
        "(2, 100, 'gs://a/2', ?, 'a2', NULL, 2000, 2500), "
        "(3, 101, 's3://b/3', NULL, 'model_3', NULL, 3000, 3000), "
        "(4, 101, NULL, ?, NULL, NULL, 4000, 4100), "
        "(5, 100, 'gs://a%5', ?, 'a_5', NULL, 5000, 5000)",
        {Value::Int(kLive), Value::Int(kPending), Value::Int(kDeleted),
         Value::Int(kLive)});
    Exec(
        "INSERT INTO ArtifactProperty (artifact_id, name, is_custom_property, "
        "int_value, double_value, string_value, bool_value) VALUES "
        "(1, 'accuracy', ?, NULL, 0.9, NULL, NULL), "
        "(1, 'span', ?, 1, NULL, NULL, NULL), "
        "(1, 'my key', ?, NULL, NULL, 'v1', NULL), "
        "(2, 'accuracy', ?, NULL, 0.97, NULL, NULL), "
        "(2, 'span', ?, 2, NULL, NULL, NULL), "
        "(2, 'flag', ?, NULL, NULL, NULL, ?), "
        "(3, 'span', ?, 1, NULL, NULL, NULL), "
        "(3, 'span', ?, 3, NULL, NULL, NULL), "
        "(5, 'flag', ?, NULL, NULL, NULL, ?)",
        {Value::Bool(false), Value::Bool(true), Value::Bool(true),
         Value::Bool(false), Value::Bool(true), Value::Bool(true),
         Value::Bool(true), Value::Bool(true), Value::Bool(false),
         Value::Bool(true), Value::Bool(false)});
    Exec(
        "INSERT INTO Execution (id, type_id, last_known_state, name, "
        "create_time_since_epoch, last_update_time_since_epoch) VALUES "
        "(10, 200, ?, 'e10', 100, 100), (11, 200, ?, 'e11', 200, 200), "
        "(12, 200, NULL, 'e12', 300, 300)",
        {Value::Int(kRunning), Value::Int(kComplete)});
    Exec(
        "INSERT INTO ExecutionProperty (execution_id, name, "
        "is_custom_property, int_value) VALUES (11, 'retries', ?, 4)",
        {Value::Bool(true)});
    Exec(
        "INSERT INTO Context (id, type_id, name, create_time_since_epoch, "
        "last_update_time_since_epoch) VALUES (20, 300, 'pipe', 10, 10), "
        "(21, 301, 'run1', 20, 20), (22, 301, 'run2', 30, 30), "
        "(23, 301, 'run3', 40, 40)");
    Exec(
        "INSERT INTO ContextProperty (context_id, name, is_custom_property, "
        "string_value) VALUES (21, 'owner', ?, 'ann')",
        {Value::Bool(false)});
    Exec(
        "INSERT INTO Attribution (context_id, artifact_id) VALUES "
        "(20, 1), (21, 1), (20, 2), (22, 2), (22, 3)");
    Exec(
        "INSERT INTO Association (context_id, execution_id) VALUES "
        "(20, 10), (21, 10), (22, 11)");
    Exec(
        "INSERT INTO ParentContext (context_id, parent_context_id) VALUES "
        "(21, 20), (22, 20), (23, 21)");
    Exec(
        "INSERT INTO Event (artifact_id, execution_id, type, "
        "milliseconds_since_epoch) VALUES (1, 10, ?, 10), (2, 10, ?, 20), "
        "(2, 11, ?, 30), (3, 11, ?, 40)",
        {Value::Int(kInput), Value::Int(kOutput), Value::Int(kInput),
         Value::Int(kOutput)});
  }

  absl::StatusOr<filter::CompiledFilter> Compile(TypeKind kind,
                                                 absl::string_view query) {
    auto expr = filter::ParseFilterQuery(query);
    if (!expr.ok()) return expr.status();
    return filter::CompileFilter(**expr, kind, store().pool().dialect(), "b");
  }

  // Ids of `kind` matching `query`, de-duplicated.
  Ids Match(TypeKind kind, absl::string_view query) {
    auto compiled = Compile(kind, query);
    EXPECT_TRUE(compiled.ok()) << query << ": " << compiled.status();
    if (!compiled.ok()) return {-1};
    const absl::string_view table = kind == TypeKind::kArtifact    ? "Artifact"
                                    : kind == TypeKind::kExecution ? "Execution"
                                                                   : "Context";
    const std::string sql =
        absl::StrCat("SELECT b.id FROM ", table, " AS b", compiled->joins,
                     " WHERE ", compiled->where);
    auto lease = store().pool().Acquire();
    EXPECT_TRUE(lease.ok());
    if (!lease.ok()) return {-1};
    auto rows = (*lease)->Query(sql, compiled->params);
    EXPECT_TRUE(rows.ok()) << query << " -> " << sql << ": " << rows.status();
    if (!rows.ok()) return {-1};
    std::set<int64_t> ids;
    for (const auto& row : rows->rows) ids.insert(row[0].AsInt());
    return Ids(ids.begin(), ids.end());
  }

  Ids Artifacts(absl::string_view q) { return Match(TypeKind::kArtifact, q); }
  Ids Executions(absl::string_view q) { return Match(TypeKind::kExecution, q); }
  Ids Contexts(absl::string_view q) { return Match(TypeKind::kContext, q); }

  // The error message of compiling `query`, which must fail with
  // INVALID_ARGUMENT.
  std::string Error(TypeKind kind, absl::string_view query) {
    auto compiled = Compile(kind, query);
    if (compiled.ok()) return "unexpectedly OK";
    EXPECT_EQ(compiled.status().code(), absl::StatusCode::kInvalidArgument)
        << query;
    return std::string(compiled.status().message());
  }
};

TEST_P(FilterCompilerTest, Attributes) {
  EXPECT_EQ(Artifacts("id = 1"), Ids({1}));
  EXPECT_EQ(Artifacts("id != 1"), Ids({2, 3, 4, 5}));
  EXPECT_EQ(Artifacts("`id` = 1"), Ids({1}));
  EXPECT_EQ(Artifacts("ID = 1"), Ids({1}));
  EXPECT_EQ(Artifacts("id = 1.0"), Ids({1}));
  EXPECT_EQ(Artifacts("id < 3"), Ids({1, 2}));
  EXPECT_EQ(Artifacts("id <= 3"), Ids({1, 2, 3}));
  EXPECT_EQ(Artifacts("id > 3"), Ids({4, 5}));
  EXPECT_EQ(Artifacts("id >= 3"), Ids({3, 4, 5}));
  EXPECT_EQ(Artifacts("type_id = 101"), Ids({3, 4}));
  EXPECT_EQ(Artifacts("type = 'DataSet'"), Ids({1, 2, 5}));
  EXPECT_EQ(Artifacts("type = 'DataSet' AND name LIKE 'a%'"), Ids({1, 2, 5}));
  EXPECT_EQ(Artifacts("type IS NOT NULL"), Ids({1, 2, 3, 4, 5}));
  EXPECT_EQ(Artifacts("name = 'model_3'"), Ids({3}));
  EXPECT_EQ(Artifacts("name IS NULL"), Ids({4}));
  EXPECT_EQ(Artifacts("external_id = 'ext1'"), Ids({1}));
  EXPECT_EQ(Artifacts("external_id = \"ext1\""), Ids({1}));
  EXPECT_EQ(Artifacts("uri = 'gs://a/2'"), Ids({2}));
  EXPECT_EQ(Artifacts("uri IS NULL"), Ids({4}));
  EXPECT_EQ(Artifacts("uri IS NOT NULL"), Ids({1, 2, 3, 5}));
  EXPECT_EQ(Artifacts("create_time_since_epoch >= 3000"), Ids({3, 4, 5}));
  EXPECT_EQ(Artifacts("last_update_time_since_epoch = 2500"), Ids({2}));
  EXPECT_EQ(Artifacts("NOT(create_time_since_epoch < 2000 OR "
                      "last_update_time_since_epoch > 4000)"),
            Ids({2, 3}));
  EXPECT_EQ(Executions("type = 'Trainer' AND name = 'e11'"), Ids({11}));
  EXPECT_EQ(Executions("create_time_since_epoch > 150"), Ids({11, 12}));
  EXPECT_EQ(Contexts("type = 'Run'"), Ids({21, 22, 23}));
  EXPECT_EQ(Contexts("name != 'pipe' AND type_id = 301"), Ids({21, 22, 23}));
}

TEST_P(FilterCompilerTest, InAndBetween) {
  EXPECT_EQ(Artifacts("id IN (1, 3)"), Ids({1, 3}));
  EXPECT_EQ(Artifacts("id NOT IN (1, 3)"), Ids({2, 4, 5}));
  EXPECT_EQ(Artifacts("name IN ('a1', 'a_5', 'zzz')"), Ids({1, 5}));
  EXPECT_EQ(Artifacts("id BETWEEN 2 AND 4"), Ids({2, 3, 4}));
  EXPECT_EQ(Artifacts("id NOT BETWEEN 2 AND 4"), Ids({1, 5}));
}

TEST_P(FilterCompilerTest, Like) {
  EXPECT_EQ(Artifacts("uri LIKE 'gs://%'"), Ids({1, 2, 5}));
  EXPECT_EQ(Artifacts("uri NOT LIKE 'gs://%'"), Ids({3}));
  EXPECT_EQ(Artifacts("name LIKE 'a_'"), Ids({1, 2}));
  // Backslash escapes the wildcards on every backend.
  EXPECT_EQ(Artifacts(R"(name LIKE 'a\\_%')"), Ids({5}));
  EXPECT_EQ(Artifacts(R"(uri LIKE 'gs://a\\%%')"), Ids({5}));
}

TEST_P(FilterCompilerTest, Enums) {
  EXPECT_EQ(Artifacts("state = LIVE"), Ids({1, 5}));
  EXPECT_EQ(Artifacts("LIVE = state"), Ids({1, 5}));
  // != and NOT IN also match NULL, as upstream rewrites them.
  EXPECT_EQ(Artifacts("state != LIVE"), Ids({2, 3, 4}));
  EXPECT_EQ(Artifacts("state NOT IN (LIVE)"), Ids({2, 3, 4}));
  EXPECT_EQ(Artifacts("state IN (PENDING, LIVE)"), Ids({1, 2, 5}));
  EXPECT_EQ(Artifacts("state IS NULL"), Ids({3}));
  EXPECT_EQ(Artifacts("NOT state = LIVE"), Ids({2, 4}));
  EXPECT_EQ(Executions("last_known_state = RUNNING"), Ids({10}));
  EXPECT_EQ(Executions("last_known_state != RUNNING"), Ids({11, 12}));
  EXPECT_EQ(Executions("last_known_state NOT IN (COMPLETE, FAILED)"),
            Ids({10, 12}));
  EXPECT_EQ(Executions("last_known_state IS NOT NULL"), Ids({10, 11}));
}

TEST_P(FilterCompilerTest, PropertiesAndCustomProperties) {
  EXPECT_EQ(Artifacts("properties.accuracy.double_value > 0.95"), Ids({2}));
  EXPECT_EQ(Artifacts("properties.accuracy.double_value IS NOT NULL"),
            Ids({1, 2}));
  EXPECT_EQ(Artifacts("custom_properties.span.int_value = 1"), Ids({1, 3}));
  // properties.* and custom_properties.* are different rows.
  EXPECT_EQ(Artifacts("properties.span.int_value = 3"), Ids({3}));
  EXPECT_EQ(Artifacts("properties.span.int_value = 1"), Ids({}));
  EXPECT_EQ(Artifacts("custom_properties.`my key`.string_value = 'v1'"),
            Ids({1}));
  EXPECT_EQ(Artifacts("custom_properties.flag.bool_value = true"), Ids({2}));
  EXPECT_EQ(Artifacts("custom_properties.flag.bool_value = FALSE"), Ids({5}));
  EXPECT_EQ(Artifacts("custom_properties.flag.bool_value"), Ids({2}));
  EXPECT_EQ(Artifacts("NOT custom_properties.flag.bool_value"), Ids({5}));
  EXPECT_EQ(Artifacts("custom_properties.span.int_value >= 1 AND "
                      "custom_properties.span.int_value <= 1"),
            Ids({1, 3}));
  EXPECT_EQ(Executions("custom_properties.retries.int_value = 4"), Ids({11}));
  EXPECT_EQ(Contexts("properties.owner.string_value = 'ann'"), Ids({21}));
  // Joins are inner joins (as upstream): a node without the property never
  // matches, even on the other side of an OR.
  EXPECT_EQ(Artifacts("custom_properties.span.int_value = 1 OR id = 5"),
            Ids({1, 3}));
}

TEST_P(FilterCompilerTest, SameAliasIsOneJoinedRow) {
  auto compiled = Compile(TypeKind::kArtifact,
                          "custom_properties.span.int_value > 0 AND "
                          "custom_properties.span.int_value < 9 AND "
                          "contexts_a.id > 0 AND contexts_a.name != 'x'");
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  // One property join, and one link + one context join.
  EXPECT_EQ(compiled->joins.find("ArtifactProperty"),
            compiled->joins.rfind("ArtifactProperty"));
  EXPECT_EQ(compiled->joins.find("JOIN Context"),
            compiled->joins.rfind("JOIN Context"));

  // The same alias binds both conditions to one context...
  EXPECT_EQ(Artifacts("contexts_a.name = 'pipe' AND contexts_a.type = 'Run'"),
            Ids({}));
  // ...while two aliases may match two different contexts.
  EXPECT_EQ(Artifacts("contexts_a.name = 'pipe' AND contexts_b.type = 'Run'"),
            Ids({1, 2}));
  EXPECT_EQ(Artifacts("contexts_a.name = 'run1' AND contexts_b.name = 'run2'"),
            Ids({}));
}

TEST_P(FilterCompilerTest, ContextsOfArtifactsAndExecutions) {
  EXPECT_EQ(Artifacts("contexts_a.name = 'pipe'"), Ids({1, 2}));
  EXPECT_EQ(Artifacts("contexts_a.type = 'Run'"), Ids({1, 2, 3}));
  EXPECT_EQ(Artifacts("contexts_a.id = 21"), Ids({1}));
  EXPECT_EQ(Artifacts("contexts_a.create_time_since_epoch = 30"), Ids({2, 3}));
  EXPECT_EQ(Artifacts("contexts_a.last_update_time_since_epoch < 15"),
            Ids({1, 2}));
  EXPECT_EQ(Executions("contexts_c.name = 'run2'"), Ids({11}));
  EXPECT_EQ(Executions("contexts_c.type = 'Pipeline'"), Ids({10}));
  EXPECT_EQ(Artifacts("type = 'DataSet' AND (contexts_a.type = 'Run' AND "
                      "contexts_a.name = 'run2') AND "
                      "(custom_properties.span.int_value = 2)"),
            Ids({2}));
}

TEST_P(FilterCompilerTest, Events) {
  EXPECT_EQ(Artifacts("events_0.type = INPUT"), Ids({1, 2}));
  EXPECT_EQ(Artifacts("events_0.execution_id = 11"), Ids({2, 3}));
  EXPECT_EQ(Artifacts("events_0.type = OUTPUT AND events_0.execution_id = 10"),
            Ids({2}));
  EXPECT_EQ(Artifacts("events_0.milliseconds_since_epoch = 40"), Ids({3}));
  EXPECT_EQ(Artifacts("events_0.type IN (OUTPUT, DECLARED_OUTPUT)"),
            Ids({2, 3}));
  EXPECT_EQ(Executions("events_e.artifact_id = 2"), Ids({10, 11}));
  EXPECT_EQ(Executions("events_e.type = OUTPUT"), Ids({10, 11}));
  EXPECT_EQ(Executions("events_e.type = INPUT AND events_f.type = OUTPUT"),
            Ids({10, 11}));
  EXPECT_EQ(Executions("events_e.type = INPUT AND events_e.artifact_id = 3"),
            Ids({}));
}

TEST_P(FilterCompilerTest, NeighboursOfContexts) {
  EXPECT_EQ(Contexts("parent_contexts_p.name = 'pipe'"), Ids({21, 22}));
  EXPECT_EQ(Contexts("parent_contexts_p.type = 'Run'"), Ids({23}));
  EXPECT_EQ(Contexts("child_contexts_c.name = 'run3'"), Ids({21}));
  EXPECT_EQ(Contexts("child_contexts_c.id > 0"), Ids({20, 21}));
  EXPECT_EQ(Contexts("artifacts_a.uri LIKE 's3%'"), Ids({22}));
  EXPECT_EQ(Contexts("artifacts_a.state = LIVE"), Ids({20, 21}));
  EXPECT_EQ(Contexts("artifacts_a.external_id = 'ext1'"), Ids({20, 21}));
  EXPECT_EQ(Contexts("artifacts_a.type = 'Model'"), Ids({22}));
  EXPECT_EQ(Contexts("executions_e.last_known_state = COMPLETE"), Ids({22}));
  EXPECT_EQ(Contexts("executions_e.name = 'e10' AND artifacts_a.name = 'a2'"),
            Ids({20}));
  EXPECT_EQ(Contexts("parent_contexts_p.type = 'Pipeline' AND "
                     "child_contexts_c.name = 'run3'"),
            Ids({21}));
}

TEST_P(FilterCompilerTest, PrecedenceOfNotAndOr) {
  EXPECT_EQ(Artifacts("state = LIVE OR id = 2 AND id = 3"), Ids({1, 5}));
  EXPECT_EQ(Artifacts("(state = LIVE OR id = 2) AND id = 3"), Ids({}));
  EXPECT_EQ(Artifacts("NOT id = 1 AND id < 3"), Ids({2}));
  EXPECT_EQ(Artifacts("NOT (id = 1 AND id < 3)"), Ids({2, 3, 4, 5}));
  EXPECT_EQ(Artifacts("id = 1 OR id = 2 OR id = 3 AND NOT id = 3"),
            Ids({1, 2}));
}

TEST_P(FilterCompilerTest, Arithmetic) {
  EXPECT_EQ(Artifacts("type_id + 1 = 102"), Ids({3, 4}));
  EXPECT_EQ(Artifacts("id * 2 - 1 = 5"), Ids({3}));
  EXPECT_EQ(Artifacts("last_update_time_since_epoch / 1000 = 2.5"), Ids({2}));
  EXPECT_EQ(Artifacts("-id = -4"), Ids({4}));
  // Division by zero is NULL, not an error.
  EXPECT_EQ(Artifacts("id / 0 IS NULL"), Ids({1, 2, 3, 4, 5}));
}

TEST_P(FilterCompilerTest, ParenthesesAreKeptWhereSqlNeedsThem) {
  EXPECT_EQ(Artifacts("id - (id - 1) = 1"), Ids({1, 2, 3, 4, 5}));
  EXPECT_EQ(Artifacts("id * (1 + 1) = 4"), Ids({2}));
  EXPECT_EQ(Artifacts("(id + 1) * 2 = 6"), Ids({2}));
  EXPECT_EQ(Artifacts("id / (1 + 1) = 1.5"), Ids({3}));
  EXPECT_EQ(Artifacts("id / 2 / 2 = 1"), Ids({4}));
  EXPECT_EQ(Artifacts("-(id - 10) = 7"), Ids({3}));
  EXPECT_EQ(Artifacts("- -id = 2"), Ids({2}));
  EXPECT_EQ(Artifacts("id - -1 = 3"), Ids({2}));
  EXPECT_EQ(Artifacts("NOT (id = 1 OR id = 2)"), Ids({3, 4, 5}));
  EXPECT_EQ(Artifacts("NOT NOT id = 1"), Ids({1}));
  EXPECT_EQ(Artifacts("NOT NOT NOT id = 1"), Ids({2, 3, 4, 5}));
  EXPECT_EQ(Artifacts("(id = 1) = TRUE"), Ids({1}));
  EXPECT_EQ(Artifacts("(id = 1) = (name = 'a2')"), Ids({3, 5}));
  EXPECT_EQ(Artifacts("id = 1 OR id = 2 AND id = 2 OR id = 3"), Ids({1, 2, 3}));
  EXPECT_EQ(Artifacts("(id = 1 OR id = 2) AND (id = 2 OR id = 3)"), Ids({2}));
  EXPECT_EQ(Artifacts("state != LIVE AND id < 3"), Ids({2}));
  EXPECT_EQ(Artifacts("state NOT IN (LIVE) AND id > 2"), Ids({3, 4}));
}

TEST_P(FilterCompilerTest, DeepNestingIsRejectedBeforeTheDatabase) {
  std::string deep = "id = 1";
  for (int i = 0; i < 40; ++i) deep = absl::StrCat("(id = 1 OR ", deep, ")");
  EXPECT_THAT(Error(TypeKind::kArtifact, deep),
              HasSubstr("nested too deeply to run"));
  std::string fine = "id = 1";
  for (int i = 0; i < 10; ++i) fine = absl::StrCat("(id = 2 OR ", fine, ")");
  EXPECT_EQ(Artifacts(fine), Ids({1, 2}));
}

TEST_P(FilterCompilerTest, LongChainsCompileToShallowSql) {
  std::string query = "id = 1";
  for (int i = 0; i < 3000; ++i) absl::StrAppend(&query, " OR id = ", 2 + i);
  EXPECT_EQ(Artifacts(query), Ids({1, 2, 3, 4, 5}));
}

TEST_P(FilterCompilerTest, LiteralsAreBoundNotSpliced) {
  const std::string query =
      "name = 'x\\'); DROP TABLE Artifact; --' OR "
      "properties.`'); DROP TABLE Type; --`.int_value = 1";
  auto compiled = Compile(TypeKind::kArtifact, query);
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  EXPECT_THAT(compiled->joins + compiled->where,
              ::testing::Not(HasSubstr("DROP")));
  EXPECT_EQ(Artifacts(query), Ids({}));
  EXPECT_EQ(Artifacts("id > 0"), Ids({1, 2, 3, 4, 5}));
}

TEST_P(FilterCompilerTest, ParametersFollowJoinsThenWhere) {
  auto compiled = Compile(TypeKind::kArtifact,
                          "name = 'x' AND properties.p.int_value = 5 AND "
                          "custom_properties.q.string_value = 'y'");
  ASSERT_TRUE(compiled.ok()) << compiled.status();
  ASSERT_EQ(compiled->params.size(), 7u);
  EXPECT_EQ(compiled->params[0].AsText(), "p");
  EXPECT_FALSE(compiled->params[1].AsBool());
  EXPECT_EQ(compiled->params[2].AsText(), "q");
  EXPECT_TRUE(compiled->params[3].AsBool());
  EXPECT_EQ(compiled->params[4].AsText(), "x");
  EXPECT_EQ(compiled->params[5].AsInt(), 5);
  EXPECT_EQ(compiled->params[6].AsText(), "y");
  const std::string all = compiled->joins + compiled->where;
  EXPECT_EQ(std::count(all.begin(), all.end(), '?'), 7);
}

TEST_P(FilterCompilerTest, SemanticErrorsNameTheProblem) {
  const TypeKind A = TypeKind::kArtifact, E = TypeKind::kExecution,
                 C = TypeKind::kContext;
  EXPECT_THAT(Error(E, "uri = 'x'"),
              HasSubstr("at column 1: executions have no attribute 'uri'"));
  EXPECT_THAT(Error(C, "state = LIVE"),
              HasSubstr("contexts have no attribute 'state'"));
  EXPECT_THAT(Error(A, "last_known_state = RUNNING"),
              HasSubstr("artifacts have no attribute 'last_known_state'"));
  EXPECT_THAT(Error(A, "a"), HasSubstr("artifacts have no attribute 'a'"));
  EXPECT_THAT(Error(A, "id = 'abc'"),
              HasSubstr("at column 6: cannot compare id (an integer) with "
                        "'abc' (a string)"));
  EXPECT_THAT(Error(A, "type_id = 'a'"), HasSubstr("cannot compare"));
  EXPECT_THAT(Error(A, "name = 1"),
              HasSubstr("cannot compare name (a string) with 1 (an integer)"));
  EXPECT_THAT(Error(A, "type = 1"), HasSubstr("cannot compare"));
  EXPECT_THAT(Error(A, "custom_properties.flag.bool_value = 1"),
              HasSubstr("cannot compare"));
  EXPECT_THAT(Error(A, "state = 1"),
              HasSubstr("state is an Artifact.State and compares only with "
                        "its value names"));
  EXPECT_THAT(Error(A, "state = 'LIVE'"),
              HasSubstr("is an Artifact.State and compares only"));
  EXPECT_THAT(Error(A, "state = RUNNING"),
              HasSubstr("'RUNNING' is not a value of Artifact.State"));
  EXPECT_THAT(Error(A, "state IN (LIVE, NEW)"),
              HasSubstr("at column 17: 'NEW' is not a value"));
  EXPECT_THAT(Error(E, "last_known_state NOT IN (PENDING)"),
              HasSubstr("'PENDING' is not a value of Execution.State"));
  EXPECT_THAT(Error(A, "state > LIVE"),
              HasSubstr("supports only =, !=, IN and NOT IN"));
  EXPECT_THAT(Error(A, "id = LIVE"),
              HasSubstr("at column 6: 'LIVE' is an Artifact.State value; enum "
                        "values compare only with enum fields"));
  EXPECT_THAT(Error(A, "events_0.type = SOME_ENUM"),
              HasSubstr("'SOME_ENUM' is not a value of Event.Type"));
  EXPECT_THAT(Error(A, "contexts_a.foo = 1"),
              HasSubstr("at column 12: 'contexts_a' has no field 'foo'"));
  EXPECT_THAT(Error(A, "contexts_0.id.bar = 1"),
              HasSubstr("expected contexts_0.FIELD"));
  EXPECT_THAT(Error(A, "contexts_.id = 1"), HasSubstr("needs an alias"));
  EXPECT_THAT(Error(C, "contexts_a.id = 1"),
              HasSubstr("'contexts_ALIAS' names cannot be used when listing "
                        "contexts"));
  EXPECT_THAT(Error(A, "parent_contexts_a.id = 1"),
              HasSubstr("cannot be used when listing artifacts"));
  EXPECT_THAT(Error(E, "artifacts_a.id = 1"),
              HasSubstr("cannot be used when listing executions"));
  EXPECT_THAT(Error(C, "events_0.type = INPUT"),
              HasSubstr("cannot be used when listing contexts"));
  EXPECT_THAT(Error(A, "events_0.artifact_id = 1"),
              HasSubstr("'events_0' has no field 'artifact_id'"));
  EXPECT_THAT(Error(E, "events_0.execution_id = 1"),
              HasSubstr("'events_0' has no field 'execution_id'"));
  EXPECT_THAT(Error(A, "foo.bar = 1"), HasSubstr("unknown name 'foo'"));
  EXPECT_THAT(Error(A, "properties.foo = 1"),
              HasSubstr("expected properties.NAME.FIELD"));
  EXPECT_THAT(Error(A, "properties.baz.int = 1"),
              HasSubstr("properties have no field 'int'"));
  EXPECT_THAT(Error(A, "type_id"),
              HasSubstr("expected a condition (a comparison or a boolean "
                        "value), found type_id (an integer)"));
  EXPECT_THAT(Error(A, "'a'"), HasSubstr("expected a condition"));
  EXPECT_THAT(Error(A, "NOT id"), HasSubstr("expected a condition"));
  EXPECT_THAT(Error(A, "id = 1 AND name"),
              HasSubstr("at column 12: expected a condition"));
  EXPECT_THAT(Error(A, "uri LIKE 5"),
              HasSubstr("LIKE needs a quoted string pattern"));
  EXPECT_THAT(Error(A, "id LIKE 'a'"),
              HasSubstr("LIKE needs a string on its left"));
  EXPECT_THAT(Error(A, R"(uri LIKE 'abc\\')"),
              HasSubstr("must not end with an unpaired escape"));
  EXPECT_THAT(Error(A, "name = NULL"),
              HasSubstr("NULL compares only with IS NULL"));
  EXPECT_THAT(Error(A, "name + 1 = 1"), HasSubstr("arithmetic needs numbers"));
  EXPECT_THAT(Error(A, "uri BETWEEN 1 AND 2"), HasSubstr("cannot compare"));
  EXPECT_THAT(Error(A, "state BETWEEN LIVE AND LIVE"),
              HasSubstr("BETWEEN needs numbers or strings"));
}

TEST_P(FilterCompilerTest, JoinCountIsCapped) {
  std::string ok = "id > 0";
  for (int i = 0; i < filter::kMaxJoinedTables - 1; ++i) {
    absl::StrAppend(&ok, " AND properties.p", i, ".int_value IS NULL");
  }
  EXPECT_TRUE(Compile(TypeKind::kArtifact, ok).ok());
  EXPECT_EQ(Artifacts(ok), Ids({}));
  const std::string too_many =
      absl::StrCat(ok, " AND properties.one_more.int_value = 1");
  EXPECT_THAT(Error(TypeKind::kArtifact, too_many), HasSubstr("joined tables"));
}

INSTANTIATE_STORE_TEST_SUITE(FilterCompilerTest);

}  // namespace
}  // namespace mlmd
