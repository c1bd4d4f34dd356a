// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd-bench-report: turns the JSON files of mlmd-bench, mlmd-populate and
// mlmd-baseline into the Markdown tables of bench/REPORT.md (stdout).
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

ABSL_FLAG(std::vector<std::string>, inputs, {},
          "Comma-separated JSON files written by the bench tools.");
ABSL_FLAG(int, detail_concurrency, 8,
          "Per-RPC latency tables for runs at this concurrency (and for "
          "runs not part of a sweep).");

namespace mlmd::bench {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string S(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

double N(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? 0 : it->second.number_value();
}

const Struct* Obj(const Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  if (it == s.fields().end() || !it->second.has_struct_value()) return nullptr;
  return &it->second.struct_value();
}

std::string Codes(const Struct* codes) {
  if (codes == nullptr || codes->fields().empty()) return "0";
  std::map<std::string, double> sorted;
  for (const auto& [k, v] : codes->fields()) sorted[k] = v.number_value();
  return absl::StrJoin(sorted, " ", [](std::string* out, const auto& kv) {
    absl::StrAppend(out, kv.first, "=", static_cast<int64_t>(kv.second));
  });
}

std::string Ms(const Struct* latency, const char* key) {
  if (latency == nullptr) return "";
  return absl::StrFormat("%.2f", N(*latency, key) / 1000.0);
}

std::string Rate(double v) {
  return v >= 100 ? absl::StrFormat("%.0f", v) : absl::StrFormat("%.1f", v);
}

std::string RunKey(const Struct& r) {
  return absl::StrCat(S(r, "backend"), "|", S(r, "variant"), "|",
                      static_cast<int>(N(r, "concurrency")));
}

std::string Throughput(const Struct& r, bool is_baseline) {
  const std::string items = S(r, "items_name");
  const std::string workload = S(r, "workload");
  if (workload == "populate") {
    return absl::StrFormat(
        "%s nodes/s (%d nodes in %.0f s)", Rate(N(r, "items_per_s")),
        static_cast<int64_t>(N(r, "items")), N(r, "seconds"));
  }
  if (workload == "lineage" || workload == "query") {
    return absl::StrFormat("%s queries/s (%s %s/s)", Rate(N(r, "ops_per_s")),
                           Rate(N(r, "items_per_s")), items);
  }
  if (workload == "ingest") {
    return absl::StrFormat("%s %s/s (%s calls/s)", Rate(N(r, "items_per_s")),
                           items, Rate(N(r, "ops_per_s")));
  }
  return absl::StrFormat("%s %s/s (%s %s/s)", Rate(N(r, "items_per_s")), items,
                         Rate(N(r, "rpcs_per_s")), is_baseline ? "txn" : "RPC");
}

int Main() {
  std::vector<Struct> runs;
  for (const std::string& path : absl::GetFlag(FLAGS_inputs)) {
    std::ifstream in(path);
    if (!in) {
      std::fprintf(stderr, "skipping %s: cannot read\n", path.c_str());
      continue;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    Struct doc;
    if (!google::protobuf::util::JsonStringToMessage(buf.str(), &doc).ok()) {
      std::fprintf(stderr, "skipping %s: not JSON\n", path.c_str());
      continue;
    }
    const std::string tool = S(doc, "tool");
    auto it = doc.fields().find("runs");
    if (it == doc.fields().end()) continue;
    for (const Value& v : it->second.list_value().values()) {
      Struct run = v.struct_value();
      (*run.mutable_fields())["tool"].set_string_value(tool);
      runs.push_back(std::move(run));
    }
  }
  // Baseline throughput by backend|variant|concurrency.
  std::map<std::string, double> baseline;
  for (const Struct& r : runs) {
    if (S(r, "tool") == "mlmd-baseline") {
      baseline[RunKey(r)] = N(r, "items_per_s");
    }
  }

  absl::PrintF(
      "| backend | workload | tool | conc. | channels | throughput | op p50 "
      "ms | op p99 ms | RPC errors | server / direct DB |\n"
      "|---|---|---|---:|---|---|---:|---:|---|---:|\n");
  for (const Struct& r : runs) {
    const std::string tool = S(r, "tool");
    const bool is_baseline = tool == "mlmd-baseline";
    std::string variant = S(r, "variant");
    if (variant.empty()) variant = S(r, "workload");
    const int conc = static_cast<int>(N(r, "concurrency"));
    if (!S(r, "setup_error").empty()) {
      absl::PrintF("| %s | %s | %s | %d | %s | not run: %s | | | | |\n",
                   S(r, "backend"), variant, tool, conc, S(r, "channel_mode"),
                   S(r, "setup_error"));
      continue;
    }
    if (S(r, "workload") == "populate" && S(r, "status") != "OK") {
      absl::PrintF(
          "| %s | populate | %s | %d | | stopped: %s; %s | | | %s | |\n",
          S(r, "backend"), tool, conc, S(r, "status"), Throughput(r, false),
          Codes(Obj(r, "errors")));
      continue;
    }
    std::string ratio;
    if (!is_baseline) {
      auto b = baseline.find(RunKey(r));
      if (b != baseline.end() && b->second > 0 && N(r, "ops_ok") > 0) {
        ratio =
            absl::StrFormat("%.0f%%", 100.0 * N(r, "items_per_s") / b->second);
      }
    }
    std::string errors = Codes(Obj(r, "errors"));
    const double failed = N(r, "ops_failed");
    if (failed > 0) {
      errors = absl::StrCat(errors, " (", static_cast<int64_t>(failed),
                            " failed ops: ", Codes(Obj(r, "op_errors")), ")");
    }
    absl::PrintF("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s |\n",
                 S(r, "backend"), variant, is_baseline ? "direct DB" : tool,
                 conc, S(r, "channel_mode"), Throughput(r, is_baseline),
                 Ms(Obj(r, "op_latency_us"), "p50"),
                 Ms(Obj(r, "op_latency_us"), "p99"), errors, ratio);
  }

  const int detail = absl::GetFlag(FLAGS_detail_concurrency);
  absl::PrintF(
      "\n### Per-RPC latency (concurrency %d, and single-level runs)\n\n"
      "| backend | workload | tool | conc. | channels | RPC (or DB "
      "transaction) | calls | p50 ms | p90 ms | p99 ms | max ms | errors |\n"
      "|---|---|---|---:|---|---|---:|---:|---:|---:|---:|---|\n",
      detail);
  std::map<std::string, int> levels_per_variant;
  for (const Struct& r : runs) {
    ++levels_per_variant[absl::StrCat(S(r, "tool"), S(r, "backend"),
                                      S(r, "variant"), S(r, "channel_mode"))];
  }
  for (const Struct& r : runs) {
    const int conc = static_cast<int>(N(r, "concurrency"));
    const int levels = levels_per_variant[absl::StrCat(
        S(r, "tool"), S(r, "backend"), S(r, "variant"), S(r, "channel_mode"))];
    if (conc != detail && levels > 1) continue;
    const Struct* rpcs = Obj(r, "rpcs_by_name");
    if (rpcs == nullptr) continue;
    std::map<std::string, const Struct*> sorted;
    for (const auto& [name, v] : rpcs->fields())
      sorted[name] = &v.struct_value();
    std::string variant = S(r, "variant");
    if (variant.empty()) variant = S(r, "workload");
    for (const auto& [name, s] : sorted) {
      const Struct* lat = Obj(*s, "latency_us");
      absl::PrintF(
          "| %s | %s | %s | %d | %s | %s | %d | %s | %s | %s | %s | %s |\n",
          S(r, "backend"), variant,
          S(r, "tool") == "mlmd-baseline" ? "direct DB" : S(r, "tool"), conc,
          S(r, "channel_mode"), name, static_cast<int64_t>(N(*s, "calls")),
          Ms(lat, "p50"), Ms(lat, "p90"), Ms(lat, "p99"), Ms(lat, "max"),
          Codes(Obj(*s, "errors")));
    }
  }
  return 0;
}

}  // namespace
}  // namespace mlmd::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Markdown tables from bench JSON: mlmd-bench-report "
      "--inputs=a.json,b.json");
  absl::ParseCommandLine(argc, argv);
  return mlmd::bench::Main();
}
