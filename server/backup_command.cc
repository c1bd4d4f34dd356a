// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/backup_command.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "server/job_tenants.h"
#include "server/log.h"
#include "server/tenant_config.h"

ABSL_FLAG(std::string, out, "",
          "backup: the backup file to write (must not exist)");
ABSL_FLAG(std::string, in, "", "restore, verify: the backup file to read");
ABSL_FLAG(bool, replace, false,
          "restore: replace the contents of a non-empty target database");
ABSL_FLAG(std::string, backup_dir, "",
          "backup, and the server's scheduled backups: directory for "
          "timestamped backup files (mlmd-backup-<UTC time>.sqlite); a "
          "tenant's backups go into its subdirectory DIR/<tenant>");
ABSL_FLAG(int, backup_keep, 0,
          "with --backup_dir: keep only the newest N backups (0: keep all)");
ABSL_FLAG(absl::Duration, backup_interval, absl::ZeroDuration(),
          "server: back up into --backup_dir this often (e.g. 24h; 0: off)");

namespace mlmd::server {
namespace {

namespace fs = std::filesystem;

constexpr char kPrefix[] = "mlmd-backup-";
constexpr char kSuffix[] = ".sqlite";

// Progress lines on stderr: at most one every five seconds, and one at the
// end.
BackupProgressFn ProgressLogger(const std::string &verb) {
  auto last = std::make_shared<absl::Time>(absl::Now());
  return [verb, last](const BackupProgress &p) {
    const bool finished = p.tables_done == p.tables_total;
    if (!finished && absl::Now() - *last < absl::Seconds(5)) return;
    *last = absl::Now();
    LogInfo(verb, ": ", p.tables_done, "/", p.tables_total, " tables, ",
            p.rows_done, " rows",
            finished ? std::string() : absl::StrCat(" (at ", p.table, ")"));
  };
}

void PrintManifest(const BackupManifest &m, std::ostream &out) {
  out << "format: " << m.format << "\nsource backend: " << m.source_backend
      << "\nMLMD schema version: " << m.schema_version
      << "\nsnapshot time: " << absl::FormatTime(m.snapshot_time)
      << "\nwritten by mlmd-server " << m.mlmd_server_version << "\n";
  for (const BackupTableManifest &t : m.tables) {
    out << "  " << t.table << ": " << t.rows << " rows, sha256 "
        << t.sha256.substr(0, 16) << "...\n";
  }
  out << "total rows: " << m.total_rows() << "\n";
}

bool IsBackupName(const std::string &name) {
  return absl::StartsWith(name, kPrefix) && absl::EndsWith(name, kSuffix);
}

// Finished backups in `dir`, oldest first.
std::vector<fs::path> ListBackups(const std::string &dir) {
  std::vector<std::pair<fs::file_time_type, fs::path>> found;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && IsBackupName(name)) {
      found.push_back({entry.last_write_time(ec), entry.path()});
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto &f : found) out.push_back(std::move(f.second));
  return out;
}

// Where `tenant`'s backups go: the default tenant's into `dir` itself (as
// without tenants), every other tenant's into its own subdirectory.
std::string TenantBackupDir(const std::string &dir, const std::string &tenant) {
  if (tenant == kDefaultTenant) return dir;
  return absl::StrCat(dir, "/", tenant);
}

}  // namespace

absl::StatusOr<DirectoryBackup> BackupIntoDirectory(
    const StoreOptions &source, const std::string &dir, int keep,
    const BackupProgressFn &progress) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir, ec)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--backup_dir ", dir, " is not a directory"));
  }
  // Leftovers of runs that were killed (one backup job per directory).
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (absl::StartsWith(name, kPrefix) &&
        absl::StrContains(name, ".partial-")) {
      fs::remove(entry.path(), ec);
    }
  }
  const std::string stamp =
      absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(), absl::UTCTimeZone());
  std::string path = absl::StrCat(dir, "/", kPrefix, stamp, kSuffix);
  for (int n = 2; fs::exists(path, ec); ++n) {
    path = absl::StrCat(dir, "/", kPrefix, stamp, "-", n, kSuffix);
  }
  auto manifest = BackupDatabase(source, path, progress);
  if (!manifest.ok()) return manifest.status();
  DirectoryBackup result;
  result.path = path;
  result.size_bytes = static_cast<int64_t>(fs::file_size(path, ec));
  result.manifest = *std::move(manifest);
  if (keep > 0) {
    std::vector<fs::path> backups = ListBackups(dir);
    for (size_t i = 0; i + keep < backups.size(); ++i) {
      if (backups[i] == fs::path(path)) continue;
      if (fs::remove(backups[i], ec)) result.pruned.push_back(backups[i]);
    }
  }
  return result;
}

int RunBackupCommand(const std::vector<std::string> &args,
                     const ServerConfig &config, std::ostream &out) {
  const std::string file = absl::GetFlag(FLAGS_out);
  const std::string dir = absl::GetFlag(FLAGS_backup_dir);
  if (!args.empty() || file.empty() == dir.empty() ||
      (!file.empty() && AllTenantsRequested())) {
    LogError(
        "usage: mlmd-server backup <database flags> [--tenant=NAME] "
        "--out=FILE, or --backup_dir=DIR [--backup_keep=N] [--tenant=NAME | "
        "--all_tenants]");
    return kBackupUsage;
  }
  auto targets = JobTargets(config.store);
  if (!targets.ok()) {
    LogError("backup: ", targets.status().message());
    return absl::IsInvalidArgument(targets.status()) ? kBackupUsage
                                                     : kBackupError;
  }
  const BackupProgressFn progress = ProgressLogger("backup");
  if (!file.empty()) {
    auto manifest = BackupDatabase(targets->front().store, file, progress);
    if (!manifest.ok()) {
      LogError("backup: ", manifest.status().message());
      return kBackupError;
    }
    out << "backup written and verified: " << file << "\n";
    PrintManifest(*manifest, out);
    return kBackupOk;
  }
  // Every tenant is tried, so one broken database does not stop the others'
  // backups; the exit code says whether all succeeded.
  int rc = kBackupOk;
  for (const JobTarget &target : *targets) {
    auto done =
        BackupIntoDirectory(target.store, TenantBackupDir(dir, target.tenant),
                            absl::GetFlag(FLAGS_backup_keep), progress);
    if (!done.ok()) {
      LogError("backup of tenant '", target.tenant,
               "': ", done.status().message());
      rc = kBackupError;
      continue;
    }
    out << "tenant " << target.tenant
        << ": backup written and verified: " << done->path << " ("
        << done->size_bytes << " bytes)\n";
    for (const std::string &p : done->pruned) out << "pruned: " << p << "\n";
    PrintManifest(done->manifest, out);
  }
  return rc;
}

int RunRestoreCommand(const std::vector<std::string> &args,
                      const ServerConfig &config, std::ostream &out) {
  const std::string file = absl::GetFlag(FLAGS_in);
  if (!args.empty() || file.empty() || AllTenantsRequested()) {
    LogError(
        "usage: mlmd-server restore <database flags> [--tenant=NAME] "
        "--in=FILE [--replace]");
    return kBackupUsage;
  }
  auto targets = JobTargets(config.store);
  if (!targets.ok()) {
    LogError("restore: ", targets.status().message());
    return kBackupUsage;
  }
  RestoreOptions options;
  options.replace = absl::GetFlag(FLAGS_replace);
  options.progress = ProgressLogger("restore");
  auto manifest = RestoreDatabase(file, targets->front().store, options);
  if (!manifest.ok()) {
    LogError("restore: ", manifest.status().message(),
             " (the target database was not changed)");
    return kBackupError;
  }
  out << "restored " << file << " into tenant " << targets->front().tenant
      << " and checked it against its manifest\n";
  PrintManifest(*manifest, out);
  out << "restart servers that use this database: they cache types\n";
  return kBackupOk;
}

int RunVerifyCommand(const std::vector<std::string> &args,
                     const ServerConfig & /*config*/, std::ostream &out) {
  const std::string file = absl::GetFlag(FLAGS_in);
  if (!args.empty() || file.empty()) {
    LogError("usage: mlmd-server verify --in=FILE");
    return kBackupUsage;
  }
  auto manifest = VerifyBackupFile(file);
  if (!manifest.ok()) {
    LogError("verify: ", file, ": ", manifest.status().message());
    return kBackupError;
  }
  out << file << ": OK\n";
  PrintManifest(*manifest, out);
  return kBackupOk;
}

absl::StatusOr<std::unique_ptr<PeriodicJob>> StartScheduledBackups(
    const ServerConfig &config, ServerMetrics &metrics) {
  const absl::Duration interval = absl::GetFlag(FLAGS_backup_interval);
  const std::string dir = absl::GetFlag(FLAGS_backup_dir);
  if (interval <= absl::ZeroDuration()) return nullptr;
  if (dir.empty()) {
    return absl::InvalidArgumentError(
        "--backup_interval needs --backup_dir (where to write backups)");
  }
  auto &registry = *metrics.registry();
  prometheus::Gauge *last_time =
      &prometheus::BuildGauge()
           .Name("mlmd_backup_last_success_timestamp_seconds")
           .Help("Unix time of the last successful scheduled backup")
           .Register(registry)
           .Add({});
  prometheus::Gauge *last_size =
      &prometheus::BuildGauge()
           .Name("mlmd_backup_last_size_bytes")
           .Help("Size of the last successful scheduled backup file")
           .Register(registry)
           .Add({});
  prometheus::Counter *failures = &prometheus::BuildCounter()
                                       .Name("mlmd_backup_failures_total")
                                       .Help("Scheduled backups that failed")
                                       .Register(registry)
                                       .Add({});
  const StoreOptions source = config.store;
  const int keep = absl::GetFlag(FLAGS_backup_keep);
  // Flags are checked now, not at the first run hours later.
  if (auto targets = JobTargets(source);
      absl::IsInvalidArgument(targets.status())) {
    return targets.status();
  }
  LogInfo("scheduled backups into ", dir, " every ",
          absl::FormatDuration(interval),
          keep > 0 ? absl::StrCat(", keeping ", keep) : std::string(),
          AllTenantsRequested() ? ", all tenants" : "");
  return std::make_unique<PeriodicJob>("backup", interval, interval, [=]() {
    auto targets = JobTargets(source);
    if (!targets.ok()) {
      failures->Increment();
      LogError("scheduled backup failed: ", targets.status().message());
      return;
    }
    // The gauges describe runs in which every tenant's backup succeeded;
    // the size is their sum.
    bool all_ok = true;
    int64_t bytes = 0;
    for (const JobTarget &target : *targets) {
      auto done =
          BackupIntoDirectory(target.store, TenantBackupDir(dir, target.tenant),
                              keep, ProgressLogger("backup"));
      if (!done.ok()) {
        all_ok = false;
        failures->Increment();
        LogError("scheduled backup of tenant '", target.tenant,
                 "' failed: ", done.status().message());
        continue;
      }
      bytes += done->size_bytes;
      LogInfo("scheduled backup of tenant '", target.tenant,
              "' written: ", done->path, " (", done->size_bytes, " bytes, ",
              done->manifest.total_rows(), " rows)");
    }
    if (!all_ok) return;
    last_time->Set(absl::ToUnixMicros(absl::Now()) / 1e6);
    last_size->Set(static_cast<double>(bytes));
  });
}

}  // namespace mlmd::server
