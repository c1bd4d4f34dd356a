// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Prometheus metrics: the /metrics endpoint of the real binary, the
// per-RPC series, the store figures, and the transaction retry counters.
#include "server/metrics.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/transaction.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"
#include "test/test_pki.h"

namespace mlmd {
namespace {

using ::testing::HasSubstr;
using testing::MakeTempDir;
using testing::HttpGet;
using testing::MakeTestPki;
using ::testing::Not;
using testing::PickFreePort;
using testing::ServerProcess;

// GET http://127.0.0.1:<port><path>; the whole response, headers included,
// or "" when the connection fails.
// Sample lines of a text exposition: "name{labels}" -> value.
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    if (space == absl::string_view::npos) continue;
    double value = 0;
    if (absl::SimpleAtod(line.substr(space + 1), &value)) {
      out[std::string(line.substr(0, space))] = value;
    }
  }
  return out;
}

// -1 when the series is absent, so a missing one fails the comparison.
double Value(const std::map<std::string, double>& samples,
             const std::string& series) {
  auto it = samples.find(series);
  return it == samples.end() ? -1 : it->second;
}

TEST(MetricsE2E, EndpointCountsCallsByMethodAndCode) {
  const std::string dir = MakeTempDir("metrics_e2e");
  const int metrics_port = PickFreePort();
  auto server = ServerProcess::Start(
      {"--sqlite_path=" + dir + "/m.sqlite",
       absl::StrCat("--metrics_port=", metrics_port), "--db_pool_size=3"});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Output(),
              HasSubstr(absl::StrCat(":", metrics_port, "/metrics")));
  auto& stub = (*server)->stub();

  ml_metadata::PutArtifactTypeRequest put;
  put.mutable_artifact_type()->set_name("Model");
  ml_metadata::PutArtifactTypeResponse put_resp;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub.PutArtifactType(&ctx, put, &put_resp).ok());
  }
  for (int i = 0; i < 2; ++i) {
    ml_metadata::GetArtifactTypeRequest get;
    get.set_type_name("NoSuchType");
    ml_metadata::GetArtifactTypeResponse get_resp;
    grpc::ClientContext ctx;
    EXPECT_EQ(stub.GetArtifactType(&ctx, get, &get_resp).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }

  const std::string response = HttpGet(metrics_port, "/metrics");
  ASSERT_THAT(response, HasSubstr("200 OK"));
  auto samples = Samples(response);
  EXPECT_EQ(Value(samples,
                  "mlmd_rpc_handled_total{code=\"OK\",method="
                  "\"PutArtifactType\"}"),
            1);
  EXPECT_EQ(Value(samples,
                  "mlmd_rpc_handled_total{code=\"NOT_FOUND\","
                  "method=\"GetArtifactType\"}"),
            2);
  EXPECT_EQ(Value(samples,
                  "mlmd_rpc_handled_total{code=\"OK\",method="
                  "\"GetArtifactType\"}"),
            0);
  EXPECT_EQ(
      Value(samples,
            "mlmd_rpc_duration_seconds_count{method=\"GetArtifactType\"}"),
      2);
  EXPECT_GT(Value(samples,
                  "mlmd_rpc_duration_seconds_sum{method=\"PutArtifactType\"}"),
            0);
  EXPECT_EQ(Value(samples, "mlmd_rpc_in_flight"), 0);
  EXPECT_EQ(Value(samples,
                  "mlmd_server_info{backend=\"sqlite\","
                  "schema_version=\"10\"}"),
            1);
  EXPECT_EQ(Value(samples, "mlmd_db_pool_max_connections"), 3);
  EXPECT_GE(Value(samples, "mlmd_db_connections_opened_total"), 1);
  EXPECT_EQ(Value(samples, "mlmd_db_pool_connections{state=\"leased\"}"), 0);
  EXPECT_GE(Value(samples, "mlmd_db_pool_connections{state=\"idle\"}"), 1);
  EXPECT_EQ(Value(samples, "mlmd_db_transaction_retries_total"), 0);
  EXPECT_EQ(Value(samples, "mlmd_db_transactions_given_up_total"), 0);
  // Group commit (SQLite): the start-up write and PutArtifactType each
  // committed as a group of their own, one client calling in turn.
  EXPECT_GE(Value(samples, "mlmd_db_group_commits_total"), 2);
  EXPECT_EQ(Value(samples, "mlmd_db_group_commit_members_total"),
            Value(samples, "mlmd_db_group_commits_total"));
  // Write combining: exported, and nothing to combine for one client
  // calling in turn (store_write_combining_test checks the counting).
  for (const char* name :
       {"mlmd_db_combined_writes_total", "mlmd_db_combined_write_members_total",
        "mlmd_db_combined_write_fallbacks_total",
        "mlmd_db_combined_writes_waiting",
        "mlmd_db_combined_write_impatient_starts_total"}) {
    EXPECT_EQ(Value(samples, name), 0) << name;
  }

  // A later scrape sees later calls.
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub.PutArtifactType(&ctx, put, &put_resp).ok());
  }
  samples = Samples(HttpGet(metrics_port, "/metrics"));
  EXPECT_EQ(Value(samples,
                  "mlmd_rpc_handled_total{code=\"OK\",method="
                  "\"PutArtifactType\"}"),
            2);
}

TEST(MetricsE2E, NoEndpointUnlessAsked) {
  const std::string dir = MakeTempDir("metrics_off");
  auto server = ServerProcess::Start({"--sqlite_path=" + dir + "/m.sqlite"});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Output(),
              ::testing::Not(HasSubstr("metrics on http")));
}

TEST(MetricsE2E, PortInUseStopsStartUpWithMessage) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int taken = ntohs(addr.sin_port);

  const std::string dir = MakeTempDir("metrics_busy");
  std::string output;
  const int code = ServerProcess::RunToExit(
      {"--sqlite_path=" + dir + "/m.sqlite", "--listen_host=127.0.0.1",
       absl::StrCat("--grpc_port=", PickFreePort()),
       absl::StrCat("--metrics_port=", taken)},
      &output);
  close(fd);
  EXPECT_EQ(code, 1);
  EXPECT_THAT(output, HasSubstr(absl::StrCat(
                          "cannot serve metrics on 127.0.0.1:", taken)));
}

TEST(MetricsE2E, BadMetricsPortIsRejected) {
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit({"--metrics_port=-1"}, &output), 2);
  EXPECT_THAT(output, HasSubstr("--metrics_port must be between 0"));
  EXPECT_EQ(ServerProcess::RunToExit(
                {"--grpc_port=18111", "--metrics_port=18111"}, &output),
            2);
  EXPECT_THAT(output, HasSubstr("must differ from --grpc_port"));
}

// Output and exit code of a shell command.
int RunShell(const std::string& command, std::string* output) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(MetricsE2E, ServedOverHttpsWithTheGivenCertificate) {
  const std::string dir = MakeTempDir("metrics_https");
  ASSERT_TRUE(MakeTestPki(dir, {}));
  // One PEM file with the key and the certificate, as the flag documents.
  ASSERT_EQ(std::system(absl::StrCat("cat '", dir, "/server.key' '", dir,
                                     "/server.pem' > '", dir, "/both.pem'")
                            .c_str()),
            0);
  const int metrics_port = PickFreePort();
  auto server =
      ServerProcess::Start({"--sqlite_path=" + dir + "/m.sqlite",
                            absl::StrCat("--metrics_port=", metrics_port),
                            "--metrics_tls_cert_file=" + dir + "/both.pem"});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Output(), HasSubstr("metrics on https://"));
  {
    ml_metadata::GetArtifactsRequest req;
    ml_metadata::GetArtifactsResponse resp;
    grpc::ClientContext ctx;
    ASSERT_TRUE((*server)->stub().GetArtifacts(&ctx, req, &resp).ok());
  }
  const std::string url =
      absl::StrCat("https://127.0.0.1:", metrics_port, "/metrics");
  std::string out;
  // Verified against the test CA, the scrape works and counts the call.
  ASSERT_EQ(RunShell(absl::StrCat("curl -sS --max-time 10 --cacert '", dir,
                                  "/ca.pem' ", url),
                     &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("mlmd_rpc_handled_total{code=\"OK\","
                             "method=\"GetArtifacts\"} 1"));
  // Without the CA the certificate is not trusted (curl exit 60), and plain
  // HTTP on the port gets no metrics.
  EXPECT_EQ(RunShell("curl -sS --max-time 10 " + url, &out), 60) << out;
  RunShell(absl::StrCat("curl -sS --max-time 10 http://127.0.0.1:",
                        metrics_port, "/metrics"),
           &out);
  EXPECT_THAT(out, Not(HasSubstr("mlmd_rpc_handled_total")));
  ASSERT_EQ(RunShell(absl::StrCat("curl -s -o /dev/null -w '%{http_code}' "
                                  "--max-time 10 --cacert '",
                                  dir, "/ca.pem' https://127.0.0.1:",
                                  metrics_port, "/other"),
                     &out),
            0);
  EXPECT_EQ(out, "404");

  // A PEM file without a key: the server refuses to start, saying so.
  ASSERT_EQ(RunShell(absl::StrCat("cp '", dir, "/server.pem' '", dir,
                                  "/cert_only.pem'"),
                     &out),
            0);
  EXPECT_EQ(ServerProcess::RunToExit(
                {"--sqlite_path=" + dir + "/m2.sqlite",
                 absl::StrCat("--metrics_port=", PickFreePort()),
                 "--metrics_tls_cert_file=" + dir + "/cert_only.pem"},
                &out),
            1);
  EXPECT_THAT(out, HasSubstr("must hold a PEM private key and a PEM "
                             "certificate"));
}

TEST(ServerMetrics, InFlightAndUnlistedMethods) {
  server::ServerMetrics metrics(/*store=*/nullptr);
  metrics.CallStarted();
  metrics.CallStarted();
  metrics.CallFinished("GetArtifacts", absl::StatusCode::kInvalidArgument,
                       absl::Milliseconds(3));
  auto samples = Samples(metrics.Render());
  EXPECT_EQ(Value(samples, "mlmd_rpc_in_flight"), 1);
  EXPECT_EQ(Value(samples,
                  "mlmd_rpc_handled_total{code=\"INVALID_ARGUMENT\","
                  "method=\"GetArtifacts\"}"),
            1);
  EXPECT_EQ(Value(samples,
                  "mlmd_rpc_duration_seconds_bucket{method="
                  "\"GetArtifacts\",le=\"0.005\"}"),
            1);
  EXPECT_EQ(Value(samples,
                  "mlmd_rpc_duration_seconds_bucket{method="
                  "\"GetArtifacts\",le=\"0.0025\"}"),
            0);
  metrics.CallFinished("NotAnRpc", absl::StatusCode::kOk, absl::ZeroDuration());
  samples = Samples(metrics.Render());
  EXPECT_EQ(Value(samples, "mlmd_rpc_in_flight"), 0);
  EXPECT_EQ(
      Value(samples, "mlmd_rpc_handled_total{code=\"OK\",method=\"NotAnRpc\"}"),
      1);
  // Without a store there are no database figures.
  EXPECT_EQ(Value(samples, "mlmd_db_pool_max_connections"), -1);
}

// Retries and give-ups are counted where the store can report them.
class TransactionCountersTest : public testing::StoreTest {};

TEST_P(TransactionCountersTest, RetriesAndGiveUpsAreCounted) {
  TransactionCounters counters;
  RetryPolicy policy;
  policy.counters = &counters;
  policy.initial_backoff = absl::Microseconds(100);
  int attempts = 0;
  MLMD_ASSERT_OK(RunInTransaction(
      store().pool(), sql::TransactionMode::kWrite, policy,
      [&](sql::Connection&) {
        return ++attempts <= 2 ? absl::AbortedError("simulated deadlock")
                               : absl::OkStatus();
      }));
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(counters.retries.load(), 2);
  EXPECT_EQ(counters.given_up.load(), 0);

  policy.max_retries = 1;
  absl::Status st = RunInTransaction(
      store().pool(), sql::TransactionMode::kWrite, policy,
      [](sql::Connection&) { return absl::AbortedError("always"); });
  EXPECT_TRUE(absl::IsAborted(st)) << st;
  EXPECT_EQ(counters.retries.load(), 3);
  EXPECT_EQ(counters.given_up.load(), 1);

  // Other errors are neither retried nor counted.
  st = RunInTransaction(
      store().pool(), sql::TransactionMode::kRead, policy,
      [](sql::Connection&) { return absl::NotFoundError("no"); });
  EXPECT_TRUE(absl::IsNotFound(st)) << st;
  EXPECT_EQ(counters.retries.load(), 3);
  EXPECT_EQ(counters.given_up.load(), 1);
}

INSTANTIATE_STORE_TEST_SUITE(TransactionCountersTest);

}  // namespace
}  // namespace mlmd
