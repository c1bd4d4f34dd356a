// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// What a backup holds: the MLMD schema-10 tables, their columns with a
// backend-neutral kind, and the canonical row encoding that per-table
// checksums are computed over.
//
// The canonical encoding does not depend on the backend a row was read from
// (PostgreSQL's BOOLEAN and MySQL's TINYINT(1) both become one bool; a bytea
// and a SQLite text both become bytes; doubles are encoded by their bits), so
// a store restored into another backend has the same checksums.
//
// Row order is canonical too: by the table's leading integer key (an id, or
// the node id of a property row), then, inside one key, by the encoded bytes
// of the rows -- except EventPath, whose rows have no key of their own and
// whose order inside one event is the order of the path's steps.
#ifndef MLMD_STORE_BACKUP_TABLES_H_
#define MLMD_STORE_BACKUP_TABLES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "store/sql/value.h"

namespace mlmd::backup {

enum class ColumnKind { kInt, kDouble, kText, kBytes, kBool };

struct ColumnSpec {
  const char *name;
  ColumnKind kind;
  // INT (32-bit) on PostgreSQL and MySQL; SQLite stores 64 bits.
  bool int32 = false;
};

struct TableSpec {
  const char *name;  // as upstream spells it (MySQL table names are
                     // case-sensitive)
  // columns[0] is the leading integer key rows are paged and ordered by.
  std::vector<ColumnSpec> columns;
  // True when `id` is an auto-increment key whose counter a restore must
  // move past the restored ids.
  bool has_id_sequence = false;
  // False for EventPath: the order of rows inside one key is meaningful.
  bool sort_within_key = true;
};

// Every table a backup holds, parents before children (the restore order).
// MLMDEnv is not listed: the backup file and a restored database get their
// own schema_version row.
const std::vector<TableSpec> &BackupTables();

// "c1, c2, ..." for SELECT and INSERT.
std::string ColumnList(const TableSpec &table);

// The row read from any backend with every value in its canonical type
// (Int, Double, Text, Bool or NULL), as it is written to the backup file and
// to a restore target.
sql::Row NormalizeRow(const TableSpec &table, const sql::Row &raw);

// Appends the canonical encoding of a normalized row.
void AppendCanonicalRow(const sql::Row &row, std::string *out);

// Orders one page of normalized rows canonically (see above). The page must
// hold whole keys only.
void SortPage(const TableSpec &table, std::vector<sql::Row> &rows);

// OUT_OF_RANGE naming table, column and leading key when an int32 column of
// `row` holds a value that a PostgreSQL or MySQL INT cannot store.
absl::Status CheckFitsInt32(const TableSpec &table, const sql::Row &row);

// Incremental SHA-256 over canonical rows; the hex digest at the end.
class TableChecksum {
 public:
  TableChecksum();
  ~TableChecksum();
  TableChecksum(const TableChecksum &) = delete;
  TableChecksum &operator=(const TableChecksum &) = delete;

  void AddRow(const sql::Row &normalized_row);
  int64_t rows() const { return rows_; }
  // Lowercase hex; call once.
  std::string Finish();

 private:
  void *ctx_;  // EVP_MD_CTX
  std::string buffer_;
  int64_t rows_ = 0;
};

}  // namespace mlmd::backup

#endif  // MLMD_STORE_BACKUP_TABLES_H_
