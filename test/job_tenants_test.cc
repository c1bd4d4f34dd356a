// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The jobs are tenant-aware on every backend: the tenants' databases are
// found beside the configured one, `backup --all_tenants` writes one
// verified backup per tenant into its own directory, `restore --tenant`
// restores into that tenant only, and `retention --all_tenants` purges every
// tenant and names the tenant in each URI line. Bad tenant flags are usage
// errors.
#include "server/job_tenants.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/tenant_config.h"
#include "store/backup.h"
#include "test/backup_test_util.h"
#include "test/retention_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The finished backups directly in `dir`.
std::vector<std::string> BackupsIn(const std::string &dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && absl::StartsWith(name, "mlmd-backup-") &&
        absl::EndsWith(name, ".sqlite")) {
      out.push_back(e.path().string());
    }
  }
  return out;
}

int64_t ArtifactRows(const BackupManifest &m) {
  for (const auto &t : m.tables) {
    if (t.table == "Artifact") return t.rows;
  }
  return -1;
}

class JobTenantsTest : public StoreTest {
 protected:
  // Opens (creating) `tenant`'s database beside the test's database.
  std::unique_ptr<MetadataStore> OpenTenant(const std::string &tenant) {
    auto options = server::TenantStoreOptions(this->options(), tenant);
    EXPECT_TRUE(options.ok()) << options.status();
    if (!options.ok()) return nullptr;
    options->pool_size = 2;
    auto store = MetadataStore::Open(*options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }
};

TEST_P(JobTenantsTest, ExistingTenantsAreFoundBesideTheDatabase) {
  auto only_default = server::ExistingTenants(options().connection_config);
  ASSERT_TRUE(only_default.ok()) << only_default.status();
  EXPECT_THAT(*only_default, ElementsAre("default"));

  ASSERT_NE(OpenTenant("team-a"), nullptr);
  ASSERT_NE(OpenTenant("b2"), nullptr);
  auto tenants = server::ExistingTenants(options().connection_config);
  ASSERT_TRUE(tenants.ok()) << tenants.status();
  // '-' maps to '_' in database names and back again; nothing else on the
  // same server (other tests' databases) is taken for a tenant.
  EXPECT_THAT(*tenants, ElementsAre("default", "b2", "team-a"));
}

TEST_P(JobTenantsTest, BackupAllTenantsThenRestoreOneIntoAnotherTenant) {
  PopulateKfpShapedStore(store(), 1, "d");
  std::string team_a_before;
  {
    auto team_a = OpenTenant("team-a");
    ASSERT_NE(team_a, nullptr);
    PopulateKfpShapedStore(*team_a, 3, "a");
    team_a_before = RenderStoreViaApi(*team_a);
  }
  const std::string dsn = DsnFor(options().connection_config);
  const std::string dir = MakeTempDir("job_tenants_backup");
  std::string out;
  ASSERT_EQ(ServerProcess::RunToExit({"backup", "--db=" + dsn,
                                      "--backup_dir=" + dir, "--all_tenants"},
                                     &out, {}, 120),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("tenant default: backup written"));
  EXPECT_THAT(out, HasSubstr("tenant team-a: backup written"));

  // One backup per tenant, each holding that tenant's rows only.
  const std::vector<std::string> default_files = BackupsIn(dir);
  const std::vector<std::string> team_a_files = BackupsIn(dir + "/team-a");
  ASSERT_EQ(default_files.size(), 1u);
  ASSERT_EQ(team_a_files.size(), 1u);
  auto default_manifest = VerifyBackupFile(default_files[0]);
  auto team_a_manifest = VerifyBackupFile(team_a_files[0]);
  ASSERT_TRUE(default_manifest.ok()) << default_manifest.status();
  ASSERT_TRUE(team_a_manifest.ok()) << team_a_manifest.status();
  EXPECT_EQ(ArtifactRows(*default_manifest), 2);
  EXPECT_EQ(ArtifactRows(*team_a_manifest), 6);

  // team-a's backup restored as tenant "copy": the same store, and the
  // default tenant untouched.
  const std::string default_before = RenderStoreViaApi(store());
  ASSERT_EQ(ServerProcess::RunToExit({"restore", "--db=" + dsn, "--tenant=copy",
                                      "--in=" + team_a_files[0]},
                                     &out, {}, 120),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("into tenant copy"));
  auto copy = OpenTenant("copy");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(RenderStoreViaApi(*copy), team_a_before);
  EXPECT_EQ(RenderStoreViaApi(store()), default_before);
}

TEST_P(JobTenantsTest, RetentionAllTenantsPurgesEachAndNamesTheTenant) {
  // Two runs per tenant, the first of each 100 days old.
  std::vector<int64_t> expected_ids[2];
  std::unique_ptr<MetadataStore> team_a = OpenTenant("team-a");
  ASSERT_NE(team_a, nullptr);
  MetadataStore *stores[2] = {&store(), team_a.get()};
  KfpRun kfp_runs[2];  // the newer run of each tenant
  for (int t = 0; t < 2; ++t) {
    auto kfp = BuildKfpStore(*stores[t], 1, 2);
    ASSERT_TRUE(kfp.ok()) << kfp.status();
    kfp_runs[t] = kfp->runs[0][1];
    MLMD_ASSERT_OK(AgeRun(*stores[t], kfp->runs[0][0], absl::Hours(24 * 100)));
    mlmd_server::admin::v1::PurgePipelineRunsRequest req;
    req.mutable_policy()->set_older_than_seconds(90 * 24 * 3600);
    req.mutable_options()->set_dry_run(true);
    mlmd_server::admin::v1::PurgePipelineRunsResponse resp;
    MLMD_ASSERT_OK(stores[t]->PurgePipelineRuns(req, &resp));
    // (The old run's context itself stays: the new run read its model.)
    for (const auto &a : resp.report().deleted_artifacts()) {
      expected_ids[t].push_back(a.id());
    }
    ASSERT_FALSE(expected_ids[t].empty());
  }
  team_a.reset();

  const std::string dsn = DsnFor(options().connection_config);
  const std::string uris = MakeTempDir("job_tenants_retention") + "/uris.jsonl";
  std::string out;
  ASSERT_EQ(
      ServerProcess::RunToExit({"retention", "--db=" + dsn, "--all_tenants",
                                "--older_than=90d", "--uris_out=" + uris},
                               &out, {}, 120),
      0)
      << out;
  EXPECT_THAT(out, HasSubstr("tenant: default"));
  EXPECT_THAT(out, HasSubstr("tenant: team-a"));

  std::ifstream in(uris);
  std::string line;
  std::vector<int64_t> seen[2];
  while (std::getline(in, line)) {
    const int t = absl::StrContains(line, "\"tenant\":\"team-a\"") ? 1 : 0;
    if (t == 0) {
      EXPECT_THAT(line, HasSubstr("\"tenant\":\"default\""));
    }
    std::vector<std::string> parts =
        absl::StrSplit(line, absl::ByAnyChar(":,"));
    ASSERT_GE(parts.size(), 2u) << line;
    int64_t id = 0;
    ASSERT_TRUE(absl::SimpleAtoi(parts[1], &id)) << line;
    seen[t].push_back(id);
  }
  for (int t = 0; t < 2; ++t) {
    std::sort(seen[t].begin(), seen[t].end());
    std::sort(expected_ids[t].begin(), expected_ids[t].end());
    EXPECT_EQ(seen[t], expected_ids[t]) << "tenant " << t;
  }
  // Each tenant's purge is done (a new dry run finds nothing) and left a
  // consistent store with the newer run whole.
  team_a = OpenTenant("team-a");
  ASSERT_NE(team_a, nullptr);
  for (MetadataStore *s : {&store(), team_a.get()}) {
    mlmd_server::admin::v1::PurgePipelineRunsRequest req;
    req.mutable_policy()->set_older_than_seconds(90 * 24 * 3600);
    req.mutable_options()->set_dry_run(true);
    mlmd_server::admin::v1::PurgePipelineRunsResponse resp;
    MLMD_ASSERT_OK(s->PurgePipelineRuns(req, &resp));
    EXPECT_EQ(resp.report().deleted_artifacts_size(), 0);
    EXPECT_THAT(ConsistencyProblems(*s), ::testing::IsEmpty());
    ml_metadata::GetArtifactsByContextRequest by_run;
    by_run.set_context_id(kfp_runs[s == team_a.get() ? 1 : 0].context_id);
    ml_metadata::GetArtifactsByContextResponse arts;
    MLMD_ASSERT_OK(s->GetArtifactsByContext(by_run, &arts));
    EXPECT_GE(arts.artifacts_size(), 2);
  }
}

TEST_P(JobTenantsTest, BadTenantFlagsAreUsageErrors) {
  const std::string dsn = DsnFor(options().connection_config);
  const std::string dir = MakeTempDir("job_tenants_usage");
  std::string out;
  EXPECT_EQ(ServerProcess::RunToExit(
                {"backup", "--db=" + dsn, "--out=" + dir + "/x.sqlite",
                 "--tenant=Not_A_Namespace"},
                &out),
            2)
      << out;
  EXPECT_THAT(out, HasSubstr("Kubernetes namespace name"));
  EXPECT_EQ(
      ServerProcess::RunToExit({"backup", "--db=" + dsn,
                                "--out=" + dir + "/x.sqlite", "--all_tenants"},
                               &out),
      2)
      << out;
  EXPECT_EQ(
      ServerProcess::RunToExit({"restore", "--db=" + dsn,
                                "--in=" + dir + "/x.sqlite", "--all_tenants"},
                               &out),
      2)
      << out;
  EXPECT_EQ(
      ServerProcess::RunToExit({"retention", "--db=" + dsn, "--older_than=90d",
                                "--all_tenants", "--tenant=team-a"},
                               &out),
      2)
      << out;
  EXPECT_THAT(out, HasSubstr("exclude each other"));
  EXPECT_FALSE(fs::exists(dir + "/x.sqlite"));
}

INSTANTIATE_STORE_TEST_SUITE(JobTenantsTest);

}  // namespace
}  // namespace mlmd::testing
