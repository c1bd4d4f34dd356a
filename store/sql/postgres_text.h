// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Internal to the PostgreSQL backend (postgres_connection.cc): statement
// text, value text and error classification for libpq.
#ifndef MLMD_STORE_SQL_POSTGRES_TEXT_H_
#define MLMD_STORE_SQL_POSTGRES_TEXT_H_

#include <libpq-fe.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace mlmd::sql::pg {

// Rewrites each `?` placeholder to `$1`, `$2`, ... (outside string
// literals, quoted identifiers and comments); `count` gets their number.
std::string NumberPlaceholders(absl::string_view sql, int* count);

// libpq's multi-line messages on one line.
std::string OneLine(absl::string_view text);

// Doubles as PostgreSQL's text format writes and reads them (NaN,
// Infinity and -Infinity included), exactly.
std::string FormatDouble(double d);
double ParseDouble(const char* text);

// How a failed statement is reported (connection.h's code classes);
// `lost` is set when the connection can no longer be used.
absl::Status ErrorStatus(const PGresult* res, PGconn* conn,
                         absl::string_view sql, bool* lost);

}  // namespace mlmd::sql::pg

#endif  // MLMD_STORE_SQL_POSTGRES_TEXT_H_
