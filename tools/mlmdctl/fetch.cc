// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl/fetch.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mlmdctl {

using ml_metadata::Artifact;
using ml_metadata::Context;
using ml_metadata::Execution;

const char *KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kArtifact:
      return "artifact";
    case NodeKind::kExecution:
      return "execution";
    case NodeKind::kContext:
      return "context";
  }
  return "node";
}

std::string FilterLiteral(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

template <typename Item, typename Req, typename Resp, typename Items>
absl::StatusOr<std::vector<Item>> Fetcher::Pages(
    const char *rpc,
    grpc::Status (Stub::*method)(grpc::ClientContext *, const Req &, Resp *),
    Req request, const ListSpec &spec, Items items) {
  std::vector<Item> out;
  ml_metadata::ListOperationOptions *options = request.mutable_options();
  if (!spec.filter.empty()) options->set_filter_query(spec.filter);
  options->mutable_order_by_field()->set_field(spec.order_by);
  options->mutable_order_by_field()->set_is_asc(spec.ascending);
  int pages = 0;
  bool printed = false;
  while (true) {
    int64_t want = spec.page_size;
    if (spec.limit > 0) {
      want = std::min<int64_t>(want, spec.limit - out.size());
    }
    options->set_max_result_size(static_cast<int32_t>(want));
    Resp response;
    absl::Status status = client_.Call(rpc, method, request, &response);
    if (!status.ok()) {
      if (printed) std::fputs("\r\033[K", stderr);
      return status;
    }
    ++pages;
    for (const Item &item : items(response)) out.push_back(item);
    const bool done =
        response.next_page_token().empty() ||
        (spec.limit > 0 && static_cast<int64_t>(out.size()) >= spec.limit);
    if (progress_ && (!done || printed)) {
      std::fprintf(stderr, "\r\033[Kreading %s: page %d, %zu so far", rpc,
                   pages, out.size());
      std::fflush(stderr);
      printed = true;
    }
    if (done) break;
    options->set_next_page_token(response.next_page_token());
  }
  if (printed) std::fputs("\r\033[K", stderr);
  return out;
}

absl::StatusOr<std::vector<Artifact>> Fetcher::Artifacts(const ListSpec &spec) {
  return Pages<Artifact>("GetArtifacts", &Stub::GetArtifacts,
                         ml_metadata::GetArtifactsRequest(), spec,
                         [](const auto &r) { return r.artifacts(); });
}

absl::StatusOr<std::vector<Execution>> Fetcher::Executions(
    const ListSpec &spec) {
  return Pages<Execution>("GetExecutions", &Stub::GetExecutions,
                          ml_metadata::GetExecutionsRequest(), spec,
                          [](const auto &r) { return r.executions(); });
}

absl::StatusOr<std::vector<Context>> Fetcher::Contexts(const ListSpec &spec) {
  return Pages<Context>("GetContexts", &Stub::GetContexts,
                        ml_metadata::GetContextsRequest(), spec,
                        [](const auto &r) { return r.contexts(); });
}

absl::StatusOr<std::vector<Artifact>> Fetcher::ArtifactsByContext(
    int64_t context_id) {
  ml_metadata::GetArtifactsByContextRequest request;
  request.set_context_id(context_id);
  return Pages<Artifact>("GetArtifactsByContext", &Stub::GetArtifactsByContext,
                         request, ListSpec(),
                         [](const auto &r) { return r.artifacts(); });
}

absl::StatusOr<std::vector<Execution>> Fetcher::ExecutionsByContext(
    int64_t context_id) {
  ml_metadata::GetExecutionsByContextRequest request;
  request.set_context_id(context_id);
  return Pages<Execution>("GetExecutionsByContext",
                          &Stub::GetExecutionsByContext, request, ListSpec(),
                          [](const auto &r) { return r.executions(); });
}

namespace {

template <typename Node>
absl::Status CheckAllFound(const char *kind, const std::vector<int64_t> &ids,
                           const std::vector<Node> &found) {
  std::set<int64_t> have;
  for (const Node &node : found) have.insert(node.id());
  std::vector<int64_t> missing;
  for (int64_t id : ids) {
    if (have.count(id) == 0) missing.push_back(id);
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat("no ", kind, " with id ", absl::StrJoin(missing, ", ")));
}

}  // namespace

absl::StatusOr<std::vector<Artifact>> Fetcher::ArtifactsById(
    const std::vector<int64_t> &ids) {
  ml_metadata::GetArtifactsByIDRequest request;
  for (int64_t id : ids) request.add_artifact_ids(id);
  ml_metadata::GetArtifactsByIDResponse response;
  absl::Status status = client_.Call(
      "GetArtifactsByID", &Stub::GetArtifactsByID, request, &response);
  if (!status.ok()) return status;
  std::vector<Artifact> out(response.artifacts().begin(),
                            response.artifacts().end());
  status = CheckAllFound("artifact", ids, out);
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<std::vector<Execution>> Fetcher::ExecutionsById(
    const std::vector<int64_t> &ids) {
  ml_metadata::GetExecutionsByIDRequest request;
  for (int64_t id : ids) request.add_execution_ids(id);
  ml_metadata::GetExecutionsByIDResponse response;
  absl::Status status = client_.Call(
      "GetExecutionsByID", &Stub::GetExecutionsByID, request, &response);
  if (!status.ok()) return status;
  std::vector<Execution> out(response.executions().begin(),
                             response.executions().end());
  status = CheckAllFound("execution", ids, out);
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<Context> Fetcher::ContextById(int64_t id) {
  ml_metadata::GetContextsByIDRequest request;
  request.add_context_ids(id);
  ml_metadata::GetContextsByIDResponse response;
  absl::Status status = client_.Call("GetContextsByID", &Stub::GetContextsByID,
                                     request, &response);
  if (!status.ok()) return status;
  if (response.contexts_size() == 0) {
    return absl::NotFoundError(absl::StrCat("no context with id ", id));
  }
  return response.contexts(0);
}

absl::StatusOr<std::vector<Artifact>> Fetcher::ArtifactsByUri(
    const std::string &uri) {
  ml_metadata::GetArtifactsByURIRequest request;
  request.add_uris(uri);
  ml_metadata::GetArtifactsByURIResponse response;
  absl::Status status = client_.Call(
      "GetArtifactsByURI", &Stub::GetArtifactsByURI, request, &response);
  if (!status.ok()) return status;
  if (response.artifacts_size() == 0) {
    return absl::NotFoundError(
        absl::StrCat("no artifact with uri '", uri, "'"));
  }
  return std::vector<Artifact>(response.artifacts().begin(),
                               response.artifacts().end());
}

absl::StatusOr<Artifact> Fetcher::ArtifactByName(const std::string &type,
                                                 const std::string &name) {
  ml_metadata::GetArtifactByTypeAndNameRequest request;
  request.set_type_name(type);
  request.set_artifact_name(name);
  ml_metadata::GetArtifactByTypeAndNameResponse response;
  absl::Status status =
      client_.Call("GetArtifactByTypeAndName", &Stub::GetArtifactByTypeAndName,
                   request, &response);
  if (!status.ok() && !absl::IsNotFound(status)) return status;
  if (!status.ok() || !response.has_artifact()) {
    return absl::NotFoundError(
        absl::StrCat("no artifact named '", name, "' of type '", type, "'"));
  }
  return response.artifact();
}

absl::StatusOr<Execution> Fetcher::ExecutionByName(const std::string &type,
                                                   const std::string &name) {
  ml_metadata::GetExecutionByTypeAndNameRequest request;
  request.set_type_name(type);
  request.set_execution_name(name);
  ml_metadata::GetExecutionByTypeAndNameResponse response;
  absl::Status status =
      client_.Call("GetExecutionByTypeAndName",
                   &Stub::GetExecutionByTypeAndName, request, &response);
  if (!status.ok() && !absl::IsNotFound(status)) return status;
  if (!status.ok() || !response.has_execution()) {
    return absl::NotFoundError(
        absl::StrCat("no execution named '", name, "' of type '", type, "'"));
  }
  return response.execution();
}

absl::StatusOr<Context> Fetcher::ContextByName(const std::string &type,
                                               const std::string &name) {
  ml_metadata::GetContextByTypeAndNameRequest request;
  request.set_type_name(type);
  request.set_context_name(name);
  ml_metadata::GetContextByTypeAndNameResponse response;
  absl::Status status =
      client_.Call("GetContextByTypeAndName", &Stub::GetContextByTypeAndName,
                   request, &response);
  if (!status.ok() && !absl::IsNotFound(status)) return status;
  if (!status.ok() || !response.has_context()) {
    return absl::NotFoundError(
        absl::StrCat("no context named '", name, "' of type '", type, "'"));
  }
  return response.context();
}

absl::StatusOr<std::string> Fetcher::TypeName(NodeKind kind, int64_t type_id) {
  auto loaded = type_names_.find(kind);
  if (loaded == type_names_.end()) {
    std::map<int64_t, std::string> &names = type_names_[kind];
    absl::Status status;
    if (kind == NodeKind::kArtifact) {
      ml_metadata::GetArtifactTypesResponse response;
      status = client_.Call("GetArtifactTypes", &Stub::GetArtifactTypes,
                            ml_metadata::GetArtifactTypesRequest(), &response);
      for (const auto &t : response.artifact_types()) names[t.id()] = t.name();
    } else if (kind == NodeKind::kExecution) {
      ml_metadata::GetExecutionTypesResponse response;
      status = client_.Call("GetExecutionTypes", &Stub::GetExecutionTypes,
                            ml_metadata::GetExecutionTypesRequest(), &response);
      for (const auto &t : response.execution_types()) names[t.id()] = t.name();
    } else {
      ml_metadata::GetContextTypesResponse response;
      status = client_.Call("GetContextTypes", &Stub::GetContextTypes,
                            ml_metadata::GetContextTypesRequest(), &response);
      for (const auto &t : response.context_types()) names[t.id()] = t.name();
    }
    if (!status.ok()) {
      type_names_.erase(kind);
      return status;
    }
    loaded = type_names_.find(kind);
  }
  auto it = loaded->second.find(type_id);
  return it == loaded->second.end() ? std::string() : it->second;
}

}  // namespace mlmdctl
