// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl/format.h"

#include <algorithm>
#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"

namespace mlmdctl {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;

Json JsonString(const std::string &s) {
  Json j;
  j.set_string_value(s);
  return j;
}
Json JsonNumber(double d) {
  Json j;
  j.set_number_value(d);
  return j;
}
Json JsonNull() {
  Json j;
  j.set_null_value(google::protobuf::NULL_VALUE);
  return j;
}
void JsonSet(Json &object, const std::string &key, Json value) {
  (*object.mutable_struct_value()->mutable_fields())[key] = std::move(value);
}
void JsonAppend(Json &array, Json value) {
  *array.mutable_list_value()->add_values() = std::move(value);
}

std::string JsonText(const Json &json) {
  std::string text;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  // A Value that is an object or list prints as that JSON directly.
  if (!google::protobuf::util::MessageToJsonString(json, &text, options).ok()) {
    return "null\n";
  }
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  return text;
}

Json ValueJson(const ml_metadata::Value &value) {
  switch (value.value_case()) {
    case ml_metadata::Value::kIntValue:
      return JsonNumber(static_cast<double>(value.int_value()));
    case ml_metadata::Value::kDoubleValue:
      return JsonNumber(value.double_value());
    case ml_metadata::Value::kStringValue:
      return JsonString(value.string_value());
    case ml_metadata::Value::kBoolValue: {
      Json j;
      j.set_bool_value(value.bool_value());
      return j;
    }
    case ml_metadata::Value::kStructValue: {
      Json j;
      *j.mutable_struct_value() = value.struct_value();
      return j;
    }
    case ml_metadata::Value::kProtoValue:
      return JsonString(value.proto_value().type_url());
    default:
      return JsonNull();
  }
}

std::string ValueText(const ml_metadata::Value &value) {
  switch (value.value_case()) {
    case ml_metadata::Value::kIntValue:
      return absl::StrCat(value.int_value());
    case ml_metadata::Value::kDoubleValue:
      return absl::StrCat(value.double_value());
    case ml_metadata::Value::kStringValue:
      return value.string_value();
    case ml_metadata::Value::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case ml_metadata::Value::kStructValue: {
      std::string text;
      (void)google::protobuf::util::MessageToJsonString(value.struct_value(),
                                                        &text);
      return text;
    }
    case ml_metadata::Value::kProtoValue:
      return absl::StrCat("<", value.proto_value().type_url(), ">");
    default:
      return "";
  }
}

std::string ArtifactStateName(Artifact::State state) {
  return Artifact::State_Name(state);
}
std::string ExecutionStateName(Execution::State state) {
  return Execution::State_Name(state);
}

std::string TimeText(int64_t ms) {
  if (ms <= 0) return "";
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
  return buffer;
}

namespace {

template <typename Node>
Json CommonJson(const char *kind, const Node &node, const std::string &type) {
  Json j;
  JsonSet(j, "kind", JsonString(kind));
  JsonSet(j, "id", JsonNumber(static_cast<double>(node.id())));
  JsonSet(j, "type", JsonString(type));
  JsonSet(j, "name", JsonString(node.name()));
  JsonSet(j, "external_id", JsonString(node.external_id()));
  JsonSet(j, "create_time_ms",
          JsonNumber(static_cast<double>(node.create_time_since_epoch())));
  JsonSet(j, "update_time_ms",
          JsonNumber(static_cast<double>(node.last_update_time_since_epoch())));
  Json properties;
  properties.mutable_struct_value();
  for (const auto &[key, value] : node.properties()) {
    JsonSet(properties, key, ValueJson(value));
  }
  JsonSet(j, "properties", properties);
  Json custom;
  custom.mutable_struct_value();
  for (const auto &[key, value] : node.custom_properties()) {
    JsonSet(custom, key, ValueJson(value));
  }
  JsonSet(j, "custom_properties", custom);
  return j;
}

template <typename Node>
std::string CustomString(const Node &node, const std::string &key) {
  auto it = node.custom_properties().find(key);
  if (it == node.custom_properties().end() ||
      it->second.value_case() != ml_metadata::Value::kStringValue) {
    return "";
  }
  return it->second.string_value();
}

}  // namespace

Json NodeJson(const Artifact &a, const std::string &type) {
  Json j = CommonJson("artifact", a, type);
  JsonSet(j, "uri", JsonString(a.uri()));
  JsonSet(j, "state", JsonString(ArtifactStateName(a.state())));
  return j;
}

Json NodeJson(const Execution &e, const std::string &type) {
  Json j = CommonJson("execution", e, type);
  JsonSet(j, "state", JsonString(ExecutionStateName(e.last_known_state())));
  return j;
}

Json NodeJson(const Context &c, const std::string &type) {
  return CommonJson("context", c, type);
}

std::string DisplayName(const Artifact &a) {
  std::string name = CustomString(a, "display_name");
  return name.empty() ? a.name() : name;
}

std::string DisplayName(const Execution &e) {
  std::string name = CustomString(e, "display_name");
  if (name.empty()) name = CustomString(e, "task_name");
  return name.empty() ? e.name() : name;
}

std::string NodeLabel(const Artifact &a, const std::string &type) {
  std::string label = absl::StrCat("artifact ", a.id(), " ", type);
  std::string name = DisplayName(a);
  if (!name.empty()) absl::StrAppend(&label, " \"", name, "\"");
  if (!a.uri().empty()) absl::StrAppend(&label, " ", a.uri());
  return label;
}

std::string NodeLabel(const Execution &e, const std::string &type) {
  std::string label = absl::StrCat("execution ", e.id(), " ", type);
  std::string name = DisplayName(e);
  if (!name.empty()) absl::StrAppend(&label, " \"", name, "\"");
  absl::StrAppend(&label, " [", ExecutionStateName(e.last_known_state()), "]");
  return label;
}

std::string Table(const std::vector<std::vector<std::string>> &rows) {
  std::vector<size_t> widths;
  for (const auto &row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  std::string out;
  for (const auto &row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&line, row[i]);
      if (i + 1 < row.size()) {
        line.append(widths[i] - row[i].size() + 2, ' ');
      }
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

}  // namespace mlmdctl
