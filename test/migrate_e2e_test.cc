// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// End-to-end tests of `mlmd-server migrate status|apply`, run as the real
// binary against each backend, which is named with a --db DSN.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backends.h"
#include "store/schema.h"
#include "test/older_schema.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// Exit codes documented for `mlmd-server migrate`.
constexpr int kUpToDate = 0;
constexpr int kError = 1;
constexpr int kUsage = 2;
constexpr int kPending = 3;

struct CommandRun {
  int code = -1;
  std::string output;  // stdout and stderr
};

class MigrateE2ETest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override {
    options_ = GetParam().make_options();
    if (options_.connection_config.config_case() ==
        ml_metadata::ConnectionConfig::CONFIG_NOT_SET) {
      GTEST_SKIP() << GetParam().name << " is not configured (see "
                   << "scripts/testdb.sh)";
    }
    dsn_ = DsnFor(options_.connection_config);
  }

  CommandRun Migrate(std::vector<std::string> args) {
    args.insert(args.begin(), "migrate");
    args.push_back("--db=" + dsn_);
    CommandRun run;
    run.code = ServerProcess::RunToExit(args, &run.output);
    // Never a server: no port is bound, nothing listens.
    EXPECT_THAT(run.output, Not(HasSubstr("listening")));
    return run;
  }

  // A direct connection to the test's database, for setting up layouts.
  std::unique_ptr<sql::Connection> Raw() {
    auto conn = OpenRawConnection(options_);
    EXPECT_TRUE(conn.ok()) << conn.status();
    return conn.ok() ? *std::move(conn) : nullptr;
  }

  void Exec(const std::vector<std::string> &statements) {
    auto conn = Raw();
    ASSERT_NE(conn, nullptr);
    for (const std::string &stmt : statements) {
      auto st = conn->Execute(stmt);
      ASSERT_TRUE(st.ok()) << stmt << " -> " << st.status();
    }
  }

  // MLMDEnv.schema_version as the store reads it (0: empty database).
  int SchemaVersion() {
    auto conn = Raw();
    if (conn == nullptr) return -1;
    auto status = InspectSchema(*conn);
    EXPECT_TRUE(status.ok()) << status.status();
    return status.ok() ? status->mlmd_schema_version : -1;
  }

  std::string backend() const { return GetParam().name; }

  StoreOptions options_;
  std::string dsn_;
};

TEST_P(MigrateE2ETest, EmptyDatabaseStatusApplyStatus) {
  if (backend() == "sqlite") {
    // An existing, empty file.
    std::ofstream(options_.connection_config.sqlite().filename_uri()).close();
  }
  CommandRun status = Migrate({"status"});
  EXPECT_EQ(status.code, kPending) << status.output;
  EXPECT_THAT(status.output,
              AllOf(HasSubstr("MLMD schema version: none (empty database)"),
                    HasSubstr("target MLMD schema version: 10"),
                    HasSubstr("create MLMD schema 10 (mlmd_v10.sql)"),
                    HasSubstr("mlmd-server migration 0001_lookup_indexes.sql"),
                    Not(HasSubstr("--enable_database_upgrade"))));
  EXPECT_EQ(SchemaVersion(), 0) << "status changed the database";
  // `status` is the default action.
  EXPECT_EQ(Migrate({}).code, kPending);

  CommandRun apply = Migrate({"apply"});
  EXPECT_EQ(apply.code, kUpToDate) << apply.output;
  EXPECT_THAT(
      apply.output,
      AllOf(HasSubstr("applied: create MLMD schema 10 (mlmd_v10.sql)"),
            HasSubstr("applied: mlmd-server migration 0001_lookup_indexes.sql"),
            HasSubstr("MLMD schema version: 10")));
  EXPECT_EQ(SchemaVersion(), 10);

  CommandRun again = Migrate({"status"});
  EXPECT_EQ(again.code, kUpToDate) << again.output;
  EXPECT_THAT(again.output, AllOf(HasSubstr("MLMD schema version: 10"),
                                  HasSubstr("nothing pending")));
  CommandRun reapply = Migrate({"apply"});
  EXPECT_EQ(reapply.code, kUpToDate) << reapply.output;
  EXPECT_THAT(reapply.output, HasSubstr("nothing to apply"));

  // The server then serves that database from the same DSN.
  auto server = ServerProcess::Start({"--db=" + dsn_});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Output(), AllOf(HasSubstr("backend=" + backend()),
                                         HasSubstr("schema_version=10")));
}

TEST_P(MigrateE2ETest, OlderSchemaIsUpgradedOnlyWithTheFlag) {
  {
    // The layout upstream MLMD 1.1-1.6 left: schema 7, none of our tables.
    auto raw = Raw();
    ASSERT_NE(raw, nullptr);
    MLMD_ASSERT_OK(CreateUpstreamSchema(*raw, 7));
  }
  CommandRun status = Migrate({"status"});
  EXPECT_EQ(status.code, kPending) << status.output;
  EXPECT_THAT(status.output,
              AllOf(HasSubstr("MLMD schema version: 7\n"),
                    HasSubstr("MLMD schema 7 -> 8 (mlmd_upgrade_v8.sql)"),
                    HasSubstr("MLMD schema 8 -> 9 (mlmd_upgrade_v9.sql)"),
                    HasSubstr("MLMD schema 9 -> 10 (mlmd_upgrade_v10.sql)"),
                    HasSubstr("mlmd-server migration 0001_lookup_indexes.sql"),
                    HasSubstr("4 step(s) pending"),
                    HasSubstr("--enable_database_upgrade")));

  CommandRun refused = Migrate({"apply"});
  EXPECT_EQ(refused.code, kError) << refused.output;
  EXPECT_THAT(refused.output, AllOf(HasSubstr("--enable_database_upgrade"),
                                    Not(HasSubstr("applied:"))));
  EXPECT_EQ(SchemaVersion(), 7);
  // The server refuses it the same way.
  std::string out;
  EXPECT_EQ(ServerProcess::RunToExit({"--db=" + dsn_}, &out), kError) << out;
  EXPECT_THAT(out, HasSubstr("--enable_database_upgrade"));

  CommandRun upgrade = Migrate({"apply", "--enable_database_upgrade"});
  EXPECT_EQ(upgrade.code, kUpToDate) << upgrade.output;
  EXPECT_THAT(
      upgrade.output,
      AllOf(HasSubstr("applied: MLMD schema 7 -> 8 (mlmd_upgrade_v8.sql)"),
            HasSubstr("applied: MLMD schema 9 -> 10 (mlmd_upgrade_v10.sql)"),
            HasSubstr("applied: mlmd-server migration 0001_lookup_indexes.sql"),
            HasSubstr("MLMD schema version: 10")));
  EXPECT_EQ(SchemaVersion(), 10);
  EXPECT_EQ(Migrate({"status"}).code, kUpToDate);
}

TEST_P(MigrateE2ETest, NewerSchemaIsRefused) {
  ASSERT_EQ(Migrate({"apply"}).code, kUpToDate);
  Exec({"UPDATE MLMDEnv SET schema_version = 11"});
  for (const auto &args : std::vector<std::vector<std::string>>{
           {"status"}, {"apply", "--enable_database_upgrade"}}) {
    CommandRun run = Migrate(args);
    EXPECT_EQ(run.code, kError) << run.output;
    EXPECT_THAT(run.output,
                AllOf(HasSubstr("schema version 11"), HasSubstr("newer")));
  }
  EXPECT_EQ(SchemaVersion(), 11);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateE2ETest,
                         ::testing::ValuesIn(AvailableBackends()),
                         BackendTestName);

TEST(MigrateCommandE2E, UsageErrorsExitTwo) {
  const std::string dir = MakeTempDir("migrate_usage");
  for (const auto &args :
       std::vector<std::vector<std::string>>{{"migrate", "upgrade"},
                                             {"migrate", "status", "apply"},
                                             {"frobnicate"}}) {
    std::vector<std::string> with_db = args;
    with_db.push_back(absl::StrCat("--db=", dir, "/m.db"));
    std::string out;
    EXPECT_EQ(ServerProcess::RunToExit(with_db, &out), kUsage) << out;
    EXPECT_THAT(out, HasSubstr("migrate")) << out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/m.db"));
}

TEST(MigrateCommandE2E, BadDsnExitsTwoWithoutThePassword) {
  for (const std::vector<std::string> &prefix :
       {std::vector<std::string>{"migrate", "status"},
        std::vector<std::string>{}}) {
    std::vector<std::string> args = prefix;
    args.push_back("--db=postgresql://mlmd:Hunter2Pw@db:99999/meta");
    std::string out;
    EXPECT_EQ(ServerProcess::RunToExit(args, &out), kUsage) << out;
    EXPECT_THAT(
        out, AllOf(HasSubstr("--db: the port"), Not(HasSubstr("Hunter2Pw"))));
  }
  std::string out;
  EXPECT_EQ(
      ServerProcess::RunToExit(
          {"migrate", "--db=sqlite::memory:", "--mysql_config_host=db"}, &out),
      kUsage);
  EXPECT_THAT(out, HasSubstr("--db cannot be combined with "
                             "--mysql_config_host"));
}

TEST(MigrateCommandE2E, MlmdDbEnvironmentVariable) {
  const std::string dir = MakeTempDir("migrate_env");
  const std::string env = absl::StrCat("MLMD_DB=sqlite://", dir, "/env.db");
  std::string out;
  EXPECT_EQ(ServerProcess::RunToExit({"migrate", "apply"}, &out, {env}),
            kUpToDate)
      << out;
  EXPECT_THAT(out, HasSubstr(absl::StrCat("database: sqlite:", dir)));
  EXPECT_TRUE(std::filesystem::exists(dir + "/env.db"));
  // A flag wins over the variable.
  EXPECT_EQ(ServerProcess::RunToExit(
                {"migrate", absl::StrCat("--sqlite_path=", dir, "/flag.db")},
                &out, {env}),
            kPending)
      << out;
  EXPECT_THAT(out, HasSubstr("flag.db"));
}

}  // namespace
}  // namespace mlmd::testing
