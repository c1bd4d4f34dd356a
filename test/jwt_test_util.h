// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Signing keys and service-account-shaped JWTs for tests, made fresh for
// each run with cjose (OpenSSL underneath), the way a Kubernetes API server
// would issue them.
#ifndef MLMD_TEST_JWT_TEST_UTIL_H_
#define MLMD_TEST_JWT_TEST_UTIL_H_

#include <cjose/cjose.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace mlmd::testing {

class SigningKey {
 public:
  // RS256 with a 2048-bit RSA key, or ES256 with a P-256 key.
  static SigningKey Rsa(const std::string &kid) {
    static const uint8_t kE[] = {0x01, 0x00, 0x01};
    return SigningKey(cjose_jwk_create_RSA_random(2048, kE, 3, nullptr), kid,
                      "RS256");
  }
  static SigningKey Ec(const std::string &kid) {
    return SigningKey(cjose_jwk_create_EC_random(CJOSE_JWK_EC_P_256, nullptr),
                      kid, "ES256");
  }
  SigningKey(SigningKey &&o) noexcept
      : jwk_(o.jwk_), kid_(o.kid_), alg_(o.alg_) {
    o.jwk_ = nullptr;
  }
  ~SigningKey() { cjose_jwk_release(jwk_); }

  // The public key as a JWK object.
  std::string PublicJwk() const {
    char *json = cjose_jwk_to_json(jwk_, false, nullptr);
    std::string out = json;
    std::free(json);
    return out;
  }

  // A compact JWS of `claims` (JSON text), signed with this key; `kid`
  // overrides the key id in the header.
  std::string Sign(const std::string &claims, const char *kid = nullptr) const {
    cjose_header_t *header = cjose_header_new(nullptr);
    cjose_header_set(header, CJOSE_HDR_ALG, alg_.c_str(), nullptr);
    cjose_header_set(header, CJOSE_HDR_KID, kid ? kid : kid_.c_str(), nullptr);
    cjose_header_set(header, "typ", "JWT", nullptr);
    cjose_jws_t *jws = cjose_jws_sign(
        jwk_, header, reinterpret_cast<const uint8_t *>(claims.data()),
        claims.size(), nullptr);
    const char *compact = nullptr;
    cjose_jws_export(jws, &compact, nullptr);
    std::string out = compact;
    cjose_jws_release(jws);
    cjose_header_release(header);
    return out;
  }

 private:
  SigningKey(cjose_jwk_t *jwk, std::string kid, std::string alg)
      : jwk_(jwk), kid_(std::move(kid)), alg_(std::move(alg)) {
    cjose_jwk_set_kid(jwk_, kid_.data(), kid_.size(), nullptr);
  }
  cjose_jwk_t *jwk_;
  std::string kid_;
  std::string alg_;
};

inline std::string Jwks(const std::vector<const SigningKey *> &keys) {
  std::vector<std::string> jwks;
  for (const SigningKey *k : keys) jwks.push_back(k->PublicJwk());
  return absl::StrCat("{\"keys\":[", absl::StrJoin(jwks, ","), "]}");
}

// Claims shaped like a projected service-account token's.
struct SaClaims {
  std::string iss = "https://kubernetes.default.svc.cluster.local";
  std::string aud = "mlmd";
  std::string ns = "team-a";
  std::string sa = "pipeline-runner";
  absl::Duration expires_in = absl::Minutes(10);
  absl::Duration not_before = absl::ZeroDuration();  // from now

  std::string Json() const {
    const int64_t now = absl::ToUnixSeconds(absl::Now());
    return absl::StrCat(
        "{\"aud\":[\"", aud,
        "\"],\"exp\":", now + absl::ToInt64Seconds(expires_in),
        ",\"iat\":", now - 5, ",\"iss\":\"", iss,
        "\",\"nbf\":", now + absl::ToInt64Seconds(not_before),
        ",\"kubernetes.io\":{\"namespace\":\"", ns,
        "\",\"pod\":{\"name\":\"p\",\"uid\":\"u1\"},\"serviceaccount\":{"
        "\"name\":\"",
        sa, "\",\"uid\":\"u2\"}},\"sub\":\"system:serviceaccount:", ns, ":", sa,
        "\"}");
  }
};

}  // namespace mlmd::testing

#endif  // MLMD_TEST_JWT_TEST_UTIL_H_
