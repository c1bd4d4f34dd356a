// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Turning nodes into output: JSON objects (built as google.protobuf.Value,
// printed with protobuf's JSON printer) whose shape is fixed by
// tools/mlmdctl/schema/*.json, short text labels, and aligned tables.
#ifndef MLMD_TOOLS_MLMDCTL_FORMAT_H_
#define MLMD_TOOLS_MLMDCTL_FORMAT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/struct.pb.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "tools/mlmdctl/fetch.h"

namespace mlmdctl {

using Json = google::protobuf::Value;

Json JsonString(const std::string &s);
Json JsonNumber(double d);
Json JsonNull();
// Sets `key` of object `object` (making it an object if needed).
void JsonSet(Json &object, const std::string &key, Json value);
// Appends to array `array` (making it an array if needed).
void JsonAppend(Json &array, Json value);
// Pretty JSON text ending in a newline.
std::string JsonText(const Json &json);

// An MLMD property value as JSON (ints and doubles as numbers, structs as
// objects, Any as its type URL) and as one-line text.
Json ValueJson(const ml_metadata::Value &value);
std::string ValueText(const ml_metadata::Value &value);

// Node objects: kind, id, type, name, uri/state/last_known_state,
// external_id, create/update times (ms since epoch), properties,
// custom_properties. `type` is the node's type name.
Json NodeJson(const ml_metadata::Artifact &a, const std::string &type);
Json NodeJson(const ml_metadata::Execution &e, const std::string &type);
Json NodeJson(const ml_metadata::Context &c, const std::string &type);

// "Model \"model\"" style labels for trees and graphs: type, then the name
// KFP shows (display_name, else task_name, else name), then the URI or
// state.
std::string NodeLabel(const ml_metadata::Artifact &a, const std::string &type);
std::string NodeLabel(const ml_metadata::Execution &e, const std::string &type);
// KFP's display_name / task_name custom property, else the node name.
std::string DisplayName(const ml_metadata::Artifact &a);
std::string DisplayName(const ml_metadata::Execution &e);

std::string ArtifactStateName(ml_metadata::Artifact::State state);
std::string ExecutionStateName(ml_metadata::Execution::State state);
// "2026-12-05 17:09:21" (UTC) from ms since epoch; "" for 0.
std::string TimeText(int64_t ms);

// Rows printed as columns separated by two spaces, the first row a header.
std::string Table(const std::vector<std::vector<std::string>> &rows);

// Type name of a node, preferring the name the server filled in.
template <typename Node>
absl::StatusOr<std::string> NodeTypeName(Fetcher &fetcher, NodeKind kind,
                                         const Node &node) {
  if (!node.type().empty()) return node.type();
  return fetcher.TypeName(kind, node.type_id());
}

}  // namespace mlmdctl

#endif  // MLMD_TOOLS_MLMDCTL_FORMAT_H_
