// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
// Placeholder until implemented.
#include "store/type_access.h"

namespace mlmd {
absl::Status EnsureSimpleTypes(sql::Connection& conn) {
  return absl::OkStatus();
}
}  // namespace mlmd
