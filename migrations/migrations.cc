// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "migrations/migrations.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "migrations/embedded_files.h"

namespace mlmd::migrations {
namespace {

const internal::EmbeddedFile* Find(Dialect dialect, absl::string_view name) {
  for (int i = 0; i < internal::kNumEmbeddedFiles; ++i) {
    const auto& f = internal::kEmbeddedFiles[i];
    if (DialectName(dialect) == f.dialect && name == f.name) return &f;
  }
  return nullptr;
}

Migration FromFile(const internal::EmbeddedFile* file, int version) {
  Migration m;
  m.version = version;
  if (file != nullptr) {
    m.name = file->name;
    m.statements = SplitStatements(file->sql);
  }
  return m;
}

}  // namespace

absl::string_view DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kSqlite:
      return "sqlite";
    case Dialect::kPostgresql:
      return "postgresql";
    case Dialect::kMysql:
      return "mysql";
  }
  return "unknown";
}

Migration BaseSchema(Dialect dialect) {
  return FromFile(
      Find(dialect, absl::StrCat("mlmd_v", kMlmdSchemaVersion, ".sql")),
      kMlmdSchemaVersion);
}

Migration UpstreamUpgrade(Dialect dialect, int from_version) {
  return FromFile(
      Find(dialect, absl::StrCat("mlmd_upgrade_v", from_version + 1, ".sql")),
      from_version + 1);
}

std::vector<Migration> ExtensionMigrations(Dialect dialect) {
  std::vector<Migration> out;
  for (int i = 0; i < internal::kNumEmbeddedFiles; ++i) {
    const auto& f = internal::kEmbeddedFiles[i];
    if (DialectName(dialect) != f.dialect) continue;
    absl::string_view name = f.name;
    // Our own files start with a four-digit version.
    int version = 0;
    if (name.size() > 5 && name[4] == '_' &&
        absl::SimpleAtoi(name.substr(0, 4), &version)) {
      out.push_back(FromFile(&f, version));
    }
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) {
    return a.version < b.version;
  });
  return out;
}

std::vector<std::string> SplitStatements(absl::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    if (absl::StripAsciiWhitespace(line) == "-- statement") {
      if (!absl::StripAsciiWhitespace(current).empty()) {
        out.push_back(std::string(absl::StripAsciiWhitespace(current)));
      }
      current.clear();
      continue;
    }
    absl::StrAppend(&current, line, "\n");
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    out.push_back(std::string(absl::StripAsciiWhitespace(current)));
  }
  return out;
}

}  // namespace mlmd::migrations
