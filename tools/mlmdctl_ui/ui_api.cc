// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "tools/mlmdctl_ui/ui_api.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "tools/mlmdctl_ui/json_text.h"
#include "tools/mlmdctl_ui/search_filter.h"

namespace mlmd::ui {
namespace {

using ml_metadata::Event;
using Query = std::map<std::string, std::string>;

constexpr int kMaxPage = 100;
constexpr int kDefaultNeighbors = 25;
// KFP's run context type and the artifact types its metrics land in.
constexpr char kRunContextType[] = "system.PipelineRun";
constexpr char kMetricsFilter[] =
    "type = 'system.Metrics' OR type = 'system.ClassificationMetrics' OR "
    "type = 'system.SlicedClassificationMetrics'";

std::string Param(const Query &q, const std::string &key) {
  auto it = q.find(key);
  return it == q.end() ? "" : it->second;
}

int PageSize(const Query &q, int fallback) {
  int n;
  if (!absl::SimpleAtoi(Param(q, "page_size"), &n) || n <= 0) return fallback;
  return std::min(n, kMaxPage);
}

bool IsInput(Event::Type t) {
  return t == Event::INPUT || t == Event::DECLARED_INPUT ||
         t == Event::INTERNAL_INPUT;
}
bool IsOutput(Event::Type t) {
  return t == Event::OUTPUT || t == Event::DECLARED_OUTPUT ||
         t == Event::INTERNAL_OUTPUT || t == Event::PENDING_OUTPUT;
}

// Graph edges always point along the data flow: artifact -> execution for
// inputs, execution -> artifact for outputs.
std::string EdgeJson(const Event &ev) {
  const std::string a = absl::StrCat("a", ev.artifact_id());
  const std::string e = absl::StrCat("e", ev.execution_id());
  const bool input = IsInput(ev.type());
  std::string label;
  if (ev.path().steps_size() > 0 && ev.path().steps(0).has_key()) {
    label = ev.path().steps(0).key();
  }
  return absl::StrCat("{\"source\":", JsonQuote(input ? a : e),
                      ",\"target\":", JsonQuote(input ? e : a),
                      ",\"event\":", JsonQuote(Event::Type_Name(ev.type())),
                      ",\"label\":", JsonQuote(label), "}");
}

template <typename T, typename F>
std::string JsonList(const T &items, F &&to_json) {
  std::vector<std::string> parts;
  for (const auto &item : items) parts.push_back(to_json(item));
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

bool ParseId(absl::string_view text, int64_t *id) {
  return absl::SimpleAtoi(text, id) && *id > 0;
}

}  // namespace

ApiResponse ErrorResponse(int http_status, const std::string &code,
                          const std::string &message) {
  return {http_status, absl::StrCat("{\"error\":{\"code\":", JsonQuote(code),
                                    ",\"message\":", JsonQuote(message), "}}")};
}

UiApi::UiApi(ml_metadata::MetadataStoreService::StubInterface *stub,
             std::string server_address, CallOptions options)
    : stub_(stub),
      server_address_(std::move(server_address)),
      options_(std::move(options)) {}

std::unique_ptr<grpc::ClientContext> UiApi::NewContext() const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + options_.deadline);
  if (!options_.bearer_token.empty()) {
    ctx->AddMetadata("authorization",
                     absl::StrCat("Bearer ", options_.bearer_token));
  }
  if (!options_.tenant.empty()) {
    ctx->AddMetadata("x-mlmd-tenant", options_.tenant);
  }
  return ctx;
}

ApiResponse UiApi::FromStatus(const grpc::Status &status) const {
  static const char *const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int code = status.error_code();
  const std::string name = code >= 0 && code <= 16 ? kNames[code] : "UNKNOWN";
  switch (status.error_code()) {
    // CANCELLED too: we never cancel, so it means the server went away
    // (a shutdown cancels the calls in flight).
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
      return ErrorResponse(
          503, name,
          absl::StrCat("The MLMD server at ", server_address_,
                       " is not reachable (", status.error_message(),
                       "). Check that it is running and that --server "
                       "names it."));
    case grpc::StatusCode::NOT_FOUND:
      return ErrorResponse(404, name, status.error_message());
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return ErrorResponse(400, name, status.error_message());
    case grpc::StatusCode::UNAUTHENTICATED:
      return ErrorResponse(401, name, status.error_message());
    case grpc::StatusCode::PERMISSION_DENIED:
      return ErrorResponse(403, name, status.error_message());
    default:
      return ErrorResponse(502, name,
                           absl::StrCat("The MLMD server answered ", name, ": ",
                                        status.error_message()));
  }
}

ApiResponse UiApi::Handle(const std::string &path, const Query &query) const {
  absl::string_view rest = path;
  if (!absl::ConsumePrefix(&rest, "/api/")) {
    return ErrorResponse(404, "NOT_FOUND", "no such API path");
  }
  auto id_route = [&](absl::string_view prefix, const char *what,
                      auto handler) -> std::optional<ApiResponse> {
    absl::string_view tail = rest;
    if (!absl::ConsumePrefix(&tail, prefix)) return std::nullopt;
    int64_t id;
    if (!ParseId(tail, &id)) {
      return ErrorResponse(
          400, "INVALID_ARGUMENT",
          absl::StrCat(what, " id must be a positive integer, got '",
                       std::string(tail), "'"));
    }
    return handler(id);
  };
  if (rest == "types") return Types();
  if (rest == "artifacts") return Artifacts(query);
  if (rest == "neighbors") return Neighbors(query);
  if (rest == "runs") return Runs(query);
  if (auto r = id_route("artifact/", "artifact",
                        [&](int64_t id) { return Artifact(id); })) {
    return *r;
  }
  if (auto r = id_route("execution/", "execution",
                        [&](int64_t id) { return Execution(id); })) {
    return *r;
  }
  if (auto r =
          id_route("run/", "run", [&](int64_t id) { return Run(id, query); })) {
    return *r;
  }
  return ErrorResponse(404, "NOT_FOUND",
                       absl::StrCat("no such API path: ", path));
}

ApiResponse UiApi::Types() const {
  ml_metadata::GetArtifactTypesRequest req;
  ml_metadata::GetArtifactTypesResponse resp;
  grpc::Status st = stub_->GetArtifactTypes(NewContext().get(), req, &resp);
  if (!st.ok()) return FromStatus(st);
  std::vector<std::string> names;
  for (const auto &t : resp.artifact_types()) names.push_back(t.name());
  std::sort(names.begin(), names.end());
  return {200, absl::StrCat("{\"types\":", JsonList(names, JsonQuote), "}")};
}

ApiResponse UiApi::Artifacts(const Query &q) const {
  ArtifactSearch search{Param(q, "type"),  Param(q, "name"),
                        Param(q, "uri"),   Param(q, "property"),
                        Param(q, "value"), Param(q, "filter")};
  absl::StatusOr<std::string> filter = BuildArtifactFilter(search);
  if (!filter.ok()) {
    return ErrorResponse(400, "INVALID_ARGUMENT",
                         std::string(filter.status().message()));
  }
  ml_metadata::GetArtifactsRequest req;
  auto *options = req.mutable_options();
  options->set_max_result_size(PageSize(q, 50));
  options->mutable_order_by_field()->set_field(
      ml_metadata::ListOperationOptions::OrderByField::CREATE_TIME);
  options->mutable_order_by_field()->set_is_asc(false);
  if (!filter->empty()) options->set_filter_query(*filter);
  const std::string token = Param(q, "page_token");
  if (!token.empty()) options->set_next_page_token(token);
  ml_metadata::GetArtifactsResponse resp;
  grpc::Status st = stub_->GetArtifacts(NewContext().get(), req, &resp);
  if (st.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    // Column numbers in the server's message count from the start of the
    // whole query, so show that query too.
    return ErrorResponse(
        400, "INVALID_ARGUMENT",
        absl::StrCat(st.error_message(), " — in the filter sent: ", *filter));
  }
  if (!st.ok()) return FromStatus(st);
  return {200, absl::StrCat(
                   "{\"artifacts\":", JsonList(resp.artifacts(), ArtifactJson),
                   ",\"next_page_token\":", JsonQuote(resp.next_page_token()),
                   ",\"filter\":", JsonQuote(*filter), "}")};
}

ApiResponse UiApi::Artifact(int64_t id) const {
  ml_metadata::GetArtifactsByIDRequest req;
  req.add_artifact_ids(id);
  ml_metadata::GetArtifactsByIDResponse resp;
  grpc::Status st = stub_->GetArtifactsByID(NewContext().get(), req, &resp);
  if (!st.ok()) return FromStatus(st);
  if (resp.artifacts_size() == 0) {
    return ErrorResponse(
        404, "NOT_FOUND",
        absl::StrCat("There is no artifact with id ", id, " in this store."));
  }
  ml_metadata::GetContextsByArtifactRequest creq;
  creq.set_artifact_id(id);
  ml_metadata::GetContextsByArtifactResponse cresp;
  st = stub_->GetContextsByArtifact(NewContext().get(), creq, &cresp);
  // MLMD answers NOT_FOUND for a node in no context: that is an empty list.
  if (!st.ok() && st.error_code() != grpc::StatusCode::NOT_FOUND) {
    return FromStatus(st);
  }
  return {200, absl::StrCat("{\"node\":", ArtifactJson(resp.artifacts(0)),
                            ",\"contexts\":",
                            JsonList(cresp.contexts(), ContextJson), "}")};
}

ApiResponse UiApi::Execution(int64_t id) const {
  ml_metadata::GetExecutionsByIDRequest req;
  req.add_execution_ids(id);
  ml_metadata::GetExecutionsByIDResponse resp;
  grpc::Status st = stub_->GetExecutionsByID(NewContext().get(), req, &resp);
  if (!st.ok()) return FromStatus(st);
  if (resp.executions_size() == 0) {
    return ErrorResponse(
        404, "NOT_FOUND",
        absl::StrCat("There is no execution with id ", id, " in this store."));
  }
  ml_metadata::GetContextsByExecutionRequest creq;
  creq.set_execution_id(id);
  ml_metadata::GetContextsByExecutionResponse cresp;
  st = stub_->GetContextsByExecution(NewContext().get(), creq, &cresp);
  // MLMD answers NOT_FOUND for a node in no context: that is an empty list.
  if (!st.ok() && st.error_code() != grpc::StatusCode::NOT_FOUND) {
    return FromStatus(st);
  }
  return {200, absl::StrCat("{\"node\":", ExecutionJson(resp.executions(0)),
                            ",\"contexts\":",
                            JsonList(cresp.contexts(), ContextJson), "}")};
}

ApiResponse UiApi::Neighbors(const Query &q) const {
  const std::string node = Param(q, "node");
  const std::string direction = Param(q, "direction");
  int64_t id;
  if (node.size() < 2 || (node[0] != 'a' && node[0] != 'e') ||
      !ParseId(absl::string_view(node).substr(1), &id)) {
    return ErrorResponse(400, "INVALID_ARGUMENT",
                         absl::StrCat("node must look like a12 (artifact) or "
                                      "e7 (execution), got '",
                                      node, "'"));
  }
  if (direction != "up" && direction != "down") {
    return ErrorResponse(400, "INVALID_ARGUMENT",
                         "direction must be 'up' or 'down'");
  }
  int limit = kDefaultNeighbors;
  if (!Param(q, "limit").empty() &&
      (!absl::SimpleAtoi(Param(q, "limit"), &limit) || limit <= 0)) {
    return ErrorResponse(400, "INVALID_ARGUMENT",
                         "limit must be a positive integer");
  }
  limit = std::min(limit, kMaxPage);
  const bool from_artifact = node[0] == 'a';
  const bool up = direction == "up";

  std::vector<Event> events;
  grpc::Status st;
  if (from_artifact) {
    ml_metadata::GetEventsByArtifactIDsRequest req;
    req.add_artifact_ids(id);
    ml_metadata::GetEventsByArtifactIDsResponse resp;
    st = stub_->GetEventsByArtifactIDs(NewContext().get(), req, &resp);
    events.assign(resp.events().begin(), resp.events().end());
  } else {
    ml_metadata::GetEventsByExecutionIDsRequest req;
    req.add_execution_ids(id);
    ml_metadata::GetEventsByExecutionIDsResponse resp;
    st = stub_->GetEventsByExecutionIDs(NewContext().get(), req, &resp);
    events.assign(resp.events().begin(), resp.events().end());
  }
  if (!st.ok()) return FromStatus(st);

  // Upstream of an artifact is the execution that output it; upstream of an
  // execution are the artifacts it read. Downstream is the reverse.
  const bool want_output = from_artifact == up;
  std::set<int64_t> all;
  for (const Event &ev : events) {
    if (want_output ? IsOutput(ev.type()) : IsInput(ev.type())) {
      all.insert(from_artifact ? ev.execution_id() : ev.artifact_id());
    }
  }
  std::vector<int64_t> shown(all.begin(), all.end());
  if (static_cast<int>(shown.size()) > limit) shown.resize(limit);
  const std::set<int64_t> shown_set(shown.begin(), shown.end());

  std::string nodes = "[]";
  if (!shown.empty()) {
    if (from_artifact) {
      ml_metadata::GetExecutionsByIDRequest req;
      for (int64_t n : shown) req.add_execution_ids(n);
      ml_metadata::GetExecutionsByIDResponse resp;
      st = stub_->GetExecutionsByID(NewContext().get(), req, &resp);
      if (!st.ok()) return FromStatus(st);
      nodes = JsonList(resp.executions(), ExecutionJson);
    } else {
      ml_metadata::GetArtifactsByIDRequest req;
      for (int64_t n : shown) req.add_artifact_ids(n);
      ml_metadata::GetArtifactsByIDResponse resp;
      st = stub_->GetArtifactsByID(NewContext().get(), req, &resp);
      if (!st.ok()) return FromStatus(st);
      nodes = JsonList(resp.artifacts(), ArtifactJson);
    }
  }
  std::vector<std::string> edges;
  for (const Event &ev : events) {
    const int64_t other = from_artifact ? ev.execution_id() : ev.artifact_id();
    const bool kind_ok = want_output ? IsOutput(ev.type()) : IsInput(ev.type());
    if (kind_ok && shown_set.count(other)) edges.push_back(EdgeJson(ev));
  }
  return {200, absl::StrCat("{\"node\":", JsonQuote(node), ",\"direction\":",
                            JsonQuote(direction), ",\"nodes\":", nodes,
                            ",\"edges\":[", absl::StrJoin(edges, ","),
                            "],\"total\":", all.size(),
                            ",\"shown\":", shown.size(), "}")};
}

ApiResponse UiApi::Runs(const Query &q) const {
  ml_metadata::GetContextsByTypeRequest req;
  req.set_type_name(kRunContextType);
  auto *options = req.mutable_options();
  options->set_max_result_size(PageSize(q, 20));
  options->mutable_order_by_field()->set_field(
      ml_metadata::ListOperationOptions::OrderByField::CREATE_TIME);
  options->mutable_order_by_field()->set_is_asc(false);
  const std::string token = Param(q, "page_token");
  if (!token.empty()) options->set_next_page_token(token);
  ml_metadata::GetContextsByTypeResponse resp;
  grpc::Status st = stub_->GetContextsByType(NewContext().get(), req, &resp);
  if (!st.ok()) return FromStatus(st);
  return {200,
          absl::StrCat(
              "{\"runs\":", JsonList(resp.contexts(), ContextJson),
              ",\"next_page_token\":", JsonQuote(resp.next_page_token()), "}")};
}

ApiResponse UiApi::Run(int64_t id, const Query &q) const {
  ml_metadata::GetContextsByIDRequest creq;
  creq.add_context_ids(id);
  ml_metadata::GetContextsByIDResponse cresp;
  grpc::Status st = stub_->GetContextsByID(NewContext().get(), creq, &cresp);
  if (!st.ok()) return FromStatus(st);
  if (cresp.contexts_size() == 0) {
    return ErrorResponse(404, "NOT_FOUND",
                         absl::StrCat("There is no run (context) with id ", id,
                                      " in this store."));
  }
  ml_metadata::GetExecutionsByContextRequest ereq;
  ereq.set_context_id(id);
  auto *options = ereq.mutable_options();
  options->set_max_result_size(PageSize(q, kMaxPage));
  options->mutable_order_by_field()->set_field(
      ml_metadata::ListOperationOptions::OrderByField::ID);
  options->mutable_order_by_field()->set_is_asc(true);
  const std::string token = Param(q, "page_token");
  if (!token.empty()) options->set_next_page_token(token);
  ml_metadata::GetExecutionsByContextResponse eresp;
  st = stub_->GetExecutionsByContext(NewContext().get(), ereq, &eresp);
  if (!st.ok()) return FromStatus(st);

  // Metrics only with the first page of tasks: they belong to the run.
  std::string metrics = "[]";
  if (token.empty()) {
    ml_metadata::GetArtifactsByContextRequest areq;
    areq.set_context_id(id);
    areq.mutable_options()->set_max_result_size(kMaxPage);
    areq.mutable_options()->set_filter_query(kMetricsFilter);
    ml_metadata::GetArtifactsByContextResponse aresp;
    st = stub_->GetArtifactsByContext(NewContext().get(), areq, &aresp);
    if (!st.ok()) return FromStatus(st);
    metrics = JsonList(aresp.artifacts(), ArtifactJson);
  }
  return {200,
          absl::StrCat(
              "{\"run\":", ContextJson(cresp.contexts(0)),
              ",\"executions\":", JsonList(eresp.executions(), ExecutionJson),
              ",\"next_page_token\":", JsonQuote(eresp.next_page_token()),
              ",\"metrics\":", metrics, "}")};
}

}  // namespace mlmd::ui
