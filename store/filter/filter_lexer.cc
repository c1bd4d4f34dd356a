// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/filter/filter_lexer.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace mlmd::filter {
namespace {

bool IsWordChar(char c) { return absl::ascii_isalnum(c) || c == '_'; }
bool IsIdentifierStart(char c) { return absl::ascii_isalpha(c) || c == '_'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends `code_point` as UTF-8; false for surrogates and values past
// U+10FFFF, which have no encoding.
bool AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point <= 0x10FFFF) {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    return false;
  }
  return true;
}

// Length of the well-formed UTF-8 sequence starting at s[0], or 0.
size_t Utf8SequenceLength(absl::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  size_t len;
  uint32_t min;
  uint32_t cp;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (s.size() < len) return 0;
  for (size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Offset of the first byte that is not valid UTF-8, or npos.
size_t FirstInvalidUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t len = Utf8SequenceLength(s.substr(i));
    if (len == 0) return i;
    i += len;
  }
  return absl::string_view::npos;
}

class Lexer {
 public:
  explicit Lexer(absl::string_view query) : query_(query) {}

  absl::StatusOr<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      absl::Status st = SkipSpaceAndComments();
      if (!st.ok()) return st;
      Token token;
      token.column = Column(pos_);
      if (pos_ >= query_.size()) {
        token.kind = TokenKind::kEnd;
        token.end_column = token.column;
        tokens.push_back(std::move(token));
        return tokens;
      }
      const TokenKind previous =
          tokens.empty() ? TokenKind::kEnd : tokens.back().kind;
      st = Next(previous, &token);
      if (!st.ok()) return st;
      token.end_column = Column(pos_);
      tokens.push_back(std::move(token));
    }
  }

 private:
  int Column(size_t offset) const { return static_cast<int>(offset) + 1; }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < query_.size() ? query_[pos_ + ahead] : '\0';
  }
  bool AtEnd(size_t ahead = 0) const { return pos_ + ahead >= query_.size(); }

  absl::Status SkipSpaceAndComments() {
    while (!AtEnd()) {
      const char c = Peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
          c == '\v') {
        ++pos_;
      } else if (c == '#' || (c == '-' && Peek(1) == '-')) {
        while (!AtEnd() && Peek() != '\n') ++pos_;
      } else if (c == '/' && Peek(1) == '*') {
        const size_t start = pos_;
        const size_t close = query_.find("*/", pos_ + 2);
        if (close == absl::string_view::npos) {
          return FilterError(Column(start), "unterminated /* comment");
        }
        pos_ = close + 2;
      } else {
        break;
      }
    }
    return absl::OkStatus();
  }

  absl::Status Next(TokenKind previous, Token* token) {
    const char c = Peek();
    // After a dot every word is a name segment, even one starting with a
    // digit (`properties.0.int_value`).
    if (previous == TokenKind::kDot && IsWordChar(c)) {
      return Word(token);
    }
    if (IsIdentifierStart(c)) return Word(token);
    if (absl::ascii_isdigit(c)) return Number(token);
    if (c == '.' && absl::ascii_isdigit(Peek(1)) &&
        previous != TokenKind::kIdentifier &&
        previous != TokenKind::kBackquotedIdentifier &&
        previous != TokenKind::kRightParen) {
      return Number(token);
    }
    if (c == '\'' || c == '"') return String(token);
    if (c == '`') return Backquoted(token);
    return Punctuation(token);
  }

  absl::Status Word(Token* token) {
    const size_t start = pos_;
    while (!AtEnd() && IsWordChar(Peek())) ++pos_;
    token->kind = TokenKind::kIdentifier;
    token->text = std::string(query_.substr(start, pos_ - start));
    return absl::OkStatus();
  }

  absl::Status Number(Token* token) {
    const size_t start = pos_;
    bool is_double = false;
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X')) {
      pos_ += 2;
      const size_t digits = pos_;
      while (!AtEnd() && HexValue(Peek()) >= 0) ++pos_;
      if (pos_ == digits) {
        return FilterError(Column(start), "malformed hexadecimal number");
      }
    } else {
      while (!AtEnd() && absl::ascii_isdigit(Peek())) ++pos_;
      if (Peek() == '.') {
        is_double = true;
        ++pos_;
        while (!AtEnd() && absl::ascii_isdigit(Peek())) ++pos_;
      }
      if (Peek() == 'e' || Peek() == 'E') {
        is_double = true;
        ++pos_;
        if (Peek() == '+' || Peek() == '-') ++pos_;
        const size_t digits = pos_;
        while (!AtEnd() && absl::ascii_isdigit(Peek())) ++pos_;
        if (pos_ == digits) {
          return FilterError(Column(start),
                             "malformed number: exponent has no digits");
        }
      }
    }
    if (!AtEnd() && IsWordChar(Peek())) {
      return FilterError(Column(start),
                         absl::StrCat("malformed number '",
                                      query_.substr(start, pos_ - start + 1),
                                      "': a number cannot run into a name"));
    }
    token->kind = is_double ? TokenKind::kDouble : TokenKind::kInteger;
    token->text = std::string(query_.substr(start, pos_ - start));
    return absl::OkStatus();
  }

  absl::Status String(Token* token) {
    const size_t start = pos_;
    const char quote = Peek();
    ++pos_;
    std::string value;
    while (true) {
      if (AtEnd()) {
        return FilterError(Column(start),
                           absl::StrCat("unterminated string: missing the "
                                        "closing ",
                                        std::string(1, quote)));
      }
      const char c = Peek();
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c != '\\') {
        value.push_back(c);
        ++pos_;
        continue;
      }
      absl::Status st = Escape(&value);
      if (!st.ok()) return st;
    }
    if (const size_t bad = FirstInvalidUtf8(value);
        bad != absl::string_view::npos) {
      return FilterError(Column(start), "string literal is not valid UTF-8");
    }
    if (value.find('\0') != std::string::npos) {
      return FilterError(Column(start),
                         "string literal must not contain a NUL character");
    }
    token->kind = TokenKind::kString;
    token->text = std::move(value);
    return absl::OkStatus();
  }

  // Decodes one backslash escape at pos_ into `out`.
  absl::Status Escape(std::string* out) {
    const size_t start = pos_;
    ++pos_;  // the backslash
    if (AtEnd()) {
      return FilterError(Column(start), "unterminated escape sequence");
    }
    const char c = Peek();
    ++pos_;
    switch (c) {
      case '\\':
      case '\'':
      case '"':
      case '`':
      case '?':
        out->push_back(c);
        return absl::OkStatus();
      case 'a':
        out->push_back('\a');
        return absl::OkStatus();
      case 'b':
        out->push_back('\b');
        return absl::OkStatus();
      case 'f':
        out->push_back('\f');
        return absl::OkStatus();
      case 'n':
        out->push_back('\n');
        return absl::OkStatus();
      case 'r':
        out->push_back('\r');
        return absl::OkStatus();
      case 't':
        out->push_back('\t');
        return absl::OkStatus();
      case 'v':
        out->push_back('\v');
        return absl::OkStatus();
      case 'x':
      case 'X':
        return HexEscape(start, 2, /*as_code_point=*/false, out);
      case 'u':
        return HexEscape(start, 4, /*as_code_point=*/true, out);
      case 'U':
        return HexEscape(start, 8, /*as_code_point=*/true, out);
      default:
        break;
    }
    if (c >= '0' && c <= '7') {
      // Exactly three octal digits, as in ZetaSQL.
      int value = c - '0';
      for (int i = 0; i < 2; ++i) {
        const char d = Peek();
        if (AtEnd() || d < '0' || d > '7') {
          return FilterError(Column(start),
                             "octal escape needs exactly three digits (\\ooo)");
        }
        value = value * 8 + (d - '0');
        ++pos_;
      }
      if (value > 0xFF) {
        return FilterError(Column(start), "octal escape is above \\377");
      }
      out->push_back(static_cast<char>(value));
      return absl::OkStatus();
    }
    return FilterError(
        Column(start),
        absl::StrCat("unknown escape sequence '\\", std::string(1, c), "'"));
  }

  absl::Status HexEscape(size_t start, int digits, bool as_code_point,
                         std::string* out) {
    uint32_t value = 0;
    for (int i = 0; i < digits; ++i) {
      const int h = AtEnd() ? -1 : HexValue(Peek());
      if (h < 0) {
        return FilterError(Column(start),
                           absl::StrCat("escape needs exactly ", digits,
                                        " hexadecimal digits"));
      }
      value = value * 16 + static_cast<uint32_t>(h);
      ++pos_;
    }
    if (!as_code_point) {
      out->push_back(static_cast<char>(value));
      return absl::OkStatus();
    }
    if (!AppendUtf8(value, out)) {
      return FilterError(Column(start),
                         "unicode escape is not a valid code point");
    }
    return absl::OkStatus();
  }

  absl::Status Backquoted(Token* token) {
    const size_t start = pos_;
    const size_t close = query_.find('`', pos_ + 1);
    if (close == absl::string_view::npos) {
      return FilterError(Column(start),
                         "unterminated quoted name: missing the closing `");
    }
    absl::string_view name = query_.substr(pos_ + 1, close - pos_ - 1);
    if (name.empty()) {
      return FilterError(Column(start), "quoted name `` is empty");
    }
    if (FirstInvalidUtf8(name) != absl::string_view::npos) {
      return FilterError(Column(start), "quoted name is not valid UTF-8");
    }
    if (name.find('\0') != absl::string_view::npos) {
      return FilterError(Column(start),
                         "quoted name must not contain a NUL character");
    }
    pos_ = close + 1;
    token->kind = TokenKind::kBackquotedIdentifier;
    token->text = std::string(name);
    return absl::OkStatus();
  }

  absl::Status Punctuation(Token* token) {
    const char c = Peek();
    const char next = Peek(1);
    auto one = [&](TokenKind kind) {
      token->kind = kind;
      token->text = std::string(1, c);
      pos_ += 1;
      return absl::OkStatus();
    };
    auto two = [&](TokenKind kind) {
      token->kind = kind;
      token->text = std::string(query_.substr(pos_, 2));
      pos_ += 2;
      return absl::OkStatus();
    };
    switch (c) {
      case '(':
        return one(TokenKind::kLeftParen);
      case ')':
        return one(TokenKind::kRightParen);
      case ',':
        return one(TokenKind::kComma);
      case '.':
        return one(TokenKind::kDot);
      case '+':
        return one(TokenKind::kPlus);
      case '-':
        return one(TokenKind::kMinus);
      case '*':
        return one(TokenKind::kStar);
      case '/':
        return one(TokenKind::kSlash);
      case '=':
        return one(TokenKind::kEq);
      case '!':
        if (next == '=') return two(TokenKind::kNe);
        break;
      case '<':
        if (next == '=') return two(TokenKind::kLe);
        if (next == '>') return two(TokenKind::kNe);
        return one(TokenKind::kLt);
      case '>':
        if (next == '=') return two(TokenKind::kGe);
        return one(TokenKind::kGt);
      default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7F) {
      return FilterError(Column(pos_), absl::StrCat("unexpected character '",
                                                    std::string(1, c), "'"));
    }
    return FilterError(
        Column(pos_),
        absl::StrCat("unexpected byte 0x", absl::Hex(byte, absl::kZeroPad2),
                     " (names outside quotes are ASCII)"));
  }

  absl::string_view query_;
  size_t pos_ = 0;
};

}  // namespace

absl::Status FilterError(int column, absl::string_view message) {
  return absl::InvalidArgumentError(
      absl::StrCat("filter_query: at column ", column, ": ", message));
}

std::string Abbreviate(absl::string_view text) {
  constexpr size_t kMaxBytes = 40;
  if (text.size() <= kMaxBytes) return std::string(text);
  size_t end = kMaxBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;  // do not split a multi-byte character
  }
  return absl::StrCat(text.substr(0, end), "...");
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of query";
    case TokenKind::kString:
      return absl::StrCat("string '", Abbreviate(token.text), "'");
    case TokenKind::kBackquotedIdentifier:
      return absl::StrCat("`", Abbreviate(token.text), "`");
    default:
      return absl::StrCat("'", Abbreviate(token.text), "'");
  }
}

absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view query) {
  return Lexer(query).Run();
}

}  // namespace mlmd::filter
