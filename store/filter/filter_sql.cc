// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/filter/filter_sql.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace mlmd::filter {
namespace {

constexpr size_t kMaxFlatChain = 64;

}  // namespace

std::string Describe(const Fragment& f) {
  switch (f.type) {
    case ValueType::kInt:
      return absl::StrCat(f.text, " (an integer)");
    case ValueType::kDouble:
      return absl::StrCat(f.text, " (a double)");
    case ValueType::kString:
      return absl::StrCat(f.text, " (a string)");
    case ValueType::kBool:
      return absl::StrCat(f.text, " (a boolean)");
    case ValueType::kNull:
      return "NULL";
    case ValueType::kEnum:
      return absl::StrCat(f.text, " (an ", EnumName(f.enum_kind), ")");
    case ValueType::kLabel:
      return absl::StrCat("name '", f.text, "'");
  }
  return f.text;
}

Fragment Operand(Fragment f, Prec min) {
  if (f.prec >= min) return f;
  f.sql = absl::StrCat("(", f.sql, ")");
  f.stack += 1;
  f.prec = Prec::kAtom;
  return f;
}

void AppendPart(Fragment part, int pending, Fragment* out) {
  if (!out->sql.empty() && out->sql.back() != '(') out->sql.push_back(' ');
  out->sql.append(part.sql);
  out->stack = std::max(out->stack, pending + part.stack);
  for (sql::Value& v : part.params) out->params.push_back(std::move(v));
}

void AppendToken(absl::string_view token, Fragment* out) {
  if (!out->sql.empty() && out->sql.back() != '(' && token != ")" &&
      token != ",") {
    out->sql.push_back(' ');
  }
  out->sql.append(token.data(), token.size());
}

Fragment Chain(std::vector<Fragment> operands, Prec op) {
  if (operands.size() == 1) return std::move(operands[0]);
  if (operands.size() > kMaxFlatChain) {
    // Group into at most kMaxFlatChain sub-chains, each parenthesized.
    const size_t group = (operands.size() + kMaxFlatChain - 1) / kMaxFlatChain;
    std::vector<Fragment> groups;
    for (size_t i = 0; i < operands.size(); i += group) {
      std::vector<Fragment> part;
      for (size_t j = i; j < std::min(i + group, operands.size()); ++j) {
        part.push_back(std::move(operands[j]));
      }
      groups.push_back(Chain(std::move(part), op));
    }
    operands = std::move(groups);
  }
  // Operands of AND must bind tighter than AND (so OR gets parentheses);
  // operands of OR may be ANDs. Nested chains of the same operator are
  // parenthesized too, which keeps each chain flat but bounded.
  const Prec min = op == Prec::kAnd ? Prec::kNot : Prec::kAnd;
  const absl::string_view keyword = op == Prec::kAnd ? "AND" : "OR";
  Fragment out;
  out.type = ValueType::kBool;
  out.is_predicate = true;
  out.prec = op;
  out.stack = 0;
  for (size_t i = 0; i < operands.size(); ++i) {
    Fragment operand = Operand(std::move(operands[i]), min);
    if (operand.prec == op) operand = Operand(std::move(operand), Prec::kAtom);
    if (i > 0) AppendToken(keyword, &out);
    // While reading an operand after the first, the chain so far and the
    // keyword are pending.
    AppendPart(std::move(operand), i == 0 ? 0 : 2, &out);
  }
  return out;
}

}  // namespace mlmd::filter
