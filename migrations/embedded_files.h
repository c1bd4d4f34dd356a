// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// The table of SQL files that embed.cmake generates at build time.
#ifndef MLMD_MIGRATIONS_EMBEDDED_FILES_H_
#define MLMD_MIGRATIONS_EMBEDDED_FILES_H_

namespace mlmd::migrations::internal {

struct EmbeddedFile {
  const char* dialect;  // folder under migrations/
  const char* name;     // file name
  const char* sql;      // file contents
};
extern const EmbeddedFile kEmbeddedFiles[];
extern const int kNumEmbeddedFiles;

}  // namespace mlmd::migrations::internal

#endif  // MLMD_MIGRATIONS_EMBEDDED_FILES_H_
