// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// End-to-end tests of the mlmd-server binary: start-up, flags, health,
// status mapping over the wire, and shutdown.
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/sql/sqlite_connection.h"
#include "test/proto/reflection_probe.grpc.pb.h"
#include "test/server_process.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

TEST(ServerE2E, StartsWithNoDatabaseFlagsOnSqliteInDataDir) {
  const std::string dir = MakeTempDir("e2e_default");
  auto server = ServerProcess::Start({}, {absl::StrCat("MLMD_DATA_DIR=", dir)});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE(std::filesystem::exists(dir + "/metadata.sqlite"));
  EXPECT_EQ(HealthStatus((*server)->channel()), 1);
  const std::string log = (*server)->Output();
  EXPECT_THAT(log, HasSubstr("backend=sqlite"));
  EXPECT_THAT(log, HasSubstr("schema_version=10"));
  EXPECT_THAT(log, HasSubstr(absl::StrCat(":", (*server)->port())));
}

TEST(ServerE2E, SigtermStopsCleanly) {
  const std::string dir = MakeTempDir("e2e_sigterm");
  auto server =
      ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/m.db")});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->Stop(SIGTERM), 0);
  EXPECT_THAT((*server)->Output(), HasSubstr("mlmd-server stopped"));
}

TEST(ServerE2E, SigintStopsCleanly) {
  const std::string dir = MakeTempDir("e2e_sigint");
  auto server =
      ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/m.db")});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ((*server)->Stop(SIGINT), 0);
}

TEST(ServerE2E, BadPortIsRejectedWithMessage) {
  std::string out;
  EXPECT_EQ(ServerProcess::RunToExit({"--grpc_port=0"}, &out), 2);
  EXPECT_THAT(out, HasSubstr("--grpc_port"));
}

TEST(ServerE2E, DowngradeFlagIsRefused) {
  std::string out;
  EXPECT_EQ(ServerProcess::RunToExit({"--downgrade_db_schema_version=5"}, &out),
            2);
  EXPECT_THAT(out, HasSubstr("downgrade"));
}

TEST(ServerE2E, UnknownSourceTypeIsRejected) {
  std::string out;
  EXPECT_EQ(
      ServerProcess::RunToExit({"--metadata_source_config_type=oracle"}, &out),
      2);
  EXPECT_THAT(out, HasSubstr("metadata_source_config_type"));
}

TEST(ServerE2E, ConfigFileSelectsSqliteDatabase) {
  const std::string dir = MakeTempDir("e2e_config");
  const std::string cfg = dir + "/server.pbtxt";
  {
    std::ofstream out(cfg);
    out << "connection_config { sqlite { filename_uri: \"" << dir
        << "/from_config.db\" } }\n";
  }
  auto server = ServerProcess::Start(
      {absl::StrCat("--metadata_store_server_config_file=", cfg)});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE(std::filesystem::exists(dir + "/from_config.db"));
}

TEST(ServerE2E, MalformedConfigFileIsRejected) {
  const std::string dir = MakeTempDir("e2e_badconfig");
  const std::string cfg = dir + "/server.pbtxt";
  {
    std::ofstream out(cfg);
    out << "connection_config { nonsense: 1 }\n";
  }
  std::string out;
  EXPECT_EQ(
      ServerProcess::RunToExit(
          {absl::StrCat("--metadata_store_server_config_file=", cfg)}, &out),
      2);
  EXPECT_THAT(out, HasSubstr("not a valid text-format"));
}

// A database written by a newer MLMD must not be touched.
TEST(ServerE2E, NewerSchemaIsRefused) {
  const std::string dir = MakeTempDir("e2e_newer");
  const std::string db = dir + "/m.db";
  {
    auto factory = sql::NewSqliteConnectionFactory({db});
    auto conn = factory->Open();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(
        (*conn)
            ->Execute(
                "CREATE TABLE MLMDEnv (schema_version INTEGER PRIMARY KEY)")
            .ok());
    ASSERT_TRUE((*conn)->Execute("INSERT INTO MLMDEnv VALUES (11)").ok());
  }
  std::string out;
  EXPECT_EQ(
      ServerProcess::RunToExit({absl::StrCat("--sqlite_path=", db)}, &out), 1);
  EXPECT_THAT(out, HasSubstr("schema version 11"));
}

TEST(ServerE2E, NotADatabaseFileIsReportedNotCrashed) {
  const std::string dir = MakeTempDir("e2e_garbage");
  const std::string db = dir + "/m.db";
  {
    std::ofstream out(db);
    out << std::string(8192, 'x');
  }
  std::string out;
  EXPECT_EQ(
      ServerProcess::RunToExit({absl::StrCat("--sqlite_path=", db)}, &out), 1);
  EXPECT_THAT(out, HasSubstr("not a database"));
}

TEST(ServerE2E, PortInUseIsReported) {
  const std::string dir = MakeTempDir("e2e_port");
  auto first =
      ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/a.db")});
  ASSERT_TRUE(first.ok()) << first.status();
  std::string out;
  EXPECT_EQ(
      ServerProcess::RunToExit({absl::StrCat("--sqlite_path=", dir, "/b.db"),
                                absl::StrCat("--grpc_port=", (*first)->port()),
                                "--listen_host=127.0.0.1"},
                               &out),
      1);
  EXPECT_THAT(out, HasSubstr("cannot listen"));
}

}  // namespace
}  // namespace mlmd::testing

namespace mlmd::testing {
namespace {

TEST(ServerE2E, ReflectionListsTheMetadataService) {
  const std::string dir = MakeTempDir("e2e_reflection");
  auto server =
      ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/m.db")});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(
      (*server)->channel());
  grpc::ClientContext ctx;
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest req;
  req.set_list_services("");
  ASSERT_TRUE(stream->Write(req));
  grpc::reflection::v1alpha::ServerReflectionResponse resp;
  ASSERT_TRUE(stream->Read(&resp));
  std::vector<std::string> names;
  for (const auto& s : resp.list_services_response().service()) {
    names.push_back(s.name());
  }
  EXPECT_THAT(names, ::testing::Contains("ml_metadata.MetadataStoreService"));
  EXPECT_THAT(names, ::testing::Contains("grpc.health.v1.Health"));

  // Clients can fetch our schema through reflection.
  grpc::reflection::v1alpha::ServerReflectionRequest sym;
  sym.set_file_containing_symbol("ml_metadata.PutExecutionRequest");
  ASSERT_TRUE(stream->Write(sym));
  ASSERT_TRUE(stream->Read(&resp));
  EXPECT_GT(resp.file_descriptor_response().file_descriptor_proto_size(), 0);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

// Store errors reach the client with the same code and an actionable text.
TEST(ServerE2E, StoreErrorsKeepTheirCodeOverTheWire) {
  const std::string dir = MakeTempDir("e2e_codes");
  auto server =
      ServerProcess::Start({absl::StrCat("--sqlite_path=", dir, "/m.db")});
  ASSERT_TRUE(server.ok()) << server.status();
  auto& stub = (*server)->stub();
  {
    grpc::ClientContext ctx;
    ml_metadata::GetArtifactsRequest req;
    req.mutable_options()->set_filter_query("uri = ");
    ml_metadata::GetArtifactsResponse resp;
    grpc::Status st = stub.GetArtifacts(&ctx, req, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(st.error_message(), HasSubstr("column"));
  }
  {
    grpc::ClientContext ctx;
    ml_metadata::GetArtifactTypeRequest req;
    req.set_type_name("NoSuchType");
    ml_metadata::GetArtifactTypeResponse resp;
    EXPECT_EQ(stub.GetArtifactType(&ctx, req, &resp).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext ctx;
    ml_metadata::PutContextTypeRequest req;
    req.mutable_context_type()->set_name("T");
    ml_metadata::PutContextTypeResponse resp;
    ASSERT_TRUE(stub.PutContextType(&ctx, req, &resp).ok());
    ml_metadata::PutContextsRequest put;
    for (int i = 0; i < 2; ++i) {
      auto* c = put.add_contexts();
      c->set_type_id(resp.type_id());
      c->set_name("same");
    }
    grpc::ClientContext ctx2;
    ml_metadata::PutContextsResponse put_resp;
    EXPECT_EQ(stub.PutContexts(&ctx2, put, &put_resp).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
}

// The container arguments of Kubeflow Pipelines' metadata-grpc-deployment
// manifest, verbatim apart from the values it takes from its ConfigMap and
// Secret: swapping the image must be all it takes.
TEST(ServerE2E, KubeflowManifestArgumentsServeMysql) {
  const char* host = std::getenv("MLMD_TEST_MYSQL_HOST");
  if (host == nullptr || *host == '\0') {
    GTEST_SKIP() << "no MySQL/MariaDB test server (scripts/testdb.sh)";
  }
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v == nullptr ? "" : v);
  };
  auto server = ServerProcess::Start(
      {"--grpc_port=8080",
       absl::StrCat("--mysql_config_database=kfp_manifest_", getpid()),
       "--mysql_config_host=" + env("MLMD_TEST_MYSQL_HOST"),
       "--mysql_config_port=" + env("MLMD_TEST_MYSQL_PORT"),
       "--mysql_config_user=" + env("MLMD_TEST_MYSQL_USER"),
       "--mysql_config_password=" + env("MLMD_TEST_MYSQL_PASSWORD"),
       "--enable_database_upgrade=true",
       "--grpc_channel_arguments=grpc.max_metadata_size=16384,grpc.max_"
       "receive_message_length=104857600,grpc.max_send_message_length="
       "104857600"});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_THAT((*server)->Output(), HasSubstr("backend=mysql"));
  grpc::ClientContext ctx;
  ml_metadata::PutArtifactTypeRequest req;
  req.mutable_artifact_type()->set_name("system.Model");
  ml_metadata::PutArtifactTypeResponse resp;
  const grpc::Status st = (*server)->stub().PutArtifactType(&ctx, req, &resp);
  EXPECT_TRUE(st.ok()) << st.error_message();
  EXPECT_GT(resp.type_id(), 0);
}

TEST(ServerE2E, SlowCallLogNamesRpcStatusAndDuration) {
  const std::string dir = MakeTempDir("e2e_slow");
  for (const char* threshold : {"0", "-1"}) {
    auto server =
        ServerProcess::Start({"--sqlite_path=" + dir + "/m.sqlite",
                              absl::StrCat("--log_slow_calls_ms=", threshold)});
    ASSERT_TRUE(server.ok()) << server.status();
    grpc::ClientContext ctx;
    ml_metadata::GetArtifactTypeRequest req;
    req.set_type_name("NoSuchType");
    ml_metadata::GetArtifactTypeResponse resp;
    EXPECT_EQ((*server)->stub().GetArtifactType(&ctx, req, &resp).error_code(),
              grpc::StatusCode::NOT_FOUND);
    const std::string log = (*server)->Output();
    if (std::string(threshold) == "0") {  // every call
      EXPECT_THAT(log, HasSubstr("WARN slow call: GetArtifactType took "));
      EXPECT_THAT(log, HasSubstr(" ms, NOT_FOUND, peer ipv4:127.0.0.1:"));
    } else {  // never
      EXPECT_THAT(log, ::testing::Not(HasSubstr("slow call")));
    }
  }
}

}  // namespace
}  // namespace mlmd::testing
