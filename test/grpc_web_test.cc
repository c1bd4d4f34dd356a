// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// grpc-web on --grpc_web_port, end to end: the real binary, a small
// Kubeflow-shaped store filled over gRPC, then
//  - the calls Kubeflow's UI makes, sent by a JavaScript grpc-web client
//    (test/grpc_web/ui_calls.mjs under node), checked against the same calls
//    over native gRPC, GetExecutions paging included;
//  - CORS, the text (base64) encoding, malformed and oversized requests,
//    unknown methods and deadlines, over raw HTTP.
#include <signal.h>
#include <stdio.h>

#include <fstream>
#include <set>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "test/grpc_web_http.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

constexpr char kService[] = "/ml_metadata.MetadataStoreService/";
constexpr int kMaxRequestBytes = 65536;
constexpr int kPageSize = 3;

std::string Frame(unsigned char flags, const std::string &payload) {
  std::string out(1, static_cast<char>(flags));
  const uint32_t n = payload.size();
  for (int shift = 24; shift >= 0; shift -= 8) out += char((n >> shift) & 0xff);
  return out + payload;
}

// Splits a grpc-web response body into its message and trailer text.
bool SplitFrames(std::string body, std::string *message, std::string *trailer) {
  while (body.size() >= 5) {
    const auto flags = static_cast<unsigned char>(body[0]);
    uint32_t n = 0;
    for (int i = 1; i < 5; ++i)
      n = (n << 8) | static_cast<unsigned char>(body[i]);
    if (body.size() < 5 + n) return false;
    (flags & 0x80 ? *trailer : *message) = body.substr(5, n);
    body = body.substr(5 + n);
  }
  return body.empty();
}

// Runs `command`, returns its stdout.
std::string RunCommand(const std::string &command, int *exit_code) {
  std::string out;
  FILE *p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) out.append(buf, n);
  *exit_code = pclose(p);
  return out;
}

class GrpcWebTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web_port_ = PickFreePort();
    auto server = ServerProcess::Start(
        {absl::StrCat("--sqlite_path=", MakeTempDir("grpc_web"), "/m.db"),
         absl::StrCat("--grpc_web_port=", web_port_),
         absl::StrCat("--grpc_web_max_request_bytes=", kMaxRequestBytes)});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    FillKfpStore();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // Two runs of one pipeline: run-a with 5 tasks, run-b with 2, each task
  // reading one artifact and writing one.
  static void FillKfpStore() {
    auto &stub = server_->stub();
    ml_metadata::PutTypesRequest types;
    types.add_artifact_types()->set_name("system.Artifact");
    auto *model = types.add_artifact_types();
    model->set_name("system.Model");
    (*model->mutable_properties())["framework"] = ml_metadata::STRING;
    types.add_execution_types()->set_name("system.ContainerExecution");
    types.add_context_types()->set_name("system.PipelineRun");
    types.add_context_types()->set_name("system.Pipeline");
    ml_metadata::PutTypesResponse type_ids;
    grpc::ClientContext c;
    ASSERT_TRUE(stub.PutTypes(&c, types, &type_ids).ok());
    int task = 0;
    for (const auto &[run, tasks] :
         {std::pair<std::string, int>{"run-a", 5}, {"run-b", 2}}) {
      for (int i = 0; i < tasks; ++i, ++task) {
        ml_metadata::PutExecutionRequest put;
        put.mutable_options()->set_reuse_context_if_already_exist(true);
        auto *e = put.mutable_execution();
        e->set_type_id(type_ids.execution_type_ids(0));
        e->set_name(absl::StrCat(run, "-task-", i));
        e->set_last_known_state(ml_metadata::Execution::COMPLETE);
        (*e->mutable_custom_properties())["task_name"].set_string_value(
            absl::StrCat("train-", i));
        (*e->mutable_custom_properties())["attempt"].set_int_value(i + 1);
        auto *in = put.add_artifact_event_pairs();
        in->mutable_artifact()->set_type_id(type_ids.artifact_type_ids(0));
        in->mutable_artifact()->set_uri(
            absl::StrCat("s3://bucket/", run, "/in-", i));
        in->mutable_event()->set_type(ml_metadata::Event::INPUT);
        auto *out = put.add_artifact_event_pairs();
        out->mutable_artifact()->set_type_id(type_ids.artifact_type_ids(1));
        out->mutable_artifact()->set_uri(
            absl::StrCat("s3://bucket/", run, "/model-", i));
        (*out->mutable_artifact()->mutable_properties())["framework"]
            .set_string_value("sklearn");
        (*out->mutable_artifact()->mutable_custom_properties())["accuracy"]
            .set_double_value(0.5 + task / 16.0);
        out->mutable_event()->set_type(ml_metadata::Event::OUTPUT);
        auto *path = out->mutable_event()->mutable_path()->add_steps();
        path->set_key("model");
        auto *run_ctx = put.add_contexts();
        run_ctx->set_type_id(type_ids.context_type_ids(0));
        run_ctx->set_name(run);
        auto *pipeline_ctx = put.add_contexts();
        pipeline_ctx->set_type_id(type_ids.context_type_ids(1));
        pipeline_ctx->set_name("my-pipeline");
        grpc::ClientContext pc;
        ml_metadata::PutExecutionResponse resp;
        grpc::Status st = stub.PutExecution(&pc, put, &resp);
        ASSERT_TRUE(st.ok()) << st.error_message();
      }
    }
  }

  // A POST of `message` framed as grpc-web (`text`: base64).
  static HttpResponse Call(const std::string &method,
                           const std::string &framed_body, bool text = false,
                           std::vector<std::string> headers = {}) {
    headers.push_back(text ? "Content-Type: application/grpc-web-text"
                           : "Content-Type: application/grpc-web+proto");
    headers.push_back("X-Grpc-Web: 1");
    return HttpRequest(web_port_, "POST", absl::StrCat(kService, method),
                       headers,
                       text ? absl::Base64Escape(framed_body) : framed_body);
  }

  static ServerProcess *server_;
  static int web_port_;
};
ServerProcess *GrpcWebTest::server_ = nullptr;
int GrpcWebTest::web_port_ = 0;

// Parses field `name` of the node script's JSON output into `out`.
void FromJson(const google::protobuf::Struct &all, const std::string &name,
              google::protobuf::Message *out) {
  ASSERT_TRUE(all.fields().contains(name)) << name;
  std::string json;
  ASSERT_TRUE(
      google::protobuf::util::MessageToJsonString(all.fields().at(name), &json)
          .ok());
  auto st = google::protobuf::util::JsonStringToMessage(json, out);
  ASSERT_TRUE(st.ok()) << name << ": " << st.ToString() << "\n" << json;
}

void ExpectSame(const google::protobuf::Message &web,
                const google::protobuf::Message &native,
                const std::string &what) {
  EXPECT_TRUE(MessageDifferencer::Equals(web, native))
      << what << "\ngrpc-web: " << web.DebugString()
      << "\ngRPC: " << native.DebugString();
}

TEST_F(GrpcWebTest, KubeflowUiCallsFromJavaScriptClientMatchGrpc) {
  const std::string dir = MLMD_GRPC_WEB_CLIENT_DIR;
  int exit_code = -1;
  const std::string output =
      RunCommand(absl::StrCat(MLMD_NODE_BINARY, " ", dir, "/ui_calls.mjs ", dir,
                              "/gen http://127.0.0.1:", web_port_,
                              " system.PipelineRun run-a ", kPageSize),
                 &exit_code);
  ASSERT_EQ(exit_code, 0) << "node client failed (node: " MLMD_NODE_BINARY
                             "; its npm packages come from the build's "
                             "grpc_web_client target)\n"
                          << output;
  google::protobuf::Struct all;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(output, &all).ok())
      << output;
  auto &stub = server_->stub();

  ml_metadata::GetContextByTypeAndNameRequest ctx_req;
  ctx_req.set_type_name("system.PipelineRun");
  ctx_req.set_context_name("run-a");
  ml_metadata::GetContextByTypeAndNameResponse ctx_web, ctx_native;
  FromJson(all, "contextByTypeAndName", &ctx_web);
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub.GetContextByTypeAndName(&c, ctx_req, &ctx_native).ok());
  }
  ASSERT_TRUE(ctx_native.has_context());
  ExpectSame(ctx_web, ctx_native, "GetContextByTypeAndName");

  ml_metadata::GetExecutionsByContextRequest by_ctx_req;
  by_ctx_req.set_context_id(ctx_native.context().id());
  ml_metadata::GetExecutionsByContextResponse by_ctx_web, by_ctx_native;
  FromJson(all, "executionsByContext", &by_ctx_web);
  {
    grpc::ClientContext c;
    ASSERT_TRUE(
        stub.GetExecutionsByContext(&c, by_ctx_req, &by_ctx_native).ok());
  }
  EXPECT_EQ(by_ctx_native.executions_size(), 5);
  ExpectSame(by_ctx_web, by_ctx_native, "GetExecutionsByContext");

  ml_metadata::GetEventsByExecutionIDsRequest events_req;
  for (const auto &e : by_ctx_native.executions()) {
    events_req.add_execution_ids(e.id());
  }
  ml_metadata::GetEventsByExecutionIDsResponse events_web, events_native;
  FromJson(all, "eventsByExecutionIds", &events_web);
  {
    grpc::ClientContext c;
    ASSERT_TRUE(
        stub.GetEventsByExecutionIDs(&c, events_req, &events_native).ok());
  }
  EXPECT_EQ(events_native.events_size(), 10);
  ExpectSame(events_web, events_native, "GetEventsByExecutionIDs");

  ml_metadata::GetArtifactTypesResponse types_web, types_native;
  FromJson(all, "artifactTypes", &types_web);
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub.GetArtifactTypes(&c, {}, &types_native).ok());
  }
  EXPECT_EQ(types_native.artifact_types_size(), 2);
  ExpectSame(types_web, types_native, "GetArtifactTypes");

  ml_metadata::GetArtifactsResponse artifacts_web, artifacts_native;
  FromJson(all, "artifacts", &artifacts_web);
  {
    grpc::ClientContext c;
    ASSERT_TRUE(stub.GetArtifacts(&c, {}, &artifacts_native).ok());
  }
  EXPECT_EQ(artifacts_native.artifacts_size(), 14);
  ExpectSame(artifacts_web, artifacts_native, "GetArtifacts");

  // Paging: the same pages, tokens included, as over gRPC; 7 executions in
  // pages of 3, each once.
  const auto &pages = all.fields().at("executionPages").list_value();
  ml_metadata::GetExecutionsRequest page_req;
  page_req.mutable_options()->set_max_result_size(kPageSize);
  page_req.mutable_options()->mutable_order_by_field()->set_field(
      ml_metadata::ListOperationOptions::OrderByField::CREATE_TIME);
  page_req.mutable_options()->mutable_order_by_field()->set_is_asc(false);
  std::set<int64_t> seen;
  int native_pages = 0;
  for (;;) {
    ml_metadata::GetExecutionsResponse native;
    grpc::ClientContext c;
    ASSERT_TRUE(stub.GetExecutions(&c, page_req, &native).ok());
    ASSERT_LT(native_pages, pages.values_size()) << "grpc-web gave fewer pages";
    google::protobuf::Struct holder;
    (*holder.mutable_fields())["page"] = pages.values(native_pages);
    ml_metadata::GetExecutionsResponse web;
    FromJson(holder, "page", &web);
    ExpectSame(web, native, absl::StrCat("GetExecutions page ", native_pages));
    for (const auto &e : native.executions()) {
      EXPECT_TRUE(seen.insert(e.id()).second) << "execution twice: " << e.id();
    }
    ++native_pages;
    if (native.next_page_token().empty()) break;
    page_req.mutable_options()->set_next_page_token(native.next_page_token());
  }
  EXPECT_EQ(native_pages, 3);
  EXPECT_EQ(pages.values_size(), native_pages);
  EXPECT_EQ(seen.size(), 7u);

  // An error status reaches the JavaScript client with gRPC's code and text.
  ml_metadata::GetArtifactTypeRequest missing;
  missing.set_type_name("no.such.Type");
  ml_metadata::GetArtifactTypeResponse ignored;
  grpc::ClientContext c;
  grpc::Status st = stub.GetArtifactType(&c, missing, &ignored);
  ASSERT_FALSE(st.ok());
  const auto &err = all.fields().at("missingType").struct_value().fields();
  EXPECT_EQ(err.at("code").number_value(), st.error_code());
  EXPECT_EQ(err.at("message").string_value(), st.error_message());
}

TEST_F(GrpcWebTest, CorsPreflightAnswersAsKubeflowsEnvoy) {
  HttpResponse r = HttpRequest(
      web_port_, "OPTIONS", absl::StrCat(kService, "GetArtifacts"),
      {"Origin: http://ml-pipeline-ui.kubeflow",
       "Access-Control-Request-Method: POST",
       "Access-Control-Request-Headers: content-type,x-grpc-web,x-user-agent"},
      "");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("access-control-allow-origin"),
            "http://ml-pipeline-ui.kubeflow");
  EXPECT_THAT(r.Header("access-control-allow-methods"), HasSubstr("POST"));
  EXPECT_THAT(r.Header("access-control-allow-methods"), HasSubstr("OPTIONS"));
  for (const char *h : {"content-type", "x-grpc-web", "x-user-agent",
                        "grpc-timeout", "authorization"}) {
    EXPECT_THAT(r.Header("access-control-allow-headers"), HasSubstr(h));
  }
  EXPECT_EQ(r.Header("access-control-max-age"), "1728000");
  EXPECT_THAT(r.Header("access-control-expose-headers"),
              HasSubstr("grpc-status"));
  EXPECT_THAT(r.Header("access-control-expose-headers"),
              HasSubstr("grpc-message"));

  // The actual call carries the CORS headers too; without Origin, "*".
  HttpResponse call = Call("GetArtifactTypes", Frame(0, ""));
  EXPECT_EQ(call.status, 200);
  EXPECT_EQ(call.Header("access-control-allow-origin"), "*");
  EXPECT_THAT(call.Header("access-control-expose-headers"),
              HasSubstr("grpc-status"));
}

TEST_F(GrpcWebTest, TextEncodingRoundTrips) {
  ml_metadata::GetArtifactsByURIRequest req;
  req.add_uris("s3://bucket/run-a/model-2");
  HttpResponse r = Call("GetArtifactsByURI", Frame(0, req.SerializeAsString()),
                        /*text=*/true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/grpc-web-text+proto");
  std::string body, message, trailer;
  ASSERT_TRUE(absl::Base64Unescape(r.body, &body)) << r.body;
  ASSERT_TRUE(SplitFrames(body, &message, &trailer));
  EXPECT_THAT(trailer, HasSubstr("grpc-status:0\r\n"));
  ml_metadata::GetArtifactsByURIResponse web, native;
  ASSERT_TRUE(web.ParseFromString(message));
  grpc::ClientContext c;
  ASSERT_TRUE(server_->stub().GetArtifactsByURI(&c, req, &native).ok());
  ASSERT_EQ(native.artifacts_size(), 1);
  ExpectSame(web, native, "GetArtifactsByURI (text)");

  // Binary, same call: the same message.
  HttpResponse bin =
      Call("GetArtifactsByURI", Frame(0, req.SerializeAsString()));
  ASSERT_EQ(bin.status, 200);
  EXPECT_EQ(bin.Header("content-type"), "application/grpc-web+proto");
  message.clear();
  trailer.clear();
  ASSERT_TRUE(SplitFrames(bin.body, &message, &trailer));
  ASSERT_TRUE(web.ParseFromString(message));
  ExpectSame(web, native, "GetArtifactsByURI (binary)");
}

TEST_F(GrpcWebTest, MalformedRequestsGetInvalidArgument) {
  const std::string ok_frame = Frame(0, "");
  const std::pair<const char *, std::string> cases[] = {
      {"empty body", ""},
      {"truncated header", std::string("\0\0\0", 3)},
      {"length beyond body", Frame(0, "abc").substr(0, 6)},
      {"two messages", ok_frame + ok_frame},
      {"compressed", Frame(1, "")},
      {"trailer frame", Frame(0x80, "grpc-status:0\r\n")},
  };
  for (const auto &[what, body] : cases) {
    for (bool text : {false, true}) {
      HttpResponse r = Call("GetArtifactTypes", body, text);
      EXPECT_EQ(r.status, 200) << what;
      EXPECT_EQ(r.Header("grpc-status"), "3")
          << what << (text ? " (text)" : "") << ": "
          << r.Header("grpc-message");
      EXPECT_TRUE(r.body.empty()) << what;
    }
  }
  // Well framed but not the request proto: gRPC's own answer, as natively.
  HttpResponse not_proto =
      Call("GetArtifactTypes", Frame(0, std::string(3, '\xff')));
  EXPECT_EQ(not_proto.Header("grpc-status"), "13");

  HttpResponse not_base64 =
      HttpRequest(web_port_, "POST", absl::StrCat(kService, "GetArtifactTypes"),
                  {"Content-Type: application/grpc-web-text"}, "!!!!");
  EXPECT_EQ(not_base64.Header("grpc-status"), "3");
  EXPECT_THAT(not_base64.Header("grpc-message"), HasSubstr("base64"));

  HttpResponse bad_timeout =
      Call("GetArtifactTypes", ok_frame, false, {"grpc-timeout: soon"});
  EXPECT_EQ(bad_timeout.Header("grpc-status"), "3");
  HttpResponse bad_header =
      Call("GetArtifactTypes", ok_frame, false, {"x-tenant-bin: %%%"});
  EXPECT_EQ(bad_header.Header("grpc-status"), "3");

  // Not grpc-web at all: plain HTTP errors.
  EXPECT_EQ(
      HttpRequest(web_port_, "POST", absl::StrCat(kService, "GetArtifactTypes"),
                  {"Content-Type: application/json"}, "{}")
          .status,
      415);
  EXPECT_EQ(HttpRequest(web_port_, "GET",
                        absl::StrCat(kService, "GetArtifactTypes"), {}, "")
                .status,
            405);

  // And the server still answers.
  HttpResponse after = Call("GetArtifactTypes", ok_frame);
  std::string message, trailer;
  ASSERT_TRUE(SplitFrames(after.body, &message, &trailer));
  EXPECT_THAT(trailer, HasSubstr("grpc-status:0"));
}

TEST_F(GrpcWebTest, OversizedRequestsGetResourceExhausted) {
  ml_metadata::GetArtifactsByURIRequest big;
  for (int i = 0; i < 200; ++i) big.add_uris(std::string(1000, 'u'));
  ASSERT_GT(big.ByteSizeLong(), static_cast<size_t>(kMaxRequestBytes));
  for (bool text : {false, true}) {
    HttpResponse r =
        Call("GetArtifactsByURI", Frame(0, big.SerializeAsString()), text);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("grpc-status"), "8") << r.Header("grpc-message");
    EXPECT_THAT(r.Header("grpc-message"),
                HasSubstr("--grpc_web_max_request_bytes"));
  }
  // A frame that only claims to be huge.
  std::string claim = Frame(0, "");
  claim[1] = '\x7f';
  EXPECT_EQ(Call("GetArtifactTypes", claim).Header("grpc-status"), "8");
  // Just under the limit passes.
  ml_metadata::GetArtifactsByURIRequest fits;
  fits.add_uris(std::string(kMaxRequestBytes - 16, 'u'));
  HttpResponse ok =
      Call("GetArtifactsByURI", Frame(0, fits.SerializeAsString()));
  std::string message, trailer;
  ASSERT_TRUE(SplitFrames(ok.body, &message, &trailer))
      << ok.Header("grpc-message");
  EXPECT_THAT(trailer, HasSubstr("grpc-status:0"));
}

TEST_F(GrpcWebTest, UnknownMethodsAndTimeouts) {
  HttpResponse unknown = Call("NoSuchMethod", Frame(0, ""));
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(unknown.Header("grpc-status"), "12");
  EXPECT_THAT(unknown.Header("grpc-message"), HasSubstr("NoSuchMethod"));
  HttpResponse not_a_path =
      HttpRequest(web_port_, "POST", "/just-one-part",
                  {"Content-Type: application/grpc-web+proto"}, Frame(0, ""));
  EXPECT_EQ(not_a_path.Header("grpc-status"), "12");

  // A well-formed grpc-timeout is accepted (it becomes the deadline of the
  // forwarded call; an in-process call is too fast to observe it expire).
  HttpResponse in_time =
      Call("GetArtifacts", Frame(0, ""), false, {"grpc-timeout: 30S"});
  std::string message, trailer;
  ASSERT_TRUE(SplitFrames(in_time.body, &message, &trailer));
  EXPECT_THAT(trailer, HasSubstr("grpc-status:0"));
}

TEST_F(GrpcWebTest, BrowserHeadersAreAccepted) {
  // What a browser behind Kubeflow's auth proxy adds: large session
  // cookies, a bearer token, fetch metadata, custom x- headers.
  HttpResponse r =
      Call("GetArtifactTypes", Frame(0, ""), false,
           {absl::StrCat("Cookie: oauth2_proxy=", std::string(20000, 'c')),
            "Authorization: Bearer abc.def.ghi", "Sec-Fetch-Mode: cors",
            "Origin: http://ui", "X-User-Agent: grpc-web-javascript/0.1",
            "kubeflow-userid: user@example.com",
            "X-Requested-With: XMLHttpRequest", "x-trace-bin: AAEC"});
  ASSERT_EQ(r.status, 200);
  std::string message, trailer;
  ASSERT_TRUE(SplitFrames(r.body, &message, &trailer))
      << r.Header("grpc-message");
  EXPECT_THAT(trailer, HasSubstr("grpc-status:0"));
  ml_metadata::GetArtifactTypesResponse types;
  ASSERT_TRUE(types.ParseFromString(message));
  EXPECT_EQ(types.artifact_types_size(), 2);
}

TEST(GrpcWebStartupTest, SigtermStopsCleanly) {
  const int web_port = PickFreePort();
  auto server = ServerProcess::Start(
      {absl::StrCat("--sqlite_path=", MakeTempDir("grpc_web_stop"), "/m.db"),
       absl::StrCat("--grpc_web_port=", web_port)});
  ASSERT_TRUE(server.ok()) << server.status();
  HttpResponse r =
      HttpRequest(web_port, "POST", absl::StrCat(kService, "GetArtifactTypes"),
                  {"Content-Type: application/grpc-web+proto"}, Frame(0, ""));
  std::string message, trailer;
  ASSERT_TRUE(SplitFrames(r.body, &message, &trailer));
  EXPECT_THAT(trailer, HasSubstr("grpc-status:0"));
  EXPECT_EQ((*server)->Stop(SIGTERM), 0) << (*server)->Output();
}

TEST(GrpcWebStartupTest, RefusedTogetherWithRoleLists) {
  std::string output;
  const int code = ServerProcess::RunToExit(
      {absl::StrCat("--sqlite_path=", MakeTempDir("grpc_web_roles"), "/m.db"),
       absl::StrCat("--grpc_web_port=", PickFreePort()),
       "--reader_client_names=ui"},
      &output);
  EXPECT_EQ(code, 2) << output;
  EXPECT_THAT(output, HasSubstr("--grpc_web_port cannot be combined"));
}

TEST(GrpcWebStartupTest, BusyPortFailsStartup) {
  // Hold a port with a first server, then ask a second one to use it.
  const int web_port = PickFreePort();
  auto first = ServerProcess::Start(
      {absl::StrCat("--sqlite_path=", MakeTempDir("grpc_web_busy1"), "/m.db"),
       absl::StrCat("--grpc_web_port=", web_port)});
  ASSERT_TRUE(first.ok()) << first.status();
  std::string output;
  const int code = ServerProcess::RunToExit(
      {absl::StrCat("--sqlite_path=", MakeTempDir("grpc_web_busy2"), "/m.db"),
       absl::StrCat("--grpc_web_port=", web_port)},
      &output);
  EXPECT_EQ(code, 1) << output;
  EXPECT_THAT(output, HasSubstr("--grpc_web_port: cannot listen"));
}

}  // namespace
}  // namespace mlmd::testing

namespace mlmd::testing {
namespace {

// Identity over grpc-web: the Authorization and x-mlmd-tenant headers reach
// the server as gRPC metadata, so bearer tokens and tenants work as they do
// for native calls.
TEST(GrpcWebStartupTest, BearerTokensAndTenantsPassThrough) {
  const std::string dir = MakeTempDir("grpc_web_tokens");
  std::ofstream(dir + "/tokens") << "tok-analyst  ui-analyst  team-a=reader\n";
  const int web_port = PickFreePort();
  auto server =
      ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/m.db"),
                            absl::StrCat("--token_file=", dir, "/tokens"),
                            absl::StrCat("--grpc_web_port=", web_port)});
  ASSERT_TRUE(server.ok()) << server.status();
  auto call = [&](const std::string &method, std::vector<std::string> headers) {
    headers.push_back("Content-Type: application/grpc-web+proto");
    return HttpRequest(web_port, "POST", absl::StrCat(kService, method),
                       headers, Frame(0, ""));
  };
  auto code = [](const HttpResponse &r) {
    std::string message, trailer;
    if (!r.Header("grpc-status").empty()) return r.Header("grpc-status");
    if (!SplitFrames(r.body, &message, &trailer)) return std::string("?");
    return trailer.substr(trailer.find("grpc-status:") + 12, 2);
  };
  // No token: UNAUTHENTICATED (16).
  EXPECT_EQ(code(call("GetArtifactTypes", {})), "16");
  // A wrong token: UNAUTHENTICATED too.
  EXPECT_EQ(code(call("GetArtifactTypes", {"Authorization: Bearer nope"})),
            "16");
  // The analyst's token in its tenant reads (0) ...
  const std::vector<std::string> analyst = {"Authorization: Bearer tok-analyst",
                                            "X-Mlmd-Tenant: team-a"};
  EXPECT_EQ(code(call("GetArtifactTypes", analyst)).substr(0, 1), "0");
  // ... but may not write (PERMISSION_DENIED, 7) ...
  EXPECT_EQ(code(call("PutArtifactType", analyst)).substr(0, 1), "7");
  // ... nor use another tenant.
  EXPECT_EQ(code(call("GetArtifactTypes", {"Authorization: Bearer tok-analyst",
                                           "X-Mlmd-Tenant: team-b"}))
                .substr(0, 1),
            "7");
}

}  // namespace
}  // namespace mlmd::testing
