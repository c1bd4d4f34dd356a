// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/store_test_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace mlmd::testing {
namespace {

std::string TempDir() {
  const char *dir = std::getenv("TEST_TMPDIR");
  if (dir == nullptr || *dir == '\0') dir = std::getenv("TMPDIR");
  if (dir == nullptr || *dir == '\0') dir = "/tmp";
  return dir;
}

std::string UniqueName(absl::string_view prefix) {
  static std::atomic<int> counter{0};
  return absl::StrCat(prefix, "_", getpid(), "_", counter++);
}

// The value of environment variable `name`, or "" when unset.
std::string Env(const char *name) {
  const char *v = std::getenv(name);
  return v == nullptr ? "" : v;
}

// A database name no earlier run on the same server used: the pid alone can
// repeat across runs, so the process start time goes in as well.
std::string UniqueDatabaseName() {
  static const int64_t start = absl::ToUnixSeconds(absl::Now());
  return UniqueName(absl::StrCat("mlmdt_", start % 100000000));
}

std::string PercentEncode(absl::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out.push_back(c);
    } else {
      absl::StrAppend(&out, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

}  // namespace

std::string DsnFor(const ml_metadata::ConnectionConfig &config) {
  if (config.has_postgresql()) {
    const auto &pg = config.postgresql();
    return absl::StrCat("postgresql://", PercentEncode(pg.user()), ":",
                        PercentEncode(pg.password()), "@", pg.host(), ":",
                        pg.port(), "/", PercentEncode(pg.dbname()));
  }
  if (config.has_mysql()) {
    const auto &my = config.mysql();
    return absl::StrCat("mysql://", PercentEncode(my.user()), ":",
                        PercentEncode(my.password()), "@", my.host(), ":",
                        my.port(), "/", PercentEncode(my.database()));
  }
  const std::string path =
      std::filesystem::absolute(config.sqlite().filename_uri()).string();
  return absl::StrCat("sqlite://", path);
}

std::vector<BackendParam> AvailableBackends() {
  std::vector<BackendParam> out;
  out.push_back({"sqlite", [] {
                   StoreOptions o;
                   std::string path = absl::StrCat(
                       TempDir(), "/", UniqueName("mlmd_test"), ".sqlite");
                   std::filesystem::remove(path);
                   o.connection_config.mutable_sqlite()->set_filename_uri(path);
                   o.pool_size = 4;
                   return o;
                 }});
  // Servers started by scripts/testdb.sh; each store gets a fresh database
  // that the backend creates when it opens. These are listed even when their
  // env vars are missing (then make_options() leaves the config unset and
  // the test is skipped): ctest learns the test names when the binaries are
  // built, usually before the servers run, so a list that depended on the
  // env would leave the server tests out of ctest altogether.
  out.push_back({"postgresql", [] {
                   StoreOptions o;
                   o.pool_size = 4;
                   if (Env("MLMD_TEST_POSTGRES_HOST").empty()) return o;
                   auto *pg = o.connection_config.mutable_postgresql();
                   pg->set_host(Env("MLMD_TEST_POSTGRES_HOST"));
                   pg->set_port(Env("MLMD_TEST_POSTGRES_PORT"));
                   pg->set_user(Env("MLMD_TEST_POSTGRES_USER"));
                   pg->set_password(Env("MLMD_TEST_POSTGRES_PASSWORD"));
                   pg->set_dbname(UniqueDatabaseName());
                   return o;
                 }});
  out.push_back({"mysql", [] {
                   StoreOptions o;
                   o.pool_size = 4;
                   if (Env("MLMD_TEST_MYSQL_HOST").empty()) return o;
                   auto *my = o.connection_config.mutable_mysql();
                   my->set_host(Env("MLMD_TEST_MYSQL_HOST"));
                   int64_t port = 3306;
                   (void)absl::SimpleAtoi(Env("MLMD_TEST_MYSQL_PORT"), &port);
                   my->set_port(port);
                   my->set_user(Env("MLMD_TEST_MYSQL_USER"));
                   my->set_password(Env("MLMD_TEST_MYSQL_PASSWORD"));
                   my->set_database(UniqueDatabaseName());
                   return o;
                 }});
  return out;
}

std::string BackendTestName(
    const ::testing::TestParamInfo<BackendParam> &info) {
  return info.param.name;
}

void StoreTest::SetUp() {
  options_ = GetParam().make_options();
  const bool configured = options_.connection_config.config_case() !=
                          ml_metadata::ConnectionConfig::CONFIG_NOT_SET;
  if (!configured) {
    // Derived fixtures' SetUp still runs after a skip here, so they get a
    // working (SQLite) store rather than none.
    options_ = AvailableBackends().front().make_options();
  }
  auto store = MetadataStore::Open(options_);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
  if (!configured) {
    GTEST_SKIP() << GetParam().name
                 << " is not configured; run scripts/testdb.sh start and "
                    "source <(scripts/testdb.sh env) to test it";
  }
}

void StoreTest::Reopen() {
  store_.reset();
  auto store = MetadataStore::Open(options_);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
}

}  // namespace mlmd::testing
