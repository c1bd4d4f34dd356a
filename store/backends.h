// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Chooses the connection factory for an upstream ConnectionConfig.
#ifndef MLMD_STORE_BACKENDS_H_
#define MLMD_STORE_BACKENDS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/sql/connection.h"

namespace mlmd {

// SQLite for `sqlite` (filename_uri, connection_mode), and the production
// backends as they are built. INVALID_ARGUMENT for an unset or unsupported
// config, with a message naming what to set.
absl::StatusOr<std::unique_ptr<sql::ConnectionFactory>> MakeConnectionFactory(
    const ml_metadata::ConnectionConfig& config);

// The databases on the PostgreSQL or MySQL server that `config` points at,
// sorted by name (PostgreSQL's templates and MySQL's system schemas left
// out). Connects as `config` does, so the configured database is created
// if it is missing and creation is allowed. INVALID_ARGUMENT for SQLite,
// whose databases are files; UNAVAILABLE when the server cannot be reached.
absl::StatusOr<std::vector<std::string>> ListServerDatabases(
    const ml_metadata::ConnectionConfig& config);

}  // namespace mlmd

#endif  // MLMD_STORE_BACKENDS_H_
