// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Tenancy through the real binary on every backend: two tenants driven at
// the same time by upstream-shaped clients, each with its own bearer token,
// never see each other's artifacts, executions, contexts, events or lineage,
// not even by replaying the other's paging token or filter; and the bad
// identity cases get the codes and messages they should.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/tenant_config.h"
#include "store/store.h"
#include "test/jwt_test_util.h"
#include "test/server_process.h"
#include "test/store_test_fixture.h"

namespace mlmd::testing {
namespace {

using ::testing::HasSubstr;

std::string PercentEncode(absl::string_view in) {
  std::string out;
  for (unsigned char c : in) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(c);
    } else {
      absl::StrAppend(&out, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return out;
}

std::string DsnFor(const ml_metadata::ConnectionConfig &config) {
  if (config.has_postgresql()) {
    const auto &pg = config.postgresql();
    return absl::StrCat("postgresql://", PercentEncode(pg.user()), ":",
                        PercentEncode(pg.password()), "@", pg.host(), ":",
                        pg.port(), "/", pg.dbname());
  }
  if (config.has_mysql()) {
    const auto &my = config.mysql();
    return absl::StrCat("mysql://", PercentEncode(my.user()), ":",
                        PercentEncode(my.password()), "@", my.host(), ":",
                        my.port(), "/", my.database());
  }
  return absl::StrCat(
      "sqlite://",
      std::filesystem::absolute(config.sqlite().filename_uri()).string());
}

constexpr char kTokens[] =
    "# token client tenants\n"
    "tok-a  alice  team-a=writer\n"
    "tok-b  bob    team-b=writer\n"
    "tok-ops ops   team-a=reader,team-b=reader,default=admin\n";

// An upstream-shaped client: one stub, a bearer token and a tenant header,
// as a Go or Python MLMD client with call metadata would send them.
class Client {
 public:
  Client(ml_metadata::MetadataStoreService::Stub *stub, std::string token,
         std::string tenant = "")
      : stub_(stub), token_(std::move(token)), tenant_(std::move(tenant)) {}

  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (ml_metadata::MetadataStoreService::Stub::*m)(
                        grpc::ClientContext *, const Req &, Resp *),
                    const Req &req, Resp *resp) const {
    grpc::ClientContext ctx;
    if (!token_.empty()) ctx.AddMetadata("authorization", "Bearer " + token_);
    if (!tenant_.empty()) ctx.AddMetadata("x-mlmd-tenant", tenant_);
    return (stub_->*m)(&ctx, req, resp);
  }

 private:
  ml_metadata::MetadataStoreService::Stub *stub_;
  std::string token_, tenant_;
};

#define CALL(client, Name, req, resp) \
  (client).Call(&ml_metadata::MetadataStoreService::Stub::Name, req, resp)

// Writes a KFP-like run into the client's tenant: types, a pipeline context
// with a run child, then `n` executions each with an input and output
// artifact, all named and located with `tag`.
void WriteRun(const Client &c, const std::string &tag, int n) {
  ml_metadata::PutTypesRequest types;
  types.add_artifact_types()->set_name("system.Model");
  types.add_execution_types()->set_name("system.ContainerExecution");
  types.add_context_types()->set_name("system.PipelineRun");
  ml_metadata::PutTypesResponse type_ids;
  grpc::Status st = CALL(c, PutTypes, types, &type_ids);
  ASSERT_TRUE(st.ok()) << tag << ": " << st.error_message();
  ml_metadata::PutContextsRequest contexts;
  for (const char *suffix : {"pipeline", "run"}) {
    auto *ctx = contexts.add_contexts();
    ctx->set_type_id(type_ids.context_type_ids(0));
    ctx->set_name(absl::StrCat(tag, "-", suffix));
  }
  ml_metadata::PutContextsResponse context_ids;
  st = CALL(c, PutContexts, contexts, &context_ids);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ml_metadata::PutParentContextsRequest parents;
  auto *link = parents.add_parent_contexts();
  link->set_parent_id(context_ids.context_ids(0));
  link->set_child_id(context_ids.context_ids(1));
  ml_metadata::PutParentContextsResponse parents_resp;
  st = CALL(c, PutParentContexts, parents, &parents_resp);
  ASSERT_TRUE(st.ok()) << st.error_message();
  for (int i = 0; i < n; ++i) {
    ml_metadata::PutExecutionRequest req;
    auto *e = req.mutable_execution();
    e->set_type_id(type_ids.execution_type_ids(0));
    e->set_name(absl::StrCat(tag, "-exec-", i));
    e->set_last_known_state(ml_metadata::Execution::COMPLETE);
    for (auto type : {ml_metadata::Event::INPUT, ml_metadata::Event::OUTPUT}) {
      auto *aae = req.add_artifact_event_pairs();
      aae->mutable_artifact()->set_type_id(type_ids.artifact_type_ids(0));
      aae->mutable_artifact()->set_uri(absl::StrCat(
          tag, "://", i, type == ml_metadata::Event::INPUT ? "/in" : "/out"));
      aae->mutable_event()->set_type(type);
    }
    // Upstream clients send the whole context, as read back.
    *req.add_contexts() = contexts.contexts(1);
    req.mutable_contexts(0)->set_id(context_ids.context_ids(1));
    ml_metadata::PutExecutionResponse resp;
    st = CALL(c, PutExecution, req, &resp);
    ASSERT_TRUE(st.ok()) << st.error_message();
  }
}

// Everything `c` can read in its tenant carries `tag` and nothing of
// `other`; lineage, events and context links included.
void ExpectOnlyOwn(const Client &c, const std::string &tag, int n,
                   const std::string &other) {
  ml_metadata::GetArtifactsRequest ga;
  ml_metadata::GetArtifactsResponse artifacts;
  ASSERT_TRUE(CALL(c, GetArtifacts, ga, &artifacts).ok());
  EXPECT_EQ(artifacts.artifacts_size(), 2 * n);
  for (const auto &a : artifacts.artifacts()) {
    EXPECT_TRUE(absl::StartsWith(a.uri(), tag + "://")) << a.uri();
  }
  ml_metadata::GetExecutionsRequest ge;
  ml_metadata::GetExecutionsResponse executions;
  ASSERT_TRUE(CALL(c, GetExecutions, ge, &executions).ok());
  EXPECT_EQ(executions.executions_size(), n);
  std::vector<int64_t> execution_ids;
  for (const auto &e : executions.executions()) {
    EXPECT_TRUE(absl::StartsWith(e.name(), tag + "-")) << e.name();
    execution_ids.push_back(e.id());
  }
  ml_metadata::GetContextsRequest gc;
  ml_metadata::GetContextsResponse contexts;
  ASSERT_TRUE(CALL(c, GetContexts, gc, &contexts).ok());
  EXPECT_EQ(contexts.contexts_size(), 2);
  for (const auto &ctx : contexts.contexts()) {
    EXPECT_TRUE(absl::StartsWith(ctx.name(), tag + "-")) << ctx.name();
  }
  ml_metadata::GetEventsByExecutionIDsRequest gev;
  for (int64_t id : execution_ids) gev.add_execution_ids(id);
  ml_metadata::GetEventsByExecutionIDsResponse events;
  ASSERT_TRUE(CALL(c, GetEventsByExecutionIDs, gev, &events).ok());
  EXPECT_EQ(events.events_size(), 2 * n);
  // The other tenant's names are unknown here.
  ml_metadata::GetContextByTypeAndNameRequest byname;
  byname.set_type_name("system.PipelineRun");
  byname.set_context_name(other + "-run");
  ml_metadata::GetContextByTypeAndNameResponse none;
  ASSERT_TRUE(CALL(c, GetContextByTypeAndName, byname, &none).ok());
  EXPECT_FALSE(none.has_context());
  ml_metadata::GetArtifactsByURIRequest byuri;
  byuri.add_uris(other + "://0/out");
  ml_metadata::GetArtifactsByURIResponse no_artifacts;
  ASSERT_TRUE(CALL(c, GetArtifactsByURI, byuri, &no_artifacts).ok());
  EXPECT_EQ(no_artifacts.artifacts_size(), 0);
  // A lineage walk from every own artifact stays inside the tenant.
  ml_metadata::GetLineageSubgraphRequest lreq;
  lreq.mutable_lineage_subgraph_query_options()
      ->mutable_starting_artifacts()
      ->set_filter_query(absl::StrCat("uri LIKE '", tag, "://%'"));
  lreq.mutable_lineage_subgraph_query_options()->set_max_num_hops(20);
  for (const char *path : {"artifacts", "executions", "contexts", "events"}) {
    lreq.mutable_read_mask()->add_paths(path);
  }
  ml_metadata::GetLineageSubgraphResponse lineage;
  grpc::Status st = CALL(c, GetLineageSubgraph, lreq, &lineage);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(lineage.lineage_subgraph().artifacts_size(), 2 * n);
  EXPECT_EQ(lineage.lineage_subgraph().executions_size(), n);
  // The walk returns ids; read them back in the same tenant.
  ml_metadata::GetArtifactsByIDRequest by_id;
  for (const auto &a : lineage.lineage_subgraph().artifacts()) {
    by_id.add_artifact_ids(a.id());
  }
  ml_metadata::GetArtifactsByIDResponse walked;
  ASSERT_TRUE(CALL(c, GetArtifactsByID, by_id, &walked).ok());
  EXPECT_EQ(walked.artifacts_size(), 2 * n);
  for (const auto &a : walked.artifacts()) {
    EXPECT_TRUE(absl::StartsWith(a.uri(), tag + "://")) << a.uri();
  }
  EXPECT_EQ(lineage.lineage_subgraph().contexts_size(), 1);  // the run
  EXPECT_EQ(lineage.lineage_subgraph().events_size(), 2 * n);
  // The other tenant's filter finds nothing here.
  ml_metadata::GetArtifactsRequest foreign;
  foreign.mutable_options()->set_filter_query(
      absl::StrCat("uri LIKE '", other, "://%'"));
  ml_metadata::GetArtifactsResponse foreign_resp;
  ASSERT_TRUE(CALL(c, GetArtifacts, foreign, &foreign_resp).ok());
  EXPECT_EQ(foreign_resp.artifacts_size(), 0);
}

class TenancyE2ETest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override {
    options_ = GetParam().make_options();
    if (options_.connection_config.config_case() ==
        ml_metadata::ConnectionConfig::CONFIG_NOT_SET) {
      GTEST_SKIP() << GetParam().name << " is not configured";
    }
    dir_ = MakeTempDir("tenancy");
    tokens_ = dir_ + "/tokens.txt";
    std::ofstream(tokens_) << kTokens;
  }

  std::unique_ptr<ServerProcess> Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--db=" + DsnFor(options_.connection_config), "--token_file=" + tokens_,
        "--tenant_db_pool_size=2"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto server = ServerProcess::Start(args);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  StoreOptions options_;
  std::string dir_, tokens_;
};

TEST_P(TenancyE2ETest, TwoTenantsAtOnceSeeOnlyTheirOwnMetadata) {
  auto server = Start();
  ASSERT_NE(server, nullptr);
  const Client a(&server->stub(), "tok-a");  // its only tenant: team-a
  const Client b(&server->stub(), "tok-b", "team-b");
  std::thread ta([&] { WriteRun(a, "alpha", 5); });
  std::thread tb([&] { WriteRun(b, "beta", 3); });
  ta.join();
  tb.join();
  ExpectOnlyOwn(a, "alpha", 5, "beta");
  ExpectOnlyOwn(b, "beta", 3, "alpha");
  // ops reads both by naming the tenant; the default tenant has neither.
  ExpectOnlyOwn(Client(&server->stub(), "tok-ops", "team-a"), "alpha", 5,
                "beta");
  ExpectOnlyOwn(Client(&server->stub(), "tok-ops", "team-b"), "beta", 3,
                "alpha");
  ml_metadata::GetArtifactsRequest all;
  ml_metadata::GetArtifactsResponse in_default;
  ASSERT_TRUE(
      CALL(Client(&server->stub(), "tok-ops"), GetArtifacts, all, &in_default)
          .ok());
  EXPECT_EQ(in_default.artifacts_size(), 0);

  // A paging token from team-a replayed in team-b lists only team-b's rows.
  ml_metadata::GetArtifactsRequest page;
  page.mutable_options()->set_max_result_size(2);
  ml_metadata::GetArtifactsResponse first;
  ASSERT_TRUE(CALL(a, GetArtifacts, page, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  page.mutable_options()->set_next_page_token(first.next_page_token());
  ml_metadata::GetArtifactsResponse replayed;
  grpc::Status st = CALL(b, GetArtifacts, page, &replayed);
  if (st.ok()) {
    for (const auto &art : replayed.artifacts()) {
      EXPECT_TRUE(absl::StartsWith(art.uri(), "beta://")) << art.uri();
    }
  } else {
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << st.error_message();
  }
  server.reset();

  // The rows really are in each tenant's own database, a normal MLMD store.
  for (const auto &[tenant, count] :
       {std::pair<std::string, int>{"team-a", 10}, {"team-b", 6}}) {
    StoreOptions o = options_;
    o.pool_size = 1;
    o.connection_config =
        *server::TenantConnectionConfig(options_.connection_config, tenant);
    auto store = MetadataStore::Open(o);
    ASSERT_TRUE(store.ok()) << store.status();
    ml_metadata::GetArtifactsResponse rows;
    ASSERT_TRUE((*store)->GetArtifacts({}, &rows).ok());
    EXPECT_EQ(rows.artifacts_size(), count) << tenant;
  }
}

TEST_P(TenancyE2ETest, IdentityAndTenantErrors) {
  if (GetParam().name != "sqlite") GTEST_SKIP() << "backend-independent";
  SigningKey key = SigningKey::Rsa("k1");
  SigningKey other = SigningKey::Rsa("k1");
  const std::string jwks = dir_ + "/jwks.json";
  std::ofstream(jwks) << Jwks({&key});
  auto server = Start({"--jwt_jwks_file=" + jwks,
                       "--jwt_issuer=https://kubernetes.default.svc",
                       "--jwt_audience=mlmd", "--jwt_roles=runner=writer"});
  ASSERT_NE(server, nullptr);
  auto expect = [&](const Client &c, grpc::StatusCode code,
                    const std::string &why) {
    ml_metadata::GetArtifactsRequest req;
    ml_metadata::GetArtifactsResponse resp;
    grpc::Status st = CALL(c, GetArtifacts, req, &resp);
    EXPECT_EQ(st.error_code(), code) << why << ": " << st.error_message();
    EXPECT_THAT(st.error_message(), HasSubstr(why));
  };
  auto *stub = &server->stub();
  expect(Client(stub, ""), grpc::StatusCode::UNAUTHENTICATED,
         "missing bearer token");
  expect(Client(stub, "tok-zzz"), grpc::StatusCode::UNAUTHENTICATED,
         "not in the server's token file");
  expect(Client(stub, "tok-a", "team-b"), grpc::StatusCode::PERMISSION_DENIED,
         "may not use tenant 'team-b'");
  expect(Client(stub, "tok-a", "Team_B"), grpc::StatusCode::INVALID_ARGUMENT,
         "Kubernetes namespace name");
  expect(Client(stub, "tok-ops"), grpc::StatusCode::OK, "");
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Basic dXNlcjpwdw==");
    ml_metadata::GetArtifactsResponse resp;
    grpc::Status st = server->stub().GetArtifacts(&ctx, {}, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(st.error_message(), HasSubstr("not `Bearer <token>`"));
  }
  // Readers cannot write.
  ml_metadata::PutArtifactTypeRequest put;
  put.mutable_artifact_type()->set_name("T");
  ml_metadata::PutArtifactTypeResponse put_resp;
  grpc::Status st =
      CALL(Client(stub, "tok-ops", "team-a"), PutArtifactType, put, &put_resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(st.error_message(), HasSubstr("reader role in tenant 'team-a'"));

  // Service-account JWTs: the namespace is the tenant.
  SaClaims claims;
  claims.iss = "https://kubernetes.default.svc";
  claims.ns = "team-c";
  claims.sa = "runner";
  EXPECT_TRUE(CALL(Client(stub, key.Sign(claims.Json())), PutArtifactType, put,
                   &put_resp)
                  .ok());
  expect(Client(stub, key.Sign(claims.Json()), "team-a"),
         grpc::StatusCode::PERMISSION_DENIED, "may not use tenant 'team-a'");
  SaClaims bad = claims;
  bad.expires_in = absl::Seconds(-5);
  expect(Client(stub, key.Sign(bad.Json())), grpc::StatusCode::UNAUTHENTICATED,
         "expired");
  bad = claims;
  bad.aud = "other";
  expect(Client(stub, key.Sign(bad.Json())), grpc::StatusCode::UNAUTHENTICATED,
         "wrong audience");
  bad = claims;
  bad.iss = "https://other";
  expect(Client(stub, key.Sign(bad.Json())), grpc::StatusCode::UNAUTHENTICATED,
         "wrong issuer");
  expect(Client(stub, other.Sign(claims.Json())),
         grpc::StatusCode::UNAUTHENTICATED, "signature does not verify");
  bad = claims;
  bad.sa = "nobody";
  expect(Client(stub, key.Sign(bad.Json())),
         grpc::StatusCode::PERMISSION_DENIED, "none role");

  // The server never logs a token.
  EXPECT_THAT(server->Output(), ::testing::Not(HasSubstr("tok-a")));
  EXPECT_THAT(server->Output(), ::testing::Not(HasSubstr("tok-zzz")));
}

TEST_P(TenancyE2ETest, SighupReloadsTheTokenFile) {
  if (GetParam().name != "sqlite") GTEST_SKIP() << "backend-independent";
  auto server = Start();
  ASSERT_NE(server, nullptr);
  const Client fresh(&server->stub(), "tok-new");
  ml_metadata::GetArtifactsRequest req;
  ml_metadata::GetArtifactsResponse resp;
  EXPECT_EQ(CALL(fresh, GetArtifacts, req, &resp).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  std::ofstream(tokens_) << "tok-new carol team-a=reader\n";
  ASSERT_EQ(kill(server->pid(), SIGHUP), 0);
  bool reloaded = false;
  for (int i = 0; i < 50 && !reloaded; ++i) {
    reloaded = absl::StrContains(server->Output(), "reloaded the token file");
    if (!reloaded) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(reloaded) << server->Output();
  EXPECT_TRUE(CALL(fresh, GetArtifacts, req, &resp).ok());
  EXPECT_EQ(CALL(Client(&server->stub(), "tok-a"), GetArtifacts, req, &resp)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);   // revoked
  EXPECT_EQ(HealthStatus(server->channel()), 1);  // SIGHUP did not stop it
}

TEST_P(TenancyE2ETest, WithoutTokensTenantsFromTheFlagOnly) {
  if (GetParam().name != "sqlite") GTEST_SKIP() << "backend-independent";
  auto server = ServerProcess::Start(
      {"--db=" + DsnFor(options_.connection_config), "--tenants=team-a"});
  ASSERT_TRUE(server.ok()) << server.status();
  auto *stub = &(*server)->stub();
  WriteRun(Client(stub, "", "team-a"), "alpha", 1);
  ExpectOnlyOwn(Client(stub, "", "team-a"), "alpha", 1, "beta");
  ml_metadata::GetArtifactsRequest req;
  ml_metadata::GetArtifactsResponse resp;
  ASSERT_TRUE(CALL(Client(stub, ""), GetArtifacts, req, &resp).ok());
  EXPECT_EQ(resp.artifacts_size(), 0);  // the default tenant is apart
  grpc::Status st = CALL(Client(stub, "", "team-x"), GetArtifacts, req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(st.error_message(), HasSubstr("--tenants"));
  EXPECT_FALSE(std::filesystem::exists(
      server::TenantConnectionConfig(options_.connection_config, "team-x")
          ->sqlite()
          .filename_uri()));
}

// Runs `command` in a shell and returns what it printed on stdout.
std::string Shell(const std::string &command) {
  std::string out;
  FILE *pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

TEST_P(TenancyE2ETest, MetricsCountCallsPerTenant) {
  if (GetParam().name != "sqlite") GTEST_SKIP() << "backend-independent";
  const int metrics_port = PickFreePort();
  auto server = Start({absl::StrCat("--metrics_port=", metrics_port)});
  ASSERT_NE(server, nullptr);
  ml_metadata::GetArtifactsRequest req;
  ml_metadata::GetArtifactsResponse resp;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        CALL(Client(&server->stub(), "tok-a"), GetArtifacts, req, &resp).ok());
  }
  ASSERT_TRUE(
      CALL(Client(&server->stub(), "tok-b"), GetArtifacts, req, &resp).ok());
  const std::string body = Shell(absl::StrCat(
      "timeout 10 bash -c 'exec 3<>/dev/tcp/127.0.0.1/", metrics_port,
      "; printf \"GET /metrics HTTP/1.0\\r\\n\\r\\n\" >&3; cat <&3'"));
  EXPECT_THAT(body, HasSubstr("mlmd_tenant_calls_total{tenant=\"team-a\"} 3"));
  EXPECT_THAT(body, HasSubstr("mlmd_tenant_calls_total{tenant=\"team-b\"} 1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, TenancyE2ETest,
                         ::testing::ValuesIn(AvailableBackends()),
                         BackendTestName);

}  // namespace
}  // namespace mlmd::testing
