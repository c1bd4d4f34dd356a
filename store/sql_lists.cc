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

}  // namespace

absl::Status ForEachInListChunk(
    absl::Span<const sql::Value> keys, size_t max_chunk,
    absl::FunctionRef<absl::Status(const std::string& placeholders,
                                   std::vector<sql::Value>& params)>
        run) {
  std::vector<sql::Value> params;
  for (size_t begin = 0; begin < keys.size(); begin += max_chunk) {
    const size_t end = std::min(keys.size(), begin + max_chunk);
    size_t padded = 1;
    while (padded < end - begin) padded *= 2;
    padded = std::min(padded, max_chunk);
    params.assign(keys.begin() + begin, keys.begin() + end);
    while (params.size() < padded) params.push_back(keys[end - 1]);
    absl::Status st = run(sql::Placeholders(padded), params);
    if (!st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status QueryInChunks(
    sql::Connection& conn, absl::string_view prefix, absl::string_view suffix,
    const std::vector<sql::Value>& leading, std::vector<sql::Value> keys,
    absl::FunctionRef<absl::Status(const sql::ResultSet&)> on_rows) {
  std::sort(keys.begin(), keys.end(), KeyLess);
  keys.erase(std::unique(keys.begin(), keys.end(), KeyEqual), keys.end());
  std::vector<sql::Value> params;
  return ForEachInListChunk(
      keys, kMaxInListKeys,
      [&](const std::string& placeholders, std::vector<sql::Value>& chunk) {
        params = leading;
        params.insert(params.end(), chunk.begin(), chunk.end());
        auto rows = conn.Query(
            absl::StrCat(prefix, "(", placeholders, ")", suffix), params);
        if (!rows.ok()) return rows.status();
        return on_rows(*rows);
      });
}

}  // namespace mlmd
