// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd-bench: load generator for any MLMD gRPC server (ours or Google's
// metadata_store_server). Runs one workload at one or several concurrency
// levels and reports throughput, per-RPC latency percentiles and errors by
// gRPC status code, as JSON and as a summary on stdout.
#include <cstdio>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "bench/grpc_client.h"
#include "bench/kfp_workload.h"
#include "bench/mlmd_util.h"
#include "bench/populate.h"
#include "bench/runner.h"
#include "bench/workloads.h"

ABSL_FLAG(std::string, target, "127.0.0.1:8080", "Server address host:port.");
ABSL_FLAG(std::string, workload, "kfp",
          "kfp, ingest, lineage, query or floor (an RPC that touches no "
          "database: the gRPC and server cost alone).");
ABSL_FLAG(int, concurrency, 1, "Worker threads (KFP drivers).");
ABSL_FLAG(std::string, sweep, "",
          "Comma-separated concurrency levels run one after another, e.g. "
          "1,8,32,64 (overrides --concurrency).");
ABSL_FLAG(double, duration_s, 10, "Measured seconds per run.");
ABSL_FLAG(int64_t, operations, 0,
          "Stop after this many operations instead of --duration_s.");
ABSL_FLAG(double, warmup_s, 2, "Unmeasured seconds before each run.");
ABSL_FLAG(double, max_duration_s, 600,
          "Hard time limit of a measured run, also with --operations.");
ABSL_FLAG(std::string, json_out, "", "Write the results as JSON here.");
ABSL_FLAG(std::string, channel_mode, "per_thread",
          "per_thread: one channel (TCP connection) per thread; shared: one "
          "channel for all threads.");
ABSL_FLAG(double, rpc_timeout_s, 60, "Deadline of each RPC.");
ABSL_FLAG(std::string, token, "",
          "Bearer token sent with every call (authorization metadata).");
ABSL_FLAG(std::string, tenant, "",
          "Tenant named in every call (x-mlmd-tenant metadata).");
ABSL_FLAG(double, connect_timeout_s, 15, "How long to wait for the server.");
ABSL_FLAG(std::string, backend, "", "Label stored in the report (sqlite...).");
ABSL_FLAG(std::string, session, "",
          "Prefix of generated names (default: random).");
// kfp
ABSL_FLAG(int, kfp_pipelines, 4, "Pipelines shared by the KFP drivers.");
ABSL_FLAG(int, kfp_tasks_per_run, 10, "Tasks per simulated pipeline run.");
ABSL_FLAG(bool, kfp_reads, true,
          "false: only the write RPCs of each task (the baseline's writes).");
// ingest
ABSL_FLAG(int, batch, 1, "ingest: artifacts per PutArtifacts call.");
// lineage
ABSL_FLAG(std::string, lineage_kind, "both", "subgraph, graph or both.");
ABSL_FLAG(int, lineage_max_hops, 20, "max_num_hops of lineage queries.");
ABSL_FLAG(int, lineage_graph_max_nodes, 100, "GetLineageGraph max_node_size.");
ABSL_FLAG(int, lineage_models, 1000, "Models to pick start nodes from.");
ABSL_FLAG(int64_t, setup_nodes, 0,
          "lineage: first add this many nodes with the mlmd-populate logic.");
// query
ABSL_FLAG(int, query_executions, 10000, "Executions in the query run.");
ABSL_FLAG(int, query_dags, 100, "Distinct parent_dag_id values.");
ABSL_FLAG(int, query_artifacts, 10000,
          "Artifacts for the GetArtifacts filter.");
ABSL_FLAG(int, query_shards, 100, "Distinct bench_shard values.");
ABSL_FLAG(int, query_page_size, 0, "max_result_size; 0 = server default.");
ABSL_FLAG(std::string, query_kind, "both", "executions, artifacts or both.");

namespace mlmd::bench {
namespace {

absl::StatusOr<std::vector<int>> ConcurrencyLevels() {
  std::vector<int> levels;
  const std::string sweep = absl::GetFlag(FLAGS_sweep);
  if (sweep.empty()) {
    levels.push_back(absl::GetFlag(FLAGS_concurrency));
  } else {
    for (absl::string_view part :
         absl::StrSplit(sweep, ',', absl::SkipEmpty())) {
      int n = 0;
      if (!absl::SimpleAtoi(part, &n)) {
        return absl::InvalidArgumentError(
            absl::StrCat("--sweep: '", part, "' is not a number"));
      }
      levels.push_back(n);
    }
  }
  for (int n : levels) {
    if (n < 1 || n > 1024) {
      return absl::InvalidArgumentError(
          absl::StrCat("concurrency ", n, " is outside 1..1024"));
    }
  }
  return levels;
}

std::string Variant(const std::string& workload) {
  if (workload == "kfp") {
    return absl::GetFlag(FLAGS_kfp_reads) ? "kfp" : "kfp_writes";
  }
  if (workload == "ingest") {
    return absl::StrCat("ingest_b", absl::GetFlag(FLAGS_batch));
  }
  return workload;
}

google::protobuf::Struct SetupFailure(const Labels& labels,
                                      const absl::Status& st, int concurrency) {
  google::protobuf::Struct out;
  auto& f = *out.mutable_fields();
  for (const auto& [k, v] : labels) f[k] = Str(v);
  f["concurrency"] = Num(concurrency);
  f["setup_error"] = Str(st.ToString());
  f["setup_error_code"] = Str(CodeName(static_cast<int>(st.code())));
  return out;
}

int Main() {
  const std::string target = absl::GetFlag(FLAGS_target);
  const std::string workload = absl::GetFlag(FLAGS_workload);
  if (workload != "kfp" && workload != "ingest" && workload != "lineage" &&
      workload != "query" && workload != "floor") {
    std::fprintf(stderr,
                 "--workload must be kfp, ingest, lineage, query or floor\n");
    return 2;
  }
  auto levels = ConcurrencyLevels();
  auto mode = ParseChannelMode(absl::GetFlag(FLAGS_channel_mode));
  if (!levels.ok() || !mode.ok()) {
    std::fprintf(
        stderr, "%s\n",
        std::string((levels.ok() ? mode.status() : levels.status()).message())
            .c_str());
    return 2;
  }
  SetRpcTimeout(absl::GetFlag(FLAGS_rpc_timeout_s));
  SetCallIdentity(absl::GetFlag(FLAGS_token), absl::GetFlag(FLAGS_tenant));
  std::string session = absl::GetFlag(FLAGS_session);
  if (session.empty()) session = NewSessionTag();

  Labels labels = {{"tool", "mlmd-bench"},
                   {"workload", workload},
                   {"variant", Variant(workload)},
                   {"target", target},
                   {"channel_mode", ChannelModeName(*mode)}};
  if (!absl::GetFlag(FLAGS_backend).empty()) {
    labels["backend"] = absl::GetFlag(FLAGS_backend);
  }
  std::string items_name = "ops";
  if (workload == "kfp") items_name = "tasks";
  if (workload == "ingest") items_name = "artifacts";
  if (workload == "lineage") items_name = "nodes";
  if (workload == "query") items_name = "rows";
  if (workload == "floor") items_name = "calls";
  if (workload == "ingest") {
    labels["batch"] = absl::StrCat(absl::GetFlag(FLAGS_batch));
  }

  int max_level = 1;
  for (int n : *levels) max_level = std::max(max_level, n);
  auto channels = MakeChannels(target, *mode, max_level,
                               absl::GetFlag(FLAGS_connect_timeout_s));
  std::vector<google::protobuf::Struct> runs;
  auto finish = [&](int code) {
    const std::string path = absl::GetFlag(FLAGS_json_out);
    if (!path.empty()) {
      if (auto st = WriteRunsJson(path, "mlmd-bench", runs); !st.ok()) {
        std::fprintf(stderr, "%s\n", st.ToString().c_str());
        return 1;
      }
    }
    return code;
  };
  if (!channels.ok()) {
    std::fprintf(stderr, "%s\n", channels.status().ToString().c_str());
    runs.push_back(SetupFailure(labels, channels.status(), (*levels)[0]));
    return finish(1);
  }

  // Fixtures for the read workloads, built once before the runs.
  StatsSet setup_stats;
  Recorder setup_rec(&setup_stats);
  auto setup_stub = ml_metadata::MetadataStoreService::NewStub((*channels)[0]);
  auto models = std::make_shared<std::vector<int64_t>>();
  std::shared_ptr<QueryFixture> fixture;
  QueryOptions query;
  query.run_executions = absl::GetFlag(FLAGS_query_executions);
  query.dags = absl::GetFlag(FLAGS_query_dags);
  query.artifacts = absl::GetFlag(FLAGS_query_artifacts);
  query.shards = absl::GetFlag(FLAGS_query_shards);
  query.page_size = absl::GetFlag(FLAGS_query_page_size);
  query.kind = absl::GetFlag(FLAGS_query_kind);
  absl::Status setup = absl::OkStatus();
  if (workload == "lineage") {
    if (absl::GetFlag(FLAGS_setup_nodes) > 0) {
      PopulateOptions p;
      p.nodes = absl::GetFlag(FLAGS_setup_nodes);
      p.concurrency = std::min<int>(4, channels->size());
      p.session = session;
      PopulateResult r = Populate(*channels, p);
      std::printf("setup: populated %lld nodes in %.1f s (%s)\n",
                  static_cast<long long>(r.executions + r.artifacts), r.seconds,
                  r.status.ToString().c_str());
      setup = r.status;
    }
    if (setup.ok()) {
      auto ids = FindModelIds(*setup_stub, setup_rec,
                              absl::GetFlag(FLAGS_lineage_models));
      if (!ids.ok()) {
        setup = ids.status();
      } else if (ids->empty()) {
        setup = absl::FailedPreconditionError(
            "the store has no system.Model artifacts; run mlmd-populate "
            "first or pass --setup_nodes");
      } else {
        *models = *std::move(ids);
      }
    }
  } else if (workload == "query") {
    std::printf(
        "setup: preparing the query fixture (%d executions, %d "
        "artifacts)...\n",
        query.run_executions, query.artifacts);
    std::fflush(stdout);
    auto f = PrepareQueryFixture(*setup_stub, setup_rec, query, session);
    if (f.ok()) {
      fixture = std::make_shared<QueryFixture>(*std::move(f));
    } else {
      setup = f.status();
    }
  }
  if (!setup.ok()) {
    std::fprintf(stderr, "setup failed: %s\n", setup.ToString().c_str());
    PrintRpcTable(setup_stats);
    runs.push_back(SetupFailure(labels, setup, (*levels)[0]));
    return finish(1);
  }

  KfpOptions kfp;
  kfp.pipelines = absl::GetFlag(FLAGS_kfp_pipelines);
  kfp.tasks_per_run = absl::GetFlag(FLAGS_kfp_tasks_per_run);
  kfp.reads = absl::GetFlag(FLAGS_kfp_reads);
  LineageOptions lineage;
  lineage.kind = absl::GetFlag(FLAGS_lineage_kind);
  lineage.max_num_hops = absl::GetFlag(FLAGS_lineage_max_hops);
  lineage.graph_max_nodes = absl::GetFlag(FLAGS_lineage_graph_max_nodes);

  int level_index = 0;
  for (int level : *levels) {
    RunOptions options;
    options.concurrency = level;
    options.duration_s = absl::GetFlag(FLAGS_duration_s);
    options.operations = absl::GetFlag(FLAGS_operations);
    options.warmup_s = absl::GetFlag(FLAGS_warmup_s);
    options.max_duration_s = absl::GetFlag(FLAGS_max_duration_s);
    // Each level gets its own name space so runs never collide.
    kfp.session = absl::StrCat(session, "-l", level_index);
    const std::string run_session = kfp.session;
    ++level_index;
    WorkerFactory factory = [&](int i) -> std::unique_ptr<Worker> {
      auto channel = (*channels)[i % channels->size()];
      if (workload == "kfp") return MakeKfpDriver(channel, kfp, i);
      if (workload == "floor") return MakeFloorWorker(channel);
      if (workload == "ingest") {
        return MakeIngestWorker(channel, absl::GetFlag(FLAGS_batch),
                                run_session, i);
      }
      if (workload == "lineage") {
        return MakeLineageWorker(channel, lineage, models, i);
      }
      return MakeQueryWorker(channel, query, fixture, i);
    };
    RunResult result = RunWorkers(options, factory);
    PrintSummary(result, labels, items_name);
    runs.push_back(RunResultToJson(result, labels, items_name));
  }
  return finish(0);
}

}  // namespace
}  // namespace mlmd::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Benchmarks an MLMD gRPC server: mlmd-bench --target=127.0.0.1:8080 "
      "--workload=kfp --sweep=1,8,32,64 --json_out=kfp.json");
  absl::ParseCommandLine(argc, argv);
  return mlmd::bench::Main();
}
