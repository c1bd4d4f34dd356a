// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The hand-written node and value comparisons (store/node_diff.h) agree with
// upstream's MessageDifferencer test for every field of the messages, so a
// field added to the protos without updating them fails here.
#include "store/node_diff.h"

#include <set>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace mlmd {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::util::MessageDifferencer;
using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;

const std::set<std::string>& IgnoredFields() {
  static const auto* ignored = new std::set<std::string>{
      "type_id", "properties", "custom_properties", "create_time_since_epoch",
      "last_update_time_since_epoch"};
  return *ignored;
}

// What upstream computes.
template <typename Node>
bool UpstreamDiffer(const Node& a, const Node& b) {
  MessageDifferencer differ;
  for (const std::string& name : IgnoredFields()) {
    differ.IgnoreField(Node::descriptor()->FindFieldByName(name));
  }
  return !differ.Compare(a, b);
}

// Sets `field` of `m` to a value (`variant` picks one of two) that is not
// the field's default.
void SetField(Message* m, const FieldDescriptor* field, int variant) {
  const Reflection* r = m->GetReflection();
  if (field->is_map()) {
    Message* entry = r->AddMessage(m, field);
    entry->GetReflection()->SetString(
        entry, entry->GetDescriptor()->FindFieldByName("key"),
        variant ? "k2" : "k1");
    return;
  }
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT64:
      r->SetInt64(m, field, 7 + variant);
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(m, field, variant ? "y" : "x");
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      r->SetEnumValue(m, field,
                      field->enum_type()->value(1 + variant)->number());
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* sub = r->MutableMessage(m, field);
      sub->GetReflection()->SetString(
          sub, sub->GetDescriptor()->FindFieldByName("type_url"),
          variant ? "type.googleapis.com/ml_metadata.Artifact"
                  : "type.googleapis.com/ml_metadata.Value");
      break;
    }
    default:
      FAIL() << "the test does not know how to set " << field->full_name()
             << "; extend SetField and node_diff.cc";
  }
}

template <typename Node>
void CheckEveryField() {
  const auto* descriptor = Node::descriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    SCOPED_TRACE(field->full_name());
    Node base;
    base.set_id(1);
    Node set_here = base;
    SetField(&set_here, field, 0);
    Node set_other = base;
    SetField(&set_other, field, 1);
    for (const auto& [a, b] :
         {std::pair<const Node*, const Node*>{&base, &set_here},
          {&set_here, &base},
          {&set_here, &set_other},
          {&set_here, &set_here}}) {
      EXPECT_EQ(NodeFieldsDiffer(*a, *b), UpstreamDiffer(*a, *b))
          << a->ShortDebugString() << " vs " << b->ShortDebugString();
    }
  }
}

TEST(NodeDiffTest, AgreesWithUpstreamForEveryArtifactField) {
  CheckEveryField<Artifact>();
}
TEST(NodeDiffTest, AgreesWithUpstreamForEveryExecutionField) {
  CheckEveryField<Execution>();
}
TEST(NodeDiffTest, AgreesWithUpstreamForEveryContextField) {
  CheckEveryField<Context>();
}

TEST(NodeDiffTest, FieldSetToItsDefaultDiffersFromUnset) {
  Artifact unset, zero;
  zero.set_uri("");
  EXPECT_TRUE(NodeFieldsDiffer(unset, zero));
  Execution no_state, unknown_state;
  unknown_state.set_last_known_state(Execution::UNKNOWN);
  EXPECT_TRUE(NodeFieldsDiffer(no_state, unknown_state));
  EXPECT_EQ(NodeFieldsDiffer(no_state, unknown_state),
            UpstreamDiffer(no_state, unknown_state));
}

TEST(NodeDiffTest, UnknownFieldsAreCompared) {
  Context a, b;
  a.set_name("c");
  b.set_name("c");
  b.mutable_unknown_fields()->AddVarint(999, 1);
  EXPECT_EQ(NodeFieldsDiffer(a, b), UpstreamDiffer(a, b));
  EXPECT_TRUE(NodeFieldsDiffer(a, b));
}

TEST(NodeDiffTest, PropertyValuesCompareLikeMessageDifferencer) {
  std::vector<ml_metadata::Value> values(9);
  values[1].set_int_value(1);
  values[2].set_int_value(2);
  values[3].set_double_value(1);
  values[4].set_string_value("1");
  values[5].set_bool_value(true);
  values[6].set_bool_value(false);
  (*values[7].mutable_struct_value()->mutable_fields())["a"].set_number_value(
      1);
  values[8].mutable_proto_value()->set_type_url(
      "type.googleapis.com/ml_metadata.Value");
  for (const auto& a : values) {
    for (const auto& b : values) {
      EXPECT_EQ(SamePropertyValue(a, b), MessageDifferencer::Equals(a, b))
          << a.ShortDebugString() << " vs " << b.ShortDebugString();
    }
  }
  // Struct maps compare by content, whatever their order.
  ml_metadata::Value s1, s2;
  auto& f1 = *s1.mutable_struct_value()->mutable_fields();
  f1["x"].set_string_value("1");
  f1["y"].set_string_value("2");
  auto& f2 = *s2.mutable_struct_value()->mutable_fields();
  f2["y"].set_string_value("2");
  f2["x"].set_string_value("1");
  EXPECT_TRUE(SamePropertyValue(s1, s2));
}

}  // namespace
}  // namespace mlmd
