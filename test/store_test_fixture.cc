// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/store_test_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace mlmd::testing {
namespace {

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  if (dir == nullptr || *dir == '\0') dir = std::getenv("TMPDIR");
  if (dir == nullptr || *dir == '\0') dir = "/tmp";
  return dir;
}

std::string UniqueName(absl::string_view prefix) {
  static std::atomic<int> counter{0};
  return absl::StrCat(prefix, "_", getpid(), "_", counter++);
}

}  // namespace

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
  return out;
}

std::string BackendTestName(
    const ::testing::TestParamInfo<BackendParam>& info) {
  return info.param.name;
}

void StoreTest::SetUp() {
  options_ = GetParam().make_options();
  auto store = MetadataStore::Open(options_);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
}

void StoreTest::Reopen() {
  store_.reset();
  auto store = MetadataStore::Open(options_);
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
}

}  // namespace mlmd::testing
