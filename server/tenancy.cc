// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/tenancy.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/tenant_config.h"

namespace mlmd::server {
namespace {

// The value of metadata `key`, if the client sent it.
std::optional<absl::string_view> Metadata(const grpc::ServerContext &context,
                                          absl::string_view key) {
  const auto &md = context.client_metadata();
  auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return std::nullopt;
  return absl::string_view(it->second.data(), it->second.size());
}

std::string CertificateName(const grpc::ServerContext &context) {
  auto auth = context.auth_context();
  if (auth == nullptr) return "";
  for (const grpc::string_ref &cn :
       auth->FindPropertyValues("x509_common_name")) {
    return std::string(cn.data(), cn.size());
  }
  return "";
}

TenantRole Needed(RpcAccess access) {
  switch (access) {
    case RpcAccess::kRead:
      return TenantRole::kReader;
    case RpcAccess::kWrite:
      return TenantRole::kWriter;
    default:
      return TenantRole::kAdmin;
  }
}

}  // namespace

absl::StatusOr<CallTarget> TenantResolver::Resolve(
    const grpc::ServerContext &context, const char *rpc, RpcAccess access,
    std::string *identity) const {
  const bool tokens_on = tokens_ != nullptr || jwt_ != nullptr;
  // Without a token source the header is not ours to judge: upstream ignores
  // it, and proxies in front of Kubeflow's UI may pass their own along.
  if (std::optional<absl::string_view> header =
          Metadata(context, "authorization");
      header.has_value() && tokens_on) {
    return ResolveToken(context, *header, rpc, access, identity);
  }
  const bool cert_roles_on = roles_ != nullptr && roles_->enabled();
  const std::string cert = CertificateName(context);
  *identity = cert.empty() ? "anonymous" : absl::StrCat("tls:", cert);
  if (tokens_on && !cert_roles_on) {
    return absl::UnauthenticatedError(absl::StrCat(
        "missing bearer token: ", rpc,
        " needs `authorization: Bearer <token>` metadata on this server"));
  }
  CallTarget target;
  target.identity = *identity;
  target.tenant = std::string(kDefaultTenant);
  if (auto header = Metadata(context, kTenantMetadataKey)) {
    if (auto st = ValidateTenantName(*header); !st.ok()) return st;
    target.tenant = std::string(*header);
    if (target.tenant != kDefaultTenant &&
        !open_tenants_.contains(target.tenant)) {
      return absl::PermissionDeniedError(absl::StrCat(
          "tenant '", target.tenant,
          "' is not open to callers without a bearer token; list it in "
          "--tenants or grant it to a token"));
    }
  }
  if (roles_ != nullptr) {
    if (auto st = roles_->Authorize(*context.auth_context(), rpc, access);
        !st.ok()) {
      return st;
    }
  } else if (access == RpcAccess::kAdmin) {
    return absl::PermissionDeniedError(
        absl::StrCat(rpc, " is an admin RPC and no admin is configured"));
  }
  auto store = stores_->Get(target.tenant);
  if (!store.ok()) return store.status();
  target.store = *store;
  return target;
}

absl::StatusOr<CallTarget> TenantResolver::ResolveToken(
    const grpc::ServerContext &context, absl::string_view header,
    const char *rpc, RpcAccess access, std::string *identity) const {
  constexpr absl::string_view kBearer = "bearer ";
  if (header.size() <= kBearer.size() ||
      !absl::StartsWithIgnoreCase(header, kBearer)) {
    return absl::UnauthenticatedError(
        "the authorization metadata is not `Bearer <token>`");
  }
  const absl::string_view token =
      absl::StripAsciiWhitespace(header.substr(kBearer.size()));
  const bool is_jwt = std::count(token.begin(), token.end(), '.') == 2;
  absl::StatusOr<TokenIdentity> who;
  if (is_jwt && jwt_ != nullptr) {
    who = jwt_->Verify(token);
  } else if (tokens_ != nullptr) {
    who = tokens_->Lookup(token);
  } else if (jwt_ != nullptr) {
    who = absl::UnauthenticatedError(
        "the bearer token is not a JWT and this server has no --token_file");
  } else {
    // Resolve() only asks when a token source is configured.
    who = absl::InternalError("no token source configured");
  }
  if (!who.ok()) return who.status();
  *identity = absl::StrCat(who->source, ":", who->client);

  CallTarget target;
  target.identity = *identity;
  if (auto header_tenant = Metadata(context, kTenantMetadataKey)) {
    if (auto st = ValidateTenantName(*header_tenant); !st.ok()) return st;
    target.tenant = std::string(*header_tenant);
  } else if (who->roles.size() == 1) {
    target.tenant = who->roles.begin()->first;
  } else if (who->roles.contains(kDefaultTenant)) {
    target.tenant = std::string(kDefaultTenant);
  } else {
    std::vector<std::string> names;
    for (const auto &[name, role] : who->roles) names.push_back(name);
    std::sort(names.begin(), names.end());
    return absl::InvalidArgumentError(
        absl::StrCat("client '", who->client, "' may use several tenants (",
                     absl::StrJoin(names, ", "), "); name one in `",
                     kTenantMetadataKey, "` metadata"));
  }
  auto it = who->roles.find(target.tenant);
  if (it == who->roles.end()) {
    return absl::PermissionDeniedError(
        absl::StrCat("client '", who->client, "' (", who->source,
                     ") may not use tenant '", target.tenant, "'"));
  }
  if (it->second < Needed(access)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "client '", who->client, "' has the ", TenantRoleName(it->second),
        " role in tenant '", target.tenant, "' and cannot call ", rpc,
        access == RpcAccess::kAdmin ? ", an admin RPC" : ", which writes"));
  }
  auto store = stores_->Get(target.tenant);
  if (!store.ok()) return store.status();
  target.store = *store;
  return target;
}

}  // namespace mlmd::server
