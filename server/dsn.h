// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The DSN (URL) form of the database setting, e.g. for --db:
//   postgresql://user:password@host:5432/dbname?sslmode=require
//   mysql://user:password@[::1]:3306/database?ssl_ca=/etc/ca.pem
//   sqlite:///abs/path.db   sqlite:relative/path.db   sqlite::memory:
// A value without one of these schemes is a plain SQLite path (or a SQLite
// `file:` URI), as --db always meant. The result is the same upstream
// ConnectionConfig that upstream's database flags build.
#ifndef MLMD_SERVER_DSN_H_
#define MLMD_SERVER_DSN_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd::server {

// Parses `value`. Pure: touches no file or network. Errors are
// INVALID_ARGUMENT, start with `source` (the flag or variable the value came
// from, e.g. "--db") and name the offending part; they never contain the
// password or other parts of the user:password@host section.
//
// Userinfo, host, database name and query values are percent-decoded. Ports
// default to 5432 (PostgreSQL) and 3306 (MySQL); the database name is
// required. Query parameters map to upstream's config fields:
//   postgresql: sslmode sslcert sslkey sslpassword sslrootcert passfile
//               hostaddr host skip_db_creation
//   mysql:      ssl_key ssl_cert ssl_ca ssl_capath ssl_cipher
//               ssl_verify_server_cert socket skip_db_creation
//   sqlite:     mode (ro, rw, rwc)
// Unknown or repeated parameters are refused, and so is an '@' after the
// host (it means an unencoded '/' or '?' in the password; write %40).
absl::StatusOr<ml_metadata::ConnectionConfig> ParseDatabaseDsn(
    absl::string_view value, absl::string_view source = "--db");

}  // namespace mlmd::server

#endif  // MLMD_SERVER_DSN_H_
