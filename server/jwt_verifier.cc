// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/jwt_verifier.h"

#include <cjose/cjose.h>
#include <jansson.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/tenant_config.h"

namespace mlmd::server {

struct JwtVerifier::Key {
  std::string kid;
  cjose_jwk_t *jwk = nullptr;
};

namespace {

struct JsonFree {
  void operator()(json_t *j) const { json_decref(j); }
};
using JsonPtr = std::unique_ptr<json_t, JsonFree>;
struct JwsFree {
  void operator()(cjose_jws_t *j) const { cjose_jws_release(j); }
};

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(
      absl::StrCat("bearer token rejected: ", why));
}

const char *StringField(json_t *object, const char *key) {
  json_t *v = json_object_get(object, key);
  return json_is_string(v) ? json_string_value(v) : nullptr;
}

}  // namespace

absl::StatusOr<absl::flat_hash_map<std::string, TenantRole>> ParseJwtRoles(
    absl::string_view spec) {
  absl::flat_hash_map<std::string, TenantRole> out;
  for (absl::string_view item : absl::StrSplit(spec, ',', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(item, absl::MaxSplits('=', 1));
    auto role = ParseTenantRole(kv.second);
    if (kv.first.empty() || !role.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--jwt_roles: '", item,
          "' is not <serviceaccount>=<role> or <namespace>/<serviceaccount>="
          "<role> (roles: reader, writer, admin)"));
    }
    out[kv.first] = *role;
  }
  return out;
}

JwtVerifier::JwtVerifier(JwtOptions options) : options_(std::move(options)) {}

JwtVerifier::~JwtVerifier() {
  for (Key &key : keys_) cjose_jwk_release(key.jwk);
}

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Load(
    JwtOptions options) {
  if (options.issuer.empty() || options.audience.empty()) {
    return absl::InvalidArgumentError(
        "--jwt_jwks_file needs --jwt_issuer and --jwt_audience");
  }
  std::ifstream in(options.jwks_path);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read --jwt_jwks_file '", options.jwks_path, "'"));
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  json_error_t error;
  JsonPtr root(json_loadb(text.data(), text.size(), 0, &error));
  json_t *keys = root ? json_object_get(root.get(), "keys") : nullptr;
  if (!json_is_array(keys)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--jwt_jwks_file '", options.jwks_path,
                     "' is not a JSON Web Key Set ({\"keys\": [...]})"));
  }
  std::unique_ptr<JwtVerifier> verifier(new JwtVerifier(std::move(options)));
  size_t i;
  json_t *key;
  json_array_foreach(keys, i, key) {
    const char *kty = StringField(key, "kty");
    if (kty == nullptr ||
        (std::string(kty) != "RSA" && std::string(kty) != "EC")) {
      continue;  // symmetric keys never verify service-account tokens
    }
    char *json = json_dumps(key, JSON_COMPACT);
    cjose_err err;
    cjose_jwk_t *jwk = cjose_jwk_import(json, std::strlen(json), &err);
    std::free(json);
    if (jwk == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("--jwt_jwks_file: key ", i, " cannot be imported: ",
                       err.message ? err.message : "unknown error"));
    }
    const char *kid = StringField(key, "kid");
    verifier->keys_.push_back(Key{kid ? kid : "", jwk});
  }
  if (verifier->keys_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--jwt_jwks_file '", verifier->options_.jwks_path,
                     "' holds no RSA or EC public key"));
  }
  return verifier;
}

absl::StatusOr<TokenIdentity> JwtVerifier::Verify(
    absl::string_view token) const {
  return Verify(token, absl::Now());
}

absl::StatusOr<TokenIdentity> JwtVerifier::Verify(absl::string_view token,
                                                  absl::Time now) const {
  cjose_err err;
  std::unique_ptr<cjose_jws_t, JwsFree> jws(
      cjose_jws_import(token.data(), token.size(), &err));
  if (jws == nullptr) return Unauthenticated("it is not a well-formed JWS");
  cjose_header_t *header = cjose_jws_get_protected(jws.get());
  const char *alg = cjose_header_get(header, CJOSE_HDR_ALG, &err);
  // Only asymmetric algorithms: a key set of public keys must never be
  // usable as an HMAC secret.
  if (alg == nullptr ||
      (std::string(alg) != "RS256" && std::string(alg) != "ES256")) {
    return Unauthenticated(absl::StrCat("algorithm '", alg ? alg : "",
                                        "' is not accepted (RS256, ES256)"));
  }
  const char *kid = cjose_header_get(header, CJOSE_HDR_KID, &err);
  bool key_found = false, verified = false;
  for (const Key &key : keys_) {
    if (kid != nullptr && key.kid != kid) continue;
    key_found = true;
    if (cjose_jws_verify(jws.get(), key.jwk, &err)) {
      verified = true;
      break;
    }
  }
  if (!key_found) {
    return Unauthenticated(absl::StrCat("key id '", kid ? kid : "",
                                        "' is not in --jwt_jwks_file"));
  }
  if (!verified) {
    return Unauthenticated(
        "the signature does not verify against --jwt_jwks_file (wrongly "
        "signed or altered)");
  }
  uint8_t *payload = nullptr;
  size_t payload_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &payload, &payload_len, &err)) {
    return Unauthenticated("it has no payload");
  }
  json_error_t jerr;
  JsonPtr claims(json_loadb(reinterpret_cast<const char *>(payload),
                            payload_len, 0, &jerr));
  if (!json_is_object(claims.get())) {
    return Unauthenticated("its claims are not a JSON object");
  }
  json_t *c = claims.get();
  const char *iss = StringField(c, "iss");
  if (iss == nullptr || options_.issuer != iss) {
    return Unauthenticated(absl::StrCat("wrong issuer '", iss ? iss : "",
                                        "' (expected --jwt_issuer '",
                                        options_.issuer, "')"));
  }
  bool audience_ok = false;
  json_t *aud = json_object_get(c, "aud");
  if (json_is_string(aud)) {
    audience_ok = options_.audience == json_string_value(aud);
  } else if (json_is_array(aud)) {
    size_t i;
    json_t *a;
    json_array_foreach(aud, i, a) {
      if (json_is_string(a) && options_.audience == json_string_value(a)) {
        audience_ok = true;
      }
    }
  }
  if (!audience_ok) {
    return Unauthenticated(
        absl::StrCat("wrong audience: the token is not for '",
                     options_.audience, "' (--jwt_audience)"));
  }
  const int64_t now_s = absl::ToUnixSeconds(now);
  json_t *exp = json_object_get(c, "exp");
  if (!json_is_integer(exp)) return Unauthenticated("it has no expiry (exp)");
  if (now_s >= json_integer_value(exp)) {
    return Unauthenticated(absl::StrCat(
        "expired at ",
        absl::FormatTime(absl::FromUnixSeconds(json_integer_value(exp)),
                         absl::UTCTimeZone())));
  }
  json_t *nbf = json_object_get(c, "nbf");
  if (json_is_integer(nbf) && now_s < json_integer_value(nbf)) {
    return Unauthenticated("not valid yet (nbf is in the future)");
  }
  json_t *k8s = json_object_get(c, "kubernetes.io");
  const char *ns = k8s ? StringField(k8s, "namespace") : nullptr;
  json_t *sa_obj = k8s ? json_object_get(k8s, "serviceaccount") : nullptr;
  const char *sa = sa_obj ? StringField(sa_obj, "name") : nullptr;
  if (ns == nullptr || sa == nullptr) {
    return Unauthenticated(
        "it has no kubernetes.io namespace and serviceaccount name (not a "
        "service-account token)");
  }
  if (!ValidateTenantName(ns).ok()) {
    return Unauthenticated("its namespace is not a valid tenant name");
  }
  TokenIdentity identity;
  identity.source = "jwt";
  identity.client = absl::StrCat(ns, "/", sa);
  TenantRole role = TenantRole::kNone;
  for (const std::string &key :
       {identity.client, std::string(sa), std::string("*")}) {
    if (auto it = options_.roles.find(key); it != options_.roles.end()) {
      role = it->second;
      break;
    }
  }
  identity.roles.emplace(ns, role);
  return identity;
}

absl::StatusOr<std::unique_ptr<ReloadingJwtVerifier>>
ReloadingJwtVerifier::Load(JwtOptions options) {
  const std::string path = options.jwks_path;
  auto file = ReloadingFile<JwtVerifier>::Load(
      path, "--jwt_jwks_file",
      [options](const std::string &)
          -> absl::StatusOr<std::shared_ptr<const JwtVerifier>> {
        auto verifier = JwtVerifier::Load(options);
        if (!verifier.ok()) return verifier.status();
        return std::shared_ptr<const JwtVerifier>(*std::move(verifier));
      });
  if (!file.ok()) return file.status();
  return std::unique_ptr<ReloadingJwtVerifier>(
      new ReloadingJwtVerifier(*std::move(file)));
}

}  // namespace mlmd::server
