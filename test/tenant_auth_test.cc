// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The pieces of tenancy without a server: tenant names and the databases
// they map to, the token file, and service-account JWT verification.
#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/jwt_verifier.h"
#include "server/tenant_config.h"
#include "server/token_file.h"
#include "test/jwt_test_util.h"
#include "test/server_process.h"

namespace mlmd::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TEST(TenantNameTest, AcceptsNamespaceNamesOnly) {
  for (const char *ok : {"a", "team-a", "0", "x1-2-y", "default"}) {
    EXPECT_TRUE(ValidateTenantName(ok).ok()) << ok;
  }
  for (const char *bad :
       {"", "-a", "a-", "Team", "a_b", "a.b", "a/b", "a b", "../x", "a;drop"}) {
    EXPECT_EQ(ValidateTenantName(bad).code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_TRUE(ValidateTenantName(std::string(63, 'a')).ok());
  EXPECT_FALSE(ValidateTenantName(std::string(64, 'a')).ok());
}

TEST(TenantNameTest, DerivesOneDatabasePerTenant) {
  ml_metadata::ConnectionConfig pg;
  pg.mutable_postgresql()->set_dbname("mlmd");
  pg.mutable_postgresql()->set_host("db");
  auto t = TenantConnectionConfig(pg, "team-a");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->postgresql().dbname(), "mlmd__team_a");
  EXPECT_EQ(t->postgresql().host(), "db");
  EXPECT_EQ(TenantConnectionConfig(pg, "default")->postgresql().dbname(),
            "mlmd");
  EXPECT_EQ(TenantConnectionConfig(pg, std::string(63, 'a')).status().code(),
            absl::StatusCode::kInvalidArgument);  // longer than 63 bytes

  ml_metadata::ConnectionConfig my;
  my.mutable_mysql()->set_database("metadb");
  EXPECT_EQ(TenantConnectionConfig(my, "b-2")->mysql().database(),
            "metadb__b_2");

  ml_metadata::ConnectionConfig lite;
  lite.mutable_sqlite()->set_filename_uri("/data/dir.v1/metadata.sqlite");
  EXPECT_EQ(TenantConnectionConfig(lite, "team-a")->sqlite().filename_uri(),
            "/data/dir.v1/metadata__team-a.sqlite");
  lite.mutable_sqlite()->set_filename_uri("/data/dir.v1/meta");
  EXPECT_EQ(TenantConnectionConfig(lite, "x")->sqlite().filename_uri(),
            "/data/dir.v1/meta__x");
  EXPECT_FALSE(TenantConnectionConfig(lite, "A").ok());
}

TEST(TokenFileTest, ParsesTokensClientsAndRoles) {
  auto table = ParseTokenFile(
      "# comment\n"
      "\n"
      "tok-1  ci   team-a=writer,team-b=reader\n"
      "\ttok-2\tops\tdefault=admin  \n");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->size(), 2u);
  const TokenIdentity &ci = table->at(TokenDigest("tok-1"));
  EXPECT_EQ(ci.client, "ci");
  EXPECT_THAT(ci.roles,
              UnorderedElementsAre(Pair("team-a", TenantRole::kWriter),
                                   Pair("team-b", TenantRole::kReader)));
  EXPECT_EQ(table->at(TokenDigest("tok-2")).roles.at("default"),
            TenantRole::kAdmin);
  EXPECT_FALSE(table->contains(TokenDigest("tok-3")));
}

TEST(TokenFileTest, RejectsBadLinesNamingTheLineAndNotTheToken) {
  struct Case {
    const char *text;
    const char *message;
  } cases[] = {
      {"secret-x ci\n", "line 1: expected three fields"},
      {"#\nsecret-x ci team-a=owner\n", "line 2: unknown role 'owner'"},
      {"secret-x ci Team=reader\n", "line 1: a tenant name"},
      {"secret-x ci a=reader,a=writer\n", "tenant 'a' listed twice"},
      {"secret-x ci a=reader\nsecret-x b a=reader\n", "line 2: this token"},
  };
  for (const Case &c : cases) {
    auto table = ParseTokenFile(c.text);
    ASSERT_FALSE(table.ok()) << c.text;
    EXPECT_THAT(table.status().message(), HasSubstr(c.message));
    EXPECT_THAT(table.status().message(),
                ::testing::Not(HasSubstr("secret-x")));
  }
}

TEST(TokenFileTest, ReloadsWhenTheFileChangesAndKeepsOldTokensOnError) {
  const std::string path = mlmd::testing::MakeTempDir("tokens") + "/tokens.txt";
  std::ofstream(path) << "old ci team-a=reader\n";
  auto file = TokenFile::Load(path);
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE((*file)->Lookup("old").ok());
  EXPECT_EQ((*file)->Lookup("new").status().code(),
            absl::StatusCode::kUnauthenticated);
  std::ofstream(path) << "new ci team-a=writer\n";
  ASSERT_TRUE((*file)->Reload().ok());
  EXPECT_EQ((*file)->Lookup("old").status().code(),
            absl::StatusCode::kUnauthenticated);
  ASSERT_TRUE((*file)->Lookup("new").ok());
  std::ofstream(path) << "broken\n";
  EXPECT_FALSE((*file)->Reload().ok());
  EXPECT_TRUE((*file)->Lookup("new").ok());  // previous tokens stay
}

class JwtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = mlmd::testing::MakeTempDir("jwks");
    jwks_ = dir + "/jwks.json";
    std::ofstream(jwks_) << mlmd::testing::Jwks({&rsa_, &ec_});
    JwtOptions options;
    options.jwks_path = jwks_;
    options.issuer = "https://kubernetes.default.svc.cluster.local";
    options.audience = "mlmd";
    options.roles = *ParseJwtRoles(
        "pipeline-runner=writer,team-a/viewer=reader,team-b/ops=admin");
    auto verifier = JwtVerifier::Load(options);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = *std::move(verifier);
  }
  absl::Status Check(const std::string &token) {
    return verifier_->Verify(token).status();
  }

  mlmd::testing::SigningKey rsa_ = mlmd::testing::SigningKey::Rsa("k-rsa");
  mlmd::testing::SigningKey ec_ = mlmd::testing::SigningKey::Ec("k-ec");
  mlmd::testing::SigningKey stranger_ =
      mlmd::testing::SigningKey::Rsa("k-rsa");  // same kid, other key
  std::string jwks_;
  std::unique_ptr<JwtVerifier> verifier_;
};

TEST_F(JwtTest, AcceptsServiceAccountTokensAndMapsNamespaceAndRole) {
  mlmd::testing::SaClaims claims;
  auto id = verifier_->Verify(rsa_.Sign(claims.Json()));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->client, "team-a/pipeline-runner");
  EXPECT_EQ(id->source, "jwt");
  EXPECT_THAT(id->roles,
              UnorderedElementsAre(Pair("team-a", TenantRole::kWriter)));

  claims.sa = "viewer";
  id = verifier_->Verify(ec_.Sign(claims.Json()));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_THAT(id->roles,
              UnorderedElementsAre(Pair("team-a", TenantRole::kReader)));
  // "team-a/viewer" does not apply in another namespace: no role there.
  claims.ns = "team-b";
  id = verifier_->Verify(ec_.Sign(claims.Json()));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_THAT(id->roles,
              UnorderedElementsAre(Pair("team-b", TenantRole::kNone)));
}

// Moves `path`'s modification time `seconds` ahead, so a change is seen
// even within the file system's timestamp granularity.
void TouchAhead(const std::string &path, int seconds) {
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  times[1].tv_sec += seconds;
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

TEST_F(JwtTest, RotatedKeySetIsPickedUpWithoutRestart) {
  std::ofstream(jwks_, std::ios::trunc) << mlmd::testing::Jwks({&rsa_});
  JwtOptions options;
  options.jwks_path = jwks_;
  options.issuer = "https://kubernetes.default.svc.cluster.local";
  options.audience = "mlmd";
  options.roles = *ParseJwtRoles("pipeline-runner=writer");
  auto verifier = ReloadingJwtVerifier::Load(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  mlmd::testing::SaClaims claims;
  const std::string by_rsa = rsa_.Sign(claims.Json());
  const std::string by_ec = ec_.Sign(claims.Json());
  ASSERT_TRUE((*verifier)->Verify(by_rsa).ok());
  EXPECT_EQ((*verifier)->Verify(by_ec).status().code(),
            absl::StatusCode::kUnauthenticated);

  // The cluster rotates to the EC key: the mounted file changes in place
  // and the next verification after the once-a-second check sees it.
  std::ofstream(jwks_, std::ios::trunc) << mlmd::testing::Jwks({&ec_});
  TouchAhead(jwks_, 10);
  absl::SleepFor(absl::Milliseconds(1100));
  EXPECT_TRUE((*verifier)->Verify(by_ec).ok());
  EXPECT_EQ((*verifier)->Verify(by_rsa).status().code(),
            absl::StatusCode::kUnauthenticated);

  // A broken file keeps the keys in force; SIGHUP's Reload says why.
  std::ofstream(jwks_, std::ios::trunc) << "{not json";
  TouchAhead(jwks_, 20);
  absl::SleepFor(absl::Milliseconds(1100));
  EXPECT_TRUE((*verifier)->Verify(by_ec).ok());
  const absl::Status reload = (*verifier)->Reload();
  EXPECT_EQ(reload.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE((*verifier)->Verify(by_ec).ok());
}

TEST_F(JwtTest, RejectsBadTokensSayingWhy) {
  mlmd::testing::SaClaims good;
  auto expect = [&](const std::string &token, const char *why) {
    absl::Status st = Check(token);
    EXPECT_EQ(st.code(), absl::StatusCode::kUnauthenticated) << why;
    EXPECT_THAT(st.message(), HasSubstr(why));
  };
  mlmd::testing::SaClaims expired = good;
  expired.expires_in = absl::Seconds(-30);
  expect(rsa_.Sign(expired.Json()), "expired at");
  mlmd::testing::SaClaims early = good;
  early.not_before = absl::Minutes(5);
  expect(rsa_.Sign(early.Json()), "not valid yet");
  mlmd::testing::SaClaims aud = good;
  aud.aud = "someone-else";
  expect(rsa_.Sign(aud.Json()), "wrong audience");
  mlmd::testing::SaClaims iss = good;
  iss.iss = "https://evil.example";
  expect(rsa_.Sign(iss.Json()), "wrong issuer");
  expect(stranger_.Sign(good.Json()), "signature does not verify");
  expect(rsa_.Sign(good.Json(), "k-unknown"), "key id 'k-unknown'");
  expect("not-a-jwt", "not a well-formed JWS");
  // A valid token with its payload swapped for another namespace's.
  const std::string token = rsa_.Sign(good.Json());
  mlmd::testing::SaClaims other = good;
  other.ns = "team-b";
  const std::string forged = rsa_.Sign(other.Json());
  const size_t a = token.find('.'), b = token.rfind('.');
  const size_t fa = forged.find('.'), fb = forged.rfind('.');
  expect(token.substr(0, a) + forged.substr(fa, fb - fa) + token.substr(b),
         "signature does not verify");
  // alg "none" and HMAC with the public key are refused outright.
  expect("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.", "algorithm");
  expect(
      "eyJhbGciOiJIUzI1NiIsImtpZCI6ImstcnNhIn0.eyJpc3MiOiJ4In0."
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "algorithm 'HS256'");
}

TEST(JwtRolesTest, ParsesTheFlag) {
  auto roles = ParseJwtRoles("a=reader,ns/b=writer,*=admin");
  ASSERT_TRUE(roles.ok());
  EXPECT_EQ(roles->size(), 3u);
  EXPECT_EQ(roles->at("*"), TenantRole::kAdmin);
  EXPECT_FALSE(ParseJwtRoles("a=root").ok());
  EXPECT_FALSE(ParseJwtRoles("=reader").ok());
}

}  // namespace
}  // namespace mlmd::server
