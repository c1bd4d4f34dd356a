// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// GET /metrics over HTTPS, for --metrics_tls_cert_file. prometheus-cpp's
// own exposer (civetweb) cannot do TLS with Debian 12's libraries: its
// civetweb loads OpenSSL 3 at run time through an API it was not built for
// and crashes on the first TLS request. This endpoint uses libmicrohttpd
// (with GnuTLS) instead and serves the same text as the plain endpoint.
#ifndef MLMD_SERVER_METRICS_HTTPS_H_
#define MLMD_SERVER_METRICS_HTTPS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

struct MHD_Daemon;

namespace mlmd::server {

class HttpsMetricsEndpoint {
 public:
  // Serves `render()` at /metrics on `address` ("host:port", IPv4 or
  // "[v6]:port"; port 0 picks a free one) with the private key and the
  // certificate (chain) read from the PEM file `pem_file`.
  // INVALID_ARGUMENT for an unreadable file or one without a key or a
  // certificate; FAILED_PRECONDITION when the address cannot be bound or
  // TLS not set up with them.
  static absl::StatusOr<std::unique_ptr<HttpsMetricsEndpoint>> Start(
      const std::string &address, const std::string &pem_file,
      std::function<std::string()> render);
  ~HttpsMetricsEndpoint();

  int port() const { return port_; }

 private:
  HttpsMetricsEndpoint() = default;

  std::function<std::string()> render_;
  std::string key_pem_;
  std::string cert_pem_;
  MHD_Daemon *daemon_ = nullptr;
  int port_ = 0;
};

// The PEM blocks of `pem` whose label ends with `label_suffix` ("PRIVATE
// KEY" matches "RSA PRIVATE KEY" and "EC PRIVATE KEY" too), concatenated.
std::string PemBlocks(const std::string &pem, const std::string &label_suffix);

}  // namespace mlmd::server

#endif  // MLMD_SERVER_METRICS_HTTPS_H_
