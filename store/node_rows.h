// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal to node_access.cc / node_write.cc: the columns each node kind has
// besides id, type_id and the two timestamps, and how they map to the
// message. Overloads per kind keep the templates in the .cc files generic.
#ifndef MLMD_STORE_NODE_ROWS_H_
#define MLMD_STORE_NODE_ROWS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/sql/value.h"

namespace mlmd::node_rows {

// The kind-specific columns, in the order of reads and inserts.
inline absl::string_view KindColumns(const ml_metadata::Artifact*) {
  return "uri, state, name, external_id";
}
inline absl::string_view KindColumns(const ml_metadata::Execution*) {
  return "last_known_state, name, external_id";
}
inline absl::string_view KindColumns(const ml_metadata::Context*) {
  return "name, external_id";
}
inline int KindColumnCount(const ml_metadata::Artifact*) { return 4; }
inline int KindColumnCount(const ml_metadata::Execution*) { return 3; }
inline int KindColumnCount(const ml_metadata::Context*) { return 2; }

// Same list qualified with the table alias N (for joined reads).
inline absl::string_view QualifiedKindColumns(const ml_metadata::Artifact*) {
  return "N.uri, N.state, N.name, N.external_id";
}
inline absl::string_view QualifiedKindColumns(const ml_metadata::Execution*) {
  return "N.last_known_state, N.name, N.external_id";
}
inline absl::string_view QualifiedKindColumns(const ml_metadata::Context*) {
  return "N.name, N.external_id";
}

inline sql::Value OptionalText(bool has, const std::string& v) {
  return has ? sql::Value::Text(v) : sql::Value::Null();
}

// Values for KindColumns on insert. Upstream always stores the artifact uri
// (an unset uri becomes ""), so GetArtifactsByURI("") finds those artifacts.
inline void AppendKindValues(const ml_metadata::Artifact& a,
                             std::vector<sql::Value>* out) {
  out->push_back(sql::Value::Text(a.uri()));
  out->push_back(a.has_state() ? sql::Value::Int(a.state())
                               : sql::Value::Null());
  out->push_back(OptionalText(a.has_name(), a.name()));
  out->push_back(OptionalText(a.has_external_id(), a.external_id()));
}
inline void AppendKindValues(const ml_metadata::Execution& e,
                             std::vector<sql::Value>* out) {
  out->push_back(e.has_last_known_state()
                     ? sql::Value::Int(e.last_known_state())
                     : sql::Value::Null());
  out->push_back(OptionalText(e.has_name(), e.name()));
  out->push_back(OptionalText(e.has_external_id(), e.external_id()));
}
inline void AppendKindValues(const ml_metadata::Context& c,
                             std::vector<sql::Value>* out) {
  out->push_back(sql::Value::Text(c.name()));
  out->push_back(OptionalText(c.has_external_id(), c.external_id()));
}

// The SET list of an update (upstream never rewrites an artifact's or an
// execution's name once created; a context's name can change).
inline absl::string_view UpdateSetColumns(const ml_metadata::Artifact*) {
  return "uri = ?, state = ?, external_id = ?";
}
inline absl::string_view UpdateSetColumns(const ml_metadata::Execution*) {
  return "last_known_state = ?, external_id = ?";
}
inline absl::string_view UpdateSetColumns(const ml_metadata::Context*) {
  return "name = ?, external_id = ?";
}
inline void AppendUpdateValues(const ml_metadata::Artifact& a,
                               std::vector<sql::Value>* out) {
  out->push_back(sql::Value::Text(a.uri()));
  out->push_back(a.has_state() ? sql::Value::Int(a.state())
                               : sql::Value::Null());
  out->push_back(OptionalText(a.has_external_id(), a.external_id()));
}
inline void AppendUpdateValues(const ml_metadata::Execution& e,
                               std::vector<sql::Value>* out) {
  out->push_back(e.has_last_known_state()
                     ? sql::Value::Int(e.last_known_state())
                     : sql::Value::Null());
  out->push_back(OptionalText(e.has_external_id(), e.external_id()));
}
inline void AppendUpdateValues(const ml_metadata::Context& c,
                               std::vector<sql::Value>* out) {
  out->push_back(sql::Value::Text(c.name()));
  out->push_back(OptionalText(c.has_external_id(), c.external_id()));
}

// Reads the KindColumns starting at row[col]; NULL leaves a field unset.
inline void ReadKindColumns(const sql::Row& row, size_t col,
                            ml_metadata::Artifact* a) {
  if (!row[col].is_null()) a->set_uri(row[col].AsText());
  if (!row[col + 1].is_null()) {
    const int64_t state = row[col + 1].AsInt();
    if (ml_metadata::Artifact::State_IsValid(state)) {
      a->set_state(static_cast<ml_metadata::Artifact::State>(state));
    }
  }
  if (!row[col + 2].is_null()) a->set_name(row[col + 2].AsText());
  if (!row[col + 3].is_null()) a->set_external_id(row[col + 3].AsText());
}
inline void ReadKindColumns(const sql::Row& row, size_t col,
                            ml_metadata::Execution* e) {
  if (!row[col].is_null()) {
    const int64_t state = row[col].AsInt();
    if (ml_metadata::Execution::State_IsValid(state)) {
      e->set_last_known_state(
          static_cast<ml_metadata::Execution::State>(state));
    }
  }
  if (!row[col + 1].is_null()) e->set_name(row[col + 1].AsText());
  if (!row[col + 2].is_null()) e->set_external_id(row[col + 2].AsText());
}
inline void ReadKindColumns(const sql::Row& row, size_t col,
                            ml_metadata::Context* c) {
  if (!row[col].is_null()) c->set_name(row[col].AsText());
  if (!row[col + 1].is_null()) c->set_external_id(row[col + 1].AsText());
}

}  // namespace mlmd::node_rows

#endif  // MLMD_STORE_NODE_ROWS_H_
