// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// How the database flags, --db and MLMD_DB combine in BuildServerConfig().
#include "server/config.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "test/server_process.h"

ABSL_DECLARE_FLAG(std::string, db);
ABSL_DECLARE_FLAG(std::string, sqlite_path);
ABSL_DECLARE_FLAG(std::string, metadata_source_config_type);
ABSL_DECLARE_FLAG(std::string, metadata_store_server_config_file);
ABSL_DECLARE_FLAG(std::string, postgres_config_host);
ABSL_DECLARE_FLAG(std::string, postgres_config_port);
ABSL_DECLARE_FLAG(std::string, postgres_config_user);
ABSL_DECLARE_FLAG(std::string, postgres_config_password);
ABSL_DECLARE_FLAG(std::string, postgres_config_dbname);
ABSL_DECLARE_FLAG(std::string, postgres_config_sslmode);
ABSL_DECLARE_FLAG(std::string, postgres_config_sslrootcert);
ABSL_DECLARE_FLAG(bool, postgres_config_skip_db_creation);
ABSL_DECLARE_FLAG(std::string, mysql_config_host);
ABSL_DECLARE_FLAG(int, mysql_config_port);
ABSL_DECLARE_FLAG(std::string, mysql_config_database);
ABSL_DECLARE_FLAG(std::string, mysql_config_user);
ABSL_DECLARE_FLAG(std::string, mysql_config_password);

namespace mlmd::server {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Every test starts from default flags and no MLMD_DB. (absl::FlagSaver
// would do, but logs every flag it restores.)
class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv("MLMD_DB"); }
  void TearDown() override {
    unsetenv("MLMD_DB");
    for (const char* name :
         {"db", "sqlite_path", "metadata_source_config_type",
          "metadata_store_server_config_file", "postgres_config_host",
          "postgres_config_port", "postgres_config_user",
          "postgres_config_password", "postgres_config_dbname",
          "postgres_config_sslmode", "postgres_config_sslrootcert",
          "postgres_config_skip_db_creation", "mysql_config_host",
          "mysql_config_port", "mysql_config_database", "mysql_config_user",
          "mysql_config_password"}) {
      absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
      ASSERT_NE(flag, nullptr) << name;
      std::string error;
      ASSERT_TRUE(flag->ParseFrom(flag->DefaultValue(), &error)) << error;
    }
  }

  ml_metadata::ConnectionConfig Connection() {
    auto config = BuildServerConfig();
    EXPECT_TRUE(config.ok()) << config.status();
    if (!config.ok()) return {};
    // The store gets the same config as the upstream message.
    EXPECT_TRUE(MessageDifferencer::Equals(
        config->store.connection_config, config->upstream.connection_config()));
    return config->store.connection_config;
  }

  std::string Error() {
    auto config = BuildServerConfig();
    EXPECT_FALSE(config.ok());
    if (config.ok()) return "";
    EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(config.status().message());
  }
};

TEST_F(ConfigTest, PostgresqlDsnBuildsWhatThePostgresFlagsBuild) {
  absl::SetFlag(&FLAGS_postgres_config_host, "pg.internal");
  absl::SetFlag(&FLAGS_postgres_config_port, "5433");
  absl::SetFlag(&FLAGS_postgres_config_user, "mlmd");
  absl::SetFlag(&FLAGS_postgres_config_password, "p@ss word");
  absl::SetFlag(&FLAGS_postgres_config_dbname, "metadata");
  absl::SetFlag(&FLAGS_postgres_config_sslmode, "require");
  absl::SetFlag(&FLAGS_postgres_config_sslrootcert, "/etc/ca.pem");
  absl::SetFlag(&FLAGS_postgres_config_skip_db_creation, true);
  const ml_metadata::ConnectionConfig from_flags = Connection();
  ASSERT_TRUE(from_flags.has_postgresql());
  for (auto* flag :
       {&FLAGS_postgres_config_host, &FLAGS_postgres_config_port,
        &FLAGS_postgres_config_user, &FLAGS_postgres_config_password,
        &FLAGS_postgres_config_dbname, &FLAGS_postgres_config_sslmode,
        &FLAGS_postgres_config_sslrootcert}) {
    absl::SetFlag(flag, "");
  }
  absl::SetFlag(&FLAGS_postgres_config_skip_db_creation, false);
  absl::SetFlag(&FLAGS_db,
                "postgresql://mlmd:p%40ss%20word@pg.internal:5433/metadata"
                "?sslmode=require&sslrootcert=/etc/ca.pem"
                "&skip_db_creation=true");
  const ml_metadata::ConnectionConfig from_dsn = Connection();
  EXPECT_TRUE(MessageDifferencer::Equivalent(from_flags, from_dsn))
      << from_flags.DebugString() << "\nvs\n"
      << from_dsn.DebugString();
}

TEST_F(ConfigTest, MysqlDsnBuildsWhatTheMysqlFlagsBuild) {
  absl::SetFlag(&FLAGS_mysql_config_host, "10.1.2.3");
  absl::SetFlag(&FLAGS_mysql_config_port, 3307);
  absl::SetFlag(&FLAGS_mysql_config_database, "mlmd");
  absl::SetFlag(&FLAGS_mysql_config_user, "root");
  absl::SetFlag(&FLAGS_mysql_config_password, "pw");
  const ml_metadata::ConnectionConfig from_flags = Connection();
  ASSERT_TRUE(from_flags.has_mysql());
  absl::SetFlag(&FLAGS_mysql_config_host, "");
  absl::SetFlag(&FLAGS_mysql_config_port, 0);
  absl::SetFlag(&FLAGS_mysql_config_database, "");
  absl::SetFlag(&FLAGS_mysql_config_user, "");
  absl::SetFlag(&FLAGS_mysql_config_password, "");
  absl::SetFlag(&FLAGS_db, "mysql://root:pw@10.1.2.3:3307/mlmd");
  EXPECT_TRUE(MessageDifferencer::Equivalent(from_flags, Connection()));
}

TEST_F(ConfigTest, DbRefusesOtherDatabaseFlags) {
  absl::SetFlag(&FLAGS_db, "postgresql://u:Secret99@h/db");
  absl::SetFlag(&FLAGS_mysql_config_host, "other");
  absl::SetFlag(&FLAGS_mysql_config_port, 3307);
  EXPECT_THAT(Error(),
              AllOf(StartsWith("--db cannot be combined with"),
                    HasSubstr("--mysql_config_host, --mysql_config_port"),
                    Not(HasSubstr("Secret99"))));
}

TEST_F(ConfigTest, DbRefusesSqlitePathAndConfigFile) {
  absl::SetFlag(&FLAGS_db, "/tmp/a.db");
  absl::SetFlag(&FLAGS_sqlite_path, "/tmp/b.db");
  EXPECT_THAT(Error(), HasSubstr("--sqlite_path"));
  absl::SetFlag(&FLAGS_sqlite_path, "");
  absl::SetFlag(&FLAGS_metadata_store_server_config_file, "/tmp/c.pbtxt");
  EXPECT_THAT(Error(), HasSubstr("--metadata_store_server_config_file"));
}

TEST_F(ConfigTest, DbMustAgreeWithAnExplicitSourceType) {
  absl::SetFlag(&FLAGS_db, "postgresql://h/db");
  absl::SetFlag(&FLAGS_metadata_source_config_type, "mysql");
  EXPECT_THAT(Error(),
              AllOf(HasSubstr("--db names a postgresql database"),
                    HasSubstr("--metadata_source_config_type is 'mysql'")));
  absl::SetFlag(&FLAGS_metadata_source_config_type, "postgresql");
  EXPECT_TRUE(Connection().has_postgresql());
  absl::SetFlag(&FLAGS_metadata_source_config_type, "oracle");
  EXPECT_THAT(Error(), HasSubstr("must be one of"));
}

TEST_F(ConfigTest, BadDsnIsReportedWithoutThePassword) {
  absl::SetFlag(&FLAGS_db, "postgresql://u:Secret99@h:99999/db");
  EXPECT_THAT(Error(), AllOf(StartsWith("--db: "), HasSubstr("port"),
                             Not(HasSubstr("Secret99"))));
}

TEST_F(ConfigTest, PlainDbIsASqlitePathWithParentsCreated) {
  const std::string dir = mlmd::testing::MakeTempDir("config_plain");
  const std::string path = dir + "/nested/deeper/m.db";
  absl::SetFlag(&FLAGS_db, path);
  EXPECT_EQ(Connection().sqlite().filename_uri(), path);
  EXPECT_TRUE(std::filesystem::is_directory(dir + "/nested/deeper"));
  absl::SetFlag(&FLAGS_db, "sqlite::memory:");
  EXPECT_EQ(Connection().sqlite().filename_uri(), ":memory:");
}

TEST_F(ConfigTest, MlmdDbEnvIsTheFallback) {
  setenv("MLMD_DB", "mysql://u:p@envhost/envdb", 1);
  ml_metadata::ConnectionConfig c = Connection();
  ASSERT_TRUE(c.has_mysql());
  EXPECT_EQ(c.mysql().host(), "envhost");
  EXPECT_EQ(c.mysql().database(), "envdb");

  // Any flag naming a database wins over the variable.
  absl::SetFlag(&FLAGS_sqlite_path, ":memory:");
  EXPECT_TRUE(Connection().has_sqlite());
  absl::SetFlag(&FLAGS_sqlite_path, "");
  absl::SetFlag(&FLAGS_db, "postgresql://h/db");
  EXPECT_TRUE(Connection().has_postgresql());
  absl::SetFlag(&FLAGS_db, "");
  absl::SetFlag(&FLAGS_postgres_config_host, "flaghost");
  EXPECT_EQ(Connection().postgresql().host(), "flaghost");
  absl::SetFlag(&FLAGS_postgres_config_host, "");

  setenv("MLMD_DB", "mysql://u:p@envhost:0/envdb", 1);
  EXPECT_THAT(Error(), StartsWith("MLMD_DB: "));
  setenv("MLMD_DB", "postgresql://h/db", 1);
  absl::SetFlag(&FLAGS_metadata_source_config_type, "sqlite");
  EXPECT_THAT(Error(), HasSubstr("MLMD_DB names a postgresql database"));
}

}  // namespace
}  // namespace mlmd::server
