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
#include "absl/strings/str_split.h"
#include "bench/baseline_db.h"
#include "bench/baseline_workloads.h"
#include "bench/mlmd_util.h"
#include "bench/runner.h"
#include "store/store.h"

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

// The schema the server would create, via the store library.
absl::Status CreateSchema(const DbConfig& c) {
  StoreOptions options;
  options.pool_size = 1;
  auto& cc = options.connection_config;
  switch (c.backend) {
    case DbBackend::kSqlite:
      cc.mutable_sqlite()->set_filename_uri(c.sqlite_path);
      break;
    case DbBackend::kPostgresql: {
      auto* pg = cc.mutable_postgresql();
      pg->set_host(c.host);
      pg->set_port(absl::StrCat(c.port));
      pg->set_user(c.user);
      pg->set_password(c.password);
      pg->set_dbname(c.database);
      break;
    }
    case DbBackend::kMysql: {
      auto* my = cc.mutable_mysql();
      my->set_host(c.host);
      my->set_port(c.port);
      my->set_user(c.user);
      my->set_password(c.password);
      my->set_database(c.database);
      break;
    }
  }
  auto store = MetadataStore::Open(options);
  return store.status();
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
