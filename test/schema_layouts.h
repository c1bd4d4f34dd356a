// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Older upstream MLMD layouts for upgrade tests, made by taking a freshly
// created schema-10 database back with upstream's downgrade steps.
#ifndef MLMD_TEST_SCHEMA_LAYOUTS_H_
#define MLMD_TEST_SCHEMA_LAYOUTS_H_

#include <string>
#include <vector>

#include "store/sql/connection.h"

namespace mlmd::testing {

// The oldest schema version DowngradeStatements can produce for `dialect`.
int OldestKnownLayout(sql::Dialect dialect);

// Statements (run outside a transaction, in order) that turn a schema-10
// database into upstream's layout at `version`, MLMDEnv row included.
// `version` is 10 (no change), 9, or on MySQL also 7. Empty for other
// combinations.
std::vector<std::string> DowngradeStatements(sql::Dialect dialect, int version);

}  // namespace mlmd::testing

#endif  // MLMD_TEST_SCHEMA_LAYOUTS_H_
