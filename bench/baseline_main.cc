// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd-baseline: writes the rows of mlmd-bench's `ingest` and `kfp` (write
// RPCs only) straight into an MLMD schema-10 database with the database's
// own client library, at the same concurrency, and reports the same JSON
// shape, so server throughput can be stated as a fraction of this.
#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "bench/baseline_db.h"
#include "bench/baseline_workloads.h"
#include "bench/mlmd_util.h"
#include "bench/runner.h"
#include "migrations/migrations.h"

ABSL_FLAG(std::string, backend, "sqlite", "sqlite, postgresql or mysql.");
ABSL_FLAG(std::string, sqlite_path, "", "SQLite database file.");
ABSL_FLAG(std::string, host, "",
          "Database host (default: $MLMD_TEST_POSTGRES_HOST or "
          "$MLMD_TEST_MYSQL_HOST, else 127.0.0.1).");
ABSL_FLAG(int, port, 0, "Database port (default: from the same variables).");
ABSL_FLAG(std::string, user, "", "Database user (default: from env).");
ABSL_FLAG(std::string, password, "", "Database password (default: from env).");
ABSL_FLAG(std::string, database, "mlmd_baseline",
          "Database name (created by the schema step when missing).");
ABSL_FLAG(bool, create_schema, true,
          "Create the MLMD schema-10 tables first with mlmd_store.");
ABSL_FLAG(std::string, workload, "ingest", "ingest or kfp.");
ABSL_FLAG(int, batch, 1, "ingest: artifacts per transaction.");
ABSL_FLAG(int, concurrency, 1, "Threads, one connection each.");
ABSL_FLAG(std::string, sweep, "", "Comma-separated concurrency levels.");
ABSL_FLAG(double, duration_s, 10, "Measured seconds per run.");
ABSL_FLAG(int64_t, operations, 0, "Stop after this many operations.");
ABSL_FLAG(double, warmup_s, 2, "Unmeasured seconds before each run.");
ABSL_FLAG(double, max_duration_s, 600, "Hard time limit of a run.");
ABSL_FLAG(std::string, json_out, "", "Write the results as JSON here.");
ABSL_FLAG(int, kfp_pipelines, 4, "Pipelines shared by the drivers.");
ABSL_FLAG(int, kfp_tasks_per_run, 10, "Tasks per pipeline run.");
ABSL_FLAG(std::string, session, "", "Name prefix (default: random).");

namespace mlmd::bench {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

absl::StatusOr<DbConfig> ConfigFromFlags() {
  DbConfig c;
  const std::string backend = absl::GetFlag(FLAGS_backend);
  std::string env_prefix;
  if (backend == "sqlite") {
    c.backend = DbBackend::kSqlite;
    c.sqlite_path = absl::GetFlag(FLAGS_sqlite_path);
    if (c.sqlite_path.empty()) {
      return absl::InvalidArgumentError("--sqlite_path is required");
    }
    return c;
  } else if (backend == "postgresql") {
    c.backend = DbBackend::kPostgresql;
    env_prefix = "MLMD_TEST_POSTGRES_";
  } else if (backend == "mysql") {
    c.backend = DbBackend::kMysql;
    env_prefix = "MLMD_TEST_MYSQL_";
  } else {
    return absl::InvalidArgumentError(
        "--backend must be sqlite, postgresql or mysql");
  }
  auto pick = [&](const std::string& flag, const char* suffix) {
    return flag.empty() ? Env((env_prefix + suffix).c_str()) : flag;
  };
  c.host = pick(absl::GetFlag(FLAGS_host), "HOST");
  if (c.host.empty()) c.host = "127.0.0.1";
  c.user = pick(absl::GetFlag(FLAGS_user), "USER");
  c.password = pick(absl::GetFlag(FLAGS_password), "PASSWORD");
  c.database = absl::GetFlag(FLAGS_database);
  c.port = absl::GetFlag(FLAGS_port);
  if (c.port == 0 &&
      !absl::SimpleAtoi(Env((env_prefix + "PORT").c_str()), &c.port)) {
    c.port = c.backend == DbBackend::kPostgresql ? 5432 : 3306;
  }
  return c;
}

// The schema the server would create (MLMD's schema-10 tables and our own
// indexes, from the embedded migration files), written through the
// database's own client library: the baseline never runs the store's code,
// so it cannot measure it by accident. A database that already has the
// schema (an earlier workload of the same run) is left as it is.
absl::Status CreateSchema(const DbConfig& c) {
  using migrations::Dialect;
  const Dialect dialect = c.backend == DbBackend::kSqlite ? Dialect::kSqlite
                          : c.backend == DbBackend::kPostgresql
                              ? Dialect::kPostgresql
                              : Dialect::kMysql;
  auto exists = [](BaselineDb& db, absl::string_view query,
                   const std::string& name) -> absl::StatusOr<bool> {
    auto stmt = db.Prepare(query);
    if (!stmt.ok()) return stmt.status();
    auto row = db.QueryInt(*stmt, {Param(name)});
    if (!row.ok()) return row.status();
    return row->has_value();
  };
  if (c.backend != DbBackend::kSqlite) {
    // Create the database from the server's maintenance connection.
    DbConfig admin = c;
    admin.database = c.backend == DbBackend::kPostgresql ? "postgres" : "";
    auto db = BaselineDb::Connect(admin);
    if (!db.ok()) return db.status();
    auto found = exists(**db,
                        c.backend == DbBackend::kPostgresql
                            ? "SELECT 1 FROM pg_database WHERE datname = ?"
                            : "SELECT 1 FROM information_schema.schemata WHERE "
                              "schema_name = ?",
                        c.database);
    if (!found.ok()) return found.status();
    if (!*found) {
      // Names come from the bench's own flags; quoted as identifiers.
      const std::string create =
          c.backend == DbBackend::kPostgresql
              ? absl::StrCat("CREATE DATABASE \"",
                             absl::StrReplaceAll(c.database, {{"\"", "\"\""}}),
                             "\"")
              : absl::StrCat("CREATE DATABASE `",
                             absl::StrReplaceAll(c.database, {{"`", "``"}}),
                             "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      auto stmt = (*db)->Prepare(create);
      if (!stmt.ok()) return stmt.status();
      auto done = (*db)->Run(*stmt, {});
      if (!done.ok()) return done.status();
    }
  }
  auto db = BaselineDb::Connect(c);
  if (!db.ok()) return db.status();
  const char* env_query =
      c.backend == DbBackend::kSqlite
          ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(name) "
            "= lower(?)"
      : c.backend == DbBackend::kPostgresql
          ? "SELECT 1 FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = lower(?)"
          : "SELECT 1 FROM information_schema.tables WHERE table_schema = "
            "DATABASE() AND table_name = ?";
  auto has_env = exists(**db, env_query, "MLMDEnv");
  if (!has_env.ok()) return has_env.status();
  if (*has_env) return absl::OkStatus();
  std::vector<std::string> statements =
      migrations::BaseSchema(dialect).statements;
  for (const auto& m : migrations::ExtensionMigrations(dialect)) {
    statements.insert(statements.end(), m.statements.begin(),
                      m.statements.end());
  }
  // Last, so an interrupted creation is not taken for a finished one.
  statements.push_back(
      absl::StrCat("INSERT INTO MLMDEnv (schema_version) VALUES (",
                   migrations::kMlmdSchemaVersion, ")"));
  for (const std::string& sql : statements) {
    auto stmt = (*db)->Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    auto done = (*db)->Run(*stmt, {});
    if (!done.ok()) return done.status();
  }
  return absl::OkStatus();
}

int Main() {
  auto config = ConfigFromFlags();
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(config.status().message()).c_str());
    return 2;
  }
  const std::string workload = absl::GetFlag(FLAGS_workload);
  if (workload != "ingest" && workload != "kfp") {
    std::fprintf(stderr, "--workload must be ingest or kfp\n");
    return 2;
  }
  std::vector<int> levels;
  if (absl::GetFlag(FLAGS_sweep).empty()) {
    levels.push_back(absl::GetFlag(FLAGS_concurrency));
  } else {
    for (absl::string_view part :
         absl::StrSplit(absl::GetFlag(FLAGS_sweep), ',', absl::SkipEmpty())) {
      int n = 0;
      if (!absl::SimpleAtoi(part, &n) || n < 1 || n > 1024) {
        std::fprintf(stderr, "--sweep: bad level '%s'\n",
                     std::string(part).c_str());
        return 2;
      }
      levels.push_back(n);
    }
  }
  std::string session = absl::GetFlag(FLAGS_session);
  if (session.empty()) session = NewSessionTag();

  if (absl::GetFlag(FLAGS_create_schema)) {
    if (absl::Status st = CreateSchema(*config); !st.ok()) {
      std::fprintf(stderr, "creating the schema failed: %s\n",
                   st.ToString().c_str());
      return 1;
    }
  }
  auto setup_db = BaselineDb::Connect(*config);
  if (!setup_db.ok()) {
    std::fprintf(stderr, "%s\n", setup_db.status().ToString().c_str());
    return 1;
  }
  auto ids = PrepareBaseline(**setup_db, absl::GetFlag(FLAGS_kfp_pipelines));
  setup_db->reset();
  if (!ids.ok()) {
    std::fprintf(stderr, "baseline setup failed: %s\n",
                 ids.status().ToString().c_str());
    return 1;
  }

  const int batch = absl::GetFlag(FLAGS_batch);
  Labels labels = {{"tool", "mlmd-baseline"},
                   {"workload", workload},
                   {"backend", absl::GetFlag(FLAGS_backend)}};
  labels["variant"] =
      workload == "kfp" ? "kfp_writes" : absl::StrCat("ingest_b", batch);
  if (workload == "ingest") labels["batch"] = absl::StrCat(batch);
  const std::string items_name = workload == "kfp" ? "tasks" : "artifacts";

  std::vector<google::protobuf::Struct> runs;
  int level_index = 0;
  for (int level : levels) {
    RunOptions options;
    options.concurrency = level;
    options.duration_s = absl::GetFlag(FLAGS_duration_s);
    options.operations = absl::GetFlag(FLAGS_operations);
    options.warmup_s = absl::GetFlag(FLAGS_warmup_s);
    options.max_duration_s = absl::GetFlag(FLAGS_max_duration_s);
    const std::string run_session = absl::StrCat(session, "-l", level_index++);
    WorkerFactory factory = [&](int i) -> std::unique_ptr<Worker> {
      if (workload == "kfp") {
        return MakeBaselineKfp(*config, *ids,
                               absl::GetFlag(FLAGS_kfp_tasks_per_run),
                               run_session, i);
      }
      return MakeBaselineIngest(*config, *ids, batch, run_session, i);
    };
    RunResult result = RunWorkers(options, factory);
    PrintSummary(result, labels, items_name);
    runs.push_back(RunResultToJson(result, labels, items_name));
  }
  const std::string path = absl::GetFlag(FLAGS_json_out);
  if (!path.empty()) {
    if (auto st = WriteRunsJson(path, "mlmd-baseline", runs); !st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace mlmd::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Direct-database baseline for mlmd-bench: mlmd-baseline "
      "--backend=sqlite --sqlite_path=/tmp/b.sqlite --workload=ingest");
  absl::ParseCommandLine(argc, argv);
  return mlmd::bench::Main();
}
