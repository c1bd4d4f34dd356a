// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Row locks that keep link rows (Event, Attribution, Association,
// ParentContext) from naming a node that retention is deleting at the same
// moment. MLMD's tables have no foreign keys, so the store keeps the rule
// itself, the way a foreign key check would:
//
//   - a writer reads every stored node it is about to link to with a key
//     share lock (LinkTargetLock), held until it commits;
//   - retention locks the nodes of a batch for update (DeleteLock) before it
//     reads their links and deletes them.
//
// The two conflict, so either the writer commits first and retention then
// sees the new link (and keeps the artifact), or retention commits first and
// the writer's read no longer finds the node (and the writer reports it as
// unknown). Without the locks, READ COMMITTED on PostgreSQL and MySQL lets
// both go ahead and leaves a link to a deleted node. SQLite serializes all
// writers, so it needs neither.
#ifndef MLMD_STORE_ROW_LOCKS_H_
#define MLMD_STORE_ROW_LOCKS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "migrations/migrations.h"

namespace mlmd {

// Suffix for a SELECT of link targets. `table_alias`, when given, limits the
// lock to that table of a join on PostgreSQL (its syntax requires it when the
// other side is an outer join); MySQL/MariaDB lock every row they read.
inline std::string LinkTargetLock(migrations::Dialect dialect,
                                  absl::string_view table_alias = "") {
  switch (dialect) {
    case migrations::Dialect::kPostgresql:
      // The weakest lock that blocks a DELETE: plain UPDATEs of the node's
      // own columns still go ahead.
      return table_alias.empty()
                 ? " FOR KEY SHARE"
                 : absl::StrCat(" FOR KEY SHARE OF ", table_alias);
    case migrations::Dialect::kMysql:
      return " LOCK IN SHARE MODE";
    case migrations::Dialect::kSqlite:
      break;
  }
  return "";
}

// Suffix for retention's SELECT of the nodes of a batch it is about to delete.
inline absl::string_view DeleteLock(migrations::Dialect dialect) {
  return dialect == migrations::Dialect::kSqlite ? "" : " FOR UPDATE";
}

}  // namespace mlmd

#endif  // MLMD_STORE_ROW_LOCKS_H_
