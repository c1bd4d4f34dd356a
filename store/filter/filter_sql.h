// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Pieces of compiled filter SQL and how they combine. Each piece knows its
// operator precedence, so parentheses are added only where SQL needs them,
// and an estimate of the LR-parser stack the database needs to read it.
//
// The estimate matters because SQLite's parser has a fixed 100-entry stack
// ("parser stack overflow"); the compiler rejects queries whose SQL would
// need more than kMaxWhereParserDepth entries. The model: reading `l op r`
// keeps `l` and `op` on the stack while `r` is read, so it needs
// max(stack(l), 2 + stack(r)); every token that stays pending adds one.
#ifndef MLMD_STORE_FILTER_FILTER_SQL_H_
#define MLMD_STORE_FILTER_FILTER_SQL_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "store/filter/filter_names.h"
#include "store/sql/value.h"

namespace mlmd::filter {

// Parser-stack entries the WHERE condition may need, leaving room for the
// statement around it (measured: a list query's SELECT with a semi-join
// holds about 15 entries before the condition starts).
inline constexpr int kMaxWhereParserDepth = 75;

// SQL binding strength, loosest first. Comparisons of every kind share one
// level: their operands are always additive or tighter.
enum class Prec {
  kOr,
  kAnd,
  kNot,
  kCompare,
  kAdditive,
  kMultiplicative,
  kUnary,
  kAtom
};

struct Fragment {
  std::string sql;
  std::vector<sql::Value> params;  // for the `?` in sql, in order
  ValueType type = ValueType::kNull;
  EnumKind enum_kind = EnumKind::kNone;
  bool is_predicate = false;  // a comparison or logical operator
  Prec prec = Prec::kAtom;
  int stack = 1;     // parser-stack estimate, see above
  std::string text;  // what the user wrote, for messages
  int column = 0;
};

// "id (an integer)", "'abc' (a string)" for messages.
std::string Describe(const Fragment& f);

// `f` wrapped in parentheses when it binds looser than `min`.
Fragment Operand(Fragment f, Prec min);

// Appends `part` (SQL and parameters) to `out`, noting that `pending` tokens
// are on the stack while it is read.
void AppendPart(Fragment part, int pending, Fragment* out);
// Appends a keyword or operator token.
void AppendToken(absl::string_view token, Fragment* out);

// `operands` joined by " AND " or " OR " (`op`), flat in groups of at most
// 64 so that neither the parser stack nor the expression depth grows with
// long chains.
Fragment Chain(std::vector<Fragment> operands, Prec op);

}  // namespace mlmd::filter

#endif  // MLMD_STORE_FILTER_FILTER_SQL_H_
