// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The fields that upstream's request and response messages name after a node
// kind: `artifacts`, `artifact_ids`, `artifact_name`, `artifact_type`, ... in
// the artifact messages, `executions`, `execution_ids`, ... in the execution
// ones. KindFields<Node> reaches them in whichever message it is given, so
// that a store method is written once over the kind (store_nodes.cc,
// store_types.cc, store_relations.cc). Internal to store/.
#ifndef MLMD_STORE_KIND_FIELDS_H_
#define MLMD_STORE_KIND_FIELDS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd {

// Accessors, for a kind spelled `artifact`:
//   Nodes(m)         m.artifacts()              Put*s requests
//   MutableNodes(m)  m->mutable_artifacts()     node list responses
//   MutableNode(m)   m->mutable_artifact()      Get*ByTypeAndName responses
//   Ids(m)           m.artifact_ids()           by-id requests
//   MutableIds(m)    m->mutable_artifact_ids()  Put*s responses
//   Id(m)            m.artifact_id()            one node's id
//   Name(m)          m.artifact_name()          Get*ByTypeAndName requests
//   Type(m)          m.artifact_type()          Put*Type requests
//   MutableType(m)   m->mutable_artifact_type() Get*Type responses
//   MutableTypes(m)  m->mutable_artifact_types() type list responses
//   kTypeField       "artifact_type"            for error messages
template <typename Node>
struct KindFields;

// Upstream derives every such field name from the kind's singular name.
#define MLMD_KIND_FIELDS(NodeMessage, kind)                        \
  template <>                                                      \
  struct KindFields<ml_metadata::NodeMessage> {                    \
    template <typename M>                                          \
    static const auto& Nodes(const M& m) {                         \
      return m.kind##s();                                          \
    }                                                              \
    template <typename M>                                          \
    static auto* MutableNodes(M* m) {                              \
      return m->mutable_##kind##s();                               \
    }                                                              \
    template <typename M>                                          \
    static auto* MutableNode(M* m) {                               \
      return m->mutable_##kind();                                  \
    }                                                              \
    template <typename M>                                          \
    static const auto& Ids(const M& m) {                           \
      return m.kind##_ids();                                       \
    }                                                              \
    template <typename M>                                          \
    static auto* MutableIds(M* m) {                                \
      return m->mutable_##kind##_ids();                            \
    }                                                              \
    template <typename M>                                          \
    static int64_t Id(const M& m) {                                \
      return m.kind##_id();                                        \
    }                                                              \
    template <typename M>                                          \
    static const std::string& Name(const M& m) {                   \
      return m.kind##_name();                                      \
    }                                                              \
    template <typename M>                                          \
    static const auto& Type(const M& m) {                          \
      return m.kind##_type();                                      \
    }                                                              \
    template <typename M>                                          \
    static auto* MutableType(M* m) {                               \
      return m->mutable_##kind##_type();                           \
    }                                                              \
    template <typename M>                                          \
    static auto* MutableTypes(M* m) {                              \
      return m->mutable_##kind##_types();                          \
    }                                                              \
    static constexpr absl::string_view kTypeField = #kind "_type"; \
  }
MLMD_KIND_FIELDS(Artifact, artifact);
MLMD_KIND_FIELDS(Execution, execution);
MLMD_KIND_FIELDS(Context, context);
#undef MLMD_KIND_FIELDS

}  // namespace mlmd

#endif  // MLMD_STORE_KIND_FIELDS_H_
