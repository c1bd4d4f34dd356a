// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/roles.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mlmd::server {
namespace {

// The names a verified client certificate carries: its common name and
// subject alternative names, as gRPC's TLS layer reports them.
std::vector<std::string> ClientNames(const grpc::AuthContext& auth) {
  std::vector<std::string> names;
  for (const char* property :
       {"x509_common_name", "x509_subject_alternative_name"}) {
    for (const grpc::string_ref& value : auth.FindPropertyValues(property)) {
      names.emplace_back(value.data(), value.size());
    }
  }
  return names;
}

}  // namespace

absl::Status RolePolicy::Authorize(const grpc::AuthContext& auth,
                                   absl::string_view rpc, bool is_write) const {
  if (!enabled()) return absl::OkStatus();
  const std::vector<std::string> names = ClientNames(auth);
  bool reader = false;
  for (const std::string& name : names) {
    if (writers_.contains(name)) return absl::OkStatus();
    reader = reader || readers_.contains(name);
  }
  if (reader && !is_write) return absl::OkStatus();
  const std::string who =
      names.empty()
          ? "a client without a verified certificate"
          : absl::StrCat("client '", absl::StrJoin(names, "', '"), "'");
  if (reader) {
    return absl::PermissionDeniedError(
        absl::StrCat(who, " has the reader role and cannot call ", rpc,
                     ", which writes; writers are named by "
                     "--writer_client_names"));
  }
  return absl::PermissionDeniedError(absl::StrCat(
      who, " has no role on this server and cannot call ", rpc,
      "; name it in --reader_client_names or --writer_client_names"));
}

}  // namespace mlmd::server
