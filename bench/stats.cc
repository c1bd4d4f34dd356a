// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/stats.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace mlmd::bench {

void RpcStats::Merge(const RpcStats& other) {
  latency_ns.Merge(other.latency_ns);
  ok += other.ok;
  for (const auto& [code, n] : other.errors) errors[code] += n;
  for (const auto& [code, n] : other.expected) expected[code] += n;
}

RpcStats& StatsSet::For(absl::string_view name) {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) {
    it = by_name_.emplace(std::string(name), RpcStats()).first;
  }
  return it->second;
}

void StatsSet::Merge(const StatsSet& other) {
  for (const auto& [name, s] : other.by_name_) For(name).Merge(s);
}

uint64_t StatsSet::TotalCalls() const {
  uint64_t n = 0;
  for (const auto& [name, s] : by_name_) {
    if (name != kOpName) n += s.calls();
  }
  return n;
}

std::map<int, uint64_t> StatsSet::TotalErrors() const {
  std::map<int, uint64_t> out;
  for (const auto& [name, s] : by_name_) {
    if (name == kOpName) continue;
    for (const auto& [code, n] : s.errors) out[code] += n;
  }
  return out;
}

std::map<int, uint64_t> StatsSet::TotalExpected() const {
  std::map<int, uint64_t> out;
  for (const auto& [name, s] : by_name_) {
    if (name == kOpName) continue;
    for (const auto& [code, n] : s.expected) out[code] += n;
  }
  return out;
}

void Recorder::Record(absl::string_view rpc, uint64_t latency_ns, int code,
                      bool expected) {
  RpcStats& s = target_->For(rpc);
  s.latency_ns.Record(latency_ns);
  if (code == 0) {
    ++s.ok;
  } else if (expected) {
    ++s.expected[code];
  } else {
    ++s.errors[code];
  }
}

std::string CodeName(int code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

google::protobuf::Value Num(double v) {
  google::protobuf::Value out;
  out.set_number_value(v);
  return out;
}

google::protobuf::Value Str(absl::string_view v) {
  google::protobuf::Value out;
  out.set_string_value(std::string(v));
  return out;
}

google::protobuf::Value Bool(bool v) {
  google::protobuf::Value out;
  out.set_bool_value(v);
  return out;
}

google::protobuf::Value CodeCountsToJson(const std::map<int, uint64_t>& m) {
  google::protobuf::Value out;
  auto* fields = out.mutable_struct_value()->mutable_fields();
  for (const auto& [code, n] : m) (*fields)[CodeName(code)] = Num(n);
  return out;
}

google::protobuf::Value LatencyToJson(const Histogram& h) {
  google::protobuf::Value out;
  auto* f = out.mutable_struct_value()->mutable_fields();
  auto us = [](uint64_t ns) { return Num(static_cast<double>(ns) / 1000.0); };
  (*f)["p50"] = us(h.Percentile(0.50));
  (*f)["p90"] = us(h.Percentile(0.90));
  (*f)["p99"] = us(h.Percentile(0.99));
  (*f)["max"] = us(h.max());
  (*f)["mean"] = Num(h.mean() / 1000.0);
  return out;
}

google::protobuf::Value RpcStatsToJson(const RpcStats& s) {
  google::protobuf::Value out;
  auto* f = out.mutable_struct_value()->mutable_fields();
  (*f)["calls"] = Num(s.calls());
  (*f)["ok"] = Num(s.ok);
  (*f)["errors"] = CodeCountsToJson(s.errors);
  (*f)["expected"] = CodeCountsToJson(s.expected);
  (*f)["latency_us"] = LatencyToJson(s.latency_ns);
  return out;
}

namespace {

void AppendJsonString(absl::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", c);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

void AppendJson(const google::protobuf::Value& v, int indent, std::string* out);

void AppendStruct(const google::protobuf::Struct& s, int indent,
                  std::string* out) {
  if (s.fields().empty()) {
    out->append("{}");
    return;
  }
  // Sorted keys keep files diffable and easy to read.
  std::map<std::string, const google::protobuf::Value*> sorted;
  for (const auto& [k, v] : s.fields()) sorted[k] = &v;
  out->append("{\n");
  bool first = true;
  for (const auto& [k, v] : sorted) {
    if (!first) out->append(",\n");
    first = false;
    out->append(indent + 2, ' ');
    AppendJsonString(k, out);
    out->append(": ");
    AppendJson(*v, indent + 2, out);
  }
  out->push_back('\n');
  out->append(indent, ' ');
  out->push_back('}');
}

void AppendJson(const google::protobuf::Value& v, int indent,
                std::string* out) {
  switch (v.kind_case()) {
    case google::protobuf::Value::kNumberValue: {
      const double d = v.number_value();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
        absl::StrAppend(out, static_cast<int64_t>(d));
      } else if (std::isfinite(d)) {
        absl::StrAppendFormat(out, "%.6g", d);
      } else {
        out->append("null");
      }
      break;
    }
    case google::protobuf::Value::kStringValue:
      AppendJsonString(v.string_value(), out);
      break;
    case google::protobuf::Value::kBoolValue:
      out->append(v.bool_value() ? "true" : "false");
      break;
    case google::protobuf::Value::kStructValue:
      AppendStruct(v.struct_value(), indent, out);
      break;
    case google::protobuf::Value::kListValue: {
      const auto& list = v.list_value().values();
      if (list.empty()) {
        out->append("[]");
        break;
      }
      out->append("[\n");
      for (int i = 0; i < list.size(); ++i) {
        if (i > 0) out->append(",\n");
        out->append(indent + 2, ' ');
        AppendJson(list[i], indent + 2, out);
      }
      out->push_back('\n');
      out->append(indent, ' ');
      out->push_back(']');
      break;
    }
    default:
      out->append("null");
  }
}

}  // namespace

std::string ToJsonText(const google::protobuf::Struct& s) {
  std::string out;
  AppendStruct(s, 0, &out);
  return out;
}

}  // namespace mlmd::bench
