// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/grpc_web.h"

#include <civetweb.h>

#include <map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "server/grpc_web_framing.h"
#include "server/log.h"

namespace mlmd::server {
namespace {

// What Kubeflow's metadata-envoy answers to a CORS preflight
// (third_party/metadata_envoy/envoy.yaml), plus the headers we forward as
// metadata so a browser may send them too.
constexpr char kAllowMethods[] = "GET, PUT, DELETE, POST, OPTIONS";
constexpr char kAllowHeaders[] =
    "keep-alive,user-agent,cache-control,content-type,"
    "content-transfer-encoding,custom-header-1,"
    "x-accept-content-transfer-encoding,x-accept-response-streaming,"
    "x-user-agent,x-grpc-web,grpc-timeout,authorization,x-mlmd-tenant";
constexpr char kExposeHeaders[] = "custom-header-1,grpc-status,grpc-message";
constexpr char kMaxAge[] = "1728000";

// Request headers that describe the HTTP exchange rather than the call;
// everything else is passed on as gRPC metadata, as Envoy does. Cookies are
// dropped too: MLMD never reads them, and a browser's session cookies could
// exceed gRPC's metadata size limit.
bool IsTransportHeader(absl::string_view name) {
  static const auto *kNames =
      new absl::flat_hash_set<std::string>{"host",
                                           "connection",
                                           "content-length",
                                           "content-type",
                                           "content-transfer-encoding",
                                           "accept",
                                           "accept-encoding",
                                           "accept-language",
                                           "origin",
                                           "referer",
                                           "user-agent",
                                           "te",
                                           "transfer-encoding",
                                           "keep-alive",
                                           "upgrade",
                                           "cache-control",
                                           "pragma",
                                           "cookie",
                                           "dnt",
                                           "priority",
                                           "expect",
                                           "x-grpc-web",
                                           "x-user-agent",
                                           "x-accept-content-transfer-encoding",
                                           "x-accept-response-streaming"};
  return kNames->contains(name) || absl::StartsWith(name, "sec-") ||
         absl::StartsWith(name, "grpc-") ||
         absl::StartsWith(name, "access-control-");
}

bool IsMetadataKey(absl::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

bool IsPrintableAscii(absl::string_view value) {
  for (unsigned char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// One grpc-web exchange on a civetweb connection.
class Exchange {
 public:
  explicit Exchange(mg_connection *conn)
      : conn_(conn), info_(mg_get_request_info(conn)) {
    for (int i = 0; i < info_->num_headers; ++i) {
      headers_.emplace_back(absl::AsciiStrToLower(info_->http_headers[i].name),
                            info_->http_headers[i].value);
    }
  }

  const mg_request_info &info() const { return *info_; }
  const std::vector<std::pair<std::string, std::string>> &headers() const {
    return headers_;
  }
  std::string Header(absl::string_view name) const {
    for (const auto &[key, value] : headers_) {
      if (key == name) return value;
    }
    return "";
  }

  // Reads up to `limit` body bytes; sets `*too_large` and drains the rest
  // (so the connection stays usable) when there are more.
  std::string ReadBody(size_t limit, bool *too_large) {
    std::string body;
    char buf[16384];
    *too_large = false;
    for (;;) {
      const int n = mg_read(conn_, buf, sizeof(buf));
      if (n <= 0) break;
      if (body.size() + n > limit) *too_large = true;
      if (!*too_large) body.append(buf, n);
    }
    if (*too_large) body.clear();
    return body;
  }

  // The CORS response headers of every answer.
  std::string CorsHeaders() const {
    const std::string origin = Header("origin");
    // Kubeflow's Envoy matches every origin (regex ".*") and so echoes it.
    return absl::StrCat(
        "Access-Control-Allow-Origin: ", origin.empty() ? "*" : origin,
        "\r\nVary: Origin\r\nAccess-Control-Expose-Headers: ", kExposeHeaders,
        "\r\n");
  }

  void SendPreflight() {
    mg_printf(conn_,
              "HTTP/1.1 204 No Content\r\n%sAccess-Control-Allow-Methods: "
              "%s\r\nAccess-Control-Allow-Headers: %s\r\n"
              "Access-Control-Max-Age: %s\r\nContent-Length: 0\r\n\r\n",
              CorsHeaders().c_str(), kAllowMethods, kAllowHeaders, kMaxAge);
  }

  // A plain HTTP error, for requests that are not grpc-web at all.
  void SendHttpError(int code, const char *reason, absl::string_view text,
                     absl::string_view extra_headers = "") {
    const std::string body = absl::StrCat(text, "\n");
    mg_printf(conn_,
              "HTTP/1.1 %d %s\r\n%s%sContent-Type: text/plain\r\n"
              "Content-Length: %zu\r\n\r\n",
              code, reason, CorsHeaders().c_str(),
              std::string(extra_headers).c_str(), body.size());
    mg_write(conn_, body.data(), body.size());
  }

  // A grpc-web answer in `content_type`'s encoding. An error status goes in
  // the HTTP headers with no body ("trailers-only"), which every grpc-web
  // client reads; a success carries the message and the trailer frame.
  void SendGrpc(bool text, const grpc::Status &status,
                const std::string &message,
                const std::multimap<grpc::string_ref, grpc::string_ref>
                    *trailing_metadata) {
    const char *content_type =
        text ? "application/grpc-web-text+proto" : "application/grpc-web+proto";
    std::string head = absl::StrCat("HTTP/1.1 200 OK\r\n", CorsHeaders(),
                                    "Content-Type: ", content_type, "\r\n");
    std::string body;
    if (!status.ok()) {
      absl::StrAppend(&head, "grpc-status: ", status.error_code(),
                      "\r\ngrpc-message: ",
                      grpc_web::PercentEncode(status.error_message()), "\r\n");
    } else {
      std::string trailer = grpc_web::TrailerText(0, "");
      if (trailing_metadata != nullptr) {
        for (const auto &[key, value] : *trailing_metadata) {
          const absl::string_view k(key.data(), key.size());
          const absl::string_view v(value.data(), value.size());
          if (absl::EndsWith(k, "-bin")) {
            absl::StrAppend(&trailer, k, ":", absl::Base64Escape(v), "\r\n");
          } else if (IsPrintableAscii(v)) {
            absl::StrAppend(&trailer, k, ":", v, "\r\n");
          }
        }
      }
      body = grpc_web::Frame(0, message) +
             grpc_web::Frame(grpc_web::kTrailerFlag, trailer);
      if (text) body = grpc_web::EncodeTextBody(body);
    }
    absl::StrAppend(&head, "Content-Length: ", body.size(), "\r\n\r\n");
    mg_write(conn_, head.data(), head.size());
    if (!body.empty()) mg_write(conn_, body.data(), body.size());
  }

 private:
  mg_connection *conn_;
  const mg_request_info *info_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

grpc::Status ToGrpc(const absl::Status &status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

int LogCivetweb(const mg_connection *, const char *message) {
  LogWarning("grpc-web http: ", message);
  return 1;  // handled: civetweb prints nothing itself
}

}  // namespace

GrpcWebEndpoint::GrpcWebEndpoint(const GrpcWebOptions &options,
                                 std::shared_ptr<grpc::Channel> channel)
    : options_(options), stub_(std::move(channel)) {}

absl::StatusOr<std::unique_ptr<GrpcWebEndpoint>> GrpcWebEndpoint::Start(
    const GrpcWebOptions &options, grpc::Server *server) {
  std::unique_ptr<GrpcWebEndpoint> endpoint(new GrpcWebEndpoint(
      options, server->InProcessChannel(grpc::ChannelArguments())));
  // civetweb writes IPv6 listen addresses as [addr]:port.
  std::string listen = options.address;
  const size_t colon = listen.rfind(':');
  if (colon != std::string::npos && listen.find(':') != colon &&
      listen[0] != '[') {
    listen =
        absl::StrCat("[", listen.substr(0, colon), "]", listen.substr(colon));
  }
  const std::string threads = absl::StrCat(options.threads);
  const char *civet_options[] = {
      "listening_ports", listen.c_str(), "num_threads", threads.c_str(),
      "enable_keep_alive", "yes", "request_timeout_ms", "60000",
      // Request line and headers; civetweb's default of 16 KiB is tight for
      // the cookies and tokens a browser behind an auth proxy sends.
      "max_request_size", "65536",
      // civetweb would answer CORS preflights
      // itself; ours mirror Kubeflow's Envoy.
      "access_control_allow_methods", "", "access_control_allow_origin", "",
      nullptr};
  mg_callbacks callbacks{};
  callbacks.log_message = LogCivetweb;
  mg_init_library(0);
  endpoint->http_ = mg_start(&callbacks, nullptr, civet_options);
  if (endpoint->http_ == nullptr) {
    return absl::UnavailableError(
        absl::StrCat("--grpc_web_port: cannot listen on ", options.address,
                     " (port in use or address not available)"));
  }
  mg_set_request_handler(endpoint->http_, "/", &GrpcWebEndpoint::HandleRequest,
                         endpoint.get());
  return endpoint;
}

GrpcWebEndpoint::~GrpcWebEndpoint() {
  if (http_ != nullptr) mg_stop(http_);
}

int GrpcWebEndpoint::HandleRequest(mg_connection *conn, void *self) {
  static_cast<GrpcWebEndpoint *>(self)->Handle(conn);
  return 1;  // civetweb: the response was sent
}

void GrpcWebEndpoint::Handle(mg_connection *conn) {
  Exchange ex(conn);
  const absl::string_view method = ex.info().request_method;
  if (method == "OPTIONS") {
    ex.SendPreflight();
    return;
  }
  if (method != "POST") {
    ex.SendHttpError(405, "Method Not Allowed",
                     "grpc-web calls are POST /<package>.<Service>/<Method>",
                     "Allow: POST, OPTIONS\r\n");
    return;
  }
  // "application/grpc-web", "...+proto" and the -text variants, with any
  // parameters after ';'.
  std::string content_type = ex.Header("content-type");
  content_type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(
      absl::string_view(content_type).substr(0, content_type.find(';'))));
  bool text = false;
  if (content_type == "application/grpc-web-text" ||
      content_type == "application/grpc-web-text+proto") {
    text = true;
  } else if (content_type != "application/grpc-web" &&
             content_type != "application/grpc-web+proto") {
    ex.SendHttpError(
        415, "Unsupported Media Type",
        absl::StrCat("content-type '", content_type,
                     "' is not application/grpc-web[-text][+proto]"));
    return;
  }

  // Room for the base64 growth of the text encoding and the frame header.
  const size_t body_limit = options_.max_request_bytes / 3 * 4 + 64;
  bool too_large = false;
  std::string body = ex.ReadBody(body_limit, &too_large);
  if (too_large) {
    ex.SendGrpc(text,
                grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                             absl::StrCat("grpc-web: request body exceeds the "
                                          "limit of ",
                                          options_.max_request_bytes,
                                          " bytes (--grpc_web_max_request_"
                                          "bytes)")),
                "", nullptr);
    return;
  }
  if (text) {
    auto decoded = grpc_web::DecodeTextBody(body);
    if (!decoded.ok()) {
      ex.SendGrpc(text, ToGrpc(decoded.status()), "", nullptr);
      return;
    }
    body = *std::move(decoded);
  }
  auto message = grpc_web::ParseUnaryRequest(body, options_.max_request_bytes);
  if (!message.ok()) {
    ex.SendGrpc(text, ToGrpc(message.status()), "", nullptr);
    return;
  }

  const std::string path = ex.info().local_uri;
  const std::vector<absl::string_view> parts = absl::StrSplit(path, '/');
  if (parts.size() != 3 || !parts[0].empty() || parts[1].empty() ||
      parts[2].empty()) {
    ex.SendGrpc(text,
                grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                             absl::StrCat("grpc-web: '", path,
                                          "' is not /<package>.<Service>/"
                                          "<Method>")),
                "", nullptr);
    return;
  }

  grpc::ClientContext context;
  for (const auto &[name, value] : ex.headers()) {
    if (name == "grpc-timeout") {
      auto timeout = grpc_web::ParseTimeout(value);
      if (!timeout.ok()) {
        ex.SendGrpc(text, ToGrpc(timeout.status()), "", nullptr);
        return;
      }
      context.set_deadline(absl::ToChronoTime(absl::Now() + *timeout));
      continue;
    }
    if (IsTransportHeader(name)) continue;
    std::string metadata_value = value;
    bool valid = IsMetadataKey(name);
    if (valid && absl::EndsWith(name, "-bin")) {
      // grpc-web carries binary metadata base64-encoded, as HTTP/2 does.
      valid = absl::Base64Unescape(value, &metadata_value);
    } else if (valid) {
      valid = IsPrintableAscii(value);
    }
    if (!valid) {
      ex.SendGrpc(text,
                  grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                               absl::StrCat("grpc-web: header '", name,
                                            "' cannot be passed on as gRPC "
                                            "metadata")),
                  "", nullptr);
      return;
    }
    context.AddMetadata(name, metadata_value);
  }

  grpc::Slice slice(*message);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub_.UnaryCall(&context, path, grpc::StubOptions(), &request, &response,
                  [&](grpc::Status s) {
                    status = std::move(s);
                    done.Notify();
                  });
  done.WaitForNotification();
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
      status.error_message().empty()) {
    status = grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                          absl::StrCat("grpc-web: no method ", path));
  }
  std::string reply;
  if (status.ok()) {
    std::vector<grpc::Slice> slices;
    if (!response.Dump(&slices).ok()) {
      status = grpc::Status(grpc::StatusCode::INTERNAL,
                            "grpc-web: cannot read the response message");
    }
    for (const grpc::Slice &s : slices) {
      reply.append(reinterpret_cast<const char *>(s.begin()), s.size());
    }
  }
  ex.SendGrpc(text, status, reply, &context.GetServerTrailingMetadata());
}

}  // namespace mlmd::server
