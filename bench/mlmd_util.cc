// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/mlmd_util.h"

#include <unistd.h>

#include <chrono>
#include <random>

#include "absl/strings/str_format.h"

namespace mlmd::bench {

using ml_metadata::Value;

Value StrValue(absl::string_view s) {
  Value v;
  v.set_string_value(std::string(s));
  return v;
}

Value IntValue(int64_t i) {
  Value v;
  v.set_int_value(i);
  return v;
}

Value DoubleValue(double d) {
  Value v;
  v.set_double_value(d);
  return v;
}

std::string HexId(uint64_t seed, int len) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len);
  uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
  for (int i = 0; i < len; ++i) {
    // splitmix64 step per 16 hex digits.
    if (i % 16 == 0) {
      x += 0x9E3779B97F4A7C15ULL;
      x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
      x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
      x ^= x >> 31;
    }
    out.push_back(kHex[(x >> ((i % 16) * 4)) & 0xF]);
  }
  return out;
}

std::string NewSessionTag() {
  std::random_device rd;
  uint64_t seed =
      (static_cast<uint64_t>(rd()) << 32) ^ rd() ^
      static_cast<uint64_t>(getpid()) ^
      static_cast<uint64_t>(
          std::chrono::system_clock::now().time_since_epoch().count());
  return HexId(seed, 8);
}

namespace {

// Calls `put` once more when a concurrent creator made it answer
// ALREADY_EXISTS; the second answer is final.
template <typename Put>
absl::StatusOr<int64_t> PutTypeWithRetry(Put put) {
  absl::StatusOr<int64_t> id = put(true);
  if (absl::IsAlreadyExists(id.status())) id = put(false);
  return id;
}

}  // namespace

absl::StatusOr<int64_t> PutArtifactTypeByName(Stub& stub, Recorder& rec,
                                              absl::string_view name) {
  return PutTypeWithRetry([&](bool first) -> absl::StatusOr<int64_t> {
    ml_metadata::PutArtifactTypeRequest req;
    req.mutable_artifact_type()->set_name(std::string(name));
    ml_metadata::PutArtifactTypeResponse resp;
    absl::Status st = TimedRpc(
        rec, "PutArtifactType",
        [&](grpc::ClientContext* c) {
          return stub.PutArtifactType(c, req, &resp);
        },
        {first ? grpc::StatusCode::ALREADY_EXISTS : grpc::StatusCode::OK});
    if (!st.ok()) return st;
    return resp.type_id();
  });
}

absl::StatusOr<int64_t> PutExecutionTypeByName(Stub& stub, Recorder& rec,
                                               absl::string_view name) {
  return PutTypeWithRetry([&](bool first) -> absl::StatusOr<int64_t> {
    ml_metadata::PutExecutionTypeRequest req;
    req.mutable_execution_type()->set_name(std::string(name));
    ml_metadata::PutExecutionTypeResponse resp;
    absl::Status st = TimedRpc(
        rec, "PutExecutionType",
        [&](grpc::ClientContext* c) {
          return stub.PutExecutionType(c, req, &resp);
        },
        {first ? grpc::StatusCode::ALREADY_EXISTS : grpc::StatusCode::OK});
    if (!st.ok()) return st;
    return resp.type_id();
  });
}

absl::StatusOr<int64_t> PutContextTypeByName(Stub& stub, Recorder& rec,
                                             absl::string_view name) {
  return PutTypeWithRetry([&](bool first) -> absl::StatusOr<int64_t> {
    ml_metadata::PutContextTypeRequest req;
    req.mutable_context_type()->set_name(std::string(name));
    ml_metadata::PutContextTypeResponse resp;
    absl::Status st = TimedRpc(
        rec, "PutContextType",
        [&](grpc::ClientContext* c) {
          return stub.PutContextType(c, req, &resp);
        },
        {first ? grpc::StatusCode::ALREADY_EXISTS : grpc::StatusCode::OK});
    if (!st.ok()) return st;
    return resp.type_id();
  });
}

absl::StatusOr<ml_metadata::Context> GetOrCreateContext(
    Stub& stub, Recorder& rec, int64_t type_id, absl::string_view type_name,
    absl::string_view name,
    const google::protobuf::Map<std::string, Value>& props) {
  ml_metadata::GetContextByTypeAndNameRequest get;
  get.set_type_name(std::string(type_name));
  get.set_context_name(std::string(name));
  ml_metadata::GetContextByTypeAndNameResponse got;
  BENCH_RETURN_IF_ERROR(
      TimedRpc(rec, "GetContextByTypeAndName", [&](grpc::ClientContext* c) {
        return stub.GetContextByTypeAndName(c, get, &got);
      }));
  if (got.has_context()) return got.context();

  ml_metadata::PutContextsRequest put;
  ml_metadata::Context* ctx = put.add_contexts();
  ctx->set_type_id(type_id);
  ctx->set_name(std::string(name));
  *ctx->mutable_custom_properties() = props;
  ml_metadata::PutContextsResponse put_resp;
  absl::Status st = TimedRpc(rec, "PutContexts",
                             [&](grpc::ClientContext* c) {
                               return stub.PutContexts(c, put, &put_resp);
                             },
                             {grpc::StatusCode::ALREADY_EXISTS});
  if (!st.ok() && !absl::IsAlreadyExists(st)) return st;

  got.Clear();
  BENCH_RETURN_IF_ERROR(
      TimedRpc(rec, "GetContextByTypeAndName", [&](grpc::ClientContext* c) {
        return stub.GetContextByTypeAndName(c, get, &got);
      }));
  if (!got.has_context()) {
    return absl::InternalError(
        absl::StrCat("context '", name, "' of type ", type_name,
                     " is missing right after it was created"));
  }
  return got.context();
}

void SetEventPathKey(ml_metadata::Event* event, absl::string_view key) {
  event->mutable_path()->add_steps()->set_key(std::string(key));
}

}  // namespace mlmd::bench
