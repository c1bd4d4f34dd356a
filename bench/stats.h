// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// What a benchmark run measures per RPC (latency, successes, failures by
// gRPC status code) and how it is turned into JSON. Each worker thread
// records into its own StatsSet; sets are merged after the threads end.
#ifndef MLMD_BENCH_STATS_H_
#define MLMD_BENCH_STATS_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/string_view.h"
#include "bench/histogram.h"
#include "google/protobuf/struct.pb.h"

namespace mlmd::bench {

struct RpcStats {
  Histogram latency_ns;  // every call, successful or not
  uint64_t ok = 0;
  // Failures by status code number (grpc::StatusCode == absl::StatusCode).
  std::map<int, uint64_t> errors;
  // Failures the client anticipated and handled (ALREADY_EXISTS from a
  // concurrent get-or-create, NOT_FOUND from a type probe): not errors.
  std::map<int, uint64_t> expected;

  void Merge(const RpcStats& other);
  uint64_t calls() const { return latency_ns.count(); }
};

class StatsSet {
 public:
  RpcStats& For(absl::string_view name);
  void Merge(const StatsSet& other);
  const std::map<std::string, RpcStats, std::less<>>& all() const {
    return by_name_;
  }
  // Totals over every name except the pseudo-RPC kOpName.
  uint64_t TotalCalls() const;
  std::map<int, uint64_t> TotalErrors() const;
  std::map<int, uint64_t> TotalExpected() const;

 private:
  std::map<std::string, RpcStats, std::less<>> by_name_;
};

// The pseudo-RPC under which a whole workload operation (one KFP task, one
// ingest batch, ...) is timed.
inline constexpr absl::string_view kOpName = "(operation)";

// Where one thread records; the runner points it at the warm-up set or the
// measured set.
class Recorder {
 public:
  explicit Recorder(StatsSet* target) : target_(target) {}
  void set_target(StatsSet* target) { target_ = target; }
  void Record(absl::string_view rpc, uint64_t latency_ns, int code,
              bool expected = false);

 private:
  StatsSet* target_;
};

// "UNIMPLEMENTED", "ALREADY_EXISTS", ...
std::string CodeName(int code);

// JSON shapes: {"UNIMPLEMENTED": 3, ...}; latency object in microseconds
// {"p50":..,"p90":..,"p99":..,"max":..,"mean":..}; per-RPC object.
google::protobuf::Value CodeCountsToJson(const std::map<int, uint64_t>& m);
google::protobuf::Value LatencyToJson(const Histogram& h);
google::protobuf::Value RpcStatsToJson(const RpcStats& s);

// Small builders for google.protobuf.Struct based JSON.
google::protobuf::Value Num(double v);
google::protobuf::Value Str(absl::string_view v);
google::protobuf::Value Bool(bool v);
// Pretty JSON text of a Struct.
std::string ToJsonText(const google::protobuf::Struct& s);

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_STATS_H_
