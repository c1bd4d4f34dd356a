// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// `WHERE x IN (...)` over key lists of any length: keys are deduplicated and
// sent in chunks (bounded statement size and parameter count on every
// backend), each chunk padded to a power-of-two length by repeating its last
// key, so a connection's statement cache holds a handful of shapes instead
// of one per list length.
#ifndef MLMD_STORE_SQL_LISTS_H_
#define MLMD_STORE_SQL_LISTS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "store/sql/connection.h"

namespace mlmd {

// Most keys bound in one statement.
inline constexpr size_t kMaxInListKeys = 512;

// The chunking under every IN list of the store: calls `run(placeholders,
// params)` once per chunk of at most `max_chunk` of `keys` (in the order
// given), `params` holding the chunk's keys padded to the next power of two
// (at most `max_chunk`) by repeating its last key and `placeholders` as many
// "?, ?" for them. Padding leaves an IN list's meaning unchanged and keeps
// a connection's prepared-statement cache to a few shapes per statement.
absl::Status ForEachInListChunk(
    absl::Span<const sql::Value> keys, size_t max_chunk,
    absl::FunctionRef<absl::Status(const std::string& placeholders,
                                   std::vector<sql::Value>& params)>
        run);

// For each chunk runs `prefix + "(?, ...)" + suffix` with `leading` followed
// by the chunk's keys as parameters, and hands the rows to `on_rows`. Does
// nothing for an empty key list. Keys are deduplicated first, so a row that
// one key matches comes back once; rows arrive chunk by chunk.
absl::Status QueryInChunks(
    sql::Connection& conn, absl::string_view prefix, absl::string_view suffix,
    const std::vector<sql::Value>& leading, std::vector<sql::Value> keys,
    absl::FunctionRef<absl::Status(const sql::ResultSet&)> on_rows);

}  // namespace mlmd

#endif  // MLMD_STORE_SQL_LISTS_H_
