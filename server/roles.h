// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Roles by TLS client certificate: readers (analysts, dashboards) may call
// only the RPCs that do not change the database; writers (pipeline drivers)
// may call every MetadataStoreService RPC; admins may call everything,
// including our admin RPCs (retention, backup). A client is named by its
// certificate's common name or any of its subject alternative names, so
// roles need mutual TLS (ssl_config.client_verify). With no role configured
// every client may call every read and write RPC, as with upstream, and the
// admin RPCs only when the operator turned them on for everyone
// (--enable_admin_service).
#ifndef MLMD_SERVER_ROLES_H_
#define MLMD_SERVER_ROLES_H_

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_context.h"

namespace mlmd::server {

// What an RPC may do, which decides the roles allowed to call it.
enum class RpcAccess {
  kRead,   // reads only: readers, writers, admins
  kWrite,  // changes metadata: writers, admins
  kAdmin,  // deletes or exports in bulk: admins only
};

class RolePolicy {
 public:
  RolePolicy() = default;
  // `admin_without_roles`: with no list set, anyone may call admin RPCs
  // (otherwise nobody may).
  RolePolicy(absl::flat_hash_set<std::string> readers,
             absl::flat_hash_set<std::string> writers,
             absl::flat_hash_set<std::string> admins = {},
             bool admin_without_roles = false)
      : readers_(std::move(readers)),
        writers_(std::move(writers)),
        admins_(std::move(admins)),
        admin_without_roles_(admin_without_roles) {}

  // Whether any role is configured.
  bool enabled() const {
    return !readers_.empty() || !writers_.empty() || !admins_.empty();
  }

  // OK when the client behind `auth` may call `rpc`; PERMISSION_DENIED
  // naming the client, its role and the RPC otherwise. A client named in
  // no list may call nothing. Thread-safe (read-only after building).
  absl::Status Authorize(const grpc::AuthContext &auth, absl::string_view rpc,
                         RpcAccess access) const;

 private:
  absl::flat_hash_set<std::string> readers_;
  absl::flat_hash_set<std::string> writers_;
  absl::flat_hash_set<std::string> admins_;
  bool admin_without_roles_ = false;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_ROLES_H_
