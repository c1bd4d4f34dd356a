// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/token_file.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/log.h"
#include "server/tenant_config.h"

namespace mlmd::server {
namespace {

absl::StatusOr<std::string> ReadAll(const std::string &path) {
  std::ifstream in(path);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read --token_file '", path, "'"));
  }
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

int64_t MtimeNs(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 +
         st.st_mtim.tv_nsec;
}

}  // namespace

absl::StatusOr<TenantRole> ParseTenantRole(absl::string_view text) {
  if (text == "reader") return TenantRole::kReader;
  if (text == "writer") return TenantRole::kWriter;
  if (text == "admin") return TenantRole::kAdmin;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown role '", text, "'; roles are reader, writer and admin"));
}

const char *TenantRoleName(TenantRole role) {
  switch (role) {
    case TenantRole::kReader:
      return "reader";
    case TenantRole::kWriter:
      return "writer";
    case TenantRole::kAdmin:
      return "admin";
    default:
      return "none";
  }
}

std::string TokenDigest(absl::string_view token) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(token.data(), token.size(), out, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char *>(out), len);
}

absl::StatusOr<TokenTable> ParseTokenFile(absl::string_view text) {
  TokenTable table;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(
          absl::StrCat("token file line ", line_no, ": ", what));
    };
    if (fields.size() != 3) {
      return error(
          "expected three fields: token, client name, "
          "tenant=role[,tenant=role...]");
    }
    TokenIdentity identity;
    identity.client = std::string(fields[1]);
    identity.source = "token";
    for (absl::string_view grant : absl::StrSplit(fields[2], ',')) {
      std::pair<absl::string_view, absl::string_view> kv =
          absl::StrSplit(grant, absl::MaxSplits('=', 1));
      if (auto st = ValidateTenantName(kv.first); !st.ok()) {
        return error(st.message());
      }
      auto role = ParseTenantRole(kv.second);
      if (!role.ok()) return error(role.status().message());
      if (!identity.roles.emplace(kv.first, *role).second) {
        return error(absl::StrCat("tenant '", kv.first, "' listed twice"));
      }
    }
    if (!table.emplace(TokenDigest(fields[0]), std::move(identity)).second) {
      return error("this token is already on an earlier line");
    }
  }
  return table;
}

absl::StatusOr<std::unique_ptr<TokenFile>> TokenFile::Load(std::string path) {
  std::unique_ptr<TokenFile> file(new TokenFile(std::move(path)));
  if (auto st = file->Reload(); !st.ok()) return st;
  return file;
}

absl::Status TokenFile::Reload() {
  const int64_t mtime = MtimeNs(path_);
  auto text = ReadAll(path_);
  if (!text.ok()) return text.status();
  auto table = ParseTokenFile(*text);
  if (!table.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--token_file '", path_, "': ", table.status().message()));
  }
  auto shared = std::make_shared<const TokenTable>(*std::move(table));
  absl::MutexLock lock(&mu_);
  table_ = std::move(shared);
  mtime_ns_ = mtime;
  return absl::OkStatus();
}

void TokenFile::ReloadIfChanged() {
  {
    absl::MutexLock lock(&mu_);
    const absl::Time now = absl::Now();
    if (now < next_check_) return;
    next_check_ = now + absl::Seconds(1);
    if (MtimeNs(path_) == mtime_ns_) return;
  }
  if (auto st = Reload(); st.ok()) {
    LogInfo("reloaded --token_file ", path_);
  } else {
    LogError(st.message(), "; keeping the previous tokens");
    // Do not retry a broken file on every call; wait for the next change.
    absl::MutexLock lock(&mu_);
    mtime_ns_ = MtimeNs(path_);
  }
}

absl::StatusOr<TokenIdentity> TokenFile::Lookup(absl::string_view token) {
  ReloadIfChanged();
  std::shared_ptr<const TokenTable> table;
  {
    absl::MutexLock lock(&mu_);
    table = table_;
  }
  auto it = table->find(TokenDigest(token));
  if (it == table->end()) {
    return absl::UnauthenticatedError(
        "the bearer token is not in the server's token file (unknown or "
        "revoked token)");
  }
  return it->second;
}

}  // namespace mlmd::server
