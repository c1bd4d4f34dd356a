// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/metrics.h"

#include <exception>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "prometheus/metric_family.h"
#include "prometheus/text_serializer.h"
#include "server/rpc_list.h"

namespace mlmd::server {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// Seconds; MLMD calls range from sub-millisecond reads to multi-second
// lineage walks and large batches.
const prometheus::Histogram::BucketBoundaries &LatencyBuckets() {
  static const auto *buckets = new prometheus::Histogram::BucketBoundaries{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return *buckets;
}

MetricFamily OneValue(std::string name, std::string help, MetricType type,
                      double value) {
  MetricFamily family{std::move(name), std::move(help), type, {}};
  ClientMetric &m = family.metric.emplace_back();
  if (type == MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  return family;
}

// The store's pool and transaction figures, read at each scrape.
class StoreCollector : public prometheus::Collectable {
 public:
  explicit StoreCollector(MetadataStore *store) : store_(store) {}

  std::vector<MetricFamily> Collect() const override {
    std::vector<MetricFamily> out;
    if (store_ == nullptr) return out;
    const MetadataStore::Stats stats = store_->stats();
    MetricFamily connections{"mlmd_db_pool_connections",
                             "Open pooled database connections by state.",
                             MetricType::Gauge,
                             {}};
    for (const auto &[state, count] :
         {std::pair<const char *, int>{"idle", stats.pool_idle},
          std::pair<const char *, int>{"leased", stats.pool_leased}}) {
      ClientMetric &m = connections.metric.emplace_back();
      m.label.push_back({"state", state});
      m.gauge.value = count;
    }
    out.push_back(std::move(connections));
    out.push_back(OneValue("mlmd_db_pool_max_connections",
                           "Most database connections the pool opens.",
                           MetricType::Gauge, stats.pool_max_connections));
    out.push_back(OneValue(
        "mlmd_db_connections_opened_total",
        "Database connections opened, including reconnects after failures.",
        MetricType::Counter,
        static_cast<double>(stats.connections_opened_total)));
    out.push_back(OneValue(
        "mlmd_db_pool_waits_total",
        "Connection acquisitions that waited for a free pooled connection.",
        MetricType::Counter, static_cast<double>(stats.pool_waits_total)));
    out.push_back(OneValue(
        "mlmd_db_transaction_retries_total",
        "Transaction attempts run again after a deadlock, serialization "
        "failure, lock timeout or broken connection.",
        MetricType::Counter,
        static_cast<double>(stats.transaction_retries_total)));
    out.push_back(
        OneValue("mlmd_db_transactions_given_up_total",
                 "Transactions that still conflicted after the last retry and "
                 "returned ABORTED.",
                 MetricType::Counter,
                 static_cast<double>(stats.transactions_given_up_total)));
    out.push_back(OneValue(
        "mlmd_db_group_commits_total",
        "SQLite: transactions that committed a group of write requests "
        "(--db_group_commit).",
        MetricType::Counter, static_cast<double>(stats.group_commits_total)));
    out.push_back(OneValue(
        "mlmd_db_group_commit_members_total",
        "SQLite: write requests committed as part of a group.",
        MetricType::Counter,
        static_cast<double>(stats.group_commit_members_total)));
    out.push_back(OneValue(
        "mlmd_db_combined_writes_total",
        "Transactions that carried two or more PutExecution requests in "
        "shared statements (--db_combined_write_slots).",
        MetricType::Counter, static_cast<double>(stats.combined_writes_total)));
    out.push_back(OneValue(
        "mlmd_db_combined_write_members_total",
        "PutExecution requests committed as part of a combined transaction.",
        MetricType::Counter,
        static_cast<double>(stats.combined_write_members_total)));
    out.push_back(OneValue(
        "mlmd_db_combined_write_fallbacks_total",
        "Combined transactions that failed; each of their requests then ran "
        "alone.",
        MetricType::Counter,
        static_cast<double>(stats.combined_write_fallbacks_total)));
    out.push_back(OneValue(
        "mlmd_db_combined_writes_waiting",
        "Write requests queued now for the next combined transaction.",
        MetricType::Gauge, static_cast<double>(stats.combined_writes_waiting)));
    out.push_back(OneValue(
        "mlmd_db_combined_write_impatient_starts_total",
        "Write transactions started beside running ones of their kind that "
        "were slow to finish (waiting for a lock, perhaps).",
        MetricType::Counter,
        static_cast<double>(stats.combined_write_impatient_starts_total)));
    return out;
  }

 private:
  MetadataStore *store_;
};

}  // namespace

ServerMetrics::ServerMetrics(MetadataStore *store)
    : registry_(std::make_shared<prometheus::Registry>()),
      store_collector_(std::make_shared<StoreCollector>(store)) {
  handled_ = &prometheus::BuildCounter()
                  .Name("mlmd_rpc_handled_total")
                  .Help(
                      "Finished MetadataStoreService calls by method and "
                      "gRPC status code.")
                  .Register(*registry_);
  duration_ = &prometheus::BuildHistogram()
                   .Name("mlmd_rpc_duration_seconds")
                   .Help(
                       "Time from the start of a call to its response, by "
                       "method.")
                   .Register(*registry_);
  tenant_calls_ = &prometheus::BuildCounter()
                       .Name("mlmd_tenant_calls_total")
                       .Help(
                           "Calls admitted to each tenant (identity and role "
                           "checked); one series per tenant in use.")
                       .Register(*registry_);
  in_flight_ = &prometheus::BuildGauge()
                    .Name("mlmd_rpc_in_flight")
                    .Help("MetadataStoreService calls running now.")
                    .Register(*registry_)
                    .Add({});
  if (store != nullptr) {
    prometheus::BuildGauge()
        .Name("mlmd_server_info")
        .Help(
            "Always 1; its labels name the database backend and MLMD "
            "schema version in use.")
        .Register(*registry_)
        .Add({{"backend", store->backend_name()},
              {"schema_version", absl::StrCat(store->schema_version())}})
        .Set(1);
  }
#define MLMD_METRICS_ADD_RPC(Name)                                \
  per_rpc_[#Name] =                                               \
      PerRpc{&handled_->Add({{"method", #Name}, {"code", "OK"}}), \
             &duration_->Add({{"method", #Name}}, LatencyBuckets())};
  MLMD_FOR_EACH_RPC(MLMD_METRICS_ADD_RPC, MLMD_METRICS_ADD_RPC)
#undef MLMD_METRICS_ADD_RPC
}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::CallStarted() { in_flight_->Increment(); }

void ServerMetrics::TenantCall(const std::string &tenant) {
  // Family::Add returns the existing series for known labels (under the
  // family's lock); tenants reach here only after authorization, so the
  // series stay bounded by --max_tenants.
  tenant_calls_->Add({{"tenant", tenant}}).Increment();
}

void ServerMetrics::CallFinished(absl::string_view rpc, absl::StatusCode code,
                                 absl::Duration latency) {
  in_flight_->Decrement();
  const double seconds = absl::ToDoubleSeconds(latency);
  auto it = per_rpc_.find(rpc);
  if (it == per_rpc_.end()) {
    // Not in rpc_list.h: counted, but without a pre-made series.
    handled_
        ->Add({{"method", std::string(rpc)},
               {"code", absl::StatusCodeToString(code)}})
        .Increment();
    return;
  }
  it->second.latency->Observe(seconds);
  if (code == absl::StatusCode::kOk) {
    it->second.ok->Increment();
  } else {
    // Family::Add returns the existing series for known labels.
    handled_
        ->Add({{"method", std::string(rpc)},
               {"code", absl::StatusCodeToString(code)}})
        .Increment();
  }
}

std::string ServerMetrics::Render() const {
  std::vector<MetricFamily> families = registry_->Collect();
  for (MetricFamily &f : store_collector_->Collect()) {
    families.push_back(std::move(f));
  }
  return prometheus::TextSerializer().Serialize(families);
}

MetricsEndpoint::~MetricsEndpoint() = default;

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string &address, const ServerMetrics &metrics,
    const std::string &tls_cert_file) {
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  if (!tls_cert_file.empty()) {
    auto https = HttpsMetricsEndpoint::Start(
        address, tls_cert_file, [&metrics] { return metrics.Render(); });
    if (!https.ok()) return https.status();
    endpoint->https_ = *std::move(https);
    endpoint->port_ = endpoint->https_->port();
    return endpoint;
  }
  try {
    // One serving thread: scrapes are rare and cheap.
    endpoint->exposer_ = std::make_unique<prometheus::Exposer>(address, 1);
  } catch (const std::exception &e) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot serve metrics on ", address,
                     " (port in use or address not available): ", e.what()));
  }
  endpoint->exposer_->RegisterCollectable(metrics.registry());
  endpoint->exposer_->RegisterCollectable(metrics.store_collector());
  const std::vector<int> ports = endpoint->exposer_->GetListeningPorts();
  if (!ports.empty()) endpoint->port_ = ports.front();
  return endpoint;
}

}  // namespace mlmd::server
