// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Every available backend as the source of a backup, restored into every
// available backend: upstream's read API sees the same store, and the
// manifests agree (checksums do not depend on the backend).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/backup.h"
#include "test/backup_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

struct Pair {
  BackendParam source;
  BackendParam target;
};

std::vector<Pair> AllPairs() {
  std::vector<Pair> out;
  for (const BackendParam &s : AvailableBackends()) {
    for (const BackendParam &t : AvailableBackends()) out.push_back({s, t});
  }
  return out;
}

bool Configured(const StoreOptions &o) {
  return o.connection_config.config_case() !=
         ml_metadata::ConnectionConfig::CONFIG_NOT_SET;
}

class CrossBackendRestoreTest : public ::testing::TestWithParam<Pair> {};

TEST_P(CrossBackendRestoreTest, SameStoreAfterRestore) {
  const StoreOptions source_options = GetParam().source.make_options();
  const StoreOptions target_options = GetParam().target.make_options();
  if (!Configured(source_options) || !Configured(target_options)) {
    GTEST_SKIP() << "needs " << GetParam().source.name << " and "
                 << GetParam().target.name
                 << "; run scripts/testdb.sh start and source its env";
  }
  auto source = MetadataStore::Open(source_options);
  ASSERT_TRUE(source.ok()) << source.status();
  PopulateKfpShapedStore(**source, 3);
  const std::string before = RenderStoreViaApi(**source);
  const std::string path =
      absl::StrCat(MakeTempDir("backup_cross"), "/backup.sqlite");
  auto manifest = BackupDatabase(source_options, path);
  ASSERT_TRUE(manifest.ok()) << manifest.status();

  auto restored = RestoreDatabase(path, target_options, {});
  ASSERT_TRUE(restored.ok()) << restored.status();
  auto target = MetadataStore::Open(target_options);
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(RenderStoreViaApi(**target), before);

  // A backup of the restored store carries the same row counts and
  // checksums as the original one.
  const std::string again =
      absl::StrCat(MakeTempDir("backup_cross"), "/again.sqlite");
  auto second = BackupDatabase(target_options, again);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->tables.size(), manifest->tables.size());
  for (size_t i = 0; i < manifest->tables.size(); ++i) {
    EXPECT_EQ(second->tables[i].rows, manifest->tables[i].rows)
        << manifest->tables[i].table;
    EXPECT_EQ(second->tables[i].sha256, manifest->tables[i].sha256)
        << manifest->tables[i].table;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CrossBackendRestoreTest,
                         ::testing::ValuesIn(AllPairs()),
                         [](const ::testing::TestParamInfo<Pair> &info) {
                           return absl::StrCat(info.param.source.name, "_to_",
                                               info.param.target.name);
                         });

}  // namespace
}  // namespace mlmd::testing
