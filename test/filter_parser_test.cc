// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The filter-query parser: every grammar form, precedence, and the shape of
// each error (INVALID_ARGUMENT naming the column and what was expected).
#include "store/filter/filter_parser.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mlmd::filter {
namespace {

using ::testing::HasSubstr;

// Parses `query` and renders the tree, or the error text.
std::string Parsed(absl::string_view query) {
  auto expr = ParseFilterQuery(query);
  if (!expr.ok()) return absl::StrCat("ERROR ", expr.status().message());
  return DebugString(**expr);
}

absl::Status ParseError(absl::string_view query) {
  auto expr = ParseFilterQuery(query);
  return expr.ok() ? absl::OkStatus() : expr.status();
}

TEST(FilterParserTest, Comparisons) {
  EXPECT_EQ(Parsed("id = 1"), "(id) = (1)");
  EXPECT_EQ(Parsed("id != 1"), "(id) != (1)");
  EXPECT_EQ(Parsed("id <> 1"), "(id) != (1)");
  EXPECT_EQ(Parsed("id < 1"), "(id) < (1)");
  EXPECT_EQ(Parsed("id <= 1"), "(id) <= (1)");
  EXPECT_EQ(Parsed("id > 1"), "(id) > (1)");
  EXPECT_EQ(Parsed("id >= 1"), "(id) >= (1)");
  EXPECT_EQ(Parsed("state=LIVE"), "(state) = (LIVE)");
  EXPECT_EQ(Parsed("last_known_state!=COMPLETE"),
            "(last_known_state) != (COMPLETE)");
}

TEST(FilterParserTest, Literals) {
  EXPECT_EQ(Parsed("id = 42"), "(id) = (42)");
  EXPECT_EQ(Parsed("id = 0x1F"), "(id) = (31)");
  EXPECT_EQ(Parsed("id = -5"), "(id) = (-5)");
  EXPECT_EQ(Parsed("id = -9223372036854775808"),
            "(id) = (-9223372036854775808)");
  EXPECT_EQ(Parsed("id = 9223372036854775807"), "(id) = (9223372036854775807)");
  EXPECT_EQ(Parsed("x = 1.5"), "(x) = (double:1.5)");
  EXPECT_EQ(Parsed("x = .5"), "(x) = (double:0.5)");
  EXPECT_EQ(Parsed("x = 2e3"), "(x) = (double:2000)");
  EXPECT_EQ(Parsed("x = 2.5E-1"), "(x) = (double:0.25)");
  EXPECT_EQ(Parsed("x = -1.5"), "(x) = (double:-1.5)");
  EXPECT_EQ(Parsed("x = 'a b'"), "(x) = ('a b')");
  EXPECT_EQ(Parsed("x = \"a b\""), "(x) = ('a b')");
  EXPECT_EQ(Parsed("x = TRUE"), "(x) = (TRUE)");
  EXPECT_EQ(Parsed("x = false"), "(x) = (FALSE)");
}

TEST(FilterParserTest, StringEscapes) {
  auto expr = ParseFilterQuery(
      R"(x = 'it\'s \"q\" \\ \n\t\r \x41\101 \u00e9 \U0001F600 \` \?')");
  ASSERT_TRUE(expr.ok()) << expr.status();
  EXPECT_EQ((*expr)->children[1]->string_value,
            "it's \"q\" \\ \n\t\r AA \xC3\xA9 \xF0\x9F\x98\x80 ` ?");
  expr = ParseFilterQuery(R"(x = "don't")");
  ASSERT_TRUE(expr.ok());
  EXPECT_EQ((*expr)->children[1]->string_value, "don't");
}

TEST(FilterParserTest, Paths) {
  EXPECT_EQ(Parsed("properties.accuracy.double_value > 0.95"),
            "(properties.accuracy.double_value) > (double:0.95)");
  EXPECT_EQ(Parsed("properties.0.int_value = 1"),
            "(properties.0.int_value) = (1)");
  EXPECT_EQ(Parsed("properties.`my key`.string_value = 'v'"),
            "(properties.`my key`.string_value) = ('v')");
  EXPECT_EQ(Parsed("custom_properties.`my:custom.property`.bool_value = true"),
            "(custom_properties.`my:custom.property`.bool_value) = (TRUE)");
  EXPECT_EQ(Parsed("contexts_a.name = 'run'"), "(contexts_a.name) = ('run')");
  // Keywords are plain names after a dot.
  EXPECT_EQ(Parsed("properties.in.int_value = 1"),
            "(properties.in.int_value) = (1)");
  auto expr = ParseFilterQuery("properties.`a b`.int_value = 1");
  ASSERT_TRUE(expr.ok());
  const Expr& path = *(*expr)->children[0];
  ASSERT_EQ(path.path.size(), 3u);
  EXPECT_EQ(path.path[1].text, "a b");
  EXPECT_TRUE(path.path[1].backquoted);
  EXPECT_EQ(path.path[1].column, 12);
}

TEST(FilterParserTest, InLikeIsBetween) {
  EXPECT_EQ(Parsed("id IN (1, 3)"), "(id) IN [(1), (3)]");
  EXPECT_EQ(Parsed("id NOT IN (1)"), "(id) NOT IN [(1)]");
  EXPECT_EQ(Parsed("state in (PENDING, LIVE)"),
            "(state) IN [(PENDING), (LIVE)]");
  EXPECT_EQ(Parsed("uri LIKE 'a%'"), "(uri) LIKE ('a%')");
  EXPECT_EQ(Parsed("uri like 'a%'"), "(uri) LIKE ('a%')");
  EXPECT_EQ(Parsed("uri NOT LIKE 'a%'"), "(uri) NOT LIKE ('a%')");
  EXPECT_EQ(Parsed("uri IS NULL"), "(uri) IS NULL");
  EXPECT_EQ(Parsed("uri is not null"), "(uri) IS NOT NULL");
  EXPECT_EQ(Parsed("id BETWEEN 1 AND 5"), "(id) BETWEEN (1) AND (5)");
  EXPECT_EQ(Parsed("id NOT BETWEEN 1 AND 5 AND id = 2"),
            "((id) NOT BETWEEN (1) AND (5)) AND ((id) = (2))");
}

TEST(FilterParserTest, BooleanPrecedence) {
  // AND binds tighter than OR; NOT tighter than AND.
  EXPECT_EQ(Parsed("a = 1 OR b = 2 AND c = 3"),
            "((a) = (1)) OR (((b) = (2)) AND ((c) = (3)))");
  EXPECT_EQ(Parsed("NOT a = 1 AND b = 2"), "(NOT ((a) = (1))) AND ((b) = (2))");
  EXPECT_EQ(Parsed("(a = 1 OR b = 2) AND c = 3"),
            "(((a) = (1)) OR ((b) = (2))) AND ((c) = (3))");
  EXPECT_EQ(Parsed("NOT(type_id = 1)"), "NOT ((type_id) = (1))");
  EXPECT_EQ(Parsed("NOT NOT a = 1"), "NOT (NOT ((a) = (1)))");
  // Chains are flattened into one node.
  auto expr = ParseFilterQuery("a = 1 AND b = 2 AND c = 3 AND d = 4");
  ASSERT_TRUE(expr.ok());
  EXPECT_EQ((*expr)->kind, ExprKind::kAnd);
  EXPECT_EQ((*expr)->children.size(), 4u);
}

TEST(FilterParserTest, ArithmeticPrecedence) {
  EXPECT_EQ(Parsed("type_id + 1 > 1"), "((type_id) + (1)) > (1)");
  EXPECT_EQ(Parsed("a + b * c = 1"), "((a) + ((b) * (c))) = (1)");
  EXPECT_EQ(Parsed("a - b - c = 1"), "(((a) - (b)) - (c)) = (1)");
  EXPECT_EQ(Parsed("a / (b + c) = 1"), "((a) / ((b) + (c))) = (1)");
  EXPECT_EQ(Parsed("-a = 1"), "(-(a)) = (1)");
}

TEST(FilterParserTest, BareValuesAndComments) {
  EXPECT_EQ(Parsed("custom_properties.f.bool_value"),
            "custom_properties.f.bool_value");
  EXPECT_EQ(Parsed("TRUE"), "TRUE");
  EXPECT_EQ(Parsed("id = 1 -- trailing comment"), "(id) = (1)");
  EXPECT_EQ(Parsed("id /* inline */ = 1 # end"), "(id) = (1)");
}

TEST(FilterParserTest, ColumnsOfNodes) {
  auto expr = ParseFilterQuery("id = 1 AND   uri = 'x'");
  ASSERT_TRUE(expr.ok());
  EXPECT_EQ((*expr)->column, 1);
  EXPECT_EQ((*expr)->children[1]->column, 14);
  EXPECT_EQ((*expr)->children[1]->children[1]->column, 20);
}

struct ErrorCase {
  const char* query;
  int column;
  const char* message;
};

class FilterParserErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(FilterParserErrorTest, ReportsColumnAndExpectation) {
  const ErrorCase& c = GetParam();
  absl::Status st = ParseError(c.query);
  ASSERT_EQ(st.code(), absl::StatusCode::kInvalidArgument) << c.query;
  EXPECT_THAT(
      std::string(st.message()),
      HasSubstr(absl::StrCat("filter_query: at column ", c.column, ": ")))
      << c.query << " -> " << st.message();
  EXPECT_THAT(std::string(st.message()), HasSubstr(c.message)) << c.query;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, FilterParserErrorTest,
    ::testing::Values(
        ErrorCase{"", 1, "expected a value"},
        ErrorCase{"   ", 4, "found end of query"},
        ErrorCase{"type = 'x' AND uri foo", 20,
                  "expected a comparison operator after 'uri', found 'foo'"},
        ErrorCase{"a == 'a'", 4, "expected a value"},
        ErrorCase{"id = 1 foo", 8,
                  "expected AND, OR or the end of the query after '1'"},
        ErrorCase{"id = 1 = 2", 8, "comparisons cannot be chained"},
        ErrorCase{"(id = 1", 8, "expected ')' to close the '(' at column 1"},
        ErrorCase{"id = 1)", 7, "found ')'"},
        ErrorCase{"id IN ()", 8, "IN list is empty"},
        ErrorCase{"state IN RUNNING", 10, "expected '(' to start the IN list"},
        ErrorCase{"id IN (1, 2", 12, "',' or ')' in the IN list"},
        ErrorCase{"id IN (1,)", 10, "expected a value"},
        ErrorCase{"uri NOT NULL", 9, "expected IN, LIKE or BETWEEN"},
        ErrorCase{"uri IS 5", 8, "expected NULL or NOT NULL"},
        ErrorCase{"uri IS NOT 5", 12, "expected NULL after 'NOT'"},
        ErrorCase{"id BETWEEN 1 OR 2", 14, "expected AND between the bounds"},
        ErrorCase{"properties.bar.", 16, "expected a name after '.'"},
        ErrorCase{"properties.0:b.int_value = 1", 13,
                  "unexpected character ':'"},
        ErrorCase{"name = 'abc", 8, "unterminated string"},
        ErrorCase{"name = \"abc", 8, "unterminated string"},
        ErrorCase{"name = 'a\\qb'", 10, "unknown escape sequence '\\q'"},
        ErrorCase{"name = '\\x4'", 9, "exactly 2 hexadecimal digits"},
        ErrorCase{"name = '\\uD800'", 9, "not a valid code point"},
        ErrorCase{"name = '\\x00'", 8, "NUL"},
        ErrorCase{"name = '\xff'", 8, "not valid UTF-8"},
        ErrorCase{"properties.`abc.int_value = 1", 12, "unterminated quoted"},
        ErrorCase{"properties.``.int_value = 1", 12, "is empty"},
        ErrorCase{"id = 12abc", 6, "malformed number"},
        ErrorCase{"id = 1e", 6, "exponent has no digits"},
        ErrorCase{"id = 0x", 6, "malformed hexadecimal"},
        ErrorCase{"id = 9223372036854775808", 6, "does not fit in 64 bits"},
        ErrorCase{"id = -9223372036854775809", 6, "does not fit in 64 bits"},
        ErrorCase{"x = 1e999", 5, "out of range for a double"},
        ErrorCase{"id = 1 AND", 11, "found end of query"},
        ErrorCase{"AND id = 1", 1, "found 'AND'"},
        ErrorCase{"id = 1 /* open", 8, "unterminated /* comment"},
        ErrorCase{"id ; 1", 4, "unexpected character ';'"},
        ErrorCase{"id = \x01", 6, "unexpected byte 0x01"}));

TEST(FilterParserTest, NestingDepthIsCapped) {
  const std::string ok = std::string(kMaxNestingDepth, '(') + "id = 1" +
                         std::string(kMaxNestingDepth, ')');
  EXPECT_TRUE(ParseFilterQuery(ok).ok());
  const std::string deep =
      std::string(10000, '(') + "id = 1" + std::string(10000, ')');
  absl::Status st = ParseError(deep);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()),
              HasSubstr(absl::StrCat("at column ", kMaxNestingDepth + 1)));
  EXPECT_THAT(std::string(st.message()), HasSubstr("nested deeper than"));

  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  EXPECT_EQ(ParseError(nots + "id = 1").code(),
            absl::StatusCode::kInvalidArgument);
  std::string minuses;
  for (int i = 0; i < 5000; ++i) minuses += "- ";
  absl::Status minus_status = ParseError("id = " + minuses + "1");
  EXPECT_EQ(minus_status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(minus_status.message()),
              HasSubstr("nested deeper than"));
}

TEST(FilterParserTest, TallTreesAreCapped) {
  std::string sum = "id";
  for (int i = 0; i < 5000; ++i) sum += " + 1";
  absl::Status st = ParseError(sum + " = 1");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("too complex"));

  // Long AND/OR chains are flat, so they stay accepted.
  std::string chain = "id = 1";
  for (int i = 0; i < 3000; ++i) chain += " OR id = 1";
  auto expr = ParseFilterQuery(chain);
  ASSERT_TRUE(expr.ok()) << expr.status();
  EXPECT_EQ((*expr)->children.size(), 3001u);
}

TEST(FilterParserTest, SizeLimits) {
  std::string list = "id IN (1";
  for (int i = 1; i < kMaxInListSize; ++i) list += ",1";
  EXPECT_TRUE(ParseFilterQuery(list + ")").ok());
  absl::Status st = ParseError(list + ",1)");
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("IN list has more than"));

  const std::string huge = "name = '" + std::string(kMaxQueryBytes, 'a') + "'";
  st = ParseError(huge);
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(st.message()), HasSubstr("bytes long"));
}

}  // namespace
}  // namespace mlmd::filter
