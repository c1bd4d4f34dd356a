// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/roles.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mlmd::server {
namespace {

// The names a verified client certificate carries: its common name and
// subject alternative names, as gRPC's TLS layer reports them.
std::vector<std::string> ClientNames(const grpc::AuthContext &auth) {
  std::vector<std::string> names;
  for (const char *property :
       {"x509_common_name", "x509_subject_alternative_name"}) {
    for (const grpc::string_ref &value : auth.FindPropertyValues(property)) {
      names.emplace_back(value.data(), value.size());
    }
  }
  return names;
}

}  // namespace

absl::Status RolePolicy::Authorize(const grpc::AuthContext &auth,
                                   absl::string_view rpc,
                                   RpcAccess access) const {
  if (!enabled()) {
    if (access != RpcAccess::kAdmin || admin_without_roles_) {
      return absl::OkStatus();
    }
    return absl::PermissionDeniedError(absl::StrCat(
        rpc,
        " is an admin RPC and the admin service is off: name admin clients "
        "in --admin_client_names (with mutual TLS) or start the server with "
        "--enable_admin_service to let every client call it"));
  }
  const std::vector<std::string> names = ClientNames(auth);
  enum Role { kNone, kReader, kWriter, kAdmin } role = kNone;
  for (const std::string &name : names) {
    if (admins_.contains(name)) {
      role = kAdmin;
    } else if (writers_.contains(name) && role < kWriter) {
      role = kWriter;
    } else if (readers_.contains(name) && role < kReader) {
      role = kReader;
    }
  }
  switch (access) {
    case RpcAccess::kRead:
      if (role >= kReader) return absl::OkStatus();
      break;
    case RpcAccess::kWrite:
      if (role >= kWriter) return absl::OkStatus();
      break;
    case RpcAccess::kAdmin:
      if (role == kAdmin) return absl::OkStatus();
      break;
  }
  const std::string who =
      names.empty()
          ? "a client without a verified certificate"
          : absl::StrCat("client '", absl::StrJoin(names, "', '"), "'");
  if (role == kNone) {
    return absl::PermissionDeniedError(
        absl::StrCat(who, " has no role on this server and cannot call ", rpc,
                     "; name it in --reader_client_names, "
                     "--writer_client_names or --admin_client_names"));
  }
  if (access == RpcAccess::kAdmin) {
    return absl::PermissionDeniedError(absl::StrCat(
        who, " has the ", role == kReader ? "reader" : "writer",
        " role and cannot call ", rpc,
        ", an admin RPC; admins are named by --admin_client_names"));
  }
  return absl::PermissionDeniedError(
      absl::StrCat(who, " has the reader role and cannot call ", rpc,
                   ", which writes; writers are named by "
                   "--writer_client_names"));
}

}  // namespace mlmd::server
