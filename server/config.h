// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Command-line flags: upstream metadata_store_server's flags, with the same
// names and meanings, plus mlmd-server's own. BuildServerConfig() turns them
// into the upstream MetadataStoreServerConfig plus our extra options.
#ifndef MLMD_SERVER_CONFIG_H_
#define MLMD_SERVER_CONFIG_H_

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "mlmd_server/admin/v1/admin.pb.h"
#include "server/jwt_verifier.h"
#include "store/store.h"

namespace mlmd::server {

struct ServerConfig {
  ml_metadata::MetadataStoreServerConfig
      upstream;  // connection, migration, TLS
  StoreOptions store;
  std::string listen_address;          // "0.0.0.0:8080"
  std::string grpc_channel_arguments;  // "a=1,b=2", upstream format
  std::string metrics_address;         // "0.0.0.0:9090"; empty: no metrics
  // Calls at least this slow are logged; infinite: none.
  absl::Duration log_slow_calls = absl::Seconds(2);
  // TLS client names by role (server/roles.h); both empty: no roles.
  absl::flat_hash_set<std::string> reader_client_names;
  absl::flat_hash_set<std::string> writer_client_names;
  absl::flat_hash_set<std::string> admin_client_names;
  // Without role lists, everyone may call the admin service.
  bool enable_admin_service = false;
  // grpc-web (server/grpc_web.h): "host:port", empty: off; request bound.
  std::string grpc_web_address;
  size_t grpc_web_max_request_bytes = 4 << 20;
  // ---- Identity and tenants (server/tenancy.h) ----
  std::string token_file;  // --token_file; empty: no static tokens
  JwtOptions jwt;          // jwt.jwks_path empty: no JWTs
  // Tenants besides "default" open to callers without a bearer token.
  absl::flat_hash_set<std::string> tenants;
  int max_tenants = 64;         // tenant stores open at once, default aside
  int tenant_db_pool_size = 4;  // connections per tenant store
  // PEM file with the key and certificate for /metrics over HTTPS.
  std::string metrics_tls_cert_file;

  int connection_retries = 5;  // start-up attempts while the db is down
  int grpc_min_pollers = 2;    // sync server thread settings
  int grpc_max_pollers = 32;
  // Retention on the server's own schedule (server/retention_command.h):
  // every retention_interval (zero: off), purge by retention_policy.
  absl::Duration retention_interval = absl::ZeroDuration();
  mlmd_server::admin::v1::RetentionPolicy retention_policy;
};

// Reads the parsed flags. Errors name the flag to fix.
absl::StatusOr<ServerConfig> BuildServerConfig();

// The SQLite file used when no database is configured at all.
std::string DefaultSqlitePath();

}  // namespace mlmd::server

#endif  // MLMD_SERVER_CONFIG_H_
