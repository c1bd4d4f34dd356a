// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Kubernetes service-account tokens (projected volume tokens), verified
// offline: the signature against the cluster's public keys (a JWKS file, as
// served at the API server's /openid/v1/jwks), the issuer, the audience,
// the expiry and not-before. JOSE is done by cjose (signature check through
// OpenSSL); this file only picks the key and checks the claims.
//
// The tenant is the token's namespace, from the claim
//   "kubernetes.io": {"namespace": "team-a",
//                     "serviceaccount": {"name": "pipeline-runner", ...}}
// and the role comes from --jwt_roles, matched by "namespace/name", then by
// the service account's name, then by "*".
#ifndef MLMD_SERVER_JWT_VERIFIER_H_
#define MLMD_SERVER_JWT_VERIFIER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/identity.h"
#include "server/reloading_file.h"

namespace mlmd::server {

struct JwtOptions {
  std::string jwks_path;  // --jwt_jwks_file
  std::string issuer;     // --jwt_issuer: the `iss` a token must carry
  std::string audience;   // --jwt_audience: must be in the token's `aud`
  // --jwt_roles: "ns/sa", "sa" or "*" -> role.
  absl::flat_hash_map<std::string, TenantRole> roles;
};

// Parses --jwt_roles ("pipeline-runner=writer,team-a/viewer=reader,*=reader").
absl::StatusOr<absl::flat_hash_map<std::string, TenantRole>> ParseJwtRoles(
    absl::string_view spec);

class JwtVerifier {
 public:
  // Reads the key set. INVALID_ARGUMENT when it cannot be read or holds no
  // usable RSA or EC public key, or when issuer or audience is empty.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Load(JwtOptions options);
  ~JwtVerifier();

  // The identity of a valid token; UNAUTHENTICATED naming the first check
  // that failed (malformed, algorithm, unknown key, signature, issuer,
  // audience, expired, not yet valid, no namespace). `now` is for tests.
  // Thread-safe.
  absl::StatusOr<TokenIdentity> Verify(absl::string_view token) const;
  absl::StatusOr<TokenIdentity> Verify(absl::string_view token,
                                       absl::Time now) const;

 private:
  struct Key;
  explicit JwtVerifier(JwtOptions options);
  JwtOptions options_;
  std::vector<Key> keys_;
};

// --jwt_jwks_file of a running server: reloaded on SIGHUP and when the file
// changes (server/reloading_file.h), so a rotated signing key is picked up
// from the mounted ConfigMap without a restart. Thread-safe.
class ReloadingJwtVerifier {
 public:
  // Fails as JwtVerifier::Load does.
  static absl::StatusOr<std::unique_ptr<ReloadingJwtVerifier>> Load(
      JwtOptions options);

  // JwtVerifier::Verify with the key set now in force.
  absl::StatusOr<TokenIdentity> Verify(absl::string_view token) {
    return file_->Current()->Verify(token);
  }
  // Rereads the key set now; on error keeps the old keys and returns why.
  absl::Status Reload() { return file_->Reload(); }

 private:
  explicit ReloadingJwtVerifier(
      std::unique_ptr<ReloadingFile<JwtVerifier>> file)
      : file_(std::move(file)) {}
  std::unique_ptr<ReloadingFile<JwtVerifier>> file_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_JWT_VERIFIER_H_
