// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Roles by TLS client certificate: readers (analysts, dashboards) may call
// only the RPCs that do not change the database; writers (pipeline drivers)
// may call every RPC. A client is named by its certificate's common name or
// any of its subject alternative names, so roles need mutual TLS
// (ssl_config.client_verify). With no role configured every client may call
// everything, as with upstream.
#ifndef MLMD_SERVER_ROLES_H_
#define MLMD_SERVER_ROLES_H_

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_context.h"

namespace mlmd::server {

class RolePolicy {
 public:
  RolePolicy() = default;
  RolePolicy(absl::flat_hash_set<std::string> readers,
             absl::flat_hash_set<std::string> writers)
      : readers_(std::move(readers)), writers_(std::move(writers)) {}

  // Whether any role is configured (otherwise Authorize always allows).
  bool enabled() const { return !readers_.empty() || !writers_.empty(); }

  // OK when the client behind `auth` may call `rpc`; PERMISSION_DENIED
  // naming the client, its role and the RPC otherwise. A client named in
  // neither list may call nothing. Thread-safe (read-only after building).
  absl::Status Authorize(const grpc::AuthContext& auth, absl::string_view rpc,
                         bool is_write) const;

 private:
  absl::flat_hash_set<std::string> readers_;
  absl::flat_hash_set<std::string> writers_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_ROLES_H_
