// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The --db DSN parser (server/dsn.h): good and bad DSNs for each scheme.
#include "server/dsn.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mlmd::server {
namespace {

using ml_metadata::ConnectionConfig;
using ml_metadata::SqliteMetadataSourceConfig;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

ConnectionConfig ParseOk(const std::string& dsn) {
  auto parsed = ParseDatabaseDsn(dsn);
  EXPECT_TRUE(parsed.ok()) << dsn << " -> " << parsed.status();
  return parsed.ok() ? *parsed : ConnectionConfig();
}

// The error message for a DSN that must be refused as INVALID_ARGUMENT.
std::string ParseError(const std::string& dsn,
                       const std::string& source = "--db") {
  auto parsed = ParseDatabaseDsn(dsn, source);
  EXPECT_FALSE(parsed.ok())
      << dsn << " was accepted: " << (parsed.ok() ? parsed->DebugString() : "");
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
      << parsed.status();
  EXPECT_THAT(std::string(parsed.status().message()),
              StartsWith(source + ": "));
  return std::string(parsed.status().message());
}

// ---- PostgreSQL ----

TEST(DsnTest, PostgresqlWithEveryParameter) {
  const ConnectionConfig c = ParseOk(
      "postgresql://alice:s3cr%40t%3Aw0rd@db.example.com:6543/ml%20md"
      "?sslmode=verify-full&sslrootcert=/etc/ssl/ca.pem&sslcert=/c.pem"
      "&sslkey=/k.pem&sslpassword=key%26pw&passfile=/pgpass"
      "&hostaddr=10.0.0.7&skip_db_creation=true");
  ASSERT_TRUE(c.has_postgresql());
  const auto& pg = c.postgresql();
  EXPECT_EQ(pg.user(), "alice");
  EXPECT_EQ(pg.password(), "s3cr@t:w0rd");
  EXPECT_EQ(pg.host(), "db.example.com");
  EXPECT_EQ(pg.port(), "6543");
  EXPECT_EQ(pg.dbname(), "ml md");
  EXPECT_EQ(pg.hostaddr(), "10.0.0.7");
  EXPECT_EQ(pg.passfile(), "/pgpass");
  EXPECT_TRUE(pg.skip_db_creation());
  EXPECT_EQ(pg.ssloption().sslmode(), "verify-full");
  EXPECT_EQ(pg.ssloption().sslrootcert(), "/etc/ssl/ca.pem");
  EXPECT_EQ(pg.ssloption().sslcert(), "/c.pem");
  EXPECT_EQ(pg.ssloption().sslkey(), "/k.pem");
  EXPECT_EQ(pg.ssloption().sslpassword(), "key&pw");
}

TEST(DsnTest, PostgresqlDefaultsAndAlias) {
  const ConnectionConfig c = ParseOk("postgres://bob@localhost/mlmd");
  ASSERT_TRUE(c.has_postgresql());
  EXPECT_EQ(c.postgresql().user(), "bob");
  EXPECT_FALSE(c.postgresql().has_password());
  EXPECT_EQ(c.postgresql().host(), "localhost");
  EXPECT_EQ(c.postgresql().port(), "5432");
  EXPECT_EQ(c.postgresql().dbname(), "mlmd");
  EXPECT_FALSE(c.postgresql().has_ssloption());
  EXPECT_FALSE(c.postgresql().skip_db_creation());

  const ConnectionConfig upper = ParseOk("PostgreSQL://h/d");
  EXPECT_TRUE(upper.has_postgresql());
  EXPECT_FALSE(upper.postgresql().has_user());
}

TEST(DsnTest, Ipv6HostInBrackets) {
  const ConnectionConfig pg = ParseOk("postgresql://u:p@[::1]:5433/db");
  EXPECT_EQ(pg.postgresql().host(), "::1");
  EXPECT_EQ(pg.postgresql().port(), "5433");
  const ConnectionConfig my = ParseOk("mysql://u@[2001:db8::5]/db");
  EXPECT_EQ(my.mysql().host(), "2001:db8::5");
  EXPECT_EQ(my.mysql().port(), 3306);
  // A zone id is written %25 inside the brackets.
  EXPECT_EQ(ParseOk("postgresql://[fe80::1%25eth0]/db").postgresql().host(),
            "fe80::1%eth0");

  EXPECT_THAT(ParseError("postgresql://u@::1:5432/db"), HasSubstr("bracket"));
  EXPECT_THAT(ParseError("postgresql://u@[::1/db"), HasSubstr("']'"));
  EXPECT_THAT(ParseError("postgresql://u@[]:5432/db"), HasSubstr("empty"));
  EXPECT_THAT(ParseError("postgresql://u@[::1]x/db"), HasSubstr(":port"));
}

TEST(DsnTest, PostgresqlUnixSocketDirectory) {
  const ConnectionConfig query =
      ParseOk("postgresql:///mlmd?host=/var/run/postgresql");
  EXPECT_EQ(query.postgresql().host(), "/var/run/postgresql");
  EXPECT_EQ(query.postgresql().dbname(), "mlmd");
  // libpq's other spelling: the directory percent-encoded as the host.
  const ConnectionConfig encoded =
      ParseOk("postgresql://%2Fvar%2Frun%2Fpostgresql/mlmd");
  EXPECT_EQ(encoded.postgresql().host(), "/var/run/postgresql");
  EXPECT_THAT(ParseError("postgresql://h/mlmd?host=/tmp"),
              HasSubstr("host is given both"));
}

TEST(DsnTest, BadSslModeAndBooleans) {
  EXPECT_THAT(ParseError("postgresql://h/db?sslmode=always"),
              AllOf(HasSubstr("sslmode"), HasSubstr("verify-full")));
  EXPECT_THAT(ParseError("postgresql://h/db?skip_db_creation=maybe"),
              HasSubstr("'skip_db_creation' must be true or false"));
  EXPECT_FALSE(ParseOk("postgresql://h/db?skip_db_creation=0")
                   .postgresql()
                   .skip_db_creation());
}

// ---- MySQL ----

TEST(DsnTest, MysqlWithEveryParameter) {
  const ConnectionConfig c = ParseOk(
      "mysql://root:p%2Fw%3Fd@127.0.0.1:3307/meta_data?ssl_key=/k.pem"
      "&ssl_cert=/c.pem&ssl_ca=/ca.pem&ssl_capath=/etc/certs"
      "&ssl_cipher=ECDHE-RSA-AES256-GCM-SHA384&ssl_verify_server_cert=true"
      "&skip_db_creation=1");
  ASSERT_TRUE(c.has_mysql());
  const auto& my = c.mysql();
  EXPECT_EQ(my.user(), "root");
  EXPECT_EQ(my.password(), "p/w?d");
  EXPECT_EQ(my.host(), "127.0.0.1");
  EXPECT_EQ(my.port(), 3307);
  EXPECT_EQ(my.database(), "meta_data");
  EXPECT_TRUE(my.skip_db_creation());
  EXPECT_EQ(my.ssl_options().key(), "/k.pem");
  EXPECT_EQ(my.ssl_options().cert(), "/c.pem");
  EXPECT_EQ(my.ssl_options().ca(), "/ca.pem");
  EXPECT_EQ(my.ssl_options().capath(), "/etc/certs");
  EXPECT_EQ(my.ssl_options().cipher(), "ECDHE-RSA-AES256-GCM-SHA384");
  EXPECT_TRUE(my.ssl_options().verify_server_cert());
}

TEST(DsnTest, MysqlDefaultsAliasAndSocket) {
  const ConnectionConfig c = ParseOk("mariadb://u:pw@db/mlmd");
  ASSERT_TRUE(c.has_mysql());
  EXPECT_EQ(c.mysql().port(), 3306);
  EXPECT_FALSE(c.mysql().has_ssl_options());
  EXPECT_FALSE(c.mysql().skip_db_creation());

  const ConnectionConfig socket =
      ParseOk("mysql://u:pw@/mlmd?socket=/run/mysqld/mysqld.sock");
  EXPECT_EQ(socket.mysql().socket(), "/run/mysqld/mysqld.sock");
  EXPECT_FALSE(socket.mysql().has_host());
  EXPECT_THAT(ParseError("mysql://u@db/mlmd?socket=/s.sock"),
              HasSubstr("either a host or ?socket="));
}

TEST(DsnTest, UnknownQueryParameterIsRefusedByName) {
  EXPECT_THAT(ParseError("postgresql://h/db?sslmod=require"),
              AllOf(HasSubstr("unknown query parameter 'sslmod'"),
                    HasSubstr("postgresql"), HasSubstr("sslmode")));
  // MySQL's names differ from PostgreSQL's.
  EXPECT_THAT(ParseError("mysql://h/db?sslrootcert=/ca.pem"),
              AllOf(HasSubstr("'sslrootcert'"), HasSubstr("ssl_ca")));
  EXPECT_THAT(ParseError("mysql://h/db?ssl%5Fca=/ca.pem&x%20y=1"),
              HasSubstr("'x y'"));
}

TEST(DsnTest, MalformedQueryParameters) {
  EXPECT_THAT(ParseError("postgresql://h/db?sslmode=require&sslmode=disable"),
              HasSubstr("'sslmode' is given more than once"));
  EXPECT_THAT(ParseError("postgresql://h/db?skip_db_creation"),
              HasSubstr("'skip_db_creation' has no value"));
  EXPECT_THAT(ParseError("postgresql://h/db?sslrootcert="),
              HasSubstr("'sslrootcert' has an empty value"));
  EXPECT_THAT(ParseError("postgresql://h/db?sslrootcert=/a%2"),
              HasSubstr("two hex digits"));
  // Empty pieces between '&' are harmless.
  EXPECT_EQ(ParseOk("postgresql://h/db?&sslmode=require&")
                .postgresql()
                .ssloption()
                .sslmode(),
            "require");
}

// ---- Errors shared by the server schemes ----

TEST(DsnTest, MissingDatabaseName) {
  EXPECT_THAT(ParseError("postgresql://u:p@h:5432"),
              HasSubstr("database name is missing"));
  EXPECT_THAT(ParseError("postgresql://u:p@h:5432/"),
              HasSubstr("database name is missing"));
  EXPECT_THAT(ParseError("mysql://u:p@h/?ssl_ca=/x"),
              HasSubstr("database name is missing"));
  EXPECT_THAT(ParseError("mysql://h/a/b"), HasSubstr("must not contain '/'"));
}

TEST(DsnTest, BadPorts) {
  for (const char* dsn :
       {"postgresql://h:0/db", "postgresql://h:65536/db", "mysql://h:/db",
        "mysql://h:33o6/db", "mysql://h:-1/db", "postgresql://h:+5/db"}) {
    EXPECT_THAT(ParseError(dsn), HasSubstr("port must be a number")) << dsn;
  }
  EXPECT_EQ(ParseOk("mysql://h:65535/db").mysql().port(), 65535);
}

TEST(DsnTest, SchemeErrors) {
  EXPECT_THAT(ParseError("mongodb://h/db"),
              AllOf(HasSubstr("unknown scheme 'mongodb://'"),
                    HasSubstr("postgresql://")));
  EXPECT_THAT(ParseError("postgresql:h/db"),
              HasSubstr("expected postgresql://"));
  EXPECT_THAT(ParseError(""), HasSubstr("is empty"));
  EXPECT_THAT(ParseError("redis://h/0", "MLMD_DB"), StartsWith("MLMD_DB: "));
}

TEST(DsnTest, UnencodedSpecialCharactersAreRefused) {
  EXPECT_THAT(ParseError("postgresql://u:pa/ss@h/db"), HasSubstr("%2F"));
  EXPECT_THAT(ParseError("postgresql://u:pa?ss@h/db"), HasSubstr("%3F"));
  EXPECT_THAT(ParseError("postgresql://u:pa#ss@h/db"), HasSubstr("%23"));
  // The first '/' or '?' ends the host part: "ss" must not become the host.
  EXPECT_THAT(ParseError("postgresql://u:p@ss/word@h/db"), HasSubstr("%40"));
  EXPECT_THAT(ParseError("mysql://u:p@ss?word@h/db"), HasSubstr("%40"));
  EXPECT_EQ(ParseOk("postgresql://h/db?sslrootcert=/home/a%40b/ca.pem")
                .postgresql()
                .ssloption()
                .sslrootcert(),
            "/home/a@b/ca.pem");
  EXPECT_THAT(ParseError("mysql://u:p%zz@h/db"),
              AllOf(HasSubstr("password"), HasSubstr("two hex digits")));
  EXPECT_THAT(ParseError("mysql://u%00x:p@h/db"),
              AllOf(HasSubstr("user name"), HasSubstr("%00")));
  // A raw '@' in the password is fine: the last '@' ends the user part.
  EXPECT_EQ(ParseOk("postgresql://u:a@b@h/db").postgresql().password(), "a@b");
}

TEST(DsnTest, ErrorsNeverContainThePassword) {
  const std::string pw = "Hunter2Secret";
  for (const std::string& dsn : {
           "postgresql://u:" + pw + "@h:99999/db",
           "postgresql://u:" + pw + "@h/",
           "postgresql://u:" + pw + "@h/db?bogus=1",
           "postgresql://u:" + pw + "%g@h/db",
           "postgresql://u:" + pw + "/x@h/db",
           "postgresql://u:" + pw + "?x@h/db",
           "postgresql://u:" + pw + "#x@h/db",
           "postgresql://u:x@" + pw + "/y@h/db",
           "postgresql://u:x@" + pw + "/y@h",
           "mysql://u:" + pw + "@[::1/db",
           "mysql://u:" + pw + "@::1/db",
           "mysql://u:" + pw + "@h:port/db",
           "mysql://u:" + pw + "@h/db?ssl_verify_server_cert=yes",
           "mysql://u:" + pw + "@h/db?socket=/s",
       }) {
    EXPECT_THAT(ParseError(dsn), Not(HasSubstr(pw))) << dsn;
  }
}

// ---- SQLite and plain paths ----

TEST(DsnTest, SqliteForms) {
  EXPECT_EQ(ParseOk("sqlite:///var/lib/mlmd/m.db").sqlite().filename_uri(),
            "/var/lib/mlmd/m.db");
  EXPECT_EQ(ParseOk("sqlite:data/m.db").sqlite().filename_uri(), "data/m.db");
  EXPECT_EQ(ParseOk("sqlite:/abs.db").sqlite().filename_uri(), "/abs.db");
  EXPECT_EQ(ParseOk("sqlite::memory:").sqlite().filename_uri(), ":memory:");
  EXPECT_EQ(ParseOk("SQLite:///my%20db.sqlite").sqlite().filename_uri(),
            "/my db.sqlite");
  EXPECT_FALSE(ParseOk("sqlite:///a.db").sqlite().has_connection_mode());
}

TEST(DsnTest, SqliteMode) {
  EXPECT_EQ(ParseOk("sqlite:///a.db?mode=ro").sqlite().connection_mode(),
            SqliteMetadataSourceConfig::READONLY);
  EXPECT_EQ(ParseOk("sqlite:a.db?mode=rw").sqlite().connection_mode(),
            SqliteMetadataSourceConfig::READWRITE);
  EXPECT_EQ(ParseOk("sqlite:a.db?mode=rwc").sqlite().connection_mode(),
            SqliteMetadataSourceConfig::READWRITE_OPENCREATE);
  EXPECT_THAT(ParseError("sqlite:a.db?mode=wal"), HasSubstr("ro, rw or rwc"));
  EXPECT_THAT(ParseError("sqlite:a.db?cache=shared"),
              HasSubstr("unknown query parameter 'cache'"));
}

TEST(DsnTest, SqliteErrors) {
  EXPECT_THAT(ParseError("sqlite://host/a.db"), HasSubstr("has no host"));
  EXPECT_THAT(ParseError("sqlite:"), HasSubstr("path is missing"));
  EXPECT_THAT(ParseError("sqlite://"), HasSubstr("has no host"));
  EXPECT_THAT(ParseError("sqlite:///a.db#x"), HasSubstr("%23"));
}

TEST(DsnTest, PlainValuesStaySqlitePaths) {
  for (const char* value : {"/data/metadata.sqlite", "relative/m.db",
                            ":memory:", "file:/data/m.db?mode=ro",
                            "file:///data/m.db", "odd:name.db", "50%.db"}) {
    const ConnectionConfig c = ParseOk(value);
    ASSERT_TRUE(c.has_sqlite()) << value;
    EXPECT_EQ(c.sqlite().filename_uri(), value);
  }
}

}  // namespace
}  // namespace mlmd::server
