// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmd-bench-cache: latency of the cache-fingerprint lookup on a populated
// store (mlmd-populate writes a cache_fingerprint on every task execution).
// Samples COMPLETE executions that carry a fingerprint, finds their run
// (namespace) and pipeline the way a KFP driver knows them, then, from one
// client thread, alternates for --duration_s:
//   lookup  mlmd_server.cache.v1.CacheService.LookupCachedExecution
//   filter  GetExecutions with custom_properties.cache_fingerprint.string_value
// and prints p50/p90/p99 of each. Every answer is checked (the lookup must
// return the sampled execution, the filter exactly one execution).
// mlmd-server only: upstream's server has no CacheService.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"
#include "mlmd_server/cache/v1/cache.grpc.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:8080", "Server address host:port.");
ABSL_FLAG(int, samples, 200, "Fingerprints to look up (round robin).");
ABSL_FLAG(double, duration_s, 20, "Measured seconds (both kinds together).");

namespace {

using Clock = std::chrono::steady_clock;
using ml_metadata::MetadataStoreService;
using mlmd_server::cache::v1::CacheService;

struct Sample {
  int64_t execution_id = 0;
  std::string fingerprint, pipeline, namespace_name;
};

bool Check(const grpc::Status& st, const char* what) {
  if (st.ok()) return true;
  std::fprintf(stderr, "%s failed: %s\n", what, st.error_message().c_str());
  return false;
}

// Up to `wanted` fingerprinted COMPLETE executions with their run's
// namespace and pipeline name, picked at random ids.
std::vector<Sample> FindSamples(MetadataStoreService::Stub& stub, int wanted) {
  std::vector<Sample> samples;
  ml_metadata::GetExecutionsRequest newest;
  newest.mutable_options()->set_max_result_size(1);
  newest.mutable_options()->mutable_order_by_field()->set_field(
      ml_metadata::ListOperationOptions::OrderByField::ID);
  newest.mutable_options()->mutable_order_by_field()->set_is_asc(false);
  ml_metadata::GetExecutionsResponse top;
  grpc::ClientContext c0;
  if (!Check(stub.GetExecutions(&c0, newest, &top), "GetExecutions") ||
      top.executions_size() == 0) {
    return samples;
  }
  const int64_t max_id = top.executions(0).id();
  std::mt19937_64 rng(42);
  for (int attempt = 0; attempt < 50 && samples.size() < wanted; ++attempt) {
    ml_metadata::GetExecutionsByIDRequest by_id;
    for (int i = 0; i < 100; ++i) by_id.add_execution_ids(1 + rng() % max_id);
    ml_metadata::GetExecutionsByIDResponse got;
    grpc::ClientContext c1;
    if (!Check(stub.GetExecutionsByID(&c1, by_id, &got), "GetExecutionsByID"))
      return samples;
    for (const auto& e : got.executions()) {
      if (samples.size() >= wanted) break;
      auto fp = e.custom_properties().find("cache_fingerprint");
      if (fp == e.custom_properties().end() ||
          e.last_known_state() != ml_metadata::Execution::COMPLETE) {
        continue;
      }
      ml_metadata::GetContextsByExecutionRequest ctx_req;
      ctx_req.set_execution_id(e.id());
      ml_metadata::GetContextsByExecutionResponse contexts;
      grpc::ClientContext c2;
      if (!Check(stub.GetContextsByExecution(&c2, ctx_req, &contexts),
                 "GetContextsByExecution"))
        return samples;
      for (const auto& run : contexts.contexts()) {
        if (run.type() != "system.PipelineRun") continue;
        ml_metadata::GetParentContextsByContextRequest parent_req;
        parent_req.set_context_id(run.id());
        ml_metadata::GetParentContextsByContextResponse parents;
        grpc::ClientContext c3;
        if (!Check(stub.GetParentContextsByContext(&c3, parent_req, &parents),
                   "GetParentContextsByContext") ||
            parents.contexts_size() != 1) {
          break;
        }
        Sample s;
        s.execution_id = e.id();
        s.fingerprint = fp->second.string_value();
        s.pipeline = parents.contexts(0).name();
        auto ns = run.custom_properties().find("namespace");
        if (ns != run.custom_properties().end()) {
          s.namespace_name = ns->second.string_value();
        }
        samples.push_back(std::move(s));
        break;
      }
    }
  }
  return samples;
}

void Report(const char* name, std::vector<double> ms, int errors) {
  if (ms.empty()) {
    std::printf("%-7s no successful calls, %d errors\n", name, errors);
    return;
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
  };
  std::printf(
      "%-7s %6zu calls  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max "
      "%.2f ms  wrong/failed %d\n",
      name, ms.size(), at(0.5), at(0.9), at(0.99), ms.back(), errors);
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto channel = grpc::CreateChannel(absl::GetFlag(FLAGS_target),
                                     grpc::InsecureChannelCredentials());
  auto mlmd = MetadataStoreService::NewStub(channel);
  auto cache = CacheService::NewStub(channel);
  const std::vector<Sample> samples =
      FindSamples(*mlmd, absl::GetFlag(FLAGS_samples));
  if (samples.empty()) {
    std::fprintf(stderr,
                 "no fingerprinted COMPLETE executions found; run "
                 "mlmd-populate first\n");
    return 1;
  }
  std::printf("%zu sampled fingerprints\n", samples.size());
  std::vector<double> lookup_ms, filter_ms;
  int lookup_errors = 0, filter_errors = 0;
  const auto end = Clock::now() + std::chrono::duration<double>(
                                      absl::GetFlag(FLAGS_duration_s));
  for (size_t i = 0; Clock::now() < end; ++i) {
    const Sample& s = samples[(i / 2) % samples.size()];
    const auto start = Clock::now();
    grpc::ClientContext context;
    if (i % 2 == 0) {
      mlmd_server::cache::v1::LookupCachedExecutionRequest request;
      request.set_fingerprint(s.fingerprint);
      request.set_pipeline_name(s.pipeline);
      request.set_namespace_(s.namespace_name);
      mlmd_server::cache::v1::LookupCachedExecutionResponse response;
      const grpc::Status st =
          cache->LookupCachedExecution(&context, request, &response);
      const double ms =
          std::chrono::duration<double, std::milli>(Clock::now() - start)
              .count();
      if (st.ok() && response.found() &&
          response.execution().id() == s.execution_id) {
        lookup_ms.push_back(ms);
      } else {
        ++lookup_errors;
      }
    } else {
      ml_metadata::GetExecutionsRequest request;
      request.mutable_options()->set_filter_query(
          absl::StrCat("custom_properties.cache_fingerprint.string_value = '",
                       s.fingerprint, "'"));
      ml_metadata::GetExecutionsResponse response;
      const grpc::Status st = mlmd->GetExecutions(&context, request, &response);
      const double ms =
          std::chrono::duration<double, std::milli>(Clock::now() - start)
              .count();
      if (st.ok() && response.executions_size() == 1) {
        filter_ms.push_back(ms);
      } else {
        ++filter_errors;
      }
    }
  }
  Report("lookup", lookup_ms, lookup_errors);
  Report("filter", filter_ms, filter_errors);
  return lookup_errors + filter_errors == 0 ? 0 : 1;
}
