// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Who is calling and what each tenant lets them do. Identities come from a
// bearer token (the token file, server/token_file.h, or a Kubernetes
// service-account JWT, server/jwt_verifier.h) or from a verified TLS client
// certificate (server/roles.h).
#ifndef MLMD_SERVER_IDENTITY_H_
#define MLMD_SERVER_IDENTITY_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mlmd::server {

// Ordered: each role may do what the ones before it may.
enum class TenantRole { kNone = 0, kReader, kWriter, kAdmin };

// "reader", "writer" or "admin"; INVALID_ARGUMENT otherwise.
absl::StatusOr<TenantRole> ParseTenantRole(absl::string_view text);
const char *TenantRoleName(TenantRole role);

struct TokenIdentity {
  std::string client;  // the name logs show, never the token
  std::string source;  // "token" or "jwt"
  // The tenants this identity may use and its role in each.
  absl::flat_hash_map<std::string, TenantRole> roles;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_IDENTITY_H_
