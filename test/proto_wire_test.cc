// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Guards wire compatibility with upstream MLMD: the manifest built from the
// protos we compile must match the committed manifest, which was generated
// from upstream's descriptors. A failure means a field number, label, type,
// default, packing, enum value or RPC signature drifted.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/proto_manifest_lib.h"

#ifndef WIRE_MANIFEST_PATH
#error "WIRE_MANIFEST_PATH must point at test/proto_wire_manifest.txt"
#endif

namespace mlmd_server {
namespace {

// Splits into lines, dropping '\r' and empty lines so that editor or
// checkout line-ending changes do not cause spurious failures.
std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

TEST(ProtoWireTest, MatchesUpstreamManifest) {
  std::ifstream file(WIRE_MANIFEST_PATH);
  ASSERT_TRUE(file.is_open()) << "cannot open " << WIRE_MANIFEST_PATH;
  std::stringstream buffer;
  buffer << file.rdbuf();

  const std::vector<std::string> expected = SplitLines(buffer.str());
  const std::vector<std::string> actual = SplitLines(BuildWireManifest());
  ASSERT_FALSE(expected.empty()) << WIRE_MANIFEST_PATH << " is empty";

  // Both lists are sorted, so a merge walk yields an exact line diff.
  std::string missing;     // In the upstream manifest but not in our protos.
  std::string unexpected;  // In our protos but not upstream.
  size_t i = 0;
  size_t j = 0;
  while (i < expected.size() || j < actual.size()) {
    if (j == actual.size() ||
        (i < expected.size() && expected[i] < actual[j])) {
      missing += "  - " + expected[i++] + "\n";
    } else if (i == expected.size() || actual[j] < expected[i]) {
      unexpected += "  + " + actual[j++] + "\n";
    } else {
      ++i;
      ++j;
    }
  }
  EXPECT_TRUE(missing.empty() && unexpected.empty())
      << "Wire manifest differs from " << WIRE_MANIFEST_PATH << "\n"
      << "Expected (upstream) but missing:\n"
      << missing << "Present but not expected:\n"
      << unexpected;
}

}  // namespace
}  // namespace mlmd_server
