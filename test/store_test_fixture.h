// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The store test suite runs the same tests on every backend available to the
// test run: SQLite always, PostgreSQL and MySQL when the test script started
// throwaway servers (it exports MLMD_TEST_POSTGRES_* / MLMD_TEST_MYSQL_*).
//
// Usage in a test file:
//   class TypesTest : public StoreTest {};
//   TEST_P(TypesTest, Something) { store().PutArtifactType(...); }
//   INSTANTIATE_STORE_TEST_SUITE(TypesTest);
#ifndef MLMD_TEST_STORE_TEST_FIXTURE_H_
#define MLMD_TEST_STORE_TEST_FIXTURE_H_

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "store/store.h"

namespace mlmd::testing {

struct BackendParam {
  std::string name;  // "sqlite", "postgresql", "mysql" (used in test names)
  // Makes StoreOptions for a fresh, empty database each call.
  std::function<StoreOptions()> make_options;
};

// gtest prints the parameter in test names; the backend name is enough.
inline void PrintTo(const BackendParam &param, std::ostream *os) {
  *os << param.name;
}

// Every backend this run can use.
std::vector<BackendParam> AvailableBackends();

class StoreTest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override;
  MetadataStore &store() { return *store_; }
  // Re-opens the same database (to test persistence and start-up paths).
  void Reopen();
  const StoreOptions &options() const { return options_; }

 private:
  StoreOptions options_;
  std::unique_ptr<MetadataStore> store_;
};

std::string BackendTestName(const ::testing::TestParamInfo<BackendParam> &info);

// The --db DSN (README "Configuration") naming the database of `config`, for
// end-to-end tests that start the real binary on a backend.
std::string DsnFor(const ml_metadata::ConnectionConfig &config);

}  // namespace mlmd::testing

#define INSTANTIATE_STORE_TEST_SUITE(Suite)                      \
  INSTANTIATE_TEST_SUITE_P(                                      \
      Backends, Suite,                                           \
      ::testing::ValuesIn(::mlmd::testing::AvailableBackends()), \
      ::mlmd::testing::BackendTestName)

// Asserts an absl::Status is OK, printing it otherwise.
#define MLMD_ASSERT_OK(expr)                                    \
  do {                                                          \
    const ::absl::Status _st = (expr);                          \
    ASSERT_TRUE(_st.ok()) << #expr << " -> " << _st.ToString(); \
  } while (0)
#define MLMD_EXPECT_OK(expr)                                    \
  do {                                                          \
    const ::absl::Status _st = (expr);                          \
    EXPECT_TRUE(_st.ok()) << #expr << " -> " << _st.ToString(); \
  } while (0)

#endif  // MLMD_TEST_STORE_TEST_FIXTURE_H_
