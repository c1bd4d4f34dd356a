// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Prometheus metrics of a running server, served as text on /metrics:
//
//   mlmd_rpc_handled_total{method,code}     finished calls by gRPC status
//   mlmd_rpc_duration_seconds{method}       histogram of call latency
//   mlmd_rpc_in_flight                      calls running now
//   mlmd_tenant_calls_total{tenant}         calls admitted per tenant
//   mlmd_server_info{backend,schema_version} 1, names the database in use
//   mlmd_db_pool_connections{state}         idle / leased pooled connections
//   mlmd_db_pool_max_connections            the pool's size limit
//   mlmd_db_connections_opened_total        connections opened (reconnects too)
//   mlmd_db_pool_waits_total                acquisitions that had to wait
//   mlmd_db_transaction_retries_total       deadlock/serialization retries
//   mlmd_db_transactions_given_up_total     transactions that ran out of
//                                           retries (ABORTED to the client)
//
// The database figures are read from the store when scraped, so recording a
// call touches only per-RPC atomics and one histogram's own lock.
#ifndef MLMD_SERVER_METRICS_H_
#define MLMD_SERVER_METRICS_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "server/metrics_https.h"
#include "store/store.h"

namespace mlmd::server {

class ServerMetrics {
 public:
  // `store` may be null (no database figures); otherwise it must outlive
  // this object.
  explicit ServerMetrics(MetadataStore* store);
  ~ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  // A call of `rpc` (a name from rpc_list.h) began / ended.
  void CallStarted();
  void CallFinished(absl::string_view rpc, absl::StatusCode code,
                    absl::Duration latency);

  // A call was admitted to `tenant` (after identity and role checks).
  void TenantCall(const std::string& tenant);

  // Every metric in Prometheus' text format, as /metrics serves it.
  std::string Render() const;

  // What an HTTP exposer registers.
  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }
  std::shared_ptr<prometheus::Collectable> store_collector() const {
    return store_collector_;
  }

 private:
  struct PerRpc {
    prometheus::Counter* ok = nullptr;  // the common case, looked up once
    prometheus::Histogram* latency = nullptr;
  };

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> store_collector_;
  prometheus::Family<prometheus::Counter>* handled_ = nullptr;
  prometheus::Family<prometheus::Histogram>* duration_ = nullptr;
  prometheus::Gauge* in_flight_ = nullptr;
  prometheus::Family<prometheus::Counter>* tenant_calls_ = nullptr;
  // Filled for every RPC in the constructor, read-only afterwards.
  absl::flat_hash_map<std::string, PerRpc> per_rpc_;
};

// Serves GET /metrics over plain HTTP (civetweb, via prometheus-cpp), or
// over HTTPS when given a PEM file with key and certificate (libmicrohttpd,
// server/metrics_https.h).
class MetricsEndpoint {
 public:
  // `address` is "host:port"; port 0 picks a free one. FAILED_PRECONDITION
  // when the address cannot be bound or the certificate not loaded. `metrics`
  // must outlive the endpoint.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& address, const ServerMetrics& metrics,
      const std::string& tls_cert_file = "");
  ~MetricsEndpoint();

  // The port actually bound.
  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;

  std::unique_ptr<prometheus::Exposer> exposer_;  // plain HTTP
  std::unique_ptr<HttpsMetricsEndpoint> https_;   // or HTTPS
  int port_ = 0;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_METRICS_H_
