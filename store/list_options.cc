// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Keyset paging: a page is "the next page_size rows after the last row of
// the previous page" in (order column, id) order, so rows inserted between
// calls never shift or repeat a page. The token is upstream's format:
// web-safe base64 of a serialized ListOperationNextPageToken carrying the
// last row's offsets and the options it was issued for.
#include "store/list_options.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "store/node_access.h"
#include "store/node_kinds.h"

namespace mlmd {
namespace {

using ml_metadata::ListOperationNextPageToken;
using ml_metadata::ListOperationOptions;
using OrderBy = ListOperationOptions::OrderByField;

// Upstream never returns more than this many nodes per page.
constexpr int kMaxPageSize = 100;

absl::StatusOr<absl::string_view> OrderColumn(OrderBy::Field field) {
  switch (field) {
    case OrderBy::ID:
      return "N.id";
    case OrderBy::CREATE_TIME:
      return "N.create_time_since_epoch";
    case OrderBy::LAST_UPDATE_TIME:
      return "N.last_update_time_since_epoch";
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("Unsupported field: ", OrderBy::Field_Name(field),
                       " specified in ListOperationOptions"));
  }
}

template <typename Node>
int64_t OrderValue(const Node& node, OrderBy::Field field) {
  switch (field) {
    case OrderBy::CREATE_TIME:
      return node.create_time_since_epoch();
    case OrderBy::LAST_UPDATE_TIME:
      return node.last_update_time_since_epoch();
    default:
      return node.id();
  }
}

// The (order value, id) of the last row of the previous page.
struct Cursor {
  int64_t value = 0;
  int64_t id = 0;
};

absl::StatusOr<Cursor> DecodeToken(const ListOperationOptions& options) {
  std::string bytes;
  ListOperationNextPageToken token;
  if (!absl::WebSafeBase64Unescape(options.next_page_token(), &bytes) ||
      !token.ParseFromString(bytes)) {
    return absl::InvalidArgumentError(
        "invalid next_page_token: it is damaged or was not issued by this "
        "server");
  }
  const OrderBy& was = token.set_options().order_by_field();
  const OrderBy& now = options.order_by_field();
  if (was.field() != now.field() || was.is_asc() != now.is_asc() ||
      token.set_options().filter_query() != options.filter_query()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ListOperationOptions mismatch between calls: the next_page_token was "
        "issued for order_by_field {",
        was.ShortDebugString(), "} filter_query '",
        token.set_options().filter_query(), "' but this call has {",
        now.ShortDebugString(), "} '", options.filter_query(), "'"));
  }
  Cursor cursor;
  cursor.value = token.field_offset();
  if (token.has_id_offset()) {
    cursor.id = token.id_offset();
  } else if (!token.listed_ids().empty()) {
    cursor.id = token.listed_ids(0);  // upstream's LAST_UPDATE_TIME tokens
  } else {
    return absl::InvalidArgumentError(
        "invalid next_page_token: it carries no position");
  }
  return cursor;
}

template <typename Node>
std::string EncodeToken(const std::vector<Node>& page,
                        const ListOperationOptions& options) {
  const Node& last = page.back();
  const OrderBy::Field field = options.order_by_field().field();
  ListOperationNextPageToken token;
  token.set_field_offset(OrderValue(last, field));
  token.set_id_offset(last.id());
  if (field == OrderBy::LAST_UPDATE_TIME) {
    // Upstream's readers resume after these ids; keep them compatible.
    for (auto it = page.rbegin(); it != page.rend(); ++it) {
      if (it->last_update_time_since_epoch() !=
          last.last_update_time_since_epoch()) {
        break;
      }
      token.add_listed_ids(it->id());
    }
  }
  *token.mutable_set_options() = options;
  token.mutable_set_options()->clear_next_page_token();
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

}  // namespace

template <typename Node>
absl::StatusOr<std::vector<Node>> ListNodes(sql::Connection& conn,
                                            const ListOperationOptions& options,
                                            std::optional<int64_t> type_id,
                                            std::string* next_page_token) {
  next_page_token->clear();
  if (!options.filter_query().empty()) {
    return absl::UnimplementedError(
        "ListOperationOptions.filter_query is not supported yet");
  }
  if (options.max_result_size() <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max_result_size field value is required to be greater than 0 and "
        "less than or equal to ",
        kMaxPageSize, ". Set value: ", options.max_result_size()));
  }
  const OrderBy::Field field = options.order_by_field().field();
  auto column = OrderColumn(field);
  if (!column.ok()) return column.status();
  const bool asc = options.order_by_field().is_asc();
  const char* after = asc ? " > ?" : " < ?";
  const char* direction = asc ? " ASC" : " DESC";

  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  if (type_id.has_value()) {
    conditions.push_back("N.type_id = ?");
    params.push_back(sql::Value::Int(*type_id));
  }
  if (!options.next_page_token().empty()) {
    auto cursor = DecodeToken(options);
    if (!cursor.ok()) return cursor.status();
    if (field == OrderBy::ID) {
      conditions.push_back(absl::StrCat("N.id", after));
      params.push_back(sql::Value::Int(cursor->id));
    } else {
      conditions.push_back(absl::StrCat("(", *column, after, " OR (", *column,
                                        " = ? AND N.id", after, "))"));
      params.push_back(sql::Value::Int(cursor->value));
      params.push_back(sql::Value::Int(cursor->value));
      params.push_back(sql::Value::Int(cursor->id));
    }
  }
  const int page_size = std::min(options.max_result_size(), kMaxPageSize);
  std::string query =
      absl::StrCat("SELECT N.id FROM ", NodeTraits<Node>::kTable, " AS N");
  if (!conditions.empty()) {
    absl::StrAppend(&query, " WHERE ", absl::StrJoin(conditions, " AND "));
  }
  absl::StrAppend(&query, " ORDER BY ", *column, direction);
  if (field != OrderBy::ID) absl::StrAppend(&query, ", N.id", direction);
  absl::StrAppend(&query, " LIMIT ?");
  params.push_back(
      sql::Value::Int(page_size + 1));  // one more: is there a next page?

  auto rows = conn.Query(query, params);
  if (!rows.ok()) return rows.status();
  std::vector<int64_t> ids;
  ids.reserve(rows->size());
  for (const sql::Row& row : rows->rows) ids.push_back(row[0].AsInt());
  const bool more = ids.size() > static_cast<size_t>(page_size);
  if (more) ids.resize(page_size);

  auto nodes = LoadNodes<Node>(conn, ids);
  if (!nodes.ok()) return nodes.status();
  absl::flat_hash_map<int64_t, size_t> position;
  for (size_t i = 0; i < ids.size(); ++i) position[ids[i]] = i;
  std::sort(nodes->begin(), nodes->end(), [&](const Node& a, const Node& b) {
    return position[a.id()] < position[b.id()];
  });
  if (more && !nodes->empty()) *next_page_token = EncodeToken(*nodes, options);
  return nodes;
}

template absl::StatusOr<std::vector<ml_metadata::Artifact>> ListNodes(
    sql::Connection&, const ListOperationOptions&, std::optional<int64_t>,
    std::string*);
template absl::StatusOr<std::vector<ml_metadata::Execution>> ListNodes(
    sql::Connection&, const ListOperationOptions&, std::optional<int64_t>,
    std::string*);
template absl::StatusOr<std::vector<ml_metadata::Context>> ListNodes(
    sql::Connection&, const ListOperationOptions&, std::optional<int64_t>,
    std::string*);

}  // namespace mlmd
