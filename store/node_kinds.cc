// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/node_kinds.h"

#include "absl/time/clock.h"

namespace mlmd {

absl::string_view TypeKindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kArtifact:
      return "artifact";
    case TypeKind::kExecution:
      return "execution";
    case TypeKind::kContext:
      return "context";
  }
  return "unknown";
}

int64_t NowMillis() { return absl::ToUnixMillis(absl::Now()); }

}  // namespace mlmd
