// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Turns the search form (type, name, URI, one property, an optional raw
// filter) into an MLMD filter query. Every user value becomes a quoted
// string literal, so no input can change the query's shape; only the raw
// filter is passed through as typed, and the server judges it.
#ifndef MLMD_TOOLS_MLMDCTL_UI_SEARCH_FILTER_H_
#define MLMD_TOOLS_MLMDCTL_UI_SEARCH_FILTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mlmd::ui {

struct ArtifactSearch {
  std::string type;        // exact type name
  std::string name;        // exact, or a pattern when it contains '*'
  std::string uri;         // same rule as name
  std::string property;    // "key" (custom property) or "properties.key"
  std::string value;       // compared as text, and as a number if it is one
  std::string raw_filter;  // MLMD filter syntax, ANDed with the rest
};

// 'text' with quotes and backslashes escaped for the MLMD filter lexer.
std::string FilterStringLiteral(absl::string_view text);

// The filter query for `search` ("" when nothing is set). Fails with
// INVALID_ARGUMENT, in words for the page, when a value is given without a
// property or the property name holds a backquote.
absl::StatusOr<std::string> BuildArtifactFilter(const ArtifactSearch &search);

}  // namespace mlmd::ui

#endif  // MLMD_TOOLS_MLMDCTL_UI_SEARCH_FILTER_H_
