// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmdctl-ui: the analysts' lineage web view, run as `mlmdctl ui`. It is a
// client of the public ml_metadata.MetadataStoreService API only: it serves
// the embedded page and a small JSON API (ui_api.h) that turns each request
// into a few paged gRPC calls.
#include <civetweb.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/grpcpp.h"
#include "ml_metadata/proto/metadata_store_service.grpc.pb.h"
#include "tools/mlmdctl_ui/ui_api.h"
#include "tools/mlmdctl_ui/web_assets.h"

ABSL_FLAG(std::string, server, "",
          "MLMD gRPC server as host:port (default $MLMD_SERVER, else "
          "127.0.0.1:8080).");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM file of the CA that signed the server's certificate; turns "
          "TLS on.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM client certificate for mutual TLS (with --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, token, "",
          "Bearer token sent as 'authorization: Bearer <token>'.");
ABSL_FLAG(std::string, token_file, "", "File holding the bearer token.");
ABSL_FLAG(std::string, tenant, "", "Tenant sent as 'x-mlmd-tenant'.");
ABSL_FLAG(std::string, listen, "127.0.0.1:8081",
          "host:port the web view listens on (plain HTTP; keep it on "
          "localhost or behind a proxy that authenticates).");

namespace mlmd::ui {
namespace {

bool ReadFile(const std::string &path, const char *flag, std::string *out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "mlmdctl ui: cannot read " << flag << "=" << path << "\n";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

std::string UrlDecode(absl::string_view s) {
  std::string out(s.size() + 1, '\0');
  const int n = mg_url_decode(s.data(), static_cast<int>(s.size()), out.data(),
                              static_cast<int>(out.size()), 1);
  out.resize(n < 0 ? 0 : n);
  return out;
}

std::map<std::string, std::string> ParseQuery(const char *query) {
  std::map<std::string, std::string> params;
  if (query == nullptr) return params;
  for (absl::string_view part : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(part, absl::MaxSplits('=', 1));
    params[UrlDecode(kv.first)] = UrlDecode(kv.second);
  }
  return params;
}

void Send(mg_connection *conn, int status, absl::string_view content_type,
          absl::string_view body) {
  mg_printf(conn,
            "HTTP/1.1 %d %s\r\nContent-Type: %.*s\r\nContent-Length: %zu\r\n"
            "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
            "Connection: close\r\n\r\n",
            status, mg_get_response_code_text(conn, status),
            static_cast<int>(content_type.size()), content_type.data(),
            body.size());
  mg_write(conn, body.data(), body.size());
}

int HandleRequest(mg_connection *conn, void *data) {
  const auto *api = static_cast<const UiApi *>(data);
  const mg_request_info *info = mg_get_request_info(conn);
  const std::string path = info->local_uri ? info->local_uri : "/";
  if (absl::string_view(info->request_method) != "GET") {
    const ApiResponse r =
        ErrorResponse(405, "METHOD_NOT_ALLOWED", "the web view is read-only");
    Send(conn, r.http_status, "application/json", r.json);
    return r.http_status;
  }
  if (path.rfind("/api/", 0) == 0) {
    const ApiResponse r = api->Handle(path, ParseQuery(info->query_string));
    Send(conn, r.http_status, "application/json; charset=utf-8", r.json);
    return r.http_status;
  }
  if (auto asset = FindWebAsset(path)) {
    Send(conn, 200,
         absl::string_view(asset->content_type.data(),
                           asset->content_type.size()),
         absl::string_view(asset->body.data(), asset->body.size()));
    return 200;
  }
  Send(conn, 404, "text/plain; charset=utf-8", "not found\n");
  return 404;
}

int LogMessage(const mg_connection *, const char *message) {
  std::cerr << "mlmdctl ui: " << message << "\n";
  return 1;
}

int Main(int argc, char **argv) {
  absl::SetProgramUsageMessage(
      "mlmdctl ui [--server=host:port] [--listen=127.0.0.1:8081]: serves a "
      "lineage web view of an MLMD server");
  absl::ParseCommandLine(argc, argv);

  std::string server = absl::GetFlag(FLAGS_server);
  if (server.empty()) {
    const char *env = std::getenv("MLMD_SERVER");
    server = env && *env ? env : "127.0.0.1:8080";
  }
  CallOptions call_options;
  call_options.tenant = absl::GetFlag(FLAGS_tenant);
  call_options.bearer_token = absl::GetFlag(FLAGS_token);
  if (!absl::GetFlag(FLAGS_token_file).empty()) {
    if (!call_options.bearer_token.empty()) {
      std::cerr << "mlmdctl ui: give --token or --token_file, not both\n";
      return 2;
    }
    if (!ReadFile(absl::GetFlag(FLAGS_token_file), "--token_file",
                  &call_options.bearer_token)) {
      return 2;
    }
    call_options.bearer_token =
        std::string(absl::StripAsciiWhitespace(call_options.bearer_token));
  }

  std::shared_ptr<grpc::ChannelCredentials> credentials;
  const std::string ca = absl::GetFlag(FLAGS_tls_ca);
  const std::string cert = absl::GetFlag(FLAGS_tls_cert);
  const std::string key = absl::GetFlag(FLAGS_tls_key);
  if (cert.empty() != key.empty()) {
    std::cerr << "mlmdctl ui: --tls_cert and --tls_key go together\n";
    return 2;
  }
  if (!ca.empty() || !cert.empty()) {
    grpc::SslCredentialsOptions ssl;
    if (!ca.empty() && !ReadFile(ca, "--tls_ca", &ssl.pem_root_certs)) return 2;
    if (!cert.empty() && (!ReadFile(cert, "--tls_cert", &ssl.pem_cert_chain) ||
                          !ReadFile(key, "--tls_key", &ssl.pem_private_key))) {
      return 2;
    }
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  auto channel = grpc::CreateChannel(server, credentials);
  auto stub = ml_metadata::MetadataStoreService::NewStub(channel);
  UiApi api(stub.get(), server, call_options);

  // Signals are taken by sigwait below, never by civetweb's threads.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  mg_init_library(0);
  mg_callbacks callbacks{};
  callbacks.log_message = LogMessage;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  const char *options[] = {"listening_ports", listen.c_str(), "num_threads",
                           "8", nullptr};
  mg_context *web = mg_start(&callbacks, nullptr, options);
  if (web == nullptr) {
    std::cerr << "mlmdctl ui: cannot listen on " << listen
              << " (in use, or not host:port?)\n";
    return 1;
  }
  mg_set_request_handler(web, "/", HandleRequest, &api);
  std::cout << "mlmdctl ui: serving http://" << listen << "/ for the MLMD "
            << "server at " << server << " (Ctrl-C stops)" << std::endl;

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  mg_stop(web);
  mg_exit_library();
  return 0;
}

}  // namespace
}  // namespace mlmd::ui

int main(int argc, char **argv) { return mlmd::ui::Main(argc, argv); }
