// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// Replays deterministic pseudo-random mutations of valid filter queries
// through the libFuzzer target (fuzz/filter_fuzzer.cc, compiled in here), so
// that the normal build exercises it: no crash, and every outcome is OK or
// INVALID_ARGUMENT.
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fuzz/filter_fuzzer.cc"  // NOLINT: the fuzz target itself
#include "gtest/gtest.h"

namespace mlmd::fuzzing {
namespace {

const std::vector<std::string>& Seeds() {
  static const auto* seeds = new std::vector<std::string>{
      "id != 1",
      "id IN (1, 3)",
      "type_id = 5",
      "type = 'my_type_name'",
      "name = 'foo'",
      "type = 'bar' AND name LIKE 'foo%'",
      "external_id = 'my_external_id'",
      "NOT(create_time_since_epoch < 1 OR last_update_time_since_epoch < 1)",
      "uri = 'exact_path_string'",
      "uri LIKE 'path_like_this%'",
      "uri IS NOT NULL",
      "state = LIVE",
      "state IS NULL",
      "state IN (PENDING, LIVE)",
      "last_known_state = RUNNING",
      "last_known_state != RUNNING",
      "last_known_state NOT IN (FAILED, CANCELED)",
      "contexts_a.id = 5",
      "contexts_a.type = 'RunContext'",
      "contexts_a.name = 'my_run' AND contexts_b.name = 'my_pipeline'",
      "artifacts_a.state IN (PENDING, LIVE)",
      "artifacts_a.uri = 'x' AND artifacts_b.external_id = \"e\"",
      "executions_a.last_known_state IN (NEW, RUNNING)",
      "properties.accuracy.double_value > 0.95",
      "custom_properties.my_param.string_value = \"foo\"",
      "properties.`my property`.int_value > 0",
      "custom_properties.`my:custom.property`.bool_value = true",
      "type = 'DataSet' AND (contexts_a.type = 'RunContext' AND "
      "contexts_a.name = 'my_run') AND (properties.span.int_value = 1 OR "
      "custom_properties.span.int_value = 1)",
      "parent_contexts_a.id = 5",
      "child_contexts_a.type = 'RunContext'",
      "events_0.execution_id = 1",
      "events_0.type = INPUT",
      "events_0.type IN (INPUT, INTERNAL_INPUT)",
      "events_0.milliseconds_since_epoch = 1",
      "type_id + 1 > 1 AND id * 2 / 3 - -4 <= 0x10",
      "id BETWEEN 1 AND 5 OR name NOT LIKE 'a\\\\_%'",
      "name = 'it\\'s \\u00e9 \\x41' -- comment",
      "custom_properties.flag.bool_value AND NOT id = 1.5e3",
  };
  return *seeds;
}

// Fragments that mutations splice in.
constexpr const char* kTokens[] = {
    "(",
    ")",
    " AND ",
    " OR ",
    "NOT ",
    " IN (",
    " LIKE ",
    " IS NULL",
    "'",
    "\"",
    "`",
    ".",
    ",",
    "=",
    "!=",
    "<=",
    "-",
    "*",
    "/",
    "\\",
    "\\u",
    "\\x",
    "0x",
    "1e",
    "properties.",
    "contexts_",
    "events_",
    "state",
    "LIVE",
    "NULL",
    "TRUE",
    "/*",
    "--",
    "#",
    "\xff",
    "\xc3",
    "9223372036854775808",
    " BETWEEN ",
    "id",
    "type",
    " ",
};

std::string Mutate(std::string s, std::mt19937& rng) {
  auto pick = [&](size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng);
  };
  const int rounds = 1 + static_cast<int>(pick(2));
  for (int r = 0; r < rounds; ++r) {
    switch (pick(7)) {
      case 0:  // flip one bit
        if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1 << pick(8));
        break;
      case 1:  // insert a random byte
        s.insert(s.begin() + pick(s.size() + 1), static_cast<char>(pick(256)));
        break;
      case 2:  // insert a token
        s.insert(pick(s.size() + 1),
                 kTokens[pick(sizeof(kTokens) / sizeof(kTokens[0]))]);
        break;
      case 3:  // truncate
        s.resize(pick(s.size() + 1));
        break;
      case 4: {  // erase a range
        const size_t at = pick(s.size() + 1);
        s.erase(at, pick(8));
        break;
      }
      case 5: {  // duplicate a chunk
        const size_t at = pick(s.size() + 1);
        const std::string chunk = s.substr(at, pick(16));
        s.insert(pick(s.size() + 1), chunk);
        break;
      }
      default: {  // splice in part of another seed
        const std::string& other = Seeds()[pick(Seeds().size())];
        s.insert(pick(s.size() + 1), other.substr(pick(other.size() + 1)));
        break;
      }
    }
  }
  return s;
}

void ExpectAcceptable(absl::string_view query) {
  const absl::Status st = CheckFilterQuery(query);
  ASSERT_TRUE(st.ok() || absl::IsInvalidArgument(st))
      << "query: '" << query << "' -> " << st;
  // The libFuzzer entry point itself must return normally too.
  ASSERT_EQ(LLVMFuzzerTestOneInput(
                reinterpret_cast<const uint8_t*>(query.data()), query.size()),
            0);
}

TEST(FilterFuzzTest, SeedsAreValidForSomeKind) {
  for (const std::string& seed : Seeds()) {
    EXPECT_TRUE(CheckFilterQuery(seed).ok() ||
                filter::ParseFilterQuery(seed).ok())
        << seed;
    ExpectAcceptable(seed);
  }
}

TEST(FilterFuzzTest, PathologicalInputs) {
  const std::vector<std::string> inputs = {
      std::string(10000, '('),
      std::string(10000, '(') + "id = 1" + std::string(10000, ')'),
      std::string(10000, ')'),
      [] {
        std::string s;
        for (int i = 0; i < 10000; ++i) s += "NOT ";
        return s + "id = 1";
      }(),
      [] {
        std::string s = "id = ";
        for (int i = 0; i < 10000; ++i) s += "- ";
        return s + "1";
      }(),
      [] {
        std::string s = "id = 1";
        for (int i = 0; i < 6000; ++i) s += " AND id = 1";
        return s;
      }(),
      [] {
        std::string s = "id IN (1";
        for (int i = 0; i < 20000; ++i) s += ",1";
        return s + ")";
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 100; ++i) {
          absl::StrAppend(&s, i ? " OR " : "", "contexts_", i, ".id = 1");
        }
        return s;
      }(),
      "name = '" + std::string(70000, 'x') + "'",
      "uri LIKE '" + std::string(20000, '%') + "'",
      std::string("id = 1\0", 7),
      "",
      std::string(5000, '`'),
      std::string(5000, '\''),
  };
  for (const std::string& input : inputs) {
    ExpectAcceptable(input);
    if (HasFatalFailure()) return;
  }
}

TEST(FilterFuzzTest, RandomMutationsOfSeeds) {
  std::mt19937 rng(20260101);
  const auto start = std::chrono::steady_clock::now();
  constexpr int kIterations = 20000;
  int accepted = 0;
  for (int i = 0; i < kIterations; ++i) {
    const std::string& seed = Seeds()[i % Seeds().size()];
    const std::string input = Mutate(seed, rng);
    const absl::Status st = CheckFilterQuery(input);
    ASSERT_TRUE(st.ok() || absl::IsInvalidArgument(st))
        << "iteration " << i << ", query: '" << input << "' -> " << st;
    if (st.ok()) ++accepted;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  // Mutations must still reach the compiler and the database often.
  EXPECT_GT(accepted, kIterations / 20);
  std::printf("%d mutations, %d accepted, %.2f s\n", kIterations, accepted,
              seconds);
}

}  // namespace
}  // namespace mlmd::fuzzing
