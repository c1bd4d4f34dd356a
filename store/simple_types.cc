// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/simple_types.h"

#include "google/protobuf/descriptor.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;

const EnumDescriptor* BaseTypeEnum(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return ml_metadata::ArtifactType::SystemDefinedBaseType_descriptor();
    case TypeKind::kExecution:
      return ml_metadata::ExecutionType::SystemDefinedBaseType_descriptor();
    case TypeKind::kContext:
      return ml_metadata::ContextType::SystemDefinedBaseType_descriptor();
  }
  return nullptr;
}

const std::string& SystemTypeName(const EnumValueDescriptor& value) {
  return value.options()
      .GetExtension(ml_metadata::system_type_extension)
      .type_name();
}

}  // namespace

const std::vector<SimpleType>& SimpleTypes() {
  static const auto* const kTypes = [] {
    auto* types = new std::vector<SimpleType>();
    for (TypeKind kind : {TypeKind::kArtifact, TypeKind::kExecution}) {
      const EnumDescriptor* e = BaseTypeEnum(kind);
      for (int i = 0; i < e->value_count(); ++i) {
        const EnumValueDescriptor& value = *e->value(i);
        if (value.number() == 0) continue;  // UNSET names no real type
        types->push_back({kind, SystemTypeName(value)});
      }
    }
    return types;
  }();
  return *kTypes;
}

bool IsSimpleTypeName(absl::string_view name) {
  for (const SimpleType& t : SimpleTypes()) {
    if (t.name == name) return true;
  }
  return false;
}

std::optional<std::string> BaseTypeName(TypeKind kind, int base_type) {
  const EnumValueDescriptor* value =
      BaseTypeEnum(kind)->FindValueByNumber(base_type);
  if (value == nullptr) return std::nullopt;
  return SystemTypeName(*value);
}

std::optional<int> BaseTypeForName(TypeKind kind, absl::string_view name) {
  const EnumDescriptor* e = BaseTypeEnum(kind);
  for (int i = 0; i < e->value_count(); ++i) {
    const EnumValueDescriptor& value = *e->value(i);
    if (value.number() != 0 && SystemTypeName(value) == name) {
      return value.number();
    }
  }
  return std::nullopt;
}

}  // namespace mlmd
