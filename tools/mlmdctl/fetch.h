// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Reads from the server for the commands: paged list calls followed to the
// end (or to a limit), with a progress line on stderr when more than one
// page is read, lookups by id / URI / type-and-name that turn "nothing
// came back" into NOT_FOUND, and type names by id.
#ifndef MLMD_TOOLS_MLMDCTL_FETCH_H_
#define MLMD_TOOLS_MLMDCTL_FETCH_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "tools/mlmdctl/client.h"

namespace mlmdctl {

enum class NodeKind { kArtifact, kExecution, kContext };
const char *KindName(NodeKind kind);  // "artifact", "execution", "context"

// What a list command asks for. The server caps pages at 100 nodes.
struct ListSpec {
  std::string filter;  // MLMD filter query; empty = all
  int64_t limit = 0;   // stop after this many nodes; 0 = no limit
  ml_metadata::ListOperationOptions::OrderByField::Field order_by =
      ml_metadata::ListOperationOptions::OrderByField::ID;
  bool ascending = true;
  int32_t page_size = 100;
};

// Quotes `text` as a filter-query string literal.
std::string FilterLiteral(const std::string &text);

class Fetcher {
 public:
  // `progress`: print "reading <what>: page N, M so far" on stderr while a
  // fetch runs past its first page.
  Fetcher(Client &client, bool progress)
      : client_(client), progress_(progress) {}

  Client &client() { return client_; }

  absl::StatusOr<std::vector<ml_metadata::Artifact>> Artifacts(
      const ListSpec &spec);
  absl::StatusOr<std::vector<ml_metadata::Execution>> Executions(
      const ListSpec &spec);
  absl::StatusOr<std::vector<ml_metadata::Context>> Contexts(
      const ListSpec &spec);
  absl::StatusOr<std::vector<ml_metadata::Artifact>> ArtifactsByContext(
      int64_t context_id);
  absl::StatusOr<std::vector<ml_metadata::Execution>> ExecutionsByContext(
      int64_t context_id);

  // Missing ids are NOT_FOUND naming them.
  absl::StatusOr<std::vector<ml_metadata::Artifact>> ArtifactsById(
      const std::vector<int64_t> &ids);
  absl::StatusOr<std::vector<ml_metadata::Execution>> ExecutionsById(
      const std::vector<int64_t> &ids);
  absl::StatusOr<ml_metadata::Context> ContextById(int64_t id);
  // NOT_FOUND when no artifact has the URI.
  absl::StatusOr<std::vector<ml_metadata::Artifact>> ArtifactsByUri(
      const std::string &uri);
  // NOT_FOUND naming type and name.
  absl::StatusOr<ml_metadata::Artifact> ArtifactByName(const std::string &type,
                                                       const std::string &name);
  absl::StatusOr<ml_metadata::Execution> ExecutionByName(
      const std::string &type, const std::string &name);
  absl::StatusOr<ml_metadata::Context> ContextByName(const std::string &type,
                                                     const std::string &name);

  // Type name of a node's type_id ("" when unknown). Loads every type of
  // the kind on first use (one call; types are few).
  absl::StatusOr<std::string> TypeName(NodeKind kind, int64_t type_id);

 private:
  template <typename Item, typename Req, typename Resp, typename Items>
  absl::StatusOr<std::vector<Item>> Pages(
      const char *rpc,
      grpc::Status (Stub::*method)(grpc::ClientContext *, const Req &, Resp *),
      Req request, const ListSpec &spec, Items items);

  Client &client_;
  bool progress_;
  std::map<NodeKind, std::map<int64_t, std::string>> type_names_;
};

}  // namespace mlmdctl

#endif  // MLMD_TOOLS_MLMDCTL_FETCH_H_
