// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The real binary's backup, restore and verify commands; --backup_dir with
// pruning; kill -9 in the middle of a backup; the server's scheduled backups
// and their metrics.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backup.h"
#include "test/backup_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

StoreOptions SqliteAt(const std::string &path) {
  StoreOptions o;
  o.connection_config.mutable_sqlite()->set_filename_uri(path);
  o.pool_size = 2;
  return o;
}

std::vector<std::string> FilesIn(const std::string &dir,
                                 const std::string &part) {
  std::vector<std::string> out;
  for (const auto &e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (absl::StrContains(name, part)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> FinishedBackups(const std::string &dir) {
  std::vector<std::string> out;
  for (const std::string &f : FilesIn(dir, "mlmd-backup-")) {
    if (absl::EndsWith(f, ".sqlite")) out.push_back(f);
  }
  return out;
}

TEST(BackupE2E, BackupVerifyRestoreCommands) {
  const std::string dir = MakeTempDir("backup_e2e");
  const std::string src = dir + "/src.sqlite";
  std::string before;
  {
    auto store = MetadataStore::Open(SqliteAt(src));
    ASSERT_TRUE(store.ok());
    PopulateKfpShapedStore(**store, 3);
    before = RenderStoreViaApi(**store);
  }
  std::string out;
  const std::string file = dir + "/b.sqlite";
  ASSERT_EQ(ServerProcess::RunToExit({"backup", "--db=" + src, "--out=" + file},
                                     &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("backup written and verified"));
  EXPECT_THAT(out, HasSubstr("Artifact: 6 rows"));
  ASSERT_EQ(ServerProcess::RunToExit({"verify", "--in=" + file}, &out), 0)
      << out;
  EXPECT_THAT(out, HasSubstr(": OK"));

  const std::string target = dir + "/target.sqlite";
  ASSERT_EQ(ServerProcess::RunToExit(
                {"restore", "--db=" + target, "--in=" + file}, &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("restart servers"));
  {
    auto store = MetadataStore::Open(SqliteAt(target));
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(RenderStoreViaApi(**store), before);
  }
  // Again into the now non-empty target: refused, naming what is there.
  EXPECT_EQ(ServerProcess::RunToExit(
                {"restore", "--db=" + target, "--in=" + file}, &out),
            1);
  EXPECT_THAT(out, HasSubstr("not empty"));
  EXPECT_THAT(out, HasSubstr("--replace"));
  EXPECT_EQ(
      ServerProcess::RunToExit(
          {"restore", "--db=" + target, "--in=" + file, "--replace"}, &out),
      0)
      << out;

  const std::string junk = dir + "/junk.sqlite";
  std::ofstream(junk) << "not a backup";
  EXPECT_EQ(ServerProcess::RunToExit({"verify", "--in=" + junk}, &out), 1);
  EXPECT_THAT(out, HasSubstr("not an mlmd-server backup"));
  // Usage errors.
  EXPECT_EQ(ServerProcess::RunToExit({"backup", "--db=" + src}, &out), 2);
  EXPECT_EQ(ServerProcess::RunToExit({"verify"}, &out), 2);
}

TEST(BackupE2E, BackupDirKeepsTheNewest) {
  const std::string dir = MakeTempDir("backup_e2e_dir");
  const std::string src = dir + "/src.sqlite";
  {
    auto store = MetadataStore::Open(SqliteAt(src));
    ASSERT_TRUE(store.ok());
    PopulateKfpShapedStore(**store, 1);
  }
  const std::string backups = dir + "/backups";
  std::vector<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    std::string out;
    // The CronJob's command line (deploy/), database flags aside.
    ASSERT_EQ(
        ServerProcess::RunToExit({"backup", "--db=" + src,
                                  "--backup_dir=" + backups, "--backup_keep=2"},
                                 &out),
        0)
        << out;
    auto now = FinishedBackups(backups);
    for (const auto &f : now) {
      if (std::find(seen.begin(), seen.end(), f) == seen.end())
        seen.push_back(f);
    }
  }
  ASSERT_EQ(seen.size(), 3u);
  const auto kept = FinishedBackups(backups);
  ASSERT_EQ(kept.size(), 2u);
  // The oldest one went.
  EXPECT_FALSE(fs::exists(seen[0]));
  for (const auto &f : kept) EXPECT_TRUE(VerifyBackupFile(f).ok()) << f;
}

TEST(BackupE2E, KillNineMidBackupLeavesNoFileThatVerifies) {
  const std::string dir = MakeTempDir("backup_e2e_kill");
  const std::string src = dir + "/src.sqlite";
  {
    auto store = MetadataStore::Open(SqliteAt(src));
    ASSERT_TRUE(store.ok());
    PopulateKfpShapedStore(**store, 1);
    ml_metadata::GetArtifactsResponse arts;
    ASSERT_TRUE((*store)->GetArtifacts({}, &arts).ok());
    // Enough rows that the backup runs for a while.
    for (int batch = 0; batch < 40; ++batch) {
      ml_metadata::PutArtifactsRequest put;
      for (int i = 0; i < 1000; ++i) {
        ml_metadata::Artifact *a = put.add_artifacts();
        a->set_type_id(arts.artifacts(0).type_id());
        a->set_uri(absl::StrCat("gs://bulk/", batch, "/", i));
        (*a->mutable_custom_properties())["n"].set_int_value(i);
        (*a->mutable_custom_properties())["s"].set_string_value(
            std::string(64, 'x'));
      }
      ml_metadata::PutArtifactsResponse resp;
      ASSERT_TRUE((*store)->PutArtifacts(put, &resp).ok());
    }
  }
  const std::string backups = dir + "/backups";
  fs::create_directories(backups);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string db = "--db=" + src;
    const std::string to = "--backup_dir=" + backups;
    freopen("/dev/null", "w", stderr);
    freopen("/dev/null", "w", stdout);
    execl(MLMD_SERVER_BINARY, MLMD_SERVER_BINARY, "backup", db.c_str(),
          to.c_str(), static_cast<char *>(nullptr));
    _exit(127);
  }
  // Kill it once the partial file has some data in it.
  bool saw_partial = false;
  for (int i = 0; i < 20000 && !saw_partial; ++i) {
    for (const auto &f : FilesIn(backups, ".partial-")) {
      std::error_code ec;
      if (!absl::EndsWith(f, "-journal") && fs::file_size(f, ec) > 200000) {
        saw_partial = true;
      }
    }
    if (!saw_partial) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(saw_partial) << "never saw the backup's temporary file";
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the backup finished before it could be killed; the test store is "
         "too small for this machine";
  EXPECT_TRUE(FinishedBackups(backups).empty());
  const auto leftovers = FilesIn(backups, ".partial-");
  ASSERT_FALSE(leftovers.empty());
  for (const auto &f : leftovers) {
    if (absl::EndsWith(f, "-journal")) continue;
    auto verified = VerifyBackupFile(f);
    EXPECT_FALSE(verified.ok()) << f << " verifies after kill -9";
  }
  // The next run clears the leftovers and succeeds.
  std::string out;
  ASSERT_EQ(
      ServerProcess::RunToExit(
          {"backup", "--db=" + src, "--backup_dir=" + backups}, &out, {}, 120),
      0)
      << out;
  EXPECT_TRUE(FilesIn(backups, ".partial-").empty());
  ASSERT_EQ(FinishedBackups(backups).size(), 1u);
}

TEST(BackupE2E, ServerRunsScheduledBackupsAndReportsThem) {
  const std::string dir = MakeTempDir("backup_e2e_sched");
  const std::string backups = dir + "/backups";
  fs::create_directories(backups);
  const int metrics_port = PickFreePort();
  auto server = ServerProcess::Start(
      {"--sqlite_path=" + dir + "/m.sqlite",
       absl::StrCat("--metrics_port=", metrics_port), "--backup_dir=" + backups,
       "--backup_interval=1s", "--backup_keep=2"});
  ASSERT_TRUE(server.ok()) << server.status();
  for (int i = 0; i < 300 && FinishedBackups(backups).size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const auto kept = FinishedBackups(backups);
  EXPECT_EQ(kept.size(), 2u) << (*server)->Output();
  for (const auto &f : kept) EXPECT_TRUE(VerifyBackupFile(f).ok()) << f;
  const std::string metrics = HttpGet(metrics_port, "/metrics");
  EXPECT_THAT(metrics,
              HasSubstr("mlmd_backup_last_success_timestamp_seconds "));
  EXPECT_THAT(metrics, HasSubstr("mlmd_backup_last_size_bytes "));
  EXPECT_THAT(metrics, HasSubstr("mlmd_backup_failures_total 0"));
  EXPECT_THAT(metrics, ::testing::Not(HasSubstr(
                           "mlmd_backup_last_success_timestamp_seconds 0\n")));
  EXPECT_EQ((*server)->Stop(SIGTERM), 0);
}

TEST(BackupE2E, IntervalWithoutDirectoryIsRefused) {
  std::string out;
  EXPECT_EQ(ServerProcess::RunToExit(
                {"--sqlite_path=" + MakeTempDir("backup_e2e_bad") + "/m.sqlite",
                 "--backup_interval=1h"},
                &out),
            2);
  EXPECT_THAT(out, HasSubstr("--backup_interval needs --backup_dir"));
}

}  // namespace
}  // namespace mlmd::testing
