// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// ml_metadata.Value literals for tests that build nodes by hand.
#ifndef MLMD_TEST_PROTO_VALUES_H_
#define MLMD_TEST_PROTO_VALUES_H_

#include <cstdint>
#include <string>

#include "ml_metadata/proto/metadata_store.pb.h"

namespace mlmd::testing {

inline ml_metadata::Value Str(const std::string &s) {
  ml_metadata::Value v;
  v.set_string_value(s);
  return v;
}
inline ml_metadata::Value Int(int64_t i) {
  ml_metadata::Value v;
  v.set_int_value(i);
  return v;
}
inline ml_metadata::Value Dbl(double d) {
  ml_metadata::Value v;
  v.set_double_value(d);
  return v;
}

}  // namespace mlmd::testing

#endif  // MLMD_TEST_PROTO_VALUES_H_
