// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// mlmdctl-ui's connection flags against a server with mutual TLS and roles:
// --tls_ca/--tls_cert/--tls_key reach the server as the named client, and
// what the server refuses comes back from the JSON API as a code and a
// message the page can show.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "test/server_process.h"
#include "test/test_pki.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

std::string Slurp(const std::string &path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// mlmdctl-ui with `flags`, serving on a free port until destroyed.
class Ui {
 public:
  explicit Ui(std::vector<std::string> flags) : port_(PickFreePort()) {
    flags.insert(flags.begin(), MLMDCTL_UI_BINARY);
    flags.push_back(absl::StrCat("--listen=127.0.0.1:", port_));
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char *> argv;
      for (auto &f : flags) argv.push_back(f.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 100 && HttpGet(port_, "/").empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  ~Ui() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  std::string Get(const std::string &path) { return HttpGet(port_, path); }

 private:
  int port_;
  pid_t pid_;
};

TEST(MlmdctlUiTlsTest, ClientCertificateIsUsedAndRefusalsAreShown) {
  const std::string dir = MakeTempDir("ui_tls");
  ASSERT_TRUE(MakeTestPki(dir, {"reader", "stranger"}))
      << Slurp(dir + "/openssl.log");
  ml_metadata::MetadataStoreServerConfig config;
  config.mutable_connection_config()->mutable_sqlite()->set_filename_uri(
      dir + "/m.sqlite");
  auto *ssl = config.mutable_ssl_config();
  ssl->set_server_key(Slurp(dir + "/server.key"));
  ssl->set_server_cert(Slurp(dir + "/server.pem"));
  ssl->set_custom_ca(Slurp(dir + "/ca.pem"));
  ssl->set_client_verify(true);
  std::string text;
  google::protobuf::TextFormat::PrintToString(config, &text);
  std::ofstream(dir + "/server.pbtxt") << text;

  grpc::SslCredentialsOptions creds;
  creds.pem_root_certs = Slurp(dir + "/ca.pem");
  creds.pem_private_key = Slurp(dir + "/reader.key");
  creds.pem_cert_chain = Slurp(dir + "/reader.pem");
  auto server = ServerProcess::Start(
      {"--metadata_store_server_config_file=" + dir + "/server.pbtxt",
       "--reader_client_names=reader"},
      {}, 30, grpc::SslCredentials(creds));
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string target = absl::StrCat("127.0.0.1:", (*server)->port());

  // The reader's certificate: reads work.
  Ui reader({"--server=" + target, "--tls_ca=" + dir + "/ca.pem",
             "--tls_cert=" + dir + "/reader.pem",
             "--tls_key=" + dir + "/reader.key"});
  const std::string ok = reader.Get("/api/types");
  EXPECT_THAT(ok, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(ok, HasSubstr(R"({"types":[]})"));

  // A certificate the server knows but gives no role: PERMISSION_DENIED.
  Ui stranger({"--server=" + target, "--tls_ca=" + dir + "/ca.pem",
               "--tls_cert=" + dir + "/stranger.pem",
               "--tls_key=" + dir + "/stranger.key"});
  const std::string denied = stranger.Get("/api/types");
  EXPECT_THAT(denied, HasSubstr("HTTP/1.1 403"));
  EXPECT_THAT(denied, HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(denied, HasSubstr("stranger"));

  // No client certificate: the handshake fails; the page says so.
  Ui anonymous({"--server=" + target, "--tls_ca=" + dir + "/ca.pem"});
  const std::string refused = anonymous.Get("/api/types");
  EXPECT_THAT(refused, HasSubstr("HTTP/1.1 503"));
  EXPECT_THAT(refused, HasSubstr("is not reachable"));
}

TEST(MlmdctlUiTlsTest, UnreadableFilesAndHalfPairsAreRefused) {
  auto run = [](std::vector<std::string> flags) {
    std::string cmd = MLMDCTL_UI_BINARY;
    for (const auto &f : flags) absl::StrAppend(&cmd, " '", f, "'");
    const int status = std::system((cmd + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  EXPECT_EQ(run({"--tls_ca=/nonexistent/ca.pem"}), 2);
  EXPECT_EQ(run({"--tls_cert=/tmp/x.pem"}), 2);
  EXPECT_EQ(run({"--token=a", "--token_file=/tmp/t"}), 2);
}

}  // namespace
}  // namespace mlmd::testing
