// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/schema.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "migrations/migrations.h"
#include "store/transaction.h"

namespace mlmd {
namespace {

using sql::Value;

// Dialect differences for catalog look-ups live here.
absl::StatusOr<bool> TableExists(sql::Connection& conn,
                                 absl::string_view table) {
  std::string query;
  switch (conn.dialect()) {
    case sql::Dialect::kSqlite:
      query =
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
          "lower(name) = lower(?)";
      break;
    case sql::Dialect::kPostgresql:
      query =
          "SELECT 1 FROM information_schema.tables WHERE table_schema = "
          "current_schema() AND table_name = lower(?)";
      break;
    case sql::Dialect::kMysql:
      query =
          "SELECT 1 FROM information_schema.tables WHERE table_schema = "
          "DATABASE() AND table_name = ?";
      break;
  }
  auto rows = conn.Query(query, {Value::Text(std::string(table))});
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

constexpr absl::string_view kExtensionTable = "mlmd_server_migrations";

// MySQL cannot create an index idempotently (MySQL 8 has no CREATE INDEX IF
// NOT EXISTS; MariaDB has). Its DDL also commits implicitly, so a crash can
// leave a migration half applied; on the re-run, "duplicate key name" (error
// 1061) means that index is already there.
bool IndexAlreadyExists(sql::Dialect dialect, const absl::Status& st) {
  return dialect == sql::Dialect::kMysql &&
         absl::StrContains(st.message(), "mysql error 1061 (");
}

// Serializes schema set-up between servers that start at the same time on
// one database, for one transaction. SQLite needs nothing (BEGIN IMMEDIATE
// already excludes other writers); PostgreSQL takes a transaction-scoped
// advisory lock; MySQL a named session lock (its DDL commits implicitly, so a
// transaction-scoped lock would not do). The MySQL lock must outlive the
// final COMMIT: released earlier, the next server would plan from a state
// that lacks our uncommitted rows and insert them a second time.
class SchemaLock {
 public:
  explicit SchemaLock(sql::Connection& conn) : conn_(conn) {
    switch (conn.dialect()) {
      case sql::Dialect::kSqlite:
        break;
      case sql::Dialect::kPostgresql:
        status_ = conn.Query("SELECT pg_advisory_xact_lock(hashtext(?))",
                             {Value::Text("mlmd-server schema")})
                      .status();
        break;
      case sql::Dialect::kMysql: {
        auto rows = conn.Query(
            "SELECT GET_LOCK(CONCAT('mlmd_schema_', MD5(DATABASE())), 60)");
        if (!rows.ok()) {
          status_ = rows.status();
        } else if (rows->empty() || rows->rows[0][0].AsInt() != 1) {
          status_ = absl::AbortedError(
              "timed out waiting for another server to finish setting up "
              "the schema");
        } else {
          held_ = true;
        }
        break;
      }
    }
  }
  ~SchemaLock() { Release(); }

  // On success: commits the work, then lets the next server in. Only MySQL
  // needs this; elsewhere the lock ends with the caller's COMMIT.
  absl::Status CommitAndRelease() {
    if (!held_) return absl::OkStatus();
    absl::Status st = conn_.Commit();
    Release();
    return st;
  }
  SchemaLock(const SchemaLock&) = delete;
  SchemaLock& operator=(const SchemaLock&) = delete;

  const absl::Status& status() const { return status_; }

 private:
  void Release() {
    if (!held_) return;
    held_ = false;
    // Best effort: the lock also ends with the session.
    (void)conn_.Query(
        "SELECT RELEASE_LOCK(CONCAT('mlmd_schema_', MD5(DATABASE())))");
  }

  sql::Connection& conn_;
  absl::Status status_;
  bool held_ = false;
};

absl::Status RunStatements(sql::Connection& conn,
                           const migrations::Migration& m) {
  for (const std::string& stmt : m.statements) {
    auto st = conn.Execute(stmt);
    if (!st.ok() && IndexAlreadyExists(conn.dialect(), st.status())) continue;
    if (!st.ok()) {
      return absl::Status(st.status().code(),
                          absl::StrCat("migration ", m.name,
                                       " failed: ", st.status().message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SchemaStatus> InspectSchema(sql::Connection& conn) {
  SchemaStatus status;
  auto has_env = TableExists(conn, "MLMDEnv");
  if (!has_env.ok()) return has_env.status();
  if (*has_env) {
    auto rows = conn.Query("SELECT schema_version FROM MLMDEnv");
    if (!rows.ok()) return rows.status();
    if (rows->size() > 1) {
      return absl::FailedPreconditionError(
          "MLMDEnv holds more than one schema_version row; the database was "
          "modified by hand and must be repaired before use");
    }
    if (!rows->empty()) status.mlmd_schema_version = rows->rows[0][0].AsInt();
  } else {
    auto has_type = TableExists(conn, "Type");
    if (!has_type.ok()) return has_type.status();
    if (*has_type) {
      return absl::FailedPreconditionError(
          "the database has MLMD tables but no MLMDEnv table (a pre-0.13 "
          "MLMD layout); it cannot be served or upgraded by mlmd-server");
    }
  }
  auto has_ext = TableExists(conn, kExtensionTable);
  if (!has_ext.ok()) return has_ext.status();
  std::vector<int> applied;
  if (*has_ext) {
    auto rows = conn.Query(absl::StrCat("SELECT version FROM ", kExtensionTable,
                                        " ORDER BY version"));
    if (!rows.ok()) return rows.status();
    for (const auto& r : rows->rows)
      applied.push_back(static_cast<int>(r[0].AsInt()));
  }
  status.applied_extensions = applied;
  for (const auto& m : migrations::ExtensionMigrations(conn.dialect())) {
    if (std::find(applied.begin(), applied.end(), m.version) == applied.end()) {
      status.pending_extensions.push_back(m.name);
    }
  }
  return status;
}

bool SchemaPlan::needs_upgrade() const {
  for (const SchemaStep& step : steps) {
    if (step.kind == SchemaStep::Kind::kUpgrade) return true;
  }
  return false;
}

absl::StatusOr<SchemaPlan> PlanSchemaMigration(sql::Connection& conn) {
  const int kTarget = migrations::kMlmdSchemaVersion;
  auto status = InspectSchema(conn);
  if (!status.ok()) return status.status();
  SchemaPlan plan;
  plan.current_version = status->mlmd_schema_version;
  plan.target_version = kTarget;
  const int version = plan.current_version;
  if (version > kTarget) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the database is at MLMD schema version ", version,
        ", newer than the version ", kTarget,
        " this server supports; use a newer mlmd-server (downgrades are "
        "not performed)"));
  }
  if (version > 0 && version < migrations::kOldestUpgradable) {
    return absl::FailedPreconditionError(
        absl::StrCat("upgrading from MLMD schema version ", version,
                     " is not supported; the oldest supported is ",
                     migrations::kOldestUpgradable));
  }
  if (version == 0) {
    SchemaStep step;
    step.kind = SchemaStep::Kind::kCreate;
    step.version = kTarget;
    step.sql = migrations::BaseSchema(conn.dialect());
    step.description = absl::StrCat("create MLMD schema ", kTarget, " (mlmd_v",
                                    kTarget, ".sql)");
    plan.steps.push_back(std::move(step));
  }
  for (int v = version == 0 ? kTarget : version; v < kTarget; ++v) {
    SchemaStep step;
    step.kind = SchemaStep::Kind::kUpgrade;
    step.version = v + 1;
    step.sql = migrations::UpstreamUpgrade(conn.dialect(), v);
    step.description = absl::StrCat("MLMD schema ", v, " -> ", v + 1,
                                    " (mlmd_upgrade_v", v + 1, ".sql)");
    plan.steps.push_back(std::move(step));
  }
  for (auto& m : migrations::ExtensionMigrations(conn.dialect())) {
    if (std::find(status->pending_extensions.begin(),
                  status->pending_extensions.end(),
                  m.name) == status->pending_extensions.end()) {
      continue;
    }
    SchemaStep step;
    step.kind = SchemaStep::Kind::kExtension;
    step.version = m.version;
    step.description = absl::StrCat("mlmd-server migration ", m.name);
    step.sql = std::move(m);
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

absl::StatusOr<int> InitializeSchema(sql::ConnectionPool& pool,
                                     bool enable_upgrade,
                                     std::vector<SchemaStep>* applied) {
  const int kTarget = migrations::kMlmdSchemaVersion;
  RetryPolicy policy;
  int version = 0;
  absl::Status st = RunInTransaction(
      pool, sql::TransactionMode::kWrite, policy,
      [&](sql::Connection& conn) -> absl::Status {
        if (applied != nullptr) applied->clear();  // a retry starts over
        SchemaLock lock(conn);
        if (!lock.status().ok()) return lock.status();
        auto plan = PlanSchemaMigration(conn);
        if (!plan.ok()) return plan.status();
        version = plan->current_version;
        if (plan->needs_upgrade() && !enable_upgrade) {
          return absl::FailedPreconditionError(absl::StrCat(
              "the database is at MLMD schema version ", version,
              " and this server needs ", kTarget,
              "; back it up, then start the server (or `mlmd-server migrate "
              "apply`) with --enable_database_upgrade to upgrade it in place"));
        }
        // Refuse before changing anything: MySQL cannot roll DDL back.
        for (const SchemaStep& step : plan->steps) {
          if (step.available()) continue;
          if (step.kind == SchemaStep::Kind::kUpgrade) {
            return absl::UnimplementedError(absl::StrCat(
                "no upgrade from MLMD schema version ", step.version - 1,
                " to ", step.version, " is available for ",
                migrations::DialectName(conn.dialect())));
          }
          return absl::InternalError(
              absl::StrCat("no embedded schema for dialect ",
                           migrations::DialectName(conn.dialect())));
        }
        // Upstream's schema first.
        for (const SchemaStep& step : plan->steps) {
          if (step.kind == SchemaStep::Kind::kExtension) continue;
          if (auto s = RunStatements(conn, step.sql); !s.ok()) return s;
          if (applied != nullptr) applied->push_back(step);
        }
        if (version == 0) {
          auto ins =
              conn.Execute("INSERT INTO MLMDEnv(schema_version) VALUES (?)",
                           {Value::Int(kTarget)});
          if (!ins.ok()) return ins.status();
          version = kTarget;
        } else if (version < kTarget) {
          auto upd = conn.Execute("UPDATE MLMDEnv SET schema_version = ?",
                                  {Value::Int(kTarget)});
          if (!upd.ok()) return upd.status();
          version = kTarget;
        }
        // Our own additive migrations.
        auto created = conn.Execute(absl::StrCat(
            "CREATE TABLE IF NOT EXISTS ", kExtensionTable,
            " (version INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL, "
            "applied_at_millis BIGINT NOT NULL)"));
        if (!created.ok()) return created.status();
        for (const SchemaStep& step : plan->steps) {
          if (step.kind != SchemaStep::Kind::kExtension) continue;
          if (auto s = RunStatements(conn, step.sql); !s.ok()) return s;
          auto ins = conn.Execute(
              absl::StrCat(
                  "INSERT INTO ", kExtensionTable,
                  " (version, name, applied_at_millis) VALUES (?, ?, ?)"),
              {Value::Int(step.version), Value::Text(step.sql.name),
               Value::Int(absl::ToUnixMillis(absl::Now()))});
          if (!ins.ok()) return ins.status();
          if (applied != nullptr) applied->push_back(step);
        }
        return lock.CommitAndRelease();
      });
  if (!st.ok()) return st;
  return version;
}

}  // namespace mlmd
