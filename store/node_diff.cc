// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/node_diff.h"

#include "google/protobuf/util/message_differencer.h"

namespace mlmd {
namespace {

using google::protobuf::util::MessageDifferencer;
using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;

// The reflective test, for messages with unknown fields.
template <typename Node>
bool ReflectiveFieldsDiffer(const Node& a, const Node& b) {
  MessageDifferencer differ;
  const auto* descriptor = Node::descriptor();
  for (const char* name :
       {"type_id", "properties", "custom_properties", "create_time_since_epoch",
        "last_update_time_since_epoch"}) {
    differ.IgnoreField(descriptor->FindFieldByName(name));
  }
  return !differ.Compare(a, b);
}

template <typename T>
bool Same(bool has_a, const T& a, bool has_b, const T& b) {
  return has_a == has_b && (!has_a || a == b);
}

// Fields every node kind has.
template <typename Node>
bool SameCommonFields(const Node& a, const Node& b) {
  return Same(a.has_id(), a.id(), b.has_id(), b.id()) &&
         Same(a.has_name(), a.name(), b.has_name(), b.name()) &&
         Same(a.has_type(), a.type(), b.has_type(), b.type()) &&
         Same(a.has_external_id(), a.external_id(), b.has_external_id(),
              b.external_id()) &&
         a.has_system_metadata() == b.has_system_metadata() &&
         (!a.has_system_metadata() ||
          MessageDifferencer::Equals(a.system_metadata(), b.system_metadata()));
}

template <typename Node>
bool HasUnknownFields(const Node& a, const Node& b) {
  return !a.unknown_fields().empty() || !b.unknown_fields().empty();
}

}  // namespace

bool NodeFieldsDiffer(const Artifact& a, const Artifact& b) {
  if (HasUnknownFields(a, b)) return ReflectiveFieldsDiffer(a, b);
  return !(SameCommonFields(a, b) &&
           Same(a.has_uri(), a.uri(), b.has_uri(), b.uri()) &&
           Same(a.has_state(), a.state(), b.has_state(), b.state()));
}

bool NodeFieldsDiffer(const Execution& a, const Execution& b) {
  if (HasUnknownFields(a, b)) return ReflectiveFieldsDiffer(a, b);
  return !(SameCommonFields(a, b) &&
           Same(a.has_last_known_state(), a.last_known_state(),
                b.has_last_known_state(), b.last_known_state()));
}

bool NodeFieldsDiffer(const Context& a, const Context& b) {
  if (HasUnknownFields(a, b)) return ReflectiveFieldsDiffer(a, b);
  return !SameCommonFields(a, b);
}

bool SamePropertyValue(const ml_metadata::Value& a,
                       const ml_metadata::Value& b) {
  if (a.value_case() != b.value_case()) return false;
  if (!a.unknown_fields().empty() || !b.unknown_fields().empty()) {
    return MessageDifferencer::Equals(a, b);
  }
  switch (a.value_case()) {
    case ml_metadata::Value::kIntValue:
      return a.int_value() == b.int_value();
    case ml_metadata::Value::kDoubleValue:
      return a.double_value() == b.double_value();  // exact, as upstream
    case ml_metadata::Value::kStringValue:
      return a.string_value() == b.string_value();
    case ml_metadata::Value::kBoolValue:
      return a.bool_value() == b.bool_value();
    case ml_metadata::Value::VALUE_NOT_SET:
      return true;
    default:  // struct and proto values
      return MessageDifferencer::Equals(a, b);
  }
}

}  // namespace mlmd
