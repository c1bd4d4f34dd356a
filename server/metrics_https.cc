// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/metrics_https.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace mlmd::server {
namespace {

MHD_Result Reply(MHD_Connection *connection, unsigned int code,
                 const std::string &body, const char *content_type) {
  MHD_Response *response = MHD_create_response_from_buffer(
      body.size(), const_cast<char *>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, "Content-Type", content_type);
  const MHD_Result result = MHD_queue_response(connection, code, response);
  MHD_destroy_response(response);
  return result;
}

MHD_Result Handle(void *cls, MHD_Connection *connection, const char *url,
                  const char *method, const char * /*version*/,
                  const char * /*upload_data*/, size_t *upload_data_size,
                  void **request_state) {
  // First call per request: headers only; answer on the second.
  static int marker;
  if (*request_state != &marker) {
    *request_state = &marker;
    return MHD_YES;
  }
  if (*upload_data_size != 0) {
    *upload_data_size = 0;  // a body is ignored
    return MHD_YES;
  }
  auto *render = static_cast<std::function<std::string()> *>(cls);
  if (std::strcmp(url, "/metrics") != 0) {
    return Reply(connection, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n",
                 "text/plain");
  }
  if (std::strcmp(method, "GET") != 0 && std::strcmp(method, "HEAD") != 0) {
    return Reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "use GET\n",
                 "text/plain");
  }
  return Reply(connection, MHD_HTTP_OK, (*render)(),
               "text/plain; version=0.0.4; charset=utf-8");
}

// "host:port" or "[v6]:port" into a socket address.
absl::Status ParseAddress(const std::string &address, sockaddr_storage *out,
                          socklen_t *len) {
  const size_t colon = address.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address '", address, "' is not host:port"));
  }
  std::string host = address.substr(0, colon);
  std::memset(out, 0, sizeof(*out));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    auto *a6 = reinterpret_cast<sockaddr_in6 *>(out);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET6, host.c_str(), &a6->sin6_addr) != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("metrics host '", host, "' is not an IPv6 address"));
    }
    *len = sizeof(sockaddr_in6);
    return absl::OkStatus();
  }
  if (host.empty() || host == "0.0.0.0") host = "0.0.0.0";
  if (host == "localhost") host = "127.0.0.1";
  auto *a4 = reinterpret_cast<sockaddr_in *>(out);
  a4->sin_family = AF_INET;
  a4->sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &a4->sin_addr) != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metrics host '", host, "' is not an IPv4 address (or [IPv6])"));
  }
  *len = sizeof(sockaddr_in);
  return absl::OkStatus();
}

}  // namespace

std::string PemBlocks(const std::string &pem, const std::string &label_suffix) {
  std::string out;
  size_t pos = 0;
  while ((pos = pem.find("-----BEGIN ", pos)) != std::string::npos) {
    const size_t label_end = pem.find("-----", pos + 11);
    if (label_end == std::string::npos) break;
    const std::string label = pem.substr(pos + 11, label_end - pos - 11);
    const std::string end_marker = absl::StrCat("-----END ", label, "-----");
    const size_t end = pem.find(end_marker, label_end);
    if (end == std::string::npos) break;
    const size_t stop = end + end_marker.size();
    if (absl::EndsWith(label, label_suffix)) {
      absl::StrAppend(&out, pem.substr(pos, stop - pos), "\n");
    }
    pos = stop;
  }
  return out;
}

absl::StatusOr<std::unique_ptr<HttpsMetricsEndpoint>>
HttpsMetricsEndpoint::Start(const std::string &address,
                            const std::string &pem_file,
                            std::function<std::string()> render) {
  std::ifstream in(pem_file);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_tls_cert_file: cannot read ", pem_file));
  }
  std::stringstream text;
  text << in.rdbuf();
  std::unique_ptr<HttpsMetricsEndpoint> endpoint(new HttpsMetricsEndpoint());
  endpoint->key_pem_ = PemBlocks(text.str(), "PRIVATE KEY");
  endpoint->cert_pem_ = PemBlocks(text.str(), "CERTIFICATE");
  if (endpoint->key_pem_.empty() || endpoint->cert_pem_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_tls_cert_file: ", pem_file,
                     " must hold a PEM private key and a PEM certificate"));
  }
  sockaddr_storage addr;
  socklen_t addr_len = 0;
  if (auto st = ParseAddress(address, &addr, &addr_len); !st.ok()) return st;
  endpoint->render_ = std::move(render);
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS;
  if (addr.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  endpoint->daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Handle, &endpoint->render_,
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr *>(&addr),
      MHD_OPTION_HTTPS_MEM_KEY, endpoint->key_pem_.c_str(),
      MHD_OPTION_HTTPS_MEM_CERT, endpoint->cert_pem_.c_str(),
      MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 16u,
      MHD_OPTION_END);
  if (endpoint->daemon_ == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot serve metrics over HTTPS on ", address,
        " (port in use, address not available, or the key and certificate "
        "in ",
        pem_file, " do not work together)"));
  }
  const MHD_DaemonInfo *info =
      MHD_get_daemon_info(endpoint->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  if (info != nullptr) endpoint->port_ = info->port;
  return endpoint;
}

HttpsMetricsEndpoint::~HttpsMetricsEndpoint() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

}  // namespace mlmd::server
