// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Values bound to SQL statements and read back from result rows. Every piece of
// user text reaches the database as one of these, never spliced into SQL.
#ifndef MLMD_STORE_SQL_VALUE_H_
#define MLMD_STORE_SQL_VALUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"

namespace mlmd::sql {

class Value {
 public:
  Value() = default;  // SQL NULL
  static Value Null() { return Value(); }
  static Value Int(int64_t v) { return Value(Rep(v)); }
  static Value Double(double v) { return Value(Rep(v)); }
  static Value Text(std::string v) { return Value(Rep(std::move(v))); }
  static Value Bool(bool v) { return Value(Rep(BoolRep{v})); }
  // NULL when `v` is empty.
  template <typename T>
  static Value Optional(const std::optional<T>& v);

  bool is_null() const { return std::holds_alternative<std::monostate>(rep_); }
  bool is_int() const { return std::holds_alternative<int64_t>(rep_); }
  bool is_double() const { return std::holds_alternative<double>(rep_); }
  bool is_text() const { return std::holds_alternative<std::string>(rep_); }
  bool is_bool() const { return std::holds_alternative<BoolRep>(rep_); }

  // Lenient readers: drivers that return text (libpq) or other widths still
  // read back as the caller's type. Reading NULL gives 0 / "" / false.
  int64_t AsInt() const;
  double AsDouble() const;
  std::string AsText() const;
  bool AsBool() const;

  // For logs and tests: a short SQL-like rendering.
  std::string DebugString() const;

 private:
  struct BoolRep {
    bool v;
  };
  using Rep =
      std::variant<std::monostate, int64_t, double, std::string, BoolRep>;
  explicit Value(Rep rep) : rep_(std::move(rep)) {}
  Rep rep_;
};

template <typename T>
Value Value::Optional(const std::optional<T>& v) {
  if (!v.has_value()) return Null();
  if constexpr (std::is_same_v<T, bool>) {
    return Bool(*v);
  } else if constexpr (std::is_integral_v<T>) {
    return Int(*v);
  } else if constexpr (std::is_floating_point_v<T>) {
    return Double(*v);
  } else {
    return Text(std::string(*v));
  }
}

using Row = std::vector<Value>;

// The rows a statement returned, in order.
struct ResultSet {
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
};

}  // namespace mlmd::sql

#endif  // MLMD_STORE_SQL_VALUE_H_
