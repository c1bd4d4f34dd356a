// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sql/connection.h"

#include "absl/strings/str_cat.h"

namespace mlmd::sql {

absl::StatusOr<std::vector<ResultSet>> Connection::QueryBatch(
    absl::Span<const Statement> statements) {
  std::vector<ResultSet> out;
  out.reserve(statements.size());
  for (const Statement& stmt : statements) {
    auto rows = Query(stmt.sql, stmt.params);
    if (!rows.ok()) return rows.status();
    out.push_back(*std::move(rows));
  }
  return out;
}

std::string Placeholders(size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) out += (i == 0 ? "?" : ", ?");
  return out;
}

std::string PlaceholderRows(size_t rows, size_t columns) {
  const std::string one = absl::StrCat("(", Placeholders(columns), ")");
  std::string out;
  out.reserve(rows * (one.size() + 2));
  for (size_t i = 0; i < rows; ++i) absl::StrAppend(&out, i ? ", " : "", one);
  return out;
}

std::string InsertIgnore(Dialect dialect, absl::string_view into,
                         absl::string_view values) {
  if (dialect == Dialect::kMysql) {
    return absl::StrCat("INSERT IGNORE INTO ", into, " VALUES ", values);
  }
  return absl::StrCat("INSERT INTO ", into, " VALUES ", values,
                      " ON CONFLICT DO NOTHING");
}

}  // namespace mlmd::sql
