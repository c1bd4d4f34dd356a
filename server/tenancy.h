// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Decides, for each call, who is calling, which tenant the call is for,
// whether the caller's role in that tenant allows the RPC, and which store
// serves it. RpcDispatcher asks this before running any RPC body, so every
// service (upstream's 52 RPCs and ours) is tenant-aware without change.
//
// Identity, in order:
//  1. `authorization: Bearer <token>` metadata: a JWT (three dot-separated
//     parts) is checked by --jwt_jwks_file, anything else by --token_file.
//     A bad token is UNAUTHENTICATED, never a fallback to another identity.
//  2. Without a token: the verified TLS client certificate and the
//     --*_client_names roles (server/roles.h), exactly as before tenancy;
//     or, with no roles, anyone (as upstream). When bearer tokens are
//     configured and no certificate roles are, a call without a token is
//     UNAUTHENTICATED.
// Tenant: the `x-mlmd-tenant` metadata; without it, the token's only tenant
// (or "default" when the token has several and default among them). Callers
// without a token may use "default" and the tenants of --tenants.
#ifndef MLMD_SERVER_TENANCY_H_
#define MLMD_SERVER_TENANCY_H_

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"
#include "server/jwt_verifier.h"
#include "server/roles.h"
#include "server/tenant_stores.h"
#include "server/token_file.h"
#include "store/store.h"

namespace mlmd::server {

// The metadata key naming a call's tenant.
inline constexpr char kTenantMetadataKey[] = "x-mlmd-tenant";

struct CallTarget {
  MetadataStore *store = nullptr;
  std::string identity;  // for logs: "token:ci", "jwt:ns/sa", "tls:cn", ...
  std::string tenant;
};

class TenantResolver {
 public:
  // Null `roles`: no certificate roles (admin RPCs refused unless
  // `admin_without_roles`). Null `tokens`/`jwt`: that source is off.
  // Everything passed must outlive the resolver.
  TenantResolver(TenantStores *stores, const RolePolicy *roles,
                 TokenFile *tokens, ReloadingJwtVerifier *jwt,
                 absl::flat_hash_set<std::string> open_tenants)
      : stores_(stores),
        roles_(roles),
        tokens_(tokens),
        jwt_(jwt),
        open_tenants_(std::move(open_tenants)) {}

  // The store, identity and tenant for `rpc`, or UNAUTHENTICATED (bad or
  // missing token), INVALID_ARGUMENT (malformed or ambiguous tenant),
  // PERMISSION_DENIED (tenant or RPC not allowed), or the tenant store's
  // open error. Thread-safe. `identity` is filled even on error when known.
  absl::StatusOr<CallTarget> Resolve(const grpc::ServerContext &context,
                                     const char *rpc, RpcAccess access,
                                     std::string *identity) const;

 private:
  absl::StatusOr<CallTarget> ResolveToken(const grpc::ServerContext &context,
                                          absl::string_view header,
                                          const char *rpc, RpcAccess access,
                                          std::string *identity) const;

  TenantStores *stores_;
  const RolePolicy *roles_;
  TokenFile *tokens_;
  ReloadingJwtVerifier *jwt_;
  const absl::flat_hash_set<std::string> open_tenants_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_TENANCY_H_
