// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Backup and restore on each backend: round trip of a KFP-shaped store,
// refusals, a restore that fails halfway, and a backup taken while 32
// writers keep writing.
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/backends.h"
#include "store/backup.h"
#include "test/backup_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ml_metadata::Artifact;

class BackupRoundTripTest : public StoreTest {
 protected:
  std::string BackupPath() {
    if (dir_.empty()) dir_ = MakeTempDir("backup_roundtrip");
    return absl::StrCat(dir_, "/b", files_++, ".sqlite");
  }
  // A fresh, empty database of the same backend, opened as a store.
  std::unique_ptr<MetadataStore> OpenFresh(StoreOptions *options) {
    *options = GetParam().make_options();
    auto store = MetadataStore::Open(*options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

 private:
  std::string dir_;
  int files_ = 0;
};

TEST_P(BackupRoundTripTest, RestoredStoreReadsTheSameWithTheSameIds) {
  PopulateKfpShapedStore(store(), 4);
  const std::string before = RenderStoreViaApi(store());
  const std::string path = BackupPath();
  int progress_calls = 0;
  auto manifest = BackupDatabase(
      options(), path, [&](const BackupProgress &) { ++progress_calls; });
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->source_backend, GetParam().name);
  EXPECT_EQ(manifest->schema_version, 10);
  EXPECT_GT(progress_calls, 0);
  int64_t artifacts = -1;
  for (const auto &t : manifest->tables) {
    if (t.table == "Artifact") artifacts = t.rows;
  }
  EXPECT_EQ(artifacts, 8);  // 4 runs x (dataset + model)
  ASSERT_TRUE(VerifyBackupFile(path).ok());

  StoreOptions target_options;
  auto target = OpenFresh(&target_options);
  ASSERT_NE(target, nullptr);
  target.reset();  // restoring into a database a server has open is allowed,
                   // but that server would then need a restart
  auto restored = RestoreDatabase(path, target_options, {});
  ASSERT_TRUE(restored.ok()) << restored.status();
  auto reopened = MetadataStore::Open(target_options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(RenderStoreViaApi(**reopened), before);

  // Counters moved past the restored ids: a new node gets a fresh id.
  ml_metadata::GetArtifactsResponse all;
  MLMD_ASSERT_OK((*reopened)->GetArtifacts({}, &all));
  int64_t max_id = 0;
  for (const Artifact &a : all.artifacts()) max_id = std::max(max_id, a.id());
  ml_metadata::PutArtifactsRequest put;
  put.add_artifacts()->set_type_id(all.artifacts(0).type_id());
  put.mutable_artifacts(0)->set_uri("gs://after-restore");
  ml_metadata::PutArtifactsResponse put_resp;
  MLMD_ASSERT_OK((*reopened)->PutArtifacts(put, &put_resp));
  EXPECT_GT(put_resp.artifact_ids(0), max_id);
}

TEST_P(BackupRoundTripTest, NonEmptyTargetIsRefusedUnlessReplace) {
  PopulateKfpShapedStore(store(), 1);
  const std::string path = BackupPath();
  ASSERT_TRUE(BackupDatabase(options(), path).ok());

  StoreOptions target_options;
  auto target = OpenFresh(&target_options);
  ASSERT_NE(target, nullptr);
  PopulateKfpShapedStore(*target, 2, "-other");
  const std::string target_before = RenderStoreViaApi(*target);
  auto refused = RestoreDatabase(path, target_options, {});
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << refused.status();
  EXPECT_NE(refused.status().message().find("Artifact"), std::string::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("--replace"), std::string::npos);
  EXPECT_EQ(RenderStoreViaApi(*target), target_before);

  RestoreOptions replace;
  replace.replace = true;
  ASSERT_TRUE(RestoreDatabase(path, target_options, replace).ok());
  target.reset();
  auto reopened = MetadataStore::Open(target_options);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(RenderStoreViaApi(**reopened), RenderStoreViaApi(store()));
}

TEST_P(BackupRoundTripTest, RestoreFailingHalfwayLeavesTargetAsItWas) {
  PopulateKfpShapedStore(store(), 2);
  const std::string path = BackupPath();
  ASSERT_TRUE(BackupDatabase(options(), path).ok());

  StoreOptions target_options;
  auto target = OpenFresh(&target_options);
  ASSERT_NE(target, nullptr);
  PopulateKfpShapedStore(*target, 1, "-kept");
  const std::string target_before = RenderStoreViaApi(*target);
  RestoreOptions options;
  options.replace = true;  // the old contents are deleted first, then...
  options.fault_injection_for_testing = [](const std::string &table) {
    return table == "Event" ? absl::UnavailableError("injected: link lost")
                            : absl::OkStatus();
  };
  auto failed = RestoreDatabase(path, target_options, options);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("injected"), std::string::npos);
  target.reset();
  auto reopened = MetadataStore::Open(target_options);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(RenderStoreViaApi(**reopened), target_before);
}

TEST_P(BackupRoundTripTest, FailedRestoreIntoNewDatabaseRemovesIt) {
  PopulateKfpShapedStore(store(), 1);
  const std::string path = BackupPath();
  ASSERT_TRUE(BackupDatabase(options(), path).ok());

  // A database that does not exist yet: the restore creates it, fails, and
  // must leave nothing behind (DDL is not transactional on MySQL, and the
  // database or file itself is created outside the load's transaction).
  const StoreOptions target_options = GetParam().make_options();
  auto factory = MakeConnectionFactory(target_options.connection_config);
  ASSERT_TRUE(factory.ok());
  auto before = (*factory)->DatabaseExists();
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_FALSE(*before);
  RestoreOptions options;
  options.fault_injection_for_testing = [](const std::string &table) {
    return table == "Event" ? absl::UnavailableError("injected: link lost")
                            : absl::OkStatus();
  };
  auto failed = RestoreDatabase(path, target_options, options);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("removed again"), std::string::npos)
      << failed.status();
  auto after = (*factory)->DatabaseExists();
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_FALSE(*after);

  // The same restore without the fault then succeeds into it.
  ASSERT_TRUE(RestoreDatabase(path, target_options, {}).ok());
  auto reopened = MetadataStore::Open(target_options);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(RenderStoreViaApi(**reopened), RenderStoreViaApi(store()));
}

TEST_P(BackupRoundTripTest, SixtyFourBitIntValueRefusedBeforeWriting) {
  if (GetParam().name == "sqlite") {
    GTEST_SKIP() << "SQLite stores 64-bit int_value; nothing to refuse";
  }
  // A SQLite source can hold an int_value PostgreSQL and MySQL cannot.
  const StoreOptions sqlite_options = AvailableBackends()[0].make_options();
  auto source = MetadataStore::Open(sqlite_options);
  ASSERT_TRUE(source.ok());
  PopulateKfpShapedStore(**source, 1);
  ml_metadata::GetArtifactsResponse arts;
  MLMD_ASSERT_OK((*source)->GetArtifacts({}, &arts));
  ml_metadata::PutArtifactsRequest put;
  *put.add_artifacts() = arts.artifacts(0);
  (*put.mutable_artifacts(0)->mutable_custom_properties())["big"].set_int_value(
      int64_t{1} << 40);
  ml_metadata::PutArtifactsResponse put_resp;
  MLMD_ASSERT_OK((*source)->PutArtifacts(put, &put_resp));
  const std::string path = BackupPath();
  ASSERT_TRUE(BackupDatabase(sqlite_options, path).ok());

  const std::string before = RenderStoreViaApi(store());
  auto refused = RestoreDatabase(path, options(), {});
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kOutOfRange)
      << refused.status();
  EXPECT_NE(refused.status().message().find("ArtifactProperty"),
            std::string::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("int_value=1099511627776"),
            std::string::npos)
      << refused.status();
  EXPECT_EQ(RenderStoreViaApi(store()), before);
}

TEST_P(BackupRoundTripTest, SnapshotIsConsistentUnderThirtyTwoWriters) {
  PopulateKfpShapedStore(store(), 1);
  ml_metadata::GetExecutionTypeRequest get_type;
  get_type.set_type_name("system.ContainerExecution");
  ml_metadata::GetExecutionTypeResponse exec_type;
  MLMD_ASSERT_OK(store().GetExecutionType(get_type, &exec_type));
  ml_metadata::GetArtifactTypeRequest get_atype;
  get_atype.set_type_name("system.Model");
  ml_metadata::GetArtifactTypeResponse art_type;
  MLMD_ASSERT_OK(store().GetArtifactType(get_atype, &art_type));

  // Every writer commits an execution, its output artifact and the event
  // between them in one transaction: a consistent snapshot has all three or
  // none, which the backup's referential check would notice.
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  // Writes begun: a write can commit before its writer counts it in
  // `writes`, so the snapshot's upper bound is what had begun by its end.
  std::atomic<int> begun{0};
  std::atomic<int> errors{0};
  std::string first_error;
  std::mutex error_mu;
  std::vector<std::thread> writers;
  for (int w = 0; w < 32; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; !stop.load() || i < 2; ++i) {
        ml_metadata::PutExecutionRequest req;
        req.mutable_execution()->set_type_id(exec_type.execution_type().id());
        req.mutable_execution()->set_name(absl::StrCat("w", w, "-", i));
        auto *pair = req.add_artifact_event_pairs();
        pair->mutable_artifact()->set_type_id(art_type.artifact_type().id());
        pair->mutable_artifact()->set_uri(absl::StrCat("gs://w", w, "/", i));
        pair->mutable_event()->set_type(ml_metadata::Event::OUTPUT);
        pair->mutable_event()->mutable_path()->add_steps()->set_key("out");
        ml_metadata::PutExecutionResponse resp;
        begun.fetch_add(1);
        absl::Status st = store().PutExecution(req, &resp);
        if (st.ok()) {
          writes.fetch_add(1);
        } else if (errors.fetch_add(1) == 0) {
          std::lock_guard<std::mutex> lock(error_mu);
          first_error = st.ToString();
        }
      }
    });
  }
  while (writes.load() < 64)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string path = BackupPath();
  auto manifest = BackupDatabase(options(), path);
  const int begun_at_end = begun.load();
  stop.store(true);
  for (std::thread &t : writers) t.join();
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(errors.load(), 0) << first_error;
  // BackupDatabase verified the file (references included); check again and
  // that the snapshot caught writes in flight rather than none.
  ASSERT_TRUE(VerifyBackupFile(path).ok());
  int64_t executions = 0, events = 0;
  for (const auto &t : manifest->tables) {
    if (t.table == "Execution") executions = t.rows;
    if (t.table == "Event") events = t.rows;
  }
  EXPECT_GE(executions, 2 + 64);
  EXPECT_LE(executions, 2 + begun_at_end);
  // One OUTPUT event per writer execution, plus the populated run's 3.
  EXPECT_EQ(events, executions - 2 + 3);
}

INSTANTIATE_STORE_TEST_SUITE(BackupRoundTripTest);

}  // namespace
}  // namespace mlmd::testing
