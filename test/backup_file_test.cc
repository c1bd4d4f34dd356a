// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Damaged, tampered and foreign backup files are refused with a message
// naming the problem, and a restore from one leaves the target untouched.
// Also: the backup file is itself an MLMD SQLite database a server can open.
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/backup.h"
#include "store/backup/table_io.h"
#include "store/backup/tables.h"
#include "store/sql/sqlite_connection.h"
#include "test/backup_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

namespace fs = std::filesystem;

StoreOptions SqliteAt(const std::string &path) {
  StoreOptions o;
  o.connection_config.mutable_sqlite()->set_filename_uri(path);
  o.pool_size = 2;
  return o;
}

class BackupFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("backup_file");
    source_ = SqliteAt(dir_ + "/source.sqlite");
    auto store = MetadataStore::Open(source_);
    ASSERT_TRUE(store.ok()) << store.status();
    PopulateKfpShapedStore(**store, 40);
    rendered_ = RenderStoreViaApi(**store);
    backup_ = dir_ + "/backup.sqlite";
    auto manifest = BackupDatabase(source_, backup_);
    ASSERT_TRUE(manifest.ok()) << manifest.status();
    // A target that already holds something of its own, to be left alone.
    target_ = SqliteAt(dir_ + "/target.sqlite");
    auto target = MetadataStore::Open(target_);
    ASSERT_TRUE(target.ok());
    PopulateKfpShapedStore(**target, 1, "-target");
    target_rendered_ = RenderStoreViaApi(**target);
  }

  std::string Copy(const std::string &name) {
    const std::string path = absl::StrCat(dir_, "/", name);
    fs::copy_file(backup_, path);
    return path;
  }

  // A restore from `path` (with --replace, so only damage can stop it) is
  // refused and the target reads as before.
  void ExpectRestoreRefused(const std::string &path) {
    RestoreOptions options;
    options.replace = true;
    auto restored = RestoreDatabase(path, target_, options);
    EXPECT_FALSE(restored.ok());
    auto target = MetadataStore::Open(target_);
    ASSERT_TRUE(target.ok());
    EXPECT_EQ(RenderStoreViaApi(**target), target_rendered_);
  }

  std::string dir_, backup_, rendered_, target_rendered_;
  StoreOptions source_, target_;
};

TEST_F(BackupFileTest, TruncatedFileIsRefused) {
  const std::string path = Copy("truncated.sqlite");
  fs::resize_file(path, fs::file_size(path) / 2);
  auto verified = VerifyBackupFile(path);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kDataLoss)
      << verified.status();
  EXPECT_NE(verified.status().message().find("damaged"), std::string::npos)
      << verified.status();
  ExpectRestoreRefused(path);
}

TEST_F(BackupFileTest, OverwrittenPagesAreRefused) {
  const std::string path = Copy("garbage.sqlite");
  const auto size = fs::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 4));
    const std::string garbage(size / 2, '\x5a');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  auto verified = VerifyBackupFile(path);
  ASSERT_FALSE(verified.ok());
  ExpectRestoreRefused(path);
}

TEST_F(BackupFileTest, TamperedRowFailsItsTableChecksum) {
  const std::string path = Copy("tampered.sqlite");
  {
    auto conn = sql::NewSqliteConnectionFactory({path})->Open();
    ASSERT_TRUE(conn.ok());
    auto changed = (*conn)->Execute(
        "UPDATE Artifact SET uri = ? WHERE id = (SELECT MIN(id) FROM "
        "Artifact)",
        {sql::Value::Text("gs://tampered")});
    ASSERT_TRUE(changed.ok() && *changed == 1);
    ASSERT_TRUE((*conn)->Query("PRAGMA journal_mode=DELETE").ok());
  }
  auto verified = VerifyBackupFile(path);
  ASSERT_EQ(verified.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(verified.status().message().find("checksum of table Artifact"),
            std::string::npos)
      << verified.status();
  ExpectRestoreRefused(path);
}

TEST_F(BackupFileTest, EventNamingAMissingArtifactIsFound) {
  // Remove an artifact and rewrite the manifest to match, as a buggy or
  // malicious writer could: only the reference check can catch it.
  const std::string path = Copy("dangling.sqlite");
  {
    auto conn = sql::NewSqliteConnectionFactory({path})->Open();
    ASSERT_TRUE(conn.ok());
    sql::Connection &c = **conn;
    ASSERT_TRUE(c.Execute("DELETE FROM Artifact WHERE id = (SELECT "
                          "MIN(artifact_id) FROM Event)")
                    .ok());
    ASSERT_TRUE(c.Execute("DELETE FROM ArtifactProperty WHERE artifact_id "
                          "NOT IN (SELECT id FROM Artifact)")
                    .ok());
    for (const char *name : {"Artifact", "ArtifactProperty"}) {
      const backup::TableSpec *spec = nullptr;
      for (const auto &t : backup::BackupTables()) {
        if (std::string(t.name) == name) spec = &t;
      }
      backup::TableChecksum sum;
      ASSERT_TRUE(backup::ReadTable(c, *spec, [&](std::vector<sql::Row> &p) {
                    for (const auto &r : p) sum.AddRow(r);
                    return absl::OkStatus();
                  }).ok());
      const int64_t rows = sum.rows();
      ASSERT_TRUE(c.Execute("UPDATE mlmd_server_backup_manifest SET value = ? "
                            "WHERE key = ?",
                            {sql::Value::Text(sum.Finish()),
                             sql::Value::Text(absl::StrCat("sha256.", name))})
                      .ok());
      ASSERT_TRUE(c.Execute("UPDATE mlmd_server_backup_manifest SET value = ? "
                            "WHERE key = ?",
                            {sql::Value::Text(absl::StrCat(rows)),
                             sql::Value::Text(absl::StrCat("rows.", name))})
                      .ok());
    }
    ASSERT_TRUE(c.Query("PRAGMA journal_mode=DELETE").ok());
  }
  auto verified = VerifyBackupFile(path);
  ASSERT_EQ(verified.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(verified.status().message().find(
                "Event.artifact_id = 1 names a missing Artifact"),
            std::string::npos)
      << verified.status();
  ExpectRestoreRefused(path);
}

TEST_F(BackupFileTest, ForeignFilesAreNotBackups) {
  const std::string text = dir_ + "/notes.txt";
  std::ofstream(text) << "this is not a database\n";
  auto verified = VerifyBackupFile(text);
  ASSERT_EQ(verified.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(verified.status().message().find("not an mlmd-server backup"),
            std::string::npos)
      << verified.status();
  ExpectRestoreRefused(text);

  // A live MLMD database is a SQLite file, but not a backup.
  auto live = VerifyBackupFile(dir_ + "/source.sqlite");
  ASSERT_EQ(live.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(live.status().message().find("mlmd_server_backup_manifest"),
            std::string::npos)
      << live.status();
  ExpectRestoreRefused(dir_ + "/source.sqlite");

  EXPECT_EQ(VerifyBackupFile(dir_ + "/missing.sqlite").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(BackupFileTest, BackupFileOpensAsAnMlmdDatabase) {
  // The file is an MLMD schema-10 SQLite database: a server (ours here,
  // upstream's the same way) can serve it as it is.
  const std::string path = Copy("served.sqlite");
  auto store = MetadataStore::Open(SqliteAt(path));
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->schema_version(), 10);
  EXPECT_EQ(RenderStoreViaApi(**store), rendered_);
}

TEST_F(BackupFileTest, ExistingOutputIsNeverOverwritten) {
  const auto size = fs::file_size(backup_);
  auto again = BackupDatabase(source_, backup_);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(fs::file_size(backup_), size);
  EXPECT_TRUE(VerifyBackupFile(backup_).ok());
}

}  // namespace
}  // namespace mlmd::testing
