// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Fuzz target for the filter-query pipeline. Each input is parsed, compiled
// for every node kind and SQL dialect, and listed through ListNodeIds against
// an empty in-memory SQLite database with the MLMD schema. Acceptable
// outcomes are OK and INVALID_ARGUMENT; anything else (a crash, a sanitizer
// report, another status code, SQL that the database rejects, user text in
// the SQL) is a bug.
//
// Built as a libFuzzer binary by fuzz/CMakeLists.txt (clang only), and
// included by test/filter_fuzz_test.cc so the normal build replays
// deterministic mutations through the same code.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "migrations/migrations.h"
#include "ml_metadata/proto/metadata_store.pb.h"
#include "store/filter/filter_compiler.h"
#include "store/filter/filter_parser.h"
#include "store/list_query.h"
#include "store/sql/sqlite_connection.h"

namespace mlmd::fuzzing {

// An empty MLMD database shared by every input of the process.
inline sql::Connection* FuzzDatabase() {
  static sql::Connection* conn = [] {
    auto factory =
        sql::NewSqliteConnectionFactory(sql::SqliteOptions{":memory:"});
    auto opened = factory->Open();
    if (!opened.ok()) {
      std::fprintf(stderr, "cannot open SQLite: %s\n",
                   opened.status().ToString().c_str());
      std::abort();
    }
    sql::Connection* c = opened->release();
    for (const std::string& statement :
         migrations::BaseSchema(migrations::Dialect::kSqlite).statements) {
      auto st = c->Execute(statement);
      if (!st.ok()) {
        std::fprintf(stderr, "schema: %s\n", st.status().ToString().c_str());
        std::abort();
      }
    }
    // Keep the factory alive with the connection.
    static auto* keep = factory.release();
    (void)keep;
    return c;
  }();
  return conn;
}

// The compiled SQL must contain only our own text: identifiers, operators,
// placeholders and the LIKE escape clause. One `?` per parameter.
inline absl::Status CheckCompiledSql(const filter::CompiledFilter& compiled,
                                     absl::string_view query) {
  const std::string text = absl::StrReplaceAll(
      absl::StrCat(compiled.joins, " ", compiled.where), {{"ESCAPE '\\'", ""}});
  size_t placeholders = 0;
  int depth = 0;
  for (char c : text) {
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') ||
        absl::string_view("_ .,()=<>?*+/-").find(c) != absl::string_view::npos;
    if (!allowed) {
      return absl::InternalError(
          absl::StrCat("unexpected character in compiled SQL for query '",
                       query, "': ", text));
    }
    if (c == '?') ++placeholders;
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) break;
  }
  if (depth != 0) {
    return absl::InternalError(
        absl::StrCat("unbalanced parentheses for '", query, "': ", text));
  }
  if (placeholders != compiled.params.size()) {
    return absl::InternalError(
        absl::StrCat(placeholders, " placeholders but ", compiled.params.size(),
                     " parameters for '", query, "': ", text));
  }
  return absl::OkStatus();
}

// OK when the query compiled for at least one node kind, INVALID_ARGUMENT
// when every stage rejected it properly; any other status describes a bug.
inline absl::Status CheckFilterQuery(absl::string_view query) {
  auto acceptable = [&](const absl::Status& st, absl::string_view stage) {
    if (st.ok() || absl::IsInvalidArgument(st)) return absl::OkStatus();
    return absl::InternalError(absl::StrCat(stage, " returned ", st.ToString(),
                                            " for query '", query, "'"));
  };
  auto expr = filter::ParseFilterQuery(query);
  if (!expr.ok()) {
    absl::Status st = acceptable(expr.status(), "ParseFilterQuery");
    return st.ok() ? expr.status() : st;
  }
  (void)filter::DebugString(**expr);

  absl::Status first_rejection;
  bool compiled_somewhere = false;
  for (TypeKind kind :
       {TypeKind::kArtifact, TypeKind::kExecution, TypeKind::kContext}) {
    for (sql::Dialect dialect :
         {sql::Dialect::kSqlite, sql::Dialect::kPostgresql,
          sql::Dialect::kMysql}) {
      auto compiled = filter::CompileFilter(**expr, kind, dialect, "b");
      if (absl::Status st = acceptable(compiled.status(), "CompileFilter");
          !st.ok()) {
        return st;
      }
      if (!compiled.ok()) {
        if (first_rejection.ok()) first_rejection = compiled.status();
        continue;
      }
      if (absl::Status st = CheckCompiledSql(*compiled, query); !st.ok()) {
        return st;
      }
      compiled_somewhere = true;
    }
    ml_metadata::ListOperationOptions options;
    options.set_filter_query(std::string(query));
    options.set_max_result_size(5);
    auto page = ListNodeIds(*FuzzDatabase(), kind, &options, {});
    if (absl::Status st = acceptable(page.status(), "ListNodeIds"); !st.ok()) {
      return st;
    }
  }
  return compiled_somewhere ? absl::OkStatus() : first_rejection;
}

}  // namespace mlmd::fuzzing

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::Status st = mlmd::fuzzing::CheckFilterQuery(
      absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!st.ok() && !absl::IsInvalidArgument(st)) {
    std::fprintf(stderr, "BUG: %s\n", st.ToString().c_str());
    std::abort();
  }
  return 0;
}
