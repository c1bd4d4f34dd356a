// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sql_lists.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace mlmd {
namespace {

// Sort key that orders ints before texts; the lists hold one kind anyway.
bool KeyLess(const sql::Value& a, const sql::Value& b) {
  if (a.is_text() != b.is_text()) return !a.is_text();
  if (a.is_text()) return a.AsText() < b.AsText();
  return a.AsInt() < b.AsInt();
}

bool KeyEqual(const sql::Value& a, const sql::Value& b) {
  return !KeyLess(a, b) && !KeyLess(b, a);
}

size_t PaddedSize(size_t n) {
  size_t padded = 1;
  while (padded < n) padded *= 2;
  return std::min(padded, kMaxInListKeys);
}

}  // namespace

absl::Status QueryInChunks(
    sql::Connection& conn, absl::string_view prefix, absl::string_view suffix,
    const std::vector<sql::Value>& leading, std::vector<sql::Value> keys,
    absl::FunctionRef<absl::Status(const sql::ResultSet&)> on_rows) {
  std::sort(keys.begin(), keys.end(), KeyLess);
  keys.erase(std::unique(keys.begin(), keys.end(), KeyEqual), keys.end());
  for (size_t begin = 0; begin < keys.size(); begin += kMaxInListKeys) {
    const size_t end = std::min(keys.size(), begin + kMaxInListKeys);
    const size_t padded = PaddedSize(end - begin);
    std::vector<sql::Value> params = leading;
    params.reserve(leading.size() + padded);
    params.insert(params.end(), keys.begin() + begin, keys.begin() + end);
    while (params.size() < leading.size() + padded) {
      params.push_back(keys[end - 1]);
    }
    auto rows = conn.Query(
        absl::StrCat(prefix, "(", sql::Placeholders(padded), ")", suffix),
        params);
    if (!rows.ok()) return rows.status();
    absl::Status st = on_rows(*rows);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

}  // namespace mlmd
