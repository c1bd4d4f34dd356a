// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/list_query.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "store/filter/filter_compiler.h"
#include "store/filter/filter_names.h"
#include "store/filter/filter_parser.h"
#include "store/node_access.h"

namespace mlmd {
namespace {

using ml_metadata::ListOperationNextPageToken;
using ml_metadata::ListOperationOptions;
using OrderField = ml_metadata::ListOperationOptions::OrderByField;

// The column behind an order-by field; empty for FIELD_UNSPECIFIED.
absl::string_view OrderColumn(OrderField::Field field) {
  switch (field) {
    case OrderField::ID:
      return "id";
    case OrderField::CREATE_TIME:
      return "create_time_since_epoch";
    case OrderField::LAST_UPDATE_TIME:
      return "last_update_time_since_epoch";
    default:
      return "";
  }
}

// Where the previous page ended.
struct Cursor {
  int64_t field_value = 0;
  int64_t id = 0;
};

absl::StatusOr<Cursor> DecodeToken(const ListOperationOptions& options) {
  std::string bytes;
  ListOperationNextPageToken token;
  if (!absl::WebSafeBase64Unescape(options.next_page_token(), &bytes) ||
      !token.ParseFromString(bytes)) {
    return absl::InvalidArgumentError(
        "next_page_token is malformed: pass back the token of the previous "
        "response unchanged");
  }
  if (!token.has_set_options() || !token.has_id_offset() ||
      !token.has_field_offset()) {
    return absl::InvalidArgumentError(
        "next_page_token is incomplete: it was not issued by this server");
  }
  const ListOperationOptions& before = token.set_options();
  if (before.order_by_field().field() != options.order_by_field().field() ||
      before.order_by_field().is_asc() != options.order_by_field().is_asc()) {
    return absl::InvalidArgumentError(
        "next_page_token was issued for a different order_by_field; keep the "
        "options of the first call when paging");
  }
  if (before.filter_query() != options.filter_query()) {
    return absl::InvalidArgumentError(
        "next_page_token was issued for a different filter_query; keep the "
        "options of the first call when paging");
  }
  return Cursor{token.field_offset(), token.id_offset()};
}

std::string EncodeToken(const ListOperationOptions& options,
                        absl::Span<const int64_t> ids,
                        absl::Span<const int64_t> field_values) {
  ListOperationNextPageToken token;
  token.set_id_offset(ids.back());
  token.set_field_offset(field_values.back());
  if (options.order_by_field().field() == OrderField::LAST_UPDATE_TIME) {
    // Upstream readers expect the ids that share the last update time.
    for (size_t i = ids.size(); i-- > 0;) {
      if (field_values[i] != field_values.back()) break;
      token.add_listed_ids(ids[i]);
    }
  }
  *token.mutable_set_options() = options;
  token.mutable_set_options()->clear_next_page_token();
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

}  // namespace

absl::StatusOr<ListPage> ListNodeIds(sql::Connection& conn, TypeKind kind,
                                     const ListOperationOptions* options,
                                     const NodeRestriction& restriction) {
  const absl::string_view table = filter::NodeTable(kind);
  if (restriction.context_id.has_value() && kind == TypeKind::kContext) {
    return absl::InvalidArgumentError(
        "a context restriction applies to artifacts and executions only");
  }

  OrderField::Field field = OrderField::ID;
  bool ascending = true;
  int page_size = 0;  // 0: unlimited
  std::optional<Cursor> cursor;
  if (options != nullptr) {
    if (options->max_result_size() <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("max_result_size must be greater than 0; got ",
                       options->max_result_size()));
    }
    page_size = std::min(options->max_result_size(), kMaxListResultSize);
    field = options->order_by_field().field();
    ascending = options->order_by_field().is_asc();
    if (OrderColumn(field).empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "order_by_field.field ", OrderField::Field_Name(field),
          " is not supported; use ID, CREATE_TIME or LAST_UPDATE_TIME"));
    }
    if (!options->next_page_token().empty()) {
      auto decoded = DecodeToken(*options);
      if (!decoded.ok()) return decoded.status();
      cursor = *decoded;
    }
  }
  const absl::string_view order_column = OrderColumn(field);
  const bool by_id = field == OrderField::ID;

  std::vector<std::string> conditions;
  std::vector<sql::Value> params;
  // Alias of the listed table in the outer query.
  std::string node = "n";
  std::string from;
  if (options != nullptr && !options->filter_query().empty()) {
    auto expr = filter::ParseFilterQuery(options->filter_query());
    if (!expr.ok()) return expr.status();
    auto compiled = filter::CompileFilter(**expr, kind, conn.dialect(), "f");
    if (!compiled.ok()) return compiled.status();
    if (compiled->joins.empty()) {
      // No joins, so no duplicates: filter the listed table directly.
      node = "f";
      conditions.push_back(compiled->where);
    } else {
      // Joins can repeat a node; a semi-join keeps each id once.
      conditions.push_back(absl::StrCat("n.id IN (SELECT f.id FROM ", table,
                                        " AS f", compiled->joins, " WHERE ",
                                        compiled->where, ")"));
    }
    for (sql::Value& v : compiled->params) params.push_back(std::move(v));
  }
  from = absl::StrCat(table, " AS ", node);

  if (restriction.type_id.has_value()) {
    conditions.push_back(absl::StrCat(node, ".type_id = ?"));
    params.push_back(sql::Value::Int(*restriction.type_id));
  }
  if (restriction.context_id.has_value()) {
    const bool artifact = kind == TypeKind::kArtifact;
    conditions.push_back(absl::StrCat(
        node, ".id IN (SELECT ", artifact ? "artifact_id" : "execution_id",
        " FROM ", artifact ? "Attribution" : "Association",
        " WHERE context_id = ?)"));
    params.push_back(sql::Value::Int(*restriction.context_id));
  }

  const absl::string_view after = ascending ? " > ?" : " < ?";
  const std::string id_col = absl::StrCat(node, ".id");
  const std::string order_col = absl::StrCat(node, ".", order_column);
  if (cursor.has_value()) {
    if (by_id) {
      conditions.push_back(absl::StrCat(id_col, after));
      params.push_back(sql::Value::Int(cursor->id));
    } else {
      conditions.push_back(absl::StrCat("(", order_col, after, " OR (",
                                        order_col, " = ? AND ", id_col, after,
                                        "))"));
      params.push_back(sql::Value::Int(cursor->field_value));
      params.push_back(sql::Value::Int(cursor->field_value));
      params.push_back(sql::Value::Int(cursor->id));
    }
  }

  const absl::string_view direction = ascending ? " ASC" : " DESC";
  std::string query = absl::StrCat("SELECT ", id_col);
  if (!by_id) absl::StrAppend(&query, ", ", order_col);
  absl::StrAppend(&query, " FROM ", from);
  if (!conditions.empty()) {
    absl::StrAppend(&query, " WHERE ", absl::StrJoin(conditions, " AND "));
  }
  absl::StrAppend(&query, " ORDER BY ");
  if (!by_id) absl::StrAppend(&query, order_col, direction, ", ");
  absl::StrAppend(&query, id_col, direction);
  if (page_size > 0) {
    // One extra row tells whether another page follows.
    absl::StrAppend(&query, " LIMIT ?");
    params.push_back(sql::Value::Int(page_size + 1));
  }

  auto rows = conn.Query(query, params);
  if (!rows.ok()) return rows.status();

  ListPage page;
  std::vector<int64_t> field_values;
  page.ids.reserve(rows->size());
  for (const sql::Row& row : rows->rows) {
    page.ids.push_back(row[0].AsInt());
    field_values.push_back(by_id ? row[0].AsInt() : row[1].AsInt());
  }
  if (page_size > 0 && static_cast<int>(page.ids.size()) > page_size) {
    page.ids.resize(page_size);
    field_values.resize(page_size);
    page.next_page_token = EncodeToken(*options, page.ids, field_values);
  }
  return page;
}

template <typename Node>
absl::StatusOr<std::vector<Node>> ListNodesPage(
    sql::Connection& conn, const ml_metadata::ListOperationOptions* options,
    const NodeRestriction& restriction, std::string* next_page_token) {
  auto page = ListNodeIds(conn, NodeTraits<Node>::kKind, options, restriction);
  if (!page.ok()) return page.status();
  *next_page_token = std::move(page->next_page_token);
  if (page->ids.empty()) return std::vector<Node>();
  auto nodes = LoadNodes<Node>(conn, page->ids);
  if (!nodes.ok()) return nodes.status();
  // LoadNodes answers in ascending id order; restore the page's order.
  absl::flat_hash_map<int64_t, Node*> by_id;
  by_id.reserve(nodes->size());
  for (Node& node : *nodes) by_id[node.id()] = &node;
  std::vector<Node> out;
  out.reserve(page->ids.size());
  for (int64_t id : page->ids) {
    auto it = by_id.find(id);
    if (it != by_id.end()) out.push_back(std::move(*it->second));
  }
  return out;
}

template absl::StatusOr<std::vector<ml_metadata::Artifact>> ListNodesPage(
    sql::Connection&, const ml_metadata::ListOperationOptions*,
    const NodeRestriction&, std::string*);
template absl::StatusOr<std::vector<ml_metadata::Execution>> ListNodesPage(
    sql::Connection&, const ml_metadata::ListOperationOptions*,
    const NodeRestriction&, std::string*);
template absl::StatusOr<std::vector<ml_metadata::Context>> ListNodesPage(
    sql::Connection&, const ml_metadata::ListOperationOptions*,
    const NodeRestriction&, std::string*);

}  // namespace mlmd
