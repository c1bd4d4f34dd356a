// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The prepared-statement cache shared by the SQL backends
// (store/sql/statement_cache.h): lookups, least-recently-used eviction, and
// that every statement it lets go of is handed to the backend exactly once.
#include "store/sql/statement_cache.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mlmd::sql {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// Records what the cache released, in order; a handle is its statement's
// name here.
struct Released {
  std::vector<std::string> order;
  std::map<std::string, int> times;

  StatementCache<std::string>::Release Hook() {
    return [this](std::string& handle) {
      order.push_back(handle);
      ++times[handle];
    };
  }
};

TEST(StatementCacheTest, FindHitsWhatWasInsertedAndMissesTheRest) {
  Released released;
  StatementCache<std::string> cache(4, released.Hook());
  EXPECT_EQ(cache.Find("SELECT 1"), nullptr);

  std::string& inserted = cache.Insert("SELECT 1", "s1");
  EXPECT_EQ(inserted, "s1");
  std::string* found = cache.Find("SELECT 1");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found, &inserted);
  EXPECT_EQ(*found, "s1");
  EXPECT_EQ(cache.Find("SELECT 2"), nullptr);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_THAT(released.order, IsEmpty());
}

TEST(StatementCacheTest, EvictsTheLeastRecentlyUsedWhenFull) {
  Released released;
  StatementCache<std::string> cache(3, released.Hook());
  cache.Insert("a", "A");
  cache.Insert("b", "B");
  cache.Insert("c", "C");
  EXPECT_TRUE(cache.full());
  EXPECT_THAT(released.order, IsEmpty());

  // Using "a" makes "b" the least recently used.
  ASSERT_NE(cache.Find("a"), nullptr);
  cache.Insert("d", "D");
  EXPECT_THAT(released.order, ElementsAre("B"));
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_EQ(cache.size(), 3u);

  // Now "c" (untouched since it was inserted), then "a".
  cache.Insert("e", "E");
  cache.Insert("f", "F");
  EXPECT_THAT(released.order, ElementsAre("B", "C", "A"));
  EXPECT_NE(cache.Find("d"), nullptr);
  EXPECT_NE(cache.Find("e"), nullptr);
  EXPECT_NE(cache.Find("f"), nullptr);
}

TEST(StatementCacheTest, PointersStayValidWhileOtherKeysComeAndGo) {
  StatementCache<std::string> cache(2);
  std::string* kept = &cache.Insert("kept", "K");
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(cache.Find("kept"), kept);
    cache.Insert("other" + std::to_string(i), "O");
  }
  EXPECT_EQ(*kept, "K");
}

TEST(StatementCacheTest, EraseReleasesOnlyThatKey) {
  Released released;
  StatementCache<std::string> cache(4, released.Hook());
  cache.Insert("a", "A");
  cache.Insert("b", "B");
  EXPECT_TRUE(cache.Erase("a"));
  EXPECT_FALSE(cache.Erase("a"));
  EXPECT_FALSE(cache.Erase("never cached"));
  EXPECT_THAT(released.order, ElementsAre("A"));
  EXPECT_EQ(cache.Find("a"), nullptr);
  EXPECT_NE(cache.Find("b"), nullptr);
  EXPECT_EQ(cache.size(), 1u);

  // Erasing makes room: the next insert evicts nothing.
  cache.Insert("a", "A2");
  EXPECT_THAT(released.order, ElementsAre("A"));
}

TEST(StatementCacheTest, InsertOverAKeyReleasesTheOldStatement) {
  Released released;
  StatementCache<std::string> cache(2, released.Hook());
  cache.Insert("a", "A1");
  cache.Insert("b", "B");
  cache.Insert("a", "A2");  // re-prepared: not an eviction of "b"
  EXPECT_THAT(released.order, ElementsAre("A1"));
  ASSERT_NE(cache.Find("a"), nullptr);
  EXPECT_EQ(*cache.Find("a"), "A2");
  EXPECT_NE(cache.Find("b"), nullptr);
}

TEST(StatementCacheTest, ClearReleasesEverythingAndTheCacheStaysUsable) {
  Released released;
  StatementCache<std::string> cache(3, released.Hook());
  cache.Insert("a", "A");
  cache.Insert("b", "B");
  cache.Clear();
  EXPECT_THAT(released.order, UnorderedElementsAre("A", "B"));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.full());
  EXPECT_EQ(cache.Find("a"), nullptr);

  cache.Insert("a", "A2");
  EXPECT_NE(cache.Find("a"), nullptr);
  cache.Clear();
  cache.Clear();
  EXPECT_THAT(released.order, UnorderedElementsAre("A", "B", "A2"));
}

TEST(StatementCacheTest, EveryStatementIsReleasedExactlyOnce) {
  Released released;
  int inserted = 0;
  {
    StatementCache<std::string> cache(5, released.Hook());
    // Evictions, erasures, re-inserts under the same key, a clear, and what
    // is left for the destructor.
    for (int round = 0; round < 3; ++round) {
      for (int i = 0; i < 12; ++i) {
        const std::string key = "k" + std::to_string(i % 7);
        cache.Insert(key,
                     "r" + std::to_string(round) + "_" + std::to_string(i));
        ++inserted;
        if (i % 4 == 0) cache.Erase("k" + std::to_string((i + 3) % 7));
        cache.Find("k0");
      }
      if (round == 1) cache.Clear();
      EXPECT_LE(cache.size(), 5u);
    }
  }
  EXPECT_EQ(released.order.size(), static_cast<size_t>(inserted));
  EXPECT_EQ(released.times.size(), static_cast<size_t>(inserted));
  for (const auto& [handle, times] : released.times) {
    EXPECT_EQ(times, 1) << handle;
  }
}

TEST(StatementCacheTest, MoveOnlyHandlesAreDestroyedOnEviction) {
  // The MySQL case: the handle owns its statement, no release hook needed.
  auto alive = std::make_shared<int>(0);
  struct Statement {
    explicit Statement(std::shared_ptr<int> alive) : alive(std::move(alive)) {
      ++*this->alive;
    }
    ~Statement() { --*alive; }
    std::shared_ptr<int> alive;
  };
  {
    StatementCache<std::unique_ptr<Statement>> cache(2);
    for (int i = 0; i < 5; ++i) {
      cache.Insert(std::to_string(i), std::make_unique<Statement>(alive));
      EXPECT_LE(*alive, 2);
    }
    EXPECT_EQ(*alive, 2);
    cache.Erase("4");
    EXPECT_EQ(*alive, 1);
  }
  EXPECT_EQ(*alive, 0);
}

TEST(StatementCacheTest, CapacityIsAtLeastOne) {
  Released released;
  StatementCache<std::string> cache(0, released.Hook());
  EXPECT_EQ(cache.capacity(), 1u);
  cache.Insert("a", "A");
  cache.Insert("b", "B");
  EXPECT_THAT(released.order, ElementsAre("A"));
  EXPECT_NE(cache.Find("b"), nullptr);
}

TEST(StatementCacheTest, KeysMayHoldAnyBytes) {
  // PostgreSQL's keys append a separator and parameter type tags.
  StatementCache<int> cache(4);
  const std::string with_types("SELECT ?\x1fi", 10);
  const std::string nul("a\0b", 3);
  cache.Insert(with_types, 1);
  cache.Insert(nul, 2);
  ASSERT_NE(cache.Find(with_types), nullptr);
  EXPECT_EQ(*cache.Find(with_types), 1);
  ASSERT_NE(cache.Find(nul), nullptr);
  EXPECT_EQ(*cache.Find(nul), 2);
  EXPECT_EQ(cache.Find("a"), nullptr);
}

}  // namespace
}  // namespace mlmd::sql
