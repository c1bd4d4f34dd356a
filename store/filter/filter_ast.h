// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Syntax tree of an MLMD filter query (ListOperationOptions.filter_query).
// The parser builds it without knowing which node kind is listed; the
// compiler (filter_compiler.h) resolves names and types against a kind.
//
// Every node remembers the 1-based column of its first character so that
// semantic errors can point at the offending text.
#ifndef MLMD_STORE_FILTER_FILTER_AST_H_
#define MLMD_STORE_FILTER_FILTER_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlmd::filter {

// One dot-separated part of a name such as `properties.my_key.int_value`.
struct PathSegment {
  std::string text;
  bool backquoted = false;  // written as `text`
  int column = 0;
};

enum class ExprKind {
  kIntLiteral,     // int_value
  kDoubleLiteral,  // double_value
  kStringLiteral,  // string_value
  kBoolLiteral,    // bool_value
  kNullLiteral,    // only meaningful as the operand of IS [NOT] NULL
  kPath,           // segments: an attribute, a neighbour field or an enum name
  kNot,            // children[0]
  kNegate,         // unary minus: children[0]
  kAnd,            // children[0..n), n >= 2 (chains are flattened)
  kOr,             // children[0..n), n >= 2
  kCompare,        // children[0] op children[1]
  kArithmetic,     // children[0] op children[1]
  kIn,             // children[0] [NOT] IN (children[1..n))
  kLike,           // children[0] [NOT] LIKE children[1]
  kIsNull,         // children[0] IS [NOT] NULL
  kBetween,        // children[0] [NOT] BETWEEN children[1] AND children[2]
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
enum class ArithmeticOp { kAdd, kSub, kMul, kDiv };

struct Expr {
  ExprKind kind = ExprKind::kNullLiteral;
  int column = 0;  // 1-based column of the node's first character
  // Height of the subtree (a leaf is 1); the parser caps it so that every
  // recursive walk over the tree has a bounded depth.
  int height = 1;

  // Literals.
  int64_t int_value = 0;
  double double_value = 0;
  std::string string_value;
  bool bool_value = false;

  // kPath.
  std::vector<PathSegment> path;

  CompareOp compare_op = CompareOp::kEq;
  ArithmeticOp arithmetic_op = ArithmeticOp::kAdd;
  // NOT IN, NOT LIKE, IS NOT NULL, NOT BETWEEN.
  bool negated = false;

  std::vector<std::unique_ptr<Expr>> children;
};

// Renders the tree in a fully parenthesized canonical form; for tests and
// debugging ("(id = 1) AND (uri LIKE 'a%')").
std::string DebugString(const Expr& expr);

}  // namespace mlmd::filter

#endif  // MLMD_STORE_FILTER_FILTER_AST_H_
