// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0

#include "tools/proto_manifest_lib.h"

#include <algorithm>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "ml_metadata/proto/metadata_store_service.pb.h"

namespace mlmd_server {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::EnumDescriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::FieldDescriptorProto;
using ::google::protobuf::FileDescriptor;
using ::google::protobuf::MethodDescriptor;
using ::google::protobuf::ServiceDescriptor;

const char* LabelName(FieldDescriptor::Label label) {
  switch (label) {
    case FieldDescriptor::LABEL_OPTIONAL:
      return "optional";
    case FieldDescriptor::LABEL_REQUIRED:
      return "required";
    case FieldDescriptor::LABEL_REPEATED:
      return "repeated";
  }
  return "unknown_label";
}

// Renders everything after "<name> = " for a field or extension.
std::string FieldFacts(const FieldDescriptor& field) {
  std::string line = std::to_string(field.number());
  line += ' ';
  line += LabelName(field.label());
  line += ' ';
  // TypeName gives the .proto spelling ("int64", "message", "enum", ...),
  // which also distinguishes groups and sint/fixed encodings.
  line += FieldDescriptor::TypeName(field.type());
  if (field.message_type() != nullptr) {
    line += ' ' + field.message_type()->full_name();
  } else if (field.enum_type() != nullptr) {
    line += ' ' + field.enum_type()->full_name();
  }
  if (field.has_default_value()) {
    // The descriptor proto keeps the default exactly as written in the
    // .proto file (e.g. "ID", "-1"), independent of the C++ type.
    FieldDescriptorProto proto;
    field.CopyTo(&proto);
    line += " default=" + proto.default_value();
  }
  if (field.is_packed()) line += " packed";
  return line;
}

void AddEnum(const EnumDescriptor& enum_type, std::vector<std::string>* out) {
  for (int i = 0; i < enum_type.value_count(); ++i) {
    const auto* value = enum_type.value(i);
    out->push_back(enum_type.full_name() + "." + value->name() + " = " +
                   std::to_string(value->number()));
  }
}

void AddExtension(const FieldDescriptor& ext, std::vector<std::string>* out) {
  // Named like the text format names extensions, so the extendee is visible.
  out->push_back(ext.containing_type()->full_name() + ".(" + ext.full_name() +
                 ") = " + FieldFacts(ext));
}

void AddMessage(const Descriptor& message, std::vector<std::string>* out) {
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    out->push_back(message.full_name() + "." + field.name() + " = " +
                   FieldFacts(field));
  }
  for (int i = 0; i < message.extension_count(); ++i) {
    AddExtension(*message.extension(i), out);
  }
  for (int i = 0; i < message.enum_type_count(); ++i) {
    AddEnum(*message.enum_type(i), out);
  }
  // Includes synthesized map-entry messages, whose key/value field numbers
  // are part of the wire format too.
  for (int i = 0; i < message.nested_type_count(); ++i) {
    AddMessage(*message.nested_type(i), out);
  }
}

void AddService(const ServiceDescriptor& service,
                std::vector<std::string>* out) {
  for (int i = 0; i < service.method_count(); ++i) {
    const MethodDescriptor& method = *service.method(i);
    std::string line = service.full_name() + "." + method.name() + "(";
    if (method.client_streaming()) line += "stream ";
    line += method.input_type()->full_name() + ") -> ";
    if (method.server_streaming()) line += "stream ";
    line += method.output_type()->full_name();
    out->push_back(line);
  }
}

void AddFile(const FileDescriptor& file, std::vector<std::string>* out) {
  for (int i = 0; i < file.message_type_count(); ++i) {
    AddMessage(*file.message_type(i), out);
  }
  for (int i = 0; i < file.enum_type_count(); ++i) {
    AddEnum(*file.enum_type(i), out);
  }
  for (int i = 0; i < file.extension_count(); ++i) {
    AddExtension(*file.extension(i), out);
  }
  for (int i = 0; i < file.service_count(); ++i) {
    AddService(*file.service(i), out);
  }
}

}  // namespace

std::string BuildWireManifest() {
  // Referencing a generated class from each file forces the linker to keep
  // its registration, even when the protos come from a static library.
  const FileDescriptor* files[] = {
      ::ml_metadata::Artifact::descriptor()->file(),
      ::ml_metadata::PutArtifactsRequest::descriptor()->file(),
  };
  std::vector<std::string> lines;
  for (const FileDescriptor* file : files) AddFile(*file, &lines);
  std::sort(lines.begin(), lines.end());
  std::string manifest;
  for (const std::string& line : lines) manifest += line + "\n";
  return manifest;
}

}  // namespace mlmd_server
