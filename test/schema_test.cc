// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Schema creation, checking and upgrading (store/schema.h) on every
// available backend, against a fresh empty database per test.
#include "store/schema.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backends.h"
#include "store/sql/connection_pool.h"
#include "test/older_schema.h"
#include "test/store_test_fixture.h"

namespace mlmd {
namespace {

using ::mlmd::testing::BackendParam;
using sql::Dialect;
using sql::Value;
using ::testing::HasSubstr;

// The tables of MLMD schema 10, as upstream names them.
const std::vector<std::string>& UpstreamTables() {
  static const auto* tables = new std::vector<std::string>{"Type",
                                                           "TypeProperty",
                                                           "ParentType",
                                                           "Artifact",
                                                           "ArtifactProperty",
                                                           "Execution",
                                                           "ExecutionProperty",
                                                           "Event",
                                                           "EventPath",
                                                           "MLMDEnv",
                                                           "Context",
                                                           "ContextProperty",
                                                           "ParentContext",
                                                           "Association",
                                                           "Attribution"};
  return *tables;
}

// Upstream's secondary indexes at schema 10 (all dialects use these names).
const std::vector<std::string>& UpstreamIndexes() {
  static const auto* indexes =
      new std::vector<std::string>{"idx_artifact_uri",
                                   "idx_artifact_create_time_since_epoch",
                                   "idx_artifact_last_update_time_since_epoch",
                                   "idx_event_execution_id",
                                   "idx_parentcontext_parent_context_id",
                                   "idx_type_name",
                                   "idx_execution_create_time_since_epoch",
                                   "idx_execution_last_update_time_since_epoch",
                                   "idx_context_create_time_since_epoch",
                                   "idx_context_last_update_time_since_epoch",
                                   "idx_eventpath_event_id",
                                   "idx_artifact_property_int",
                                   "idx_artifact_property_double",
                                   "idx_artifact_property_string",
                                   "idx_execution_property_int",
                                   "idx_execution_property_double",
                                   "idx_execution_property_string",
                                   "idx_context_property_int",
                                   "idx_context_property_double",
                                   "idx_context_property_string",
                                   "idx_type_external_id",
                                   "idx_artifact_external_id",
                                   "idx_execution_external_id",
                                   "idx_context_external_id"};
  return *indexes;
}

class SchemaTest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override {
    options_ = GetParam().make_options();
    if (options_.connection_config.config_case() ==
        ml_metadata::ConnectionConfig::CONFIG_NOT_SET) {
      GTEST_SKIP() << GetParam().name << " is not configured (see "
                   << "scripts/testdb.sh)";
    }
    pool_ = NewPool();
    ASSERT_NE(pool_, nullptr);
  }

  // A pool on the test's database (the same one each call).
  std::unique_ptr<sql::ConnectionPool> NewPool() {
    auto factory = MakeConnectionFactory(options_.connection_config);
    EXPECT_TRUE(factory.ok()) << factory.status();
    if (!factory.ok()) return nullptr;
    return std::make_unique<sql::ConnectionPool>(*std::move(factory),
                                                 sql::PoolOptions{});
  }

  Dialect dialect() const { return pool_->dialect(); }

  // Runs statements outside any transaction, asserting success.
  void Exec(const std::vector<std::string>& statements) {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    for (const std::string& sql : statements) {
      auto st = (*lease)->Execute(sql);
      ASSERT_TRUE(st.ok()) << sql << " -> " << st.status();
    }
  }

  absl::StatusOr<sql::ResultSet> Query(const std::string& sql,
                                       std::vector<Value> params = {}) {
    auto lease = pool_->Acquire();
    if (!lease.ok()) return lease.status();
    return (*lease)->Query(sql, params);
  }

  std::vector<int64_t> SchemaVersions() {
    auto rows = Query("SELECT schema_version FROM MLMDEnv");
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<int64_t> out;
    if (rows.ok()) {
      for (const auto& r : rows->rows) out.push_back(r[0].AsInt());
    }
    return out;
  }

  // Index names in the database, lower-cased.
  std::set<std::string> IndexNames() {
    std::string sql;
    switch (dialect()) {
      case Dialect::kSqlite:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'";
        break;
      case Dialect::kPostgresql:
        sql =
            "SELECT indexname FROM pg_indexes WHERE schemaname = "
            "current_schema()";
        break;
      case Dialect::kMysql:
        sql =
            "SELECT DISTINCT index_name FROM information_schema.statistics "
            "WHERE table_schema = DATABASE()";
        break;
    }
    auto rows = Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::set<std::string> out;
    if (rows.ok()) {
      for (const auto& r : rows->rows) {
        out.insert(absl::AsciiStrToLower(r[0].AsText()));
      }
    }
    return out;
  }

  // table -> column -> data type, lower-cased (servers only).
  std::map<std::string, std::map<std::string, std::string>> Columns() {
    const std::string sql =
        dialect() == Dialect::kPostgresql
            ? "SELECT table_name, column_name, data_type FROM "
              "information_schema.columns WHERE table_schema = "
              "current_schema()"
            : "SELECT table_name, column_name, column_type FROM "
              "information_schema.columns WHERE table_schema = DATABASE()";
    auto rows = Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::map<std::string, std::map<std::string, std::string>> out;
    if (rows.ok()) {
      for (const auto& r : rows->rows) {
        out[absl::AsciiStrToLower(r[0].AsText())]
           [absl::AsciiStrToLower(r[1].AsText())] =
               absl::AsciiStrToLower(r[2].AsText());
      }
    }
    return out;
  }

  StoreOptions options_;
  std::unique_ptr<sql::ConnectionPool> pool_;
};

TEST_P(SchemaTest, EmptyDatabaseGetsSchema10) {
  auto version = InitializeSchema(*pool_, /*enable_upgrade=*/false);
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, 10);
  EXPECT_EQ(SchemaVersions(), std::vector<int64_t>{10});
  for (const std::string& table : UpstreamTables()) {
    auto rows = Query(absl::StrCat("SELECT COUNT(*) FROM ", table));
    EXPECT_TRUE(rows.ok()) << table << ": " << rows.status();
  }
  // The columns upstream's own start-up checks read.
  for (const std::string& check :
       {"SELECT id, name, version, type_kind, description, input_type, "
        "output_type, external_id FROM Type",
        "SELECT artifact_id, name, is_custom_property, int_value, "
        "double_value, string_value, byte_value, proto_value, bool_value "
        "FROM ArtifactProperty",
        "SELECT id, type_id, uri, state, name, external_id, "
        "create_time_since_epoch, last_update_time_since_epoch FROM "
        "Artifact",
        "SELECT id, artifact_id, execution_id, type, "
        "milliseconds_since_epoch FROM Event",
        "SELECT event_id, is_index_step, step_index, step_key FROM "
        "EventPath"}) {
    auto rows = Query(check);
    EXPECT_TRUE(rows.ok()) << check << ": " << rows.status();
  }
  std::set<std::string> indexes = IndexNames();
  for (const std::string& name : UpstreamIndexes()) {
    EXPECT_TRUE(indexes.count(name)) << "missing index " << name;
  }
  for (const std::string& name :
       {"mlmds_association_execution", "mlmds_attribution_artifact",
        "mlmds_type_kind_name", "mlmds_parenttype_parent"}) {
    EXPECT_TRUE(indexes.count(name)) << "missing index " << name;
  }
}

TEST_P(SchemaTest, ServerSchemaMatchesUpstreamTypesAndConstraints) {
  if (dialect() == Dialect::kSqlite) GTEST_SKIP() << "servers only";
  ASSERT_TRUE(InitializeSchema(*pool_, false).ok());
  auto cols = Columns();
  if (dialect() == Dialect::kPostgresql) {
    EXPECT_EQ(cols["artifactproperty"]["is_custom_property"], "boolean");
    EXPECT_EQ(cols["artifactproperty"]["byte_value"], "bytea");
    EXPECT_EQ(cols["artifactproperty"]["double_value"], "double precision");
    EXPECT_EQ(cols["eventpath"]["is_index_step"], "boolean");
    EXPECT_EQ(cols["type"]["type_kind"], "smallint");
    EXPECT_EQ(cols["artifact"]["create_time_since_epoch"], "bigint");
    EXPECT_EQ(cols["mlmdenv"]["schema_version"], "integer");
    auto names = Query(
        "SELECT conname FROM pg_constraint WHERE conname IN "
        "('uniqueartifacttypename', 'uniqueexecutiontypename', "
        "'uniqueevent')");
    ASSERT_TRUE(names.ok()) << names.status();
    EXPECT_EQ(names->size(), 3u);
  } else {
    EXPECT_EQ(cols["artifactproperty"]["string_value"], "mediumtext");
    EXPECT_EQ(cols["artifactproperty"]["byte_value"], "mediumblob");
    EXPECT_EQ(cols["artifactproperty"]["is_custom_property"], "tinyint(1)");
    EXPECT_EQ(cols["contextproperty"]["proto_value"], "mediumblob");
    EXPECT_EQ(cols["type"]["id"], "int(11)");
    EXPECT_EQ(cols["event"]["milliseconds_since_epoch"], "bigint(20)");
    EXPECT_EQ(cols["eventpath"]["step_key"], "text");
    std::set<std::string> indexes = IndexNames();
    EXPECT_TRUE(indexes.count("uniqueartifacttypename"));
    EXPECT_TRUE(indexes.count("uniqueexecutiontypename"));
    EXPECT_TRUE(indexes.count("uniqueevent"));
  }
  // Every upstream table exists in the catalog under its expected name.
  for (const std::string& table : UpstreamTables()) {
    EXPECT_TRUE(cols.count(absl::AsciiStrToLower(table))) << table;
  }
  EXPECT_EQ(cols.size(), UpstreamTables().size() + 1)  // + our own table
      << "unexpected extra tables";
}

TEST_P(SchemaTest, ReopeningIsANoOp) {
  ASSERT_TRUE(InitializeSchema(*pool_, false).ok());
  Exec({"INSERT INTO Type (name, type_kind) VALUES ('kept', 1)"});
  std::set<std::string> indexes_before = IndexNames();
  pool_ = NewPool();
  auto again = InitializeSchema(*pool_, false);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 10);
  EXPECT_EQ(SchemaVersions(), std::vector<int64_t>{10});
  auto kept = Query("SELECT COUNT(*) FROM Type WHERE name = 'kept'");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->rows[0][0].AsInt(), 1);
  EXPECT_EQ(IndexNames(), indexes_before);
  auto applied = Query("SELECT version, name FROM mlmd_server_migrations");
  ASSERT_TRUE(applied.ok()) << applied.status();
  ASSERT_EQ(applied->size(), 1u);
  EXPECT_EQ(applied->rows[0][0].AsInt(), 1);
  EXPECT_EQ(applied->rows[0][1].AsText(), "0001_lookup_indexes.sql");
}

TEST_P(SchemaTest, InspectReportsOurMigrations) {
  {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok());
    auto before = InspectSchema(**lease);
    ASSERT_TRUE(before.ok()) << before.status();
    EXPECT_EQ(before->mlmd_schema_version, 0);
    EXPECT_THAT(before->pending_extensions,
                ::testing::Contains("0001_lookup_indexes.sql"));
  }
  ASSERT_TRUE(InitializeSchema(*pool_, false).ok());
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok());
  auto after = InspectSchema(**lease);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->mlmd_schema_version, 10);
  EXPECT_THAT(after->applied_extensions, ::testing::Contains(1));
  EXPECT_TRUE(after->pending_extensions.empty());
}

TEST_P(SchemaTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(InitializeSchema(*pool_, false).ok());
  Exec({"UPDATE MLMDEnv SET schema_version = 11"});
  auto got = InitializeSchema(*pool_, /*enable_upgrade=*/true);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition)
      << got.status();
  EXPECT_THAT(got.status().message(), HasSubstr("11"));
  EXPECT_EQ(SchemaVersions(), std::vector<int64_t>{11});  // untouched
}

TEST_P(SchemaTest, OlderSchemaNeedsTheUpgradeFlag) {
  ASSERT_TRUE(InitializeSchema(*pool_, false).ok());
  Exec({"UPDATE MLMDEnv SET schema_version = 9"});
  auto got = InitializeSchema(*pool_, /*enable_upgrade=*/false);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition)
      << got.status();
  EXPECT_THAT(got.status().message(), HasSubstr("--enable_database_upgrade"));
  EXPECT_EQ(SchemaVersions(), std::vector<int64_t>{9});
}

TEST_P(SchemaTest, TwoEnvRowsAreRefused) {
  ASSERT_TRUE(InitializeSchema(*pool_, false).ok());
  Exec({"INSERT INTO MLMDEnv (schema_version) VALUES (9)"});
  auto got = InitializeSchema(*pool_, false);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kFailedPrecondition)
      << got.status();
}

// The descriptions of `steps`, in order.
std::vector<std::string> Describe(const std::vector<SchemaStep>& steps) {
  std::vector<std::string> out;
  for (const SchemaStep& step : steps) out.push_back(step.description);
  return out;
}

TEST_P(SchemaTest, PlanForAnEmptyDatabaseCreatesAndChangesNothing) {
  auto lease = pool_->Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  auto plan = PlanSchemaMigration(**lease);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->current_version, 0);
  EXPECT_EQ(plan->target_version, 10);
  EXPECT_FALSE(plan->needs_upgrade());
  EXPECT_THAT(
      Describe(plan->steps),
      ::testing::ElementsAre("create MLMD schema 10 (mlmd_v10.sql)",
                             "mlmd-server migration 0001_lookup_indexes.sql"));
  ASSERT_EQ(plan->steps.size(), 2u);
  EXPECT_EQ(plan->steps[0].kind, SchemaStep::Kind::kCreate);
  EXPECT_TRUE(plan->steps[0].available());
  EXPECT_EQ(plan->steps[1].kind, SchemaStep::Kind::kExtension);
  EXPECT_EQ(plan->steps[1].version, 1);
  // Planning wrote nothing.
  EXPECT_FALSE(Query("SELECT schema_version FROM MLMDEnv").ok());
}

TEST_P(SchemaTest, InitializeRunsExactlyThePlan) {
  std::vector<std::string> planned;
  {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    auto plan = PlanSchemaMigration(**lease);
    ASSERT_TRUE(plan.ok()) << plan.status();
    planned = Describe(plan->steps);
  }
  std::vector<SchemaStep> applied;
  ASSERT_TRUE(InitializeSchema(*pool_, false, &applied).ok());
  EXPECT_EQ(Describe(applied), planned);
  // Up to date: an empty plan, and initializing again applies nothing.
  {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    auto plan = PlanSchemaMigration(**lease);
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(plan->current_version, 10);
    EXPECT_TRUE(plan->steps.empty());
  }
  ASSERT_TRUE(InitializeSchema(*pool_, false, &applied).ok());
  EXPECT_TRUE(applied.empty());
}

TEST_P(SchemaTest, PlanListsTheUpgradeChainThatInitializeRuns) {
  const std::vector<std::string> expected = {
      "MLMD schema 7 -> 8 (mlmd_upgrade_v8.sql)",
      "MLMD schema 8 -> 9 (mlmd_upgrade_v9.sql)",
      "MLMD schema 9 -> 10 (mlmd_upgrade_v10.sql)",
      "mlmd-server migration 0001_lookup_indexes.sql"};
  {
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    MLMD_ASSERT_OK(testing::CreateUpstreamSchema(**lease, 7));
    auto plan = PlanSchemaMigration(**lease);
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(plan->current_version, 7);
    EXPECT_TRUE(plan->needs_upgrade());
    EXPECT_EQ(Describe(plan->steps), expected);
    for (const SchemaStep& step : plan->steps) {
      EXPECT_TRUE(step.available()) << step.description;
    }
    EXPECT_EQ(plan->steps[2].kind, SchemaStep::Kind::kUpgrade);
    EXPECT_EQ(plan->steps[2].version, 10);
  }
  std::vector<SchemaStep> applied;
  auto refused = InitializeSchema(*pool_, /*enable_upgrade=*/false, &applied);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(applied.empty());
  EXPECT_EQ(SchemaVersions(), std::vector<int64_t>{7});
  auto got = InitializeSchema(*pool_, /*enable_upgrade=*/true, &applied);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(Describe(applied), expected);
  EXPECT_EQ(SchemaVersions(), std::vector<int64_t>{10});
}

TEST_P(SchemaTest, PlanRefusesNewerAndTooOldSchemas) {
  ASSERT_TRUE(InitializeSchema(*pool_, false).ok());
  for (const auto& [version, expected] :
       std::vector<std::pair<int, std::string>>{
           {11, "newer than the version 10"},
           {6, "upgrading from MLMD schema version 6 is not supported"}}) {
    Exec({absl::StrCat("UPDATE MLMDEnv SET schema_version = ", version)});
    auto lease = pool_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    auto plan = PlanSchemaMigration(**lease);
    EXPECT_EQ(plan.status().code(), absl::StatusCode::kFailedPrecondition)
        << plan.status();
    EXPECT_THAT(plan.status().message(), HasSubstr(expected));
  }
  // The server refuses the too-old one the same way, even with the flag.
  auto got = InitializeSchema(*pool_, /*enable_upgrade=*/true);
  EXPECT_THAT(got.status().message(), HasSubstr("is not supported"));
}

TEST_P(SchemaTest, ConcurrentInitializationAgrees) {
  std::unique_ptr<sql::ConnectionPool> other = NewPool();
  ASSERT_NE(other, nullptr);
  absl::StatusOr<int> a = 0, b = 0;
  std::thread t([&] { a = InitializeSchema(*other, false); });
  b = InitializeSchema(*pool_, false);
  t.join();
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(*a, 10);
  EXPECT_EQ(*b, 10);
  EXPECT_EQ(SchemaVersions(), std::vector<int64_t>{10});
  auto applied = Query("SELECT COUNT(*) FROM mlmd_server_migrations");
  ASSERT_TRUE(applied.ok());
  EXPECT_EQ(applied->rows[0][0].AsInt(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaTest,
                         ::testing::ValuesIn(testing::AvailableBackends()),
                         testing::BackendTestName);

}  // namespace
}  // namespace mlmd
