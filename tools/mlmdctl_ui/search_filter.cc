// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl_ui/search_filter.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"

namespace mlmd::ui {
namespace {

// `column = 'v'`, or `column LIKE 'p%'` when the user wrote '*' wildcards.
// A '%' or '_' the user typed is matched literally only in the exact form:
// the filter language has no LIKE escape, so in a pattern they stay
// wildcards (documented on the page).
std::string TextMatch(absl::string_view column, absl::string_view value) {
  if (value.find('*') == absl::string_view::npos) {
    return absl::StrCat(column, " = ", FilterStringLiteral(value));
  }
  return absl::StrCat(
      column, " LIKE ",
      FilterStringLiteral(absl::StrReplaceAll(value, {{"*", "%"}})));
}

}  // namespace

std::string FilterStringLiteral(absl::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "'";
}

absl::StatusOr<std::string> BuildArtifactFilter(const ArtifactSearch &s) {
  std::vector<std::string> terms;
  if (!s.type.empty()) {
    terms.push_back(absl::StrCat("type = ", FilterStringLiteral(s.type)));
  }
  if (!s.name.empty()) terms.push_back(TextMatch("name", s.name));
  if (!s.uri.empty()) terms.push_back(TextMatch("uri", s.uri));

  absl::string_view key = absl::StripAsciiWhitespace(s.property);
  if (key.empty() && !s.value.empty()) {
    return absl::InvalidArgumentError(
        "a property value was given without a property name");
  }
  if (!key.empty()) {
    absl::string_view group = "custom_properties";
    if (absl::ConsumePrefix(&key, "properties.")) {
      group = "properties";
    } else {
      absl::ConsumePrefix(&key, "custom_properties.");
    }
    if (key.empty() || key.find('`') != absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "property name '", s.property,
          "' is not usable: it must be non-empty and contain no backquote"));
    }
    const std::string field = absl::StrCat(group, ".`", key, "`");
    if (s.value.empty()) {
      // Presence: any value of the usual kinds.
      terms.push_back(absl::StrCat("(", field, ".string_value IS NOT NULL OR ",
                                   field, ".int_value IS NOT NULL OR ", field,
                                   ".double_value IS NOT NULL)"));
    } else {
      std::vector<std::string> alternatives = {
          TextMatch(absl::StrCat(field, ".string_value"), s.value)};
      int64_t i;
      double d;
      if (absl::SimpleAtoi(s.value, &i)) {
        alternatives.push_back(absl::StrCat(field, ".int_value = ", i));
      }
      if (absl::SimpleAtod(s.value, &d) && std::isfinite(d)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", d);
        alternatives.push_back(absl::StrCat(field, ".double_value = ", buf));
      }
      terms.push_back(
          absl::StrCat("(", absl::StrJoin(alternatives, " OR "), ")"));
    }
  }
  absl::string_view raw = absl::StripAsciiWhitespace(s.raw_filter);
  if (!raw.empty()) terms.push_back(absl::StrCat("(", raw, ")"));
  return absl::StrJoin(terms, " AND ");
}

}  // namespace mlmd::ui
