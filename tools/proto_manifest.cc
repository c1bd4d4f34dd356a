// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Prints the wire manifest of the linked ml_metadata protos to stdout.
// Regenerate test/proto_wire_manifest.txt with it only when intentionally
// tracking a new upstream MLMD release:
//   proto_manifest > test/proto_wire_manifest.txt

#include <iostream>

#include "tools/proto_manifest_lib.h"

int main() {
  std::cout << mlmd_server::BuildWireManifest();
  return std::cout.good() ? 0 : 1;
}
