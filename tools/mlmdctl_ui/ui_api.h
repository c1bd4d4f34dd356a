// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The web view's JSON API: each GET /api/... becomes a few paged calls to
// ml_metadata.MetadataStoreService, so the page only ever holds what is on
// screen (search pages of at most 100, one node and its contexts, one hop of
// lineage capped per expansion, a run's tasks a page at a time).
//
//   /api/types                          artifact types (for the dropdown)
//   /api/artifacts?type=&name=&uri=&property=&value=&filter=&page_size=&page_token=
//   /api/artifact/<id>                  one artifact, its type and contexts
//   /api/execution/<id>                 one execution, its type and contexts
//   /api/neighbors?node=a12|e7&direction=up|down&limit=
//                                       one hop of lineage from a graph node
//   /api/runs?page_token=               system.PipelineRun contexts, newest
//   first /api/run/<context id>?page_token=   a run: tasks (executions) and
//   metrics
//
// Errors are {"error":{"code":"NOT_FOUND","message":"..."}} with a matching
// HTTP status; an unreachable server is 503 with a sentence naming it.
#ifndef MLMD_TOOLS_MLMDCTL_UI_UI_API_H_
#define MLMD_TOOLS_MLMDCTL_UI_UI_API_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"

namespace mlmd::ui {

struct ApiResponse {
  int http_status = 200;
  std::string json;
};

// Metadata and deadline every call carries (auth token, tenant).
struct CallOptions {
  std::string bearer_token;
  std::string tenant;
  std::chrono::milliseconds deadline{15000};
};

class UiApi {
 public:
  // `stub` must outlive the UiApi; `server_address` is only for messages.
  // Thread-safe: the web server calls Handle from several threads.
  UiApi(ml_metadata::MetadataStoreService::StubInterface *stub,
        std::string server_address, CallOptions options);

  // `path` starts with /api/; `query` holds the decoded query parameters.
  ApiResponse Handle(const std::string &path,
                     const std::map<std::string, std::string> &query) const;

 private:
  std::unique_ptr<grpc::ClientContext> NewContext() const;

  ApiResponse Types() const;
  ApiResponse Artifacts(const std::map<std::string, std::string> &q) const;
  ApiResponse Artifact(int64_t id) const;
  ApiResponse Execution(int64_t id) const;
  ApiResponse Neighbors(const std::map<std::string, std::string> &q) const;
  ApiResponse Runs(const std::map<std::string, std::string> &q) const;
  ApiResponse Run(int64_t id,
                  const std::map<std::string, std::string> &q) const;

  ApiResponse FromStatus(const grpc::Status &status) const;

  ml_metadata::MetadataStoreService::StubInterface *stub_;
  std::string server_address_;
  CallOptions options_;
};

// The JSON error body the page shows, with its HTTP status.
ApiResponse ErrorResponse(int http_status, const std::string &code,
                          const std::string &message);

}  // namespace mlmd::ui

#endif  // MLMD_TOOLS_MLMDCTL_UI_UI_API_H_
