// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Recursive-descent parser for MLMD filter queries. Grammar (keywords are
// case-insensitive; lowest precedence first):
//
//   expr     := and (OR and)*
//   and      := not (AND not)*
//   not      := NOT not | pred
//   pred     := sum [ cmp sum | IS [NOT] NULL | [NOT] IN '(' sum (',' sum)* ')'
//                   | [NOT] LIKE sum | [NOT] BETWEEN sum AND sum ]
//   cmp      := '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='
//   sum      := product (('+' | '-') product)*
//   product  := unary (('*' | '/') unary)*
//   unary    := '-' unary | '+' unary | primary
//   primary  := INTEGER | DOUBLE | STRING | TRUE | FALSE | NULL | path
//             | '(' expr ')'
//   path     := name ('.' name)*      name := word | `quoted text`
//
// Comparisons do not chain (`a = b = c` is an error). Comments (`-- ...`,
// `# ...`, `/* ... */`) are skipped as in ZetaSQL.
//
// Inputs are bounded so that a hostile query cannot exhaust the stack or the
// database: see the limits below. Every error is INVALID_ARGUMENT and names
// the 1-based column and what was expected.
#ifndef MLMD_STORE_FILTER_FILTER_PARSER_H_
#define MLMD_STORE_FILTER_FILTER_PARSER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "store/filter/filter_ast.h"

namespace mlmd::filter {

// Longest accepted query, in bytes.
inline constexpr size_t kMaxQueryBytes = 64 * 1024;
// Deepest nesting of parentheses, NOT and unary minus.
inline constexpr int kMaxNestingDepth = 64;
// Tallest syntax tree (long arithmetic chains grow it without nesting).
inline constexpr int kMaxTreeHeight = 256;
// Most values in one IN (...) list.
inline constexpr int kMaxInListSize = 1000;

absl::StatusOr<std::unique_ptr<Expr>> ParseFilterQuery(absl::string_view query);

}  // namespace mlmd::filter

#endif  // MLMD_STORE_FILTER_FILTER_PARSER_H_
