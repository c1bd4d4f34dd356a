// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// TLS of the real binary, configured as upstream configures it: the
// `ssl_config` of --metadata_store_server_config_file, holding PEM text.
// Certificates are made for each run with the openssl command-line tool.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "mlmd_server/admin/v1/admin.grpc.pb.h"
#include "mlmd_server/cache/v1/cache.grpc.pb.h"
#include "test/server_process.h"
#include "test/test_pki.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// A CA and a server certificate for 127.0.0.1/localhost as PEM text, and
// client certificates (client, reader, writer, admin, stranger) in `dir`, all
// signed by the CA.
struct Pki {
  std::string ca_cert, server_key, server_cert;
  std::string dir;  // holds <name>.key/.pem for each client name
};

bool MakePki(const std::string& dir, Pki* out) {
  if (!MakeTestPki(dir, {"client", "reader", "writer", "admin", "stranger"})) {
    ADD_FAILURE() << "openssl failed:\n" << ReadFile(dir + "/openssl.log");
    return false;
  }
  out->ca_cert = ReadFile(dir + "/ca.pem");
  out->server_key = ReadFile(dir + "/server.key");
  out->server_cert = ReadFile(dir + "/server.pem");
  out->dir = dir;
  return true;
}

// Writes a server config file using SQLite in `dir` and `ssl`.
std::string WriteConfig(
    const std::string& dir,
    const ml_metadata::MetadataStoreServerConfig::SSLConfig& ssl) {
  ml_metadata::MetadataStoreServerConfig config;
  config.mutable_connection_config()->mutable_sqlite()->set_filename_uri(
      dir + "/m.sqlite");
  *config.mutable_ssl_config() = ssl;
  std::string text;
  google::protobuf::TextFormat::PrintToString(config, &text);
  const std::string path = dir + "/server.pbtxt";
  std::ofstream(path) << text;
  return path;
}

// One PutArtifactType over `channel`; its gRPC status code.
grpc::StatusCode Call(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = ml_metadata::MetadataStoreService::NewStub(channel);
  ml_metadata::PutArtifactTypeRequest request;
  request.mutable_artifact_type()->set_name("Model");
  ml_metadata::PutArtifactTypeResponse response;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return stub->PutArtifactType(&ctx, request, &response).error_code();
}

// TLS credentials trusting the test CA and presenting the certificate of
// `name` (made by MakePki), or none when `name` is empty.
std::shared_ptr<grpc::ChannelCredentials> TlsAs(const Pki& pki,
                                                const std::string& name) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pki.ca_cert;
  if (!name.empty()) {
    options.pem_private_key = ReadFile(pki.dir + "/" + name + ".key");
    options.pem_cert_chain = ReadFile(pki.dir + "/" + name + ".pem");
  }
  return grpc::SslCredentials(options);
}

// One GetArtifactTypes (a read) over `channel`; its gRPC status.
grpc::Status Read(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = ml_metadata::MetadataStoreService::NewStub(channel);
  ml_metadata::GetArtifactTypesRequest request;
  ml_metadata::GetArtifactTypesResponse response;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return stub->GetArtifactTypes(&ctx, request, &response);
}

class TlsE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("tls");
    ASSERT_TRUE(MakePki(dir_, &pki_));
    mutual_.set_server_key(pki_.server_key);
    mutual_.set_server_cert(pki_.server_cert);
    mutual_.set_custom_ca(pki_.ca_cert);
    mutual_.set_client_verify(true);
  }
  // Mutual TLS: clients must show a certificate signed by the test CA.
  ml_metadata::MetadataStoreServerConfig::SSLConfig mutual_;
  std::string dir_;
  Pki pki_;
};

TEST_F(TlsE2ETest, RolesLetReadersReadAndWritersWrite) {
  auto server = ServerProcess::Start(
      {"--metadata_store_server_config_file=" + WriteConfig(dir_, mutual_),
       "--reader_client_names=reader, analyst2",
       "--writer_client_names=writer"},
      {}, 30, TlsAs(pki_, "writer"));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Output(), HasSubstr("roles=on"));
  auto as = [&](const std::string& name) {
    return grpc::CreateChannel((*server)->address(), TlsAs(pki_, name));
  };
  EXPECT_EQ(Call(as("writer")), grpc::StatusCode::OK);
  EXPECT_TRUE(Read(as("writer")).ok());

  EXPECT_TRUE(Read(as("reader")).ok());
  auto stub = ml_metadata::MetadataStoreService::NewStub(as("reader"));
  ml_metadata::PutArtifactTypeRequest put;
  put.mutable_artifact_type()->set_name("Forbidden");
  ml_metadata::PutArtifactTypeResponse put_resp;
  grpc::ClientContext ctx;
  const grpc::Status denied = stub->PutArtifactType(&ctx, put, &put_resp);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(denied.error_message(),
              HasSubstr("client 'reader' has the reader role and cannot call "
                        "PutArtifactType"));

  // A valid certificate of a client named in neither list gets nothing.
  const grpc::Status stranger = Read(as("stranger"));
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(stranger.error_message(), HasSubstr("'stranger' has no role"));

  // Nothing the reader attempted was written.
  auto writer = ml_metadata::MetadataStoreService::NewStub(as("writer"));
  ml_metadata::GetArtifactTypeRequest get;
  get.set_type_name("Forbidden");
  ml_metadata::GetArtifactTypeResponse get_resp;
  grpc::ClientContext get_ctx;
  EXPECT_EQ(writer->GetArtifactType(&get_ctx, get, &get_resp).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// A dry-run purge through the admin API as `channel`'s client.
grpc::Status DryPurge(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = mlmd_server::admin::v1::AdminService::NewStub(channel);
  mlmd_server::admin::v1::PurgePipelineRunsRequest req;
  req.mutable_policy()->set_keep_last(5);
  req.mutable_options()->set_dry_run(true);
  mlmd_server::admin::v1::PurgePipelineRunsResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return stub->PurgePipelineRuns(&ctx, req, &resp);
}

// A cache lookup (a read of our own API) as `channel`'s client.
grpc::Status CacheLookup(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = mlmd_server::cache::v1::CacheService::NewStub(channel);
  mlmd_server::cache::v1::LookupCachedExecutionRequest req;
  req.set_fingerprint("f");
  req.set_pipeline_name("p");
  mlmd_server::cache::v1::LookupCachedExecutionResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return stub->LookupCachedExecution(&ctx, req, &resp);
}

TEST_F(TlsE2ETest, OnlyAdminsMayCallTheAdminApi) {
  auto server = ServerProcess::Start(
      {"--metadata_store_server_config_file=" + WriteConfig(dir_, mutual_),
       "--reader_client_names=reader", "--writer_client_names=writer",
       "--admin_client_names=admin"},
      {}, 30, TlsAs(pki_, "admin"));
  ASSERT_TRUE(server.ok()) << server.status();
  auto as = [&](const std::string& name) {
    return grpc::CreateChannel((*server)->address(), TlsAs(pki_, name));
  };
  for (const char* who : {"reader", "writer"}) {
    const grpc::Status denied = DryPurge(as(who));
    EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << who;
    EXPECT_THAT(denied.error_message(),
                HasSubstr("cannot call PurgePipelineRuns, an admin RPC"))
        << who;
  }
  EXPECT_EQ(DryPurge(as("stranger")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status admin = DryPurge(as("admin"));
  EXPECT_TRUE(admin.ok()) << admin.error_message();
  // Admins may also write, and readers may use our read APIs.
  EXPECT_EQ(Call(as("admin")), grpc::StatusCode::OK);
  const grpc::Status lookup = CacheLookup(as("reader"));
  EXPECT_TRUE(lookup.ok()) << lookup.error_message();
  EXPECT_EQ(CacheLookup(as("stranger")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(TlsE2ETest, RolesWithoutMutualTlsAreRefused) {
  ml_metadata::MetadataStoreServerConfig::SSLConfig server_only;
  server_only.set_server_key(pki_.server_key);
  server_only.set_server_cert(pki_.server_cert);
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit({"--metadata_store_server_config_file=" +
                                          WriteConfig(dir_, server_only),
                                      "--reader_client_names=reader"},
                                     &output),
            2);
  EXPECT_THAT(output, HasSubstr("need mutual TLS"));
  EXPECT_EQ(
      ServerProcess::RunToExit(
          {"--metadata_store_server_config_file=" + WriteConfig(dir_, mutual_),
           "--reader_client_names=x", "--writer_client_names=y,x"},
          &output),
      2);
  EXPECT_THAT(output, HasSubstr("'x' is in both"));
}

TEST_F(TlsE2ETest, ServerTlsAcceptsTrustingClientsOnly) {
  ml_metadata::MetadataStoreServerConfig::SSLConfig ssl;
  ssl.set_server_key(pki_.server_key);
  ssl.set_server_cert(pki_.server_cert);
  auto server = ServerProcess::Start(
      {"--metadata_store_server_config_file=" + WriteConfig(dir_, ssl)}, {}, 30,
      TlsAs(pki_, ""));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Output(), HasSubstr("tls=on"));
  EXPECT_EQ(Call((*server)->channel()), grpc::StatusCode::OK);

  // Plain-text clients, and clients that do not trust the CA, get nowhere.
  EXPECT_NE(Call(grpc::CreateChannel((*server)->address(),
                                     grpc::InsecureChannelCredentials())),
            grpc::StatusCode::OK);
  EXPECT_NE(Call(grpc::CreateChannel(
                (*server)->address(),
                grpc::SslCredentials(grpc::SslCredentialsOptions()))),
            grpc::StatusCode::OK);
}

TEST_F(TlsE2ETest, ClientVerifyRequiresACertificateFromTheCa) {
  auto server = ServerProcess::Start(
      {"--metadata_store_server_config_file=" + WriteConfig(dir_, mutual_)}, {},
      30, TlsAs(pki_, "client"));
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(Call((*server)->channel()), grpc::StatusCode::OK);
  EXPECT_NE(Call(grpc::CreateChannel((*server)->address(), TlsAs(pki_, ""))),
            grpc::StatusCode::OK);
}

TEST_F(TlsE2ETest, PathsInsteadOfPemAreRefusedByName) {
  ml_metadata::MetadataStoreServerConfig::SSLConfig ssl;
  ssl.set_server_key(dir_ + "/server.key");  // a path: upstream wants PEM
  ssl.set_server_cert(pki_.server_cert);
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit({"--metadata_store_server_config_file=" +
                                      WriteConfig(dir_, ssl)},
                                     &output),
            2);
  EXPECT_THAT(output, HasSubstr("ssl_config.server_key does not hold PEM"));

  ssl.set_server_key(pki_.server_key);
  ssl.set_client_verify(true);  // with no custom_ca to verify against
  EXPECT_EQ(ServerProcess::RunToExit({"--metadata_store_server_config_file=" +
                                      WriteConfig(dir_, ssl)},
                                     &output),
            2);
  EXPECT_THAT(output, HasSubstr("ssl_config.custom_ca is empty"));
}

}  // namespace
}  // namespace mlmd::testing
