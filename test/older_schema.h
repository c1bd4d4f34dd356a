// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Databases laid out the way upstream MLMD left them at an older schema
// version, for the upgrade and compatibility tests, and a way to compare two
// databases' layouts through the catalog.
#ifndef MLMD_TEST_OLDER_SCHEMA_H_
#define MLMD_TEST_OLDER_SCHEMA_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace mlmd::testing {

// A connection of its own to the database `options` name (created when the
// backend creates databases on open), outside any store: for laying out and
// inspecting a database before and after a store opens it.
absl::StatusOr<std::unique_ptr<sql::Connection>> OpenRawConnection(
    const StoreOptions& options);

// The oldest and newest versions CreateUpstreamSchema can lay out.
inline constexpr int kOldestFixtureVersion = 7;
inline constexpr int kNewestFixtureVersion = 10;

// Creates upstream's tables and indexes for MLMD schema `version` (7 to 10)
// in the empty database behind `conn`, and writes MLMDEnv.schema_version.
// Versions 7 to 9 come from test/fixtures/<dialect>/mlmd_v<N>.sql, which
// say how upstream arrived at each layout; 10 is our own base schema, which
// equals upstream's. No table of mlmd-server's own is created.
absl::Status CreateUpstreamSchema(sql::Connection& conn, int version);

// The layout of the database behind `conn`, one line per item: every
// table's columns in order (declared type, nullability, default, key part),
// every index and key (table, uniqueness, columns, partial predicate), and on
// PostgreSQL constraints and sequences. Two databases with the same layout
// give equal vectors; rows are not looked at.
absl::StatusOr<std::vector<std::string>> CatalogSnapshot(sql::Connection& conn);

// "" when two snapshots are equal; otherwise the lines only `actual` has
// ("+ ...") and only `expected` has ("- ..."), or a note that the same lines
// come in another order (columns reordered).
std::string CatalogDiff(const std::vector<std::string>& actual,
                        const std::vector<std::string>& expected);

}  // namespace mlmd::testing

#endif  // MLMD_TEST_OLDER_SCHEMA_H_
