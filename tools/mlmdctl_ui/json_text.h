// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The few JSON helpers the web view's API needs: quoting strings and turning
// MLMD nodes into the flat objects the page reads. No parsing: the API only
// writes JSON.
#ifndef MLMD_TOOLS_MLMDCTL_UI_JSON_TEXT_H_
#define MLMD_TOOLS_MLMDCTL_UI_JSON_TEXT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd::ui {

// `s` as a JSON string literal, quotes included. Bytes that are not valid
// UTF-8 are replaced by U+FFFD so the output is always valid JSON.
std::string JsonQuote(absl::string_view s);

// A property value as a JSON scalar: numbers stay numbers (int64 beyond 2^53
// become strings so the browser does not round them), structs become JSON
// objects, protos show their type URL.
std::string ValueJson(const ml_metadata::Value &value);

// {"id":"a12","kind":"artifact","mlmd_id":"12","name":..,"type":..,
//  "uri":..,"state":..,"create_time":..,"update_time":..,
//  "properties":{..},"custom_properties":{..}}. Graph ids are prefixed with
// the kind ("a"/"e"/"c") because the three id spaces overlap.
std::string ArtifactJson(const ml_metadata::Artifact &a);
std::string ExecutionJson(const ml_metadata::Execution &e);
std::string ContextJson(const ml_metadata::Context &c);

}  // namespace mlmd::ui

#endif  // MLMD_TOOLS_MLMDCTL_UI_JSON_TEXT_H_
