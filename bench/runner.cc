// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace mlmd::bench {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t NanosBetween(Clock::time_point a, Clock::time_point b) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
}

Clock::duration Secs(double s) {
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(std::max(0.0, s)));
}

struct ThreadOutcome {
  StatsSet measured;
  StatsSet warmup;
  int64_t ops_ok = 0;
  int64_t ops_failed = 0;
  int64_t items = 0;
  std::map<int, uint64_t> op_errors;
  Clock::time_point last_end;
};

}  // namespace

RunResult RunWorkers(const RunOptions& options, const WorkerFactory& factory) {
  const int n = std::max(1, options.concurrency);
  std::vector<ThreadOutcome> outcomes(n);
  std::vector<std::unique_ptr<Worker>> workers;
  workers.reserve(n);
  for (int i = 0; i < n; ++i) workers.push_back(factory(i));

  // Operation tickets for --operations; only the measured phase takes them.
  std::atomic<int64_t> tickets{options.operations};
  const bool by_count = options.operations > 0;

  // All threads start together once every one exists.
  std::mutex mu;
  std::condition_variable cv;
  bool go = false;
  Clock::time_point warmup_end, stop, hard_stop;

  std::vector<std::thread> threads;
  threads.reserve(n);
  for (int t = 0; t < n; ++t) {
    threads.emplace_back([&, t] {
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return go; });
      }
      ThreadOutcome& out = outcomes[t];
      out.last_end = warmup_end;
      Recorder rec(&out.warmup);
      for (;;) {
        Clock::time_point now = Clock::now();
        if (now >= hard_stop) break;
        const bool measuring = now >= warmup_end;
        if (measuring) {
          if (by_count) {
            if (tickets.fetch_sub(1) <= 0) break;
          } else if (now >= stop) {
            break;
          }
        }
        rec.set_target(measuring ? &out.measured : &out.warmup);
        Clock::time_point t0 = Clock::now();
        absl::StatusOr<int64_t> items = workers[t]->RunOnce(rec);
        Clock::time_point t1 = Clock::now();
        int code = static_cast<int>(items.status().code());
        rec.Record(kOpName, NanosBetween(t0, t1), code);
        if (!measuring) continue;
        out.last_end = t1;
        if (items.ok()) {
          ++out.ops_ok;
          out.items += *items;
        } else {
          ++out.ops_failed;
          ++out.op_errors[code];
        }
      }
    });
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    Clock::time_point start = Clock::now();
    warmup_end = start + Secs(options.warmup_s);
    stop = warmup_end + Secs(options.duration_s);
    hard_stop = warmup_end + Secs(options.max_duration_s);
    if (!by_count) hard_stop = std::min(hard_stop, stop);
    go = true;
  }
  cv.notify_all();
  for (auto& th : threads) th.join();
  workers.clear();

  RunResult r;
  r.concurrency = n;
  Clock::time_point last = warmup_end;
  for (const ThreadOutcome& o : outcomes) {
    r.stats.Merge(o.measured);
    r.ops_ok += o.ops_ok;
    r.ops_failed += o.ops_failed;
    r.items += o.items;
    for (const auto& [code, c] : o.op_errors) r.op_errors[code] += c;
    last = std::max(last, o.last_end);
  }
  r.seconds = NanosBetween(warmup_end, last) / 1e9;
  return r;
}

google::protobuf::Struct RunResultToJson(const RunResult& r,
                                         const Labels& labels,
                                         const std::string& items_name) {
  google::protobuf::Struct out;
  auto& f = *out.mutable_fields();
  for (const auto& [k, v] : labels) f[k] = Str(v);
  const double secs = r.seconds > 0 ? r.seconds : 1e-9;
  const uint64_t rpcs = r.stats.TotalCalls();
  f["concurrency"] = Num(r.concurrency);
  f["seconds"] = Num(r.seconds);
  f["ops_ok"] = Num(r.ops_ok);
  f["ops_failed"] = Num(r.ops_failed);
  f["ops_per_s"] = Num(r.ops_ok / secs);
  f["items_name"] = Str(items_name);
  f["items"] = Num(r.items);
  f["items_per_s"] = Num(r.items / secs);
  f[absl::StrCat(items_name, "_per_s")] = Num(r.items / secs);
  f["rpcs"] = Num(rpcs);
  f["rpcs_per_s"] = Num(rpcs / secs);
  f["errors"] = CodeCountsToJson(r.stats.TotalErrors());
  f["expected"] = CodeCountsToJson(r.stats.TotalExpected());
  f["op_errors"] = CodeCountsToJson(r.op_errors);
  const auto& all = r.stats.all();
  auto op = all.find(kOpName);
  f["op_latency_us"] =
      LatencyToJson(op == all.end() ? Histogram() : op->second.latency_ns);
  google::protobuf::Value per_rpc;
  auto* rpc_fields = per_rpc.mutable_struct_value()->mutable_fields();
  for (const auto& [name, s] : all) {
    if (name != kOpName) (*rpc_fields)[name] = RpcStatsToJson(s);
  }
  f["rpcs_by_name"] = per_rpc;
  return out;
}

namespace {

std::string CodesText(const std::map<int, uint64_t>& m) {
  return absl::StrJoin(m, " ", [](std::string* out, const auto& kv) {
    absl::StrAppend(out, CodeName(kv.first), "=", kv.second);
  });
}

double Ms(uint64_t ns) { return ns / 1e6; }

}  // namespace

void PrintSummary(const RunResult& r, const Labels& labels,
                  const std::string& items_name) {
  std::string heading = absl::StrJoin(labels, " ", absl::PairFormatter("="));
  const double secs = r.seconds > 0 ? r.seconds : 1e-9;
  auto tool = labels.find("tool");
  const char* calls_name =
      tool != labels.end() && tool->second == "mlmd-baseline" ? "txn" : "RPC";
  absl::PrintF("== %s concurrency=%d ==\n", heading, r.concurrency);
  absl::PrintF(
      "  %.1f s measured: %d ops ok, %d failed; %.1f ops/s, %.1f %s/s, "
      "%.1f %s/s\n",
      r.seconds, r.ops_ok, r.ops_failed, r.ops_ok / secs, r.items / secs,
      items_name, r.stats.TotalCalls() / secs, calls_name);
  auto errors = r.stats.TotalErrors();
  if (!errors.empty()) absl::PrintF("  RPC errors: %s\n", CodesText(errors));
  auto expected = r.stats.TotalExpected();
  if (!expected.empty()) {
    absl::PrintF("  handled (expected) codes: %s\n", CodesText(expected));
  }
  PrintRpcTable(r.stats);
}

void PrintRpcTable(const StatsSet& stats) {
  absl::PrintF("  %-30s %9s %9s %9s %9s %9s %9s  %s\n", "rpc", "calls", "ok",
               "p50 ms", "p90 ms", "p99 ms", "max ms", "errors");
  for (const auto& [name, s] : stats.all()) {
    const Histogram& h = s.latency_ns;
    absl::PrintF("  %-30s %9d %9d %9.3f %9.3f %9.3f %9.3f  %s\n", name,
                 s.calls(), s.ok, Ms(h.Percentile(0.5)), Ms(h.Percentile(0.9)),
                 Ms(h.Percentile(0.99)), Ms(h.max()), CodesText(s.errors));
  }
  std::fflush(stdout);
}

absl::Status WriteRunsJson(const std::string& path, const std::string& tool,
                           const std::vector<google::protobuf::Struct>& runs) {
  google::protobuf::Struct doc;
  auto& f = *doc.mutable_fields();
  f["tool"] = Str(tool);
  auto* list = f["runs"].mutable_list_value();
  for (const auto& run : runs) {
    *list->add_values()->mutable_struct_value() = run;
  }
  std::ofstream out(path);
  if (!out)
    return absl::InvalidArgumentError(absl::StrCat("cannot write ", path));
  out << ToJsonText(doc) << "\n";
  if (!out) return absl::DataLossError(absl::StrCat("write failed: ", path));
  return absl::OkStatus();
}

}  // namespace mlmd::bench
