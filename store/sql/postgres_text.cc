// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sql/postgres_text.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace mlmd::sql::pg {

// Rewrites each `?` placeholder to `$1`, `$2`, ... Question marks inside
// string literals, quoted identifiers and comments are left alone.
std::string NumberPlaceholders(absl::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Copy through the closing quote; doubled quotes are escapes and are
      // simply copied as two quotes.
      size_t j = sql.find(c, i + 1);
      if (j == absl::string_view::npos) j = sql.size() - 1;
      out.append(sql.data() + i, j - i + 1);
      i = j;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t j = sql.find('\n', i);
      if (j == absl::string_view::npos) j = sql.size() - 1;
      out.append(sql.data() + i, j - i + 1);
      i = j;
    } else if (c == '?') {
      absl::StrAppend(&out, "$", ++n);
    } else {
      out.push_back(c);
    }
  }
  *count = n;
  return out;
}

// libpq messages span lines ("...failed: X\n\tIs the server running...").
std::string OneLine(absl::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : absl::StripAsciiWhitespace(text)) {
    if (c == '\n' || c == '\t' || c == '\r') {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty() && out.back() != ' ') out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  return absl::StrFormat("%.17g", d);
}

double ParseDouble(const char* text) {
  absl::string_view s(text);
  if (s == "NaN") return std::nan("");
  if (s == "Infinity") return HUGE_VAL;
  if (s == "-Infinity") return -HUGE_VAL;
  double d = 0;
  (void)absl::SimpleAtod(s, &d);
  return d;
}

// How a failed statement is reported. `lost` is set when the connection can
// no longer be used.
absl::Status ErrorStatus(const PGresult* res, PGconn* conn,
                         absl::string_view sql, bool* lost) {
  const char* state_c =
      res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const absl::string_view state = state_c ? state_c : "";
  std::string msg = "postgresql: ";
  const char* primary =
      res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (primary != nullptr) {
    absl::StrAppend(&msg, primary);
    if (const char* detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) {
      absl::StrAppend(&msg, " (", detail, ")");
    }
  } else {
    absl::StrAppend(
        &msg, OneLine(res ? PQresultErrorMessage(res) : PQerrorMessage(conn)));
  }
  if (!state.empty()) absl::StrAppend(&msg, " [SQLSTATE ", state, "]");
  if (!sql.empty()) {
    absl::StrAppend(&msg, " [while running: ", sql.substr(0, 200), "]");
  }
  if (res == nullptr || PQstatus(conn) == CONNECTION_BAD ||
      absl::StartsWith(state, "08") || state == "57P01" || state == "57P02" ||
      state == "57P03") {
    *lost = true;
    return absl::UnavailableError(msg);
  }
  if (state == "23505") return absl::AlreadyExistsError(msg);
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return absl::AbortedError(msg);
  }
  // Data exceptions (value too long, out of range, bad encoding) are caused
  // by the values a client sent, not by our SQL.
  if (absl::StartsWith(state, "22")) return absl::InvalidArgumentError(msg);
  return absl::InternalError(msg);
}

}  // namespace mlmd::sql::pg
