// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Static bearer tokens (--token_file). One token per line:
//
//   # token           client name       tenant=role[,tenant=role...]
//   3f9c...e1         pipeline-runner   team-a=writer,team-b=reader
//   77ab...02         ops               default=admin,team-a=admin
//
// Fields are separated by blanks; '#' starts a comment line. Roles are
// reader, writer and admin; tenants are Kubernetes namespace names or
// "default" (the configured database). Clients send the token as gRPC
// metadata `authorization: Bearer <token>`. Tokens are kept only as SHA-256
// digests, so a lookup compares digests, not the secret itself.
#ifndef MLMD_SERVER_TOKEN_FILE_H_
#define MLMD_SERVER_TOKEN_FILE_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "server/identity.h"
#include "server/reloading_file.h"

namespace mlmd::server {

// Token digest -> identity.
using TokenTable = absl::flat_hash_map<std::string, TokenIdentity>;

// Parses the file's text. INVALID_ARGUMENT naming the line for a malformed
// line, a bad tenant or role, or a token listed twice. Messages never
// include a token.
absl::StatusOr<TokenTable> ParseTokenFile(absl::string_view text);

// SHA-256 of `token`, the key of a TokenTable.
std::string TokenDigest(absl::string_view token);

// The token file of a running server: loaded at start, reloaded by Reload()
// (SIGHUP) and when its modification time changes (checked at most once a
// second, by lookups). A file that fails to parse on reload is logged and
// the previous tokens stay in force. Thread-safe.
class TokenFile {
 public:
  // Fails when the file cannot be read or parsed.
  static absl::StatusOr<std::unique_ptr<TokenFile>> Load(std::string path);

  // The identity holding `token`; UNAUTHENTICATED when there is none.
  absl::StatusOr<TokenIdentity> Lookup(absl::string_view token);

  // Rereads the file now; on error keeps the old tokens and returns why.
  absl::Status Reload() { return file_->Reload(); }

 private:
  explicit TokenFile(std::unique_ptr<ReloadingFile<TokenTable>> file)
      : file_(std::move(file)) {}

  std::unique_ptr<ReloadingFile<TokenTable>> file_;
};

}  // namespace mlmd::server

#endif  // MLMD_SERVER_TOKEN_FILE_H_
