// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Splits a filter query into tokens. Keywords (AND, OR, NOT, IN, LIKE, IS,
// NULL, TRUE, FALSE, BETWEEN) come out as identifiers; the parser recognizes
// them case-insensitively, so they stay usable as property names.
#ifndef MLMD_STORE_FILTER_FILTER_LEXER_H_
#define MLMD_STORE_FILTER_FILTER_LEXER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mlmd::filter {

enum class TokenKind {
  kEnd,
  kIdentifier,            // [A-Za-z_][A-Za-z0-9_]*, or any word after '.'
  kBackquotedIdentifier,  // `any text but a backquote`, taken literally
  kInteger,               // decimal or 0x hex digits; text holds the digits
  kDouble,                // 1.5, .5, 1e3, 2.5E-3
  kString,                // 'x' or "x"; text holds the unescaped value
  kLeftParen,
  kRightParen,
  kComma,
  kDot,
  kEq,  // =
  kNe,  // != or <>
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kStar,
  kSlash,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;    // identifier name, number digits or string value
  int column = 0;      // 1-based byte column of the first character
  int end_column = 0;  // 1-based column just past the token
};

// Human-readable description of a token for error messages: "'uri'",
// "string 'abc'", "end of query".
std::string DescribeToken(const Token& token);

// `text` cut to at most 40 bytes on a UTF-8 boundary, with "..." when cut;
// for quoting user text in error messages.
std::string Abbreviate(absl::string_view text);

// Tokenizes `query`; the last token is always kEnd. Errors are
// INVALID_ARGUMENT "filter_query: at column N: ..." (unterminated string,
// bad escape, stray character, malformed number, invalid UTF-8).
absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view query);

// The error every filter stage reports: INVALID_ARGUMENT with a column.
absl::Status FilterError(int column, absl::string_view message);

}  // namespace mlmd::filter

#endif  // MLMD_STORE_FILTER_FILTER_LEXER_H_
