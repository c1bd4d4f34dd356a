// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sql/value.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace mlmd::sql {

int64_t Value::AsInt() const {
  if (auto* v = std::get_if<int64_t>(&rep_)) return *v;
  if (auto* v = std::get_if<BoolRep>(&rep_)) return v->v ? 1 : 0;
  if (auto* v = std::get_if<double>(&rep_)) return static_cast<int64_t>(*v);
  if (auto* v = std::get_if<std::string>(&rep_)) {
    int64_t out = 0;
    if (absl::SimpleAtoi(*v, &out)) return out;
    if (*v == "t" || *v == "true") return 1;  // libpq booleans
    double d = 0;
    if (absl::SimpleAtod(*v, &d)) return static_cast<int64_t>(d);
  }
  return 0;
}

double Value::AsDouble() const {
  if (auto* v = std::get_if<double>(&rep_)) return *v;
  if (auto* v = std::get_if<int64_t>(&rep_)) return static_cast<double>(*v);
  if (auto* v = std::get_if<std::string>(&rep_)) {
    double out = 0;
    if (absl::SimpleAtod(*v, &out)) return out;
  }
  return 0;
}

std::string Value::AsText() const {
  if (auto* v = std::get_if<std::string>(&rep_)) return *v;
  if (auto* v = std::get_if<int64_t>(&rep_)) return absl::StrCat(*v);
  if (auto* v = std::get_if<double>(&rep_)) return absl::StrCat(*v);
  if (auto* v = std::get_if<BoolRep>(&rep_)) return v->v ? "1" : "0";
  return "";
}

bool Value::AsBool() const {
  if (auto* v = std::get_if<BoolRep>(&rep_)) return v->v;
  if (auto* v = std::get_if<std::string>(&rep_)) {
    return *v == "t" || *v == "true" || *v == "1";
  }
  return AsInt() != 0;
}

std::string Value::DebugString() const {
  if (is_null()) return "NULL";
  if (is_text()) return absl::StrCat("'", AsText(), "'");
  if (is_bool()) return AsBool() ? "TRUE" : "FALSE";
  return AsText();
}

}  // namespace mlmd::sql
