// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "test/schema_layouts.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace mlmd::testing {
namespace {

// Upstream's 10 -> 9 step: the proto and bool property columns go.
std::vector<std::string> DowngradeTo9() {
  std::vector<std::string> out;
  for (const char* table :
       {"ArtifactProperty", "ExecutionProperty", "ContextProperty"}) {
    out.push_back(
        absl::StrCat("ALTER TABLE ", table, " DROP COLUMN proto_value"));
    out.push_back(
        absl::StrCat("ALTER TABLE ", table, " DROP COLUMN bool_value"));
  }
  out.push_back("UPDATE MLMDEnv SET schema_version = 9");
  return out;
}

// Upstream's MySQL downgrade from 10 to 7.
std::vector<std::string> MysqlDowngradeTo7() {
  std::vector<std::string> out;
  for (const char* t :
       {"ArtifactProperty", "ExecutionProperty", "ContextProperty"}) {
    out.push_back(absl::StrCat("ALTER TABLE ", t,
                               " DROP COLUMN proto_value, DROP COLUMN "
                               "bool_value"));
  }
  for (const auto& [table, idx] :
       std::vector<std::pair<std::string, std::string>>{
           {"Type", "type"},
           {"Artifact", "artifact"},
           {"Execution", "execution"},
           {"Context", "context"}}) {
    out.push_back(absl::StrCat("ALTER TABLE ", table, " DROP INDEX idx_", idx,
                               "_external_id"));
    out.push_back(
        absl::StrCat("ALTER TABLE ", table, " DROP COLUMN external_id"));
  }
  out.push_back("ALTER TABLE Event DROP INDEX UniqueEvent");
  out.push_back(
      "ALTER TABLE Event ADD INDEX idx_event_artifact_id (artifact_id)");
  for (const char* prefix : {"Artifact", "Execution", "Context"}) {
    for (const char* kind : {"int", "double", "string"}) {
      out.push_back(
          absl::StrCat("ALTER TABLE ", prefix, "Property DROP INDEX idx_",
                       absl::AsciiStrToLower(prefix), "_property_", kind));
    }
  }
  out.push_back("UPDATE MLMDEnv SET schema_version = 7");
  return out;
}

}  // namespace

int OldestKnownLayout(sql::Dialect dialect) {
  return dialect == sql::Dialect::kMysql ? 7 : 9;
}

std::vector<std::string> DowngradeStatements(sql::Dialect dialect,
                                             int version) {
  if (version == 10) return {};
  if (version == 9) return DowngradeTo9();
  if (version == 7 && dialect == sql::Dialect::kMysql) {
    return MysqlDowngradeTo7();
  }
  return {};
}

}  // namespace mlmd::testing
