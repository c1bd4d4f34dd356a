// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Builds a textual "wire manifest" of the ml_metadata protos linked into the
// binary: the facts that must not change for wire compatibility with
// upstream MLMD (field numbers, labels, types, defaults, packing, enum
// values and RPC signatures).

#ifndef MLMD_SERVER_TOOLS_PROTO_MANIFEST_LIB_H_
#define MLMD_SERVER_TOOLS_PROTO_MANIFEST_LIB_H_

#include <string>

namespace mlmd_server {

// Returns the sorted manifest, one fact per line, each line ending in '\n'.
// Line formats:
//   <message full name>.<field> = <number> <label> <type> [<type name>]
//       [default=<value>] [packed]
//   <extendee full name>.(<extension full name>) = <same as fields>
//   <enum full name>.<VALUE> = <number>
//   <service full name>.<Method>(<input full name>) -> <output full name>
// Streaming RPCs would carry a "stream " prefix on the streamed side.
std::string BuildWireManifest();

}  // namespace mlmd_server

#endif  // MLMD_SERVER_TOOLS_PROTO_MANIFEST_LIB_H_
