// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "server/token_file.h"

#include <openssl/evp.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
  auto file = ReloadingFile<TokenTable>::Load(
      std::move(path), "--token_file",
      [](const std::string &p)
          -> absl::StatusOr<std::shared_ptr<const TokenTable>> {
        auto text = ReadAll(p);
        if (!text.ok()) return text.status();
        auto table = ParseTokenFile(*text);
        if (!table.ok()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "--token_file '", p, "': ", table.status().message()));
        }
        return std::make_shared<const TokenTable>(*std::move(table));
      });
  if (!file.ok()) return file.status();
  return std::unique_ptr<TokenFile>(new TokenFile(*std::move(file)));
}

absl::StatusOr<TokenIdentity> TokenFile::Lookup(absl::string_view token) {
  std::shared_ptr<const TokenTable> table = file_->Current();
  auto it = table->find(TokenDigest(token));
  if (it == table->end()) {
    return absl::UnauthenticatedError(
        "the bearer token is not in the server's token file (unknown or "
        "revoked token)");
  }
  return it->second;
}

}  // namespace mlmd::server
