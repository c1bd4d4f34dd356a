// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/property_codec.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/struct.pb.h"

namespace mlmd {
namespace {

using ml_metadata::PropertyType;
using ml_metadata::Value;

// Upstream keeps structs in string_value behind this marker.
constexpr absl::string_view kStructPrefix = "mlmd-struct::";

enum Column { kInt = 0, kDouble, kString, kProto, kBool };

}  // namespace

absl::StatusOr<PropertyColumns> EncodePropertyValue(const Value& value) {
  PropertyColumns cols;
  switch (value.value_case()) {
    case Value::kIntValue:
      cols[kInt] = sql::Value::Int(value.int_value());
      break;
    case Value::kDoubleValue:
      cols[kDouble] = sql::Value::Double(value.double_value());
      break;
    case Value::kStringValue:
      cols[kString] = sql::Value::Text(value.string_value());
      break;
    case Value::kStructValue:
      cols[kString] = sql::Value::Text(absl::StrCat(
          kStructPrefix,
          absl::Base64Escape(value.struct_value().SerializeAsString())));
      break;
    case Value::kProtoValue:
      cols[kProto] = sql::Value::Text(
          absl::Base64Escape(value.proto_value().SerializeAsString()));
      break;
    case Value::kBoolValue:
      cols[kBool] = sql::Value::Bool(value.bool_value());
      break;
    case Value::VALUE_NOT_SET:
      return absl::InvalidArgumentError("the property value has no kind set");
  }
  return cols;
}

absl::Status DecodePropertyValue(absl::Span<const sql::Value> columns,
                                 Value* value) {
  if (columns.size() != kPropertyValueColumnCount) {
    return absl::InternalError("property row has the wrong column count");
  }
  if (!columns[kInt].is_null()) {
    value->set_int_value(columns[kInt].AsInt());
  } else if (!columns[kDouble].is_null()) {
    value->set_double_value(columns[kDouble].AsDouble());
  } else if (!columns[kString].is_null()) {
    std::string text = columns[kString].AsText();
    if (!absl::StartsWith(text, kStructPrefix)) {
      value->set_string_value(std::move(text));
      return absl::OkStatus();
    }
    std::string bytes;
    if (!absl::Base64Unescape(
            absl::string_view(text).substr(kStructPrefix.size()), &bytes) ||
        !value->mutable_struct_value()->ParseFromString(bytes)) {
      return absl::InternalError(
          "stored struct_value is not a valid serialized "
          "google.protobuf.Struct");
    }
  } else if (!columns[kProto].is_null()) {
    std::string bytes;
    if (!absl::Base64Unescape(columns[kProto].AsText(), &bytes) ||
        !value->mutable_proto_value()->ParseFromString(bytes)) {
      return absl::InternalError(
          "stored proto_value is not a valid base64 google.protobuf.Any");
    }
    if (value->proto_value().type_url().empty()) {
      return absl::InternalError("stored proto_value has an empty type_url");
    }
  } else if (!columns[kBool].is_null()) {
    value->set_bool_value(columns[kBool].AsBool());
  } else {
    return absl::InternalError(
        "stored property has NULL in every value column");
  }
  return absl::OkStatus();
}

bool ValueMatchesPropertyType(const Value& value, PropertyType type) {
  switch (type) {
    case ml_metadata::INT:
      return value.has_int_value();
    case ml_metadata::DOUBLE:
      return value.has_double_value();
    case ml_metadata::STRING:
      return value.has_string_value();
    case ml_metadata::STRUCT:
      return value.has_struct_value();
    case ml_metadata::PROTO:
      return value.has_proto_value();
    case ml_metadata::BOOLEAN:
      return value.has_bool_value();
    default:
      return false;
  }
}

absl::string_view ValueKindName(const Value& value) {
  switch (value.value_case()) {
    case Value::kIntValue:
      return "int_value";
    case Value::kDoubleValue:
      return "double_value";
    case Value::kStringValue:
      return "string_value";
    case Value::kStructValue:
      return "struct_value";
    case Value::kProtoValue:
      return "proto_value";
    case Value::kBoolValue:
      return "bool_value";
    case Value::VALUE_NOT_SET:
      break;
  }
  return "no value";
}

absl::string_view PropertyTypeName(PropertyType type) {
  switch (type) {
    case ml_metadata::INT:
      return "INT";
    case ml_metadata::DOUBLE:
      return "DOUBLE";
    case ml_metadata::STRING:
      return "STRING";
    case ml_metadata::STRUCT:
      return "STRUCT";
    case ml_metadata::PROTO:
      return "PROTO";
    case ml_metadata::BOOLEAN:
      return "BOOLEAN";
    default:
      return "UNKNOWN";
  }
}

}  // namespace mlmd
