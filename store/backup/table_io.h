// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Reading and writing backup tables on any connection (a source database,
// a backup file, a restore target), and the manifest table of a backup file.
#ifndef MLMD_STORE_BACKUP_TABLE_IO_H_
#define MLMD_STORE_BACKUP_TABLE_IO_H_

#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/backup.h"
#include "store/backup/tables.h"
#include "store/sql/connection.h"

namespace mlmd::backup {

// Starts a read transaction that sees one consistent snapshot of the whole
// database for every statement until EndSnapshot.
absl::Status BeginSnapshot(sql::Connection &conn);
absl::Status EndSnapshot(sql::Connection &conn);

// Reads `table` in keyset-paged chunks of about `page_rows`, in canonical
// order (tables.h), normalized; `sink` gets each page (which it may consume).
using PageSink = absl::FunctionRef<absl::Status(std::vector<sql::Row> &page)>;
absl::Status ReadTable(sql::Connection &conn, const TableSpec &table,
                       PageSink sink, int page_rows = 5000);

// Inserts normalized rows with their ids as given.
absl::Status InsertRows(sql::Connection &conn, const TableSpec &table,
                        const std::vector<sql::Row> &rows);

// The manifest table inside a backup file.
inline constexpr char kManifestTable[] = "mlmd_server_backup_manifest";
absl::Status WriteManifest(sql::Connection &conn,
                           const BackupManifest &manifest);
// INVALID_ARGUMENT when the file has no manifest or one of another format.
absl::StatusOr<BackupManifest> ReadManifest(sql::Connection &conn);

}  // namespace mlmd::backup

#endif  // MLMD_STORE_BACKUP_TABLE_IO_H_
