// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl_ui/json_text.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"

namespace mlmd::ui {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8SequenceLength(absl::string_view s, size_t i) {
  const unsigned char c = s[i];
  size_t n = c < 0x80         ? 1
             : (c >> 5) == 6  ? 2
             : (c >> 4) == 14 ? 3
             : (c >> 3) == 30 ? 4
                              : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

template <typename Map>
std::string PropertiesJson(const Map &props) {
  // Sorted keys make the page stable from one load to the next.
  std::map<std::string, const ml_metadata::Value *> sorted;
  for (const auto &[k, v] : props) sorted[k] = &v;
  std::string out = "{";
  bool first = true;
  for (const auto &[k, v] : sorted) {
    absl::StrAppend(&out, first ? "" : ",", JsonQuote(k), ":", ValueJson(*v));
    first = false;
  }
  return out + "}";
}

template <typename Node>
std::string CommonFields(const Node &n, absl::string_view prefix,
                         absl::string_view kind) {
  return absl::StrCat(
      "\"id\":", JsonQuote(absl::StrCat(prefix, n.id())),
      ",\"kind\":", JsonQuote(kind), ",\"mlmd_id\":\"", n.id(),
      "\",\"name\":", JsonQuote(n.name()), ",\"type\":", JsonQuote(n.type()),
      ",\"type_id\":\"", n.type_id(),
      "\",\"create_time\":", n.create_time_since_epoch(),
      ",\"update_time\":", n.last_update_time_since_epoch(),
      ",\"properties\":", PropertiesJson(n.properties()),
      ",\"custom_properties\":", PropertiesJson(n.custom_properties()));
}

}  // namespace

std::string JsonQuote(absl::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.data() + i, n);
      i += n;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '<':
        out += "\\u003c";
        break;  // never closes a <script> by accident
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string ValueJson(const ml_metadata::Value &value) {
  constexpr int64_t kMaxExactInBrowser = int64_t{1} << 53;
  switch (value.value_case()) {
    case ml_metadata::Value::kIntValue: {
      const int64_t v = value.int_value();
      if (v > kMaxExactInBrowser || v < -kMaxExactInBrowser) {
        return absl::StrCat("\"", v, "\"");
      }
      return absl::StrCat(v);
    }
    case ml_metadata::Value::kDoubleValue: {
      const double d = value.double_value();
      if (d != d || d == 1.0 / 0.0 || d == -1.0 / 0.0) {
        return JsonQuote(absl::StrCat(d));  // JSON has no NaN/Infinity
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      return buf;
    }
    case ml_metadata::Value::kStringValue:
      return JsonQuote(value.string_value());
    case ml_metadata::Value::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case ml_metadata::Value::kStructValue: {
      std::string json;
      if (google::protobuf::util::MessageToJsonString(value.struct_value(),
                                                      &json)
              .ok()) {
        return json;
      }
      return "null";
    }
    case ml_metadata::Value::kProtoValue:
      return JsonQuote(
          absl::StrCat("(proto ", value.proto_value().type_url(), ")"));
    default:
      return "null";
  }
}

std::string ArtifactJson(const ml_metadata::Artifact &a) {
  return absl::StrCat(
      "{", CommonFields(a, "a", "artifact"), ",\"uri\":", JsonQuote(a.uri()),
      ",\"state\":", JsonQuote(ml_metadata::Artifact::State_Name(a.state())),
      "}");
}

std::string ExecutionJson(const ml_metadata::Execution &e) {
  return absl::StrCat(
      "{", CommonFields(e, "e", "execution"), ",\"state\":",
      JsonQuote(ml_metadata::Execution::State_Name(e.last_known_state())), "}");
}

std::string ContextJson(const ml_metadata::Context &c) {
  return absl::StrCat("{", CommonFields(c, "c", "context"), "}");
}

}  // namespace mlmd::ui
