// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/migrate_command.h"

#include <memory>
#include <utility>

#include "server/log.h"
#include "server/startup_retry.h"
#include "store/migrate.h"

namespace mlmd::server {
namespace {

std::string DescribeVersion(int version) {
  return version == 0 ? "none (empty database)" : absl::StrCat(version);
}

int Status(SchemaMigrator &migrator, const ServerConfig &config,
           std::ostream &out) {
  absl::StatusOr<MigrationPlan> plan = WithStartupRetries(
      config.connection_retries, [&] { return migrator.Plan(); });
  if (!plan.ok()) {
    LogError("migrate status: ", plan.status().ToString());
    return kMigrateError;
  }
  out << "MLMD schema version: " << DescribeVersion(plan->current_version)
      << "\ntarget MLMD schema version: " << plan->target_version << "\n";
  if (plan->steps.empty()) {
    out << "nothing pending\n";
    return kMigrateNothingPending;
  }
  out << "pending:\n";
  bool all_available = true;
  for (const MigrationStep &step : plan->steps) {
    out << "  " << step.description;
    if (!step.available) {
      out << "  [not available for " << migrator.dialect_name() << "]";
      all_available = false;
    }
    out << "\n";
  }
  if (!all_available) {
    LogError(
        "migrate status: this mlmd-server cannot upgrade the database: "
        "it has no upgrade file for a step above");
    return kMigrateError;
  }
  out << plan->steps.size() << " step(s) pending; run `mlmd-server migrate "
      << "apply` with the same database flags"
      << (plan->needs_upgrade ? " plus --enable_database_upgrade (back the "
                                "database up first)"
                              : "")
      << "\n";
  return kMigratePending;
}

int Apply(SchemaMigrator &migrator, const ServerConfig &config,
          std::ostream &out) {
  std::vector<MigrationStep> applied;
  absl::StatusOr<int> version =
      WithStartupRetries(config.connection_retries, [&] {
        return migrator.Apply(config.store.enable_upgrade_migration, &applied);
      });
  if (!version.ok()) {
    LogError("migrate apply: ", version.status().ToString());
    return kMigrateError;
  }
  for (const MigrationStep &step : applied) {
    out << "applied: " << step.description << "\n";
  }
  if (applied.empty()) out << "nothing to apply\n";
  out << "MLMD schema version: " << *version << "\n";
  return kMigrateNothingPending;
}

}  // namespace

int RunMigrateCommand(const std::vector<std::string> &args,
                      const ServerConfig &config, std::ostream &out) {
  const std::string action = args.empty() ? "status" : args[0];
  if (args.size() > 1 || (action != "status" && action != "apply")) {
    LogError("usage: mlmd-server migrate [status|apply] <database flags>");
    return kMigrateUsage;
  }
  auto migrator = SchemaMigrator::Create(config.store.connection_config,
                                         config.store.pool_acquire_timeout);
  if (!migrator.ok()) {
    LogError("migrate: ", migrator.status().message());
    return kMigrateUsage;
  }
  out << "database: " << (*migrator)->Describe() << "\n";
  if (action == "status") return Status(**migrator, config, out);
  return Apply(**migrator, config, out);
}

}  // namespace mlmd::server
