// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// ml_metadata::Value <-> the value columns of the *Property tables, in the
// encoding upstream MLMD uses, so either server reads the other's rows:
//   int_value -> int_value, double_value -> double_value,
//   string_value -> string_value, bool_value -> bool_value,
//   struct_value -> string_value "mlmd-struct::" + base64(serialized Struct),
//   proto_value -> proto_value holding base64(serialized Any).
#ifndef MLMD_STORE_PROPERTY_CODEC_H_
#define MLMD_STORE_PROPERTY_CODEC_H_

#include <array>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/sql/value.h"

namespace mlmd {

// Column order of the encoded value, as read and written everywhere:
// int_value, double_value, string_value, proto_value, bool_value.
inline constexpr int kPropertyValueColumnCount = 5;
inline constexpr absl::string_view kPropertyValueColumns =
    "int_value, double_value, string_value, proto_value, bool_value";

using PropertyColumns = std::array<sql::Value, kPropertyValueColumnCount>;

// Exactly one column is non-NULL. INVALID_ARGUMENT when `value` has no kind
// set (upstream would crash on such a value).
absl::StatusOr<PropertyColumns> EncodePropertyValue(
    const ml_metadata::Value& value);

// Reads the five value columns (in the order above) into `value`. The first
// non-NULL column wins, as upstream reads it. INTERNAL when every column is
// NULL or a struct/proto payload does not parse (a damaged row).
absl::Status DecodePropertyValue(absl::Span<const sql::Value> columns,
                                 ml_metadata::Value* value);

// True when `value` carries the kind the type declares for the property.
bool ValueMatchesPropertyType(const ml_metadata::Value& value,
                              ml_metadata::PropertyType type);

// "int_value", "struct_value", ... or "no value" (for messages).
absl::string_view ValueKindName(const ml_metadata::Value& value);
// "INT", "STRUCT", ... (for messages).
absl::string_view PropertyTypeName(ml_metadata::PropertyType type);

}  // namespace mlmd

#endif  // MLMD_STORE_PROPERTY_CODEC_H_
