// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/migrate.h"

#include <utility>

#include "migrations/migrations.h"
#include "store/backends.h"
#include "store/schema.h"
#include "store/sql/connection_pool.h"
#include "store/transaction.h"

namespace mlmd {
namespace {

MigrationStep ToStep(const SchemaStep &step) {
  return MigrationStep{step.description, step.available()};
}

}  // namespace

SchemaMigrator::SchemaMigrator(std::unique_ptr<sql::ConnectionPool> pool)
    : pool_(std::move(pool)) {}

SchemaMigrator::~SchemaMigrator() = default;

absl::StatusOr<std::unique_ptr<SchemaMigrator>> SchemaMigrator::Create(
    const ml_metadata::ConnectionConfig &config,
    absl::Duration acquire_timeout) {
  auto factory = MakeConnectionFactory(config);
  if (!factory.ok()) return factory.status();
  sql::PoolOptions options;
  options.max_size = 1;
  options.acquire_timeout = acquire_timeout;
  return std::unique_ptr<SchemaMigrator>(new SchemaMigrator(
      std::make_unique<sql::ConnectionPool>(*std::move(factory), options)));
}

std::string SchemaMigrator::Describe() const { return pool_->Describe(); }

std::string SchemaMigrator::dialect_name() const {
  return std::string(migrations::DialectName(pool_->dialect()));
}

absl::StatusOr<MigrationPlan> SchemaMigrator::Plan() {
  absl::StatusOr<SchemaPlan> plan;
  absl::Status st = RunInTransaction(*pool_, sql::TransactionMode::kRead,
                                     RetryPolicy(), [&](sql::Connection &conn) {
                                       plan = PlanSchemaMigration(conn);
                                       return plan.status();
                                     });
  if (!st.ok()) return st;
  MigrationPlan out;
  out.current_version = plan->current_version;
  out.target_version = plan->target_version;
  out.needs_upgrade = plan->needs_upgrade();
  for (const SchemaStep &step : plan->steps) out.steps.push_back(ToStep(step));
  return out;
}

absl::StatusOr<int> SchemaMigrator::Apply(bool enable_upgrade,
                                          std::vector<MigrationStep> *applied) {
  std::vector<SchemaStep> steps;
  absl::StatusOr<int> version =
      InitializeSchema(*pool_, enable_upgrade, &steps);
  if (applied != nullptr) {
    applied->clear();
    for (const SchemaStep &step : steps) applied->push_back(ToStep(step));
  }
  return version;
}

}  // namespace mlmd
