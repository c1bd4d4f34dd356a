// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/backup/tables.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mlmd::backup {
namespace {

constexpr ColumnKind kInt = ColumnKind::kInt;
constexpr ColumnKind kDouble = ColumnKind::kDouble;
constexpr ColumnKind kText = ColumnKind::kText;
constexpr ColumnKind kBytes = ColumnKind::kBytes;
constexpr ColumnKind kBool = ColumnKind::kBool;

std::vector<ColumnSpec> PropertyColumns(const char *owner) {
  return {{owner, kInt, true},           {"name", kText},
          {"is_custom_property", kBool}, {"int_value", kInt, true},
          {"double_value", kDouble},     {"string_value", kText},
          {"byte_value", kBytes},        {"proto_value", kBytes},
          {"bool_value", kBool}};
}

std::vector<TableSpec> MakeTables() {
  std::vector<TableSpec> t;
  t.push_back({"Type",
               {{"id", kInt, true},
                {"name", kText},
                {"version", kText},
                {"type_kind", kInt, true},
                {"description", kText},
                {"input_type", kText},
                {"output_type", kText},
                {"external_id", kText}},
               /*has_id_sequence=*/true});
  t.push_back({"ParentType",
               {{"type_id", kInt, true}, {"parent_type_id", kInt, true}}});
  t.push_back(
      {"TypeProperty",
       {{"type_id", kInt, true}, {"name", kText}, {"data_type", kInt, true}}});
  t.push_back({"Artifact",
               {{"id", kInt, true},
                {"type_id", kInt, true},
                {"uri", kText},
                {"state", kInt, true},
                {"name", kText},
                {"external_id", kText},
                {"create_time_since_epoch", kInt},
                {"last_update_time_since_epoch", kInt}},
               true});
  t.push_back({"ArtifactProperty", PropertyColumns("artifact_id")});
  t.push_back({"Execution",
               {{"id", kInt, true},
                {"type_id", kInt, true},
                {"last_known_state", kInt, true},
                {"name", kText},
                {"external_id", kText},
                {"create_time_since_epoch", kInt},
                {"last_update_time_since_epoch", kInt}},
               true});
  t.push_back({"ExecutionProperty", PropertyColumns("execution_id")});
  t.push_back({"Context",
               {{"id", kInt, true},
                {"type_id", kInt, true},
                {"name", kText},
                {"external_id", kText},
                {"create_time_since_epoch", kInt},
                {"last_update_time_since_epoch", kInt}},
               true});
  t.push_back({"ContextProperty", PropertyColumns("context_id")});
  t.push_back(
      {"ParentContext",
       {{"context_id", kInt, true}, {"parent_context_id", kInt, true}}});
  t.push_back({"Event",
               {{"id", kInt, true},
                {"artifact_id", kInt, true},
                {"execution_id", kInt, true},
                {"type", kInt, true},
                {"milliseconds_since_epoch", kInt}},
               true});
  t.push_back({"EventPath",
               {{"event_id", kInt, true},
                {"is_index_step", kBool},
                {"step_index", kInt, true},
                {"step_key", kText}},
               false,
               /*sort_within_key=*/false});
  t.push_back({"Association",
               {{"id", kInt, true},
                {"context_id", kInt, true},
                {"execution_id", kInt, true}},
               true});
  t.push_back({"Attribution",
               {{"id", kInt, true},
                {"context_id", kInt, true},
                {"artifact_id", kInt, true}},
               true});
  return t;
}

}  // namespace

const std::vector<TableSpec> &BackupTables() {
  static const auto *tables = new std::vector<TableSpec>(MakeTables());
  return *tables;
}

std::string ColumnList(const TableSpec &table) {
  return absl::StrJoin(
      table.columns, ", ",
      [](std::string *out, const ColumnSpec &c) { out->append(c.name); });
}

sql::Row NormalizeRow(const TableSpec &table, const sql::Row &raw) {
  sql::Row row;
  row.reserve(table.columns.size());
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const sql::Value &v = raw[i];
    if (v.is_null()) {
      row.push_back(sql::Value::Null());
      continue;
    }
    switch (table.columns[i].kind) {
      case ColumnKind::kInt:
        row.push_back(sql::Value::Int(v.AsInt()));
        break;
      case ColumnKind::kDouble:
        row.push_back(sql::Value::Double(v.AsDouble()));
        break;
      case ColumnKind::kText:
      case ColumnKind::kBytes:
        row.push_back(sql::Value::Text(v.AsText()));
        break;
      case ColumnKind::kBool:
        row.push_back(sql::Value::Bool(v.AsBool()));
        break;
    }
  }
  return row;
}

void AppendCanonicalRow(const sql::Row &row, std::string *out) {
  for (const sql::Value &v : row) {
    if (v.is_null()) {
      out->append("N;");
    } else if (v.is_bool()) {
      out->append(v.AsBool() ? "B1;" : "B0;");
    } else if (v.is_int()) {
      absl::StrAppend(out, "I", v.AsInt(), ";");
    } else if (v.is_double()) {
      // The bits, so that every digit (and -0.0) counts.
      const double d = v.AsDouble();
      uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof(bits));
      absl::StrAppend(out, "D", absl::Hex(bits, absl::kZeroPad16), ";");
    } else {
      const std::string text = v.AsText();
      absl::StrAppend(out, "T", text.size(), ":", text, ";");
    }
  }
  out->push_back('\n');
}

void SortPage(const TableSpec &table, std::vector<sql::Row> &rows) {
  // Read ORDER BY a unique id: already canonical.
  if (table.has_id_sequence) return;
  if (!table.sort_within_key) {
    // The database returned them by key already, with steps in order.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const sql::Row &a, const sql::Row &b) {
                       return a[0].AsInt() < b[0].AsInt();
                     });
    return;
  }
  std::vector<std::pair<std::string, size_t>> keys(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    AppendCanonicalRow(rows[i], &keys[i].first);
    keys[i].second = i;
  }
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const int64_t ka = rows[a][0].AsInt(), kb = rows[b][0].AsInt();
    if (ka != kb) return ka < kb;
    return keys[a].first < keys[b].first;
  });
  std::vector<sql::Row> sorted;
  sorted.reserve(rows.size());
  for (size_t i : order) sorted.push_back(std::move(rows[i]));
  rows = std::move(sorted);
}

absl::Status CheckFitsInt32(const TableSpec &table, const sql::Row &row) {
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (!table.columns[i].int32 || !row[i].is_int()) continue;
    const int64_t v = row[i].AsInt();
    if (v < std::numeric_limits<int32_t>::min() ||
        v > std::numeric_limits<int32_t>::max()) {
      return absl::OutOfRangeError(absl::StrCat(
          "table ", table.name, " row with ", table.columns[0].name, "=",
          row[0].AsInt(), ": ", table.columns[i].name, "=", v,
          " does not fit the target's 32-bit INT column; nothing was "
          "written"));
    }
  }
  return absl::OkStatus();
}

TableChecksum::TableChecksum() {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  ctx_ = ctx;
}

TableChecksum::~TableChecksum() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX *>(ctx_));
}

void TableChecksum::AddRow(const sql::Row &normalized_row) {
  buffer_.clear();
  AppendCanonicalRow(normalized_row, &buffer_);
  EVP_DigestUpdate(static_cast<EVP_MD_CTX *>(ctx_), buffer_.data(),
                   buffer_.size());
  ++rows_;
}

std::string TableChecksum::Finish() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX *>(ctx_), digest, &len);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<char *>(digest), len));
}

}  // namespace mlmd::backup
