// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/filter/filter_parser.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "store/filter/filter_lexer.h"

namespace mlmd::filter {
namespace {

using ExprPtr = std::unique_ptr<Expr>;

constexpr absl::string_view kReservedWords[] = {
    "AND", "OR", "NOT", "IN", "LIKE", "IS", "NULL", "TRUE", "FALSE", "BETWEEN"};

bool IsKeyword(const Token& token, absl::string_view keyword) {
  return token.kind == TokenKind::kIdentifier &&
         absl::EqualsIgnoreCase(token.text, keyword);
}

bool IsReservedWord(const Token& token) {
  for (absl::string_view word : kReservedWords) {
    if (IsKeyword(token, word)) return true;
  }
  return false;
}

bool IsComparison(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEq:
    case TokenKind::kNe:
    case TokenKind::kLt:
    case TokenKind::kLe:
    case TokenKind::kGt:
    case TokenKind::kGe:
      return true;
    default:
      return false;
  }
}

CompareOp ToCompareOp(TokenKind kind) {
  switch (kind) {
    case TokenKind::kNe:
      return CompareOp::kNe;
    case TokenKind::kLt:
      return CompareOp::kLt;
    case TokenKind::kLe:
      return CompareOp::kLe;
    case TokenKind::kGt:
      return CompareOp::kGt;
    case TokenKind::kGe:
      return CompareOp::kGe;
    default:
      return CompareOp::kEq;
  }
}

// Parses an integer token's text, with an optional leading minus, into int64.
bool ParseInteger(absl::string_view digits, bool negative, int64_t* out) {
  uint64_t magnitude = 0;
  if (absl::StartsWithIgnoreCase(digits, "0x")) {
    digits.remove_prefix(2);
    for (char c : digits) {
      const int h =
          absl::ascii_isdigit(c) ? c - '0' : absl::ascii_tolower(c) - 'a' + 10;
      if (magnitude > (std::numeric_limits<uint64_t>::max() >> 4)) return false;
      magnitude = magnitude * 16 + static_cast<uint64_t>(h);
    }
  } else if (!absl::SimpleAtoi(digits, &magnitude)) {
    return false;
  }
  constexpr uint64_t kMaxPositive =
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > kMaxPositive + 1) return false;
    *out = magnitude == kMaxPositive + 1 ? std::numeric_limits<int64_t>::min()
                                         : -static_cast<int64_t>(magnitude);
  } else {
    if (magnitude > kMaxPositive) return false;
    *out = static_cast<int64_t>(magnitude);
  }
  return true;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  absl::StatusOr<ExprPtr> Run() {
    auto expr = ParseOr();
    if (!expr.ok()) return expr.status();
    if (Peek().kind != TokenKind::kEnd) {
      return Unexpected(Peek(), "AND, OR or the end of the query");
    }
    return expr;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Advance() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  const Token& Previous() const { return tokens_[pos_ == 0 ? 0 : pos_ - 1]; }

  // "expected X after 'prev', found 'tok'"
  absl::Status Unexpected(const Token& token, absl::string_view expected) {
    std::string after;
    if (pos_ > 0) after = absl::StrCat(" after ", DescribeToken(Previous()));
    return FilterError(token.column,
                       absl::StrCat("expected ", expected, after, ", found ",
                                    DescribeToken(token)));
  }

  // Tracks recursion through parentheses, NOT and unary signs.
  absl::Status Enter(int column) {
    if (++depth_ > kMaxNestingDepth) {
      return FilterError(column, absl::StrCat("expression nested deeper than ",
                                              kMaxNestingDepth, " levels"));
    }
    return absl::OkStatus();
  }
  void Leave() { --depth_; }

  absl::StatusOr<ExprPtr> MakeNode(ExprKind kind, int column,
                                   std::vector<ExprPtr> children) {
    auto node = std::make_unique<Expr>();
    node->kind = kind;
    node->column = column;
    int tallest = 0;
    for (const ExprPtr& child : children) {
      tallest = std::max(tallest, child->height);
    }
    node->height = tallest + 1;
    if (node->height > kMaxTreeHeight) {
      return FilterError(column,
                         absl::StrCat("expression is too complex (more than ",
                                      kMaxTreeHeight, " levels of operators)"));
    }
    node->children = std::move(children);
    return node;
  }

  // Left-associative chains of AND or OR, flattened into one node so that a
  // long chain does not make the tree tall.
  absl::StatusOr<ExprPtr> ParseOr() { return ParseChain(/*is_or=*/true); }

  absl::StatusOr<ExprPtr> ParseChain(bool is_or) {
    const int column = Peek().column;
    auto first = is_or ? ParseChain(false) : ParseNot();
    if (!first.ok()) return first;
    const absl::string_view keyword = is_or ? "OR" : "AND";
    if (!IsKeyword(Peek(), keyword)) return first;
    std::vector<ExprPtr> operands;
    operands.push_back(*std::move(first));
    while (IsKeyword(Peek(), keyword)) {
      Advance();
      auto next = is_or ? ParseChain(false) : ParseNot();
      if (!next.ok()) return next;
      operands.push_back(*std::move(next));
    }
    return MakeNode(is_or ? ExprKind::kOr : ExprKind::kAnd, column,
                    std::move(operands));
  }

  absl::StatusOr<ExprPtr> ParseNot() {
    if (!IsKeyword(Peek(), "NOT")) return ParsePredicate();
    const int column = Advance().column;
    if (absl::Status st = Enter(column); !st.ok()) return st;
    auto operand = ParseNot();
    Leave();
    if (!operand.ok()) return operand;
    std::vector<ExprPtr> children;
    children.push_back(*std::move(operand));
    return MakeNode(ExprKind::kNot, column, std::move(children));
  }

  // Tokens that may follow a complete predicate.
  bool EndsPredicate(const Token& token) const {
    return token.kind == TokenKind::kEnd ||
           token.kind == TokenKind::kRightParen ||
           token.kind == TokenKind::kComma || IsKeyword(token, "AND") ||
           IsKeyword(token, "OR");
  }

  absl::StatusOr<ExprPtr> ParsePredicate() {
    const int column = Peek().column;
    auto left = ParseSum();
    if (!left.ok()) return left;
    auto result = ParsePredicateTail(column, *std::move(left));
    if (!result.ok()) return result;
    if (IsComparison(Peek().kind) || IsKeyword(Peek(), "IS") ||
        IsKeyword(Peek(), "IN") || IsKeyword(Peek(), "LIKE") ||
        IsKeyword(Peek(), "BETWEEN")) {
      return FilterError(Peek().column,
                         absl::StrCat("comparisons cannot be chained; found ",
                                      DescribeToken(Peek()),
                                      " after a complete comparison (combine "
                                      "them with AND)"));
    }
    return result;
  }

  absl::StatusOr<ExprPtr> ParsePredicateTail(int column, ExprPtr left) {
    const Token& token = Peek();
    std::vector<ExprPtr> children;
    children.push_back(std::move(left));

    if (IsComparison(token.kind)) {
      const CompareOp op = ToCompareOp(Advance().kind);
      auto right = ParseSum();
      if (!right.ok()) return right;
      children.push_back(*std::move(right));
      auto node = MakeNode(ExprKind::kCompare, column, std::move(children));
      if (node.ok()) (*node)->compare_op = op;
      return node;
    }
    if (IsKeyword(token, "IS")) {
      Advance();
      bool negated = false;
      if (IsKeyword(Peek(), "NOT")) {
        Advance();
        negated = true;
      }
      if (!IsKeyword(Peek(), "NULL")) {
        return Unexpected(Peek(), negated ? "NULL" : "NULL or NOT NULL");
      }
      Advance();
      auto node = MakeNode(ExprKind::kIsNull, column, std::move(children));
      if (node.ok()) (*node)->negated = negated;
      return node;
    }
    bool negated = false;
    if (IsKeyword(token, "NOT")) {
      Advance();
      negated = true;
      if (!IsKeyword(Peek(), "IN") && !IsKeyword(Peek(), "LIKE") &&
          !IsKeyword(Peek(), "BETWEEN")) {
        return Unexpected(Peek(), "IN, LIKE or BETWEEN");
      }
    }
    absl::StatusOr<ExprPtr> node;
    if (IsKeyword(Peek(), "IN")) {
      node = ParseInList(column, std::move(children));
    } else if (IsKeyword(Peek(), "LIKE")) {
      Advance();
      auto pattern = ParseSum();
      if (!pattern.ok()) return pattern;
      children.push_back(*std::move(pattern));
      node = MakeNode(ExprKind::kLike, column, std::move(children));
    } else if (IsKeyword(Peek(), "BETWEEN")) {
      Advance();
      auto low = ParseSum();
      if (!low.ok()) return low;
      if (!IsKeyword(Peek(), "AND")) {
        return Unexpected(Peek(), "AND between the bounds of BETWEEN");
      }
      Advance();
      auto high = ParseSum();
      if (!high.ok()) return high;
      children.push_back(*std::move(low));
      children.push_back(*std::move(high));
      node = MakeNode(ExprKind::kBetween, column, std::move(children));
    } else {
      // A bare value; the compiler checks that it is a boolean.
      if (!EndsPredicate(Peek())) {
        return Unexpected(Peek(), "a comparison operator");
      }
      return std::move(children[0]);
    }
    if (node.ok()) (*node)->negated = negated;
    return node;
  }

  absl::StatusOr<ExprPtr> ParseInList(int column,
                                      std::vector<ExprPtr> children) {
    Advance();  // IN
    if (Peek().kind != TokenKind::kLeftParen) {
      return Unexpected(Peek(), "'(' to start the IN list");
    }
    const int open_column = Advance().column;
    if (Peek().kind == TokenKind::kRightParen) {
      return FilterError(Peek().column, "IN list is empty");
    }
    while (true) {
      if (static_cast<int>(children.size()) > kMaxInListSize) {
        return FilterError(
            Peek().column,
            absl::StrCat("IN list has more than ", kMaxInListSize, " values"));
      }
      auto item = ParseSum();
      if (!item.ok()) return item;
      children.push_back(*std::move(item));
      if (Peek().kind == TokenKind::kComma) {
        Advance();
        continue;
      }
      if (Peek().kind == TokenKind::kRightParen) {
        Advance();
        break;
      }
      return Unexpected(Peek(), absl::StrCat("',' or ')' in the IN list opened "
                                             "at column ",
                                             open_column));
    }
    return MakeNode(ExprKind::kIn, column, std::move(children));
  }

  absl::StatusOr<ExprPtr> ParseSum() { return ParseArithmetic(true); }

  // Left-associative + - (additive) or * / (multiplicative).
  absl::StatusOr<ExprPtr> ParseArithmetic(bool additive) {
    const int column = Peek().column;
    auto left = additive ? ParseArithmetic(false) : ParseUnary();
    if (!left.ok()) return left;
    ExprPtr result = *std::move(left);
    while (true) {
      const TokenKind kind = Peek().kind;
      ArithmeticOp op;
      if (additive && kind == TokenKind::kPlus) {
        op = ArithmeticOp::kAdd;
      } else if (additive && kind == TokenKind::kMinus) {
        op = ArithmeticOp::kSub;
      } else if (!additive && kind == TokenKind::kStar) {
        op = ArithmeticOp::kMul;
      } else if (!additive && kind == TokenKind::kSlash) {
        op = ArithmeticOp::kDiv;
      } else {
        return result;
      }
      Advance();
      auto right = additive ? ParseArithmetic(false) : ParseUnary();
      if (!right.ok()) return right;
      std::vector<ExprPtr> children;
      children.push_back(std::move(result));
      children.push_back(*std::move(right));
      auto node = MakeNode(ExprKind::kArithmetic, column, std::move(children));
      if (!node.ok()) return node;
      (*node)->arithmetic_op = op;
      result = *std::move(node);
    }
  }

  absl::StatusOr<ExprPtr> ParseUnary() {
    const Token& token = Peek();
    if (token.kind != TokenKind::kMinus && token.kind != TokenKind::kPlus) {
      return ParsePrimary();
    }
    const bool minus = token.kind == TokenKind::kMinus;
    const int column = Advance().column;
    // A signed number literal is one value, so that INT64_MIN is writable.
    if (Peek().kind == TokenKind::kInteger ||
        Peek().kind == TokenKind::kDouble) {
      return NumberLiteral(Advance(), minus, column);
    }
    if (absl::Status st = Enter(column); !st.ok()) return st;
    auto operand = ParseUnary();
    Leave();
    if (!operand.ok() || !minus) return operand;
    std::vector<ExprPtr> children;
    children.push_back(*std::move(operand));
    return MakeNode(ExprKind::kNegate, column, std::move(children));
  }

  absl::StatusOr<ExprPtr> NumberLiteral(const Token& token, bool negative,
                                        int column) {
    auto node = std::make_unique<Expr>();
    node->column = column;
    if (token.kind == TokenKind::kInteger) {
      node->kind = ExprKind::kIntLiteral;
      if (!ParseInteger(token.text, negative, &node->int_value)) {
        return FilterError(
            column, absl::StrCat("integer ", negative ? "-" : "", token.text,
                                 " does not fit in 64 bits"));
      }
      return node;
    }
    node->kind = ExprKind::kDoubleLiteral;
    double value = 0;
    if (!absl::SimpleAtod(token.text, &value) || !std::isfinite(value)) {
      return FilterError(column, absl::StrCat("number ", token.text,
                                              " is out of range for a double"));
    }
    node->double_value = negative ? -value : value;
    return node;
  }

  absl::StatusOr<ExprPtr> ParsePrimary() {
    const Token& token = Peek();
    switch (token.kind) {
      case TokenKind::kInteger:
      case TokenKind::kDouble:
        Advance();
        return NumberLiteral(token, /*negative=*/false, token.column);
      case TokenKind::kString: {
        Advance();
        auto node = std::make_unique<Expr>();
        node->kind = ExprKind::kStringLiteral;
        node->column = token.column;
        node->string_value = token.text;
        return node;
      }
      case TokenKind::kLeftParen: {
        const int column = Advance().column;
        if (absl::Status st = Enter(column); !st.ok()) return st;
        auto inner = ParseOr();
        Leave();
        if (!inner.ok()) return inner;
        if (Peek().kind != TokenKind::kRightParen) {
          return Unexpected(Peek(), absl::StrCat("')' to close the '(' at "
                                                 "column ",
                                                 column));
        }
        Advance();
        return inner;
      }
      case TokenKind::kIdentifier:
      case TokenKind::kBackquotedIdentifier:
        break;
      default:
        return Unexpected(token, "a value (a name, number, string or '(')");
    }
    if (IsKeyword(token, "TRUE") || IsKeyword(token, "FALSE")) {
      Advance();
      auto node = std::make_unique<Expr>();
      node->kind = ExprKind::kBoolLiteral;
      node->column = token.column;
      node->bool_value = IsKeyword(token, "TRUE");
      return node;
    }
    if (IsKeyword(token, "NULL")) {
      Advance();
      auto node = std::make_unique<Expr>();
      node->kind = ExprKind::kNullLiteral;
      node->column = token.column;
      return node;
    }
    if (IsReservedWord(token)) {
      return Unexpected(token, "a value (a name, number, string or '(')");
    }
    return ParsePath();
  }

  absl::StatusOr<ExprPtr> ParsePath() {
    auto node = std::make_unique<Expr>();
    node->kind = ExprKind::kPath;
    node->column = Peek().column;
    while (true) {
      const Token& name = Advance();
      node->path.push_back({name.text,
                            name.kind == TokenKind::kBackquotedIdentifier,
                            name.column});
      if (Peek().kind != TokenKind::kDot) break;
      Advance();
      if (Peek().kind != TokenKind::kIdentifier &&
          Peek().kind != TokenKind::kBackquotedIdentifier) {
        return Unexpected(Peek(), "a name");
      }
    }
    return node;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

absl::string_view CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "!=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

absl::string_view ArithmeticOpText(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return "+";
    case ArithmeticOp::kSub:
      return "-";
    case ArithmeticOp::kMul:
      return "*";
    case ArithmeticOp::kDiv:
      return "/";
  }
  return "?";
}

void AppendDebug(const Expr& e, std::string* out) {
  auto child = [&](size_t i) {
    out->append("(");
    AppendDebug(*e.children[i], out);
    out->append(")");
  };
  switch (e.kind) {
    case ExprKind::kIntLiteral:
      absl::StrAppend(out, e.int_value);
      return;
    case ExprKind::kDoubleLiteral:
      absl::StrAppend(out, "double:", e.double_value);
      return;
    case ExprKind::kStringLiteral:
      absl::StrAppend(out, "'", e.string_value, "'");
      return;
    case ExprKind::kBoolLiteral:
      out->append(e.bool_value ? "TRUE" : "FALSE");
      return;
    case ExprKind::kNullLiteral:
      out->append("NULL");
      return;
    case ExprKind::kPath: {
      std::vector<std::string> parts;
      for (const PathSegment& s : e.path) {
        parts.push_back(s.backquoted ? absl::StrCat("`", s.text, "`") : s.text);
      }
      out->append(absl::StrJoin(parts, "."));
      return;
    }
    case ExprKind::kNot:
      out->append("NOT ");
      child(0);
      return;
    case ExprKind::kNegate:
      out->append("-");
      child(0);
      return;
    case ExprKind::kAnd:
    case ExprKind::kOr:
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i > 0) out->append(e.kind == ExprKind::kAnd ? " AND " : " OR ");
        child(i);
      }
      return;
    case ExprKind::kCompare:
      child(0);
      absl::StrAppend(out, " ", CompareOpText(e.compare_op), " ");
      child(1);
      return;
    case ExprKind::kArithmetic:
      child(0);
      absl::StrAppend(out, " ", ArithmeticOpText(e.arithmetic_op), " ");
      child(1);
      return;
    case ExprKind::kIn:
      child(0);
      out->append(e.negated ? " NOT IN [" : " IN [");
      for (size_t i = 1; i < e.children.size(); ++i) {
        if (i > 1) out->append(", ");
        child(i);
      }
      out->append("]");
      return;
    case ExprKind::kLike:
      child(0);
      out->append(e.negated ? " NOT LIKE " : " LIKE ");
      child(1);
      return;
    case ExprKind::kIsNull:
      child(0);
      out->append(e.negated ? " IS NOT NULL" : " IS NULL");
      return;
    case ExprKind::kBetween:
      child(0);
      out->append(e.negated ? " NOT BETWEEN " : " BETWEEN ");
      child(1);
      out->append(" AND ");
      child(2);
      return;
  }
}

}  // namespace

std::string DebugString(const Expr& expr) {
  std::string out;
  AppendDebug(expr, &out);
  return out;
}

absl::StatusOr<std::unique_ptr<Expr>> ParseFilterQuery(
    absl::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("filter_query is ", query.size(),
                     " bytes long; the limit is ", kMaxQueryBytes));
  }
  auto tokens = Tokenize(query);
  if (!tokens.ok()) return tokens.status();
  return Parser(*std::move(tokens)).Run();
}

}  // namespace mlmd::filter
