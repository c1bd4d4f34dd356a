// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Turns a parsed filter query into SQL for one node kind: the joins it needs
// and a WHERE condition, with every literal (and every property name) as a
// bound `?` parameter.
//
// Names resolve as in upstream MLMD:
//  * attributes of the listed node: id, type_id, type (the type's name), name,
//    external_id, create_time_since_epoch, last_update_time_since_epoch; plus
//    uri and state (artifacts) or last_known_state (executions);
//  * properties.NAME.FIELD and custom_properties.NAME.FIELD with FIELD one of
//    int_value, double_value, string_value, bool_value (NAME may be
//    `back-quoted`);
//  * neighbours, each `PREFIX_ALIAS.field` naming one joined row (the same
//    alias used twice refers to the same row):
//      artifacts/executions: contexts_X (via Attribution/Association),
//                            events_X (Event rows of the node);
//      contexts:             parent_contexts_X, child_contexts_X,
//                            artifacts_X, executions_X.
// Joins are inner joins, as upstream: a node without the mentioned neighbour
// or property never matches, even under OR or NOT. Several rows can match per
// node, so the caller must de-duplicate node ids.
//
// Enum fields (state, last_known_state, events_X.type, artifacts_X.state,
// executions_X.last_known_state) compare to bare enum names (LIVE, RUNNING,
// INPUT, ...) with =, !=, IN and NOT IN only; `!=` and NOT IN also match NULL,
// as upstream rewrites them.
//
// Types follow ZetaSQL: integers and doubles compare with each other,
// strings with strings, booleans with booleans; `/` divides in floating
// point (x / 0 is NULL); LIKE takes a quoted pattern in which `\` escapes
// `%` and `_` on every backend (case sensitivity is the backend's own).
//
// The SQL is parenthesized only where needed, and a query whose SQL would
// overflow SQLite's small parser stack is rejected here (see filter_sql.h)
// instead of failing in the database.
#ifndef MLMD_STORE_FILTER_FILTER_COMPILER_H_
#define MLMD_STORE_FILTER_FILTER_COMPILER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "store/filter/filter_ast.h"
#include "store/node_kinds.h"
#include "store/sql/connection.h"
#include "store/sql/value.h"

namespace mlmd::filter {

// Most tables one filter may join (including the listed node's table);
// below the join limits of SQLite (64) and MySQL (61).
inline constexpr int kMaxJoinedTables = 48;
// Most bound values one filter may produce.
inline constexpr int kMaxFilterParameters = 10000;
// Longest LIKE pattern, in bytes.
inline constexpr int kMaxLikePatternBytes = 10000;

struct CompiledFilter {
  // Zero or more " JOIN ..." clauses (each starts with a space), to append
  // after `FROM <NodeTable> AS <base_alias>`.
  std::string joins;
  // A parenthesized boolean SQL condition over base_alias and the joins;
  // it needs at most kMaxWhereParserDepth (filter_sql.h) parser-stack
  // entries of its own.
  std::string where;
  // Values for the `?` in `joins` (first) then in `where`, in text order.
  std::vector<sql::Value> params;
};

// `base_alias` must be a plain SQL identifier; the joins use aliases that
// start with it followed by '_'. Errors are INVALID_ARGUMENT naming the
// column of the offending text: unknown attribute or alias for this kind,
// a literal of the wrong type, an enum name on a non-enum field, too many
// joins or parameters.
absl::StatusOr<CompiledFilter> CompileFilter(const Expr& expr, TypeKind kind,
                                             sql::Dialect dialect,
                                             absl::string_view base_alias);

}  // namespace mlmd::filter

#endif  // MLMD_STORE_FILTER_FILTER_COMPILER_H_
