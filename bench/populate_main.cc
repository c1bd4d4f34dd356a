// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd-populate: fills an MLMD server with realistic pipeline history (see
// populate.h) up to a number of artifacts + executions, printing progress.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "bench/grpc_client.h"
#include "bench/mlmd_util.h"
#include "bench/populate.h"
#include "bench/runner.h"

ABSL_FLAG(std::string, target, "127.0.0.1:8080", "Server address host:port.");
ABSL_FLAG(int64_t, nodes, 100000, "Artifacts + executions to add.");
ABSL_FLAG(int, concurrency, 4, "Writer threads.");
ABSL_FLAG(int, runs_per_call, 50,
          "Pipeline runs per PutLineageSubgraph call (~14 nodes each).");
ABSL_FLAG(int, pipelines, 10, "Pipeline contexts the runs belong to.");
ABSL_FLAG(double, max_duration_s, 3600, "Stop after this many seconds.");
ABSL_FLAG(double, progress_interval_s, 5, "Seconds between progress lines.");
ABSL_FLAG(std::string, json_out, "", "Write the result as JSON here.");
ABSL_FLAG(std::string, channel_mode, "per_thread", "per_thread or shared.");
ABSL_FLAG(double, rpc_timeout_s, 300, "Deadline of each RPC.");
ABSL_FLAG(std::string, backend, "", "Label stored in the JSON (sqlite...).");
ABSL_FLAG(std::string, session, "", "Name prefix (default: random).");

namespace mlmd::bench {
namespace {

int Main() {
  auto mode = ParseChannelMode(absl::GetFlag(FLAGS_channel_mode));
  if (!mode.ok()) {
    std::fprintf(stderr, "%s\n", std::string(mode.status().message()).c_str());
    return 2;
  }
  SetRpcTimeout(absl::GetFlag(FLAGS_rpc_timeout_s));
  PopulateOptions options;
  options.nodes = absl::GetFlag(FLAGS_nodes);
  options.concurrency = std::max(1, absl::GetFlag(FLAGS_concurrency));
  options.runs_per_call = std::max(1, absl::GetFlag(FLAGS_runs_per_call));
  options.pipelines = std::max(1, absl::GetFlag(FLAGS_pipelines));
  options.max_duration_s = absl::GetFlag(FLAGS_max_duration_s);
  options.progress_interval_s =
      std::max(0.5, absl::GetFlag(FLAGS_progress_interval_s));
  options.session = absl::GetFlag(FLAGS_session);
  if (options.session.empty()) options.session = NewSessionTag();
  const std::string target = absl::GetFlag(FLAGS_target);

  auto channels = MakeChannels(target, *mode, options.concurrency,
                               /*connect_timeout_s=*/15);
  if (!channels.ok()) {
    std::fprintf(stderr, "%s\n", channels.status().ToString().c_str());
    return 1;
  }
  PopulateResult r = Populate(*channels, options);
  const int64_t nodes = r.executions + r.artifacts;
  absl::PrintF(
      "populate: %s\n  %d nodes (%d executions, %d artifacts), %d events, "
      "%d run contexts, %d runs in %.1f s = %.0f nodes/s\n",
      r.status.ok() ? "done" : r.status.ToString(), nodes, r.executions,
      r.artifacts, r.events, r.contexts, r.runs, r.seconds,
      nodes / std::max(r.seconds, 1e-9));
  PrintRpcTable(r.stats);
  const std::string path = absl::GetFlag(FLAGS_json_out);
  if (!path.empty()) {
    google::protobuf::Struct run = PopulateResultToJson(r, options, target);
    if (!absl::GetFlag(FLAGS_backend).empty()) {
      (*run.mutable_fields())["backend"] = Str(absl::GetFlag(FLAGS_backend));
    }
    if (auto st = WriteRunsJson(path, "mlmd-populate", {run}); !st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      return 1;
    }
  }
  return r.status.ok() ? 0 : 1;
}

}  // namespace
}  // namespace mlmd::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Fills an MLMD server with pipeline history: mlmd-populate "
      "--target=127.0.0.1:8080 --nodes=1000000");
  absl::ParseCommandLine(argc, argv);
  return mlmd::bench::Main();
}
