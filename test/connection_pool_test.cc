// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// sql::ConnectionPool against scripted connections: reuse, the size limit and
// acquire timeout, unhealthy connections, and healing after a restart.
#include "store/sql/connection_pool.h"

#include <memory>
#include <optional>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/fake_connection.h"

namespace mlmd::sql {
namespace {

using ::mlmd::testing::FakeConnection;
using ::mlmd::testing::FakeConnectionFactory;
using ::mlmd::testing::FakeDatabase;
using ::testing::HasSubstr;

PoolOptions Options(int size, absl::Duration acquire_timeout,
                    absl::Duration idle_timeout = absl::Seconds(30)) {
  PoolOptions o;
  o.max_size = size;
  o.acquire_timeout = acquire_timeout;
  o.idle_timeout = idle_timeout;
  return o;
}

TEST(ConnectionPoolTest, ReturnedConnectionsAreReused) {
  auto db = std::make_shared<FakeDatabase>();
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(4, absl::Seconds(1)));
  for (int i = 0; i < 5; ++i) {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
  }
  EXPECT_EQ(db->opened, 1);
  EXPECT_EQ(pool.stats().idle, 1);
  EXPECT_EQ(pool.stats().opened_total, 1);
}

TEST(ConnectionPoolTest, AFullPoolTimesOutWithUnavailable) {
  auto db = std::make_shared<FakeDatabase>();
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(2, absl::Milliseconds(50)));
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(pool.stats().leased, 2);
  auto c = pool.Acquire();
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(absl::IsUnavailable(c.status())) << c.status();
  EXPECT_THAT(c.status().message(), HasSubstr("pool size 2"));
  EXPECT_EQ(pool.stats().waits_total, 1);
  EXPECT_EQ(db->opened, 2);
}

TEST(ConnectionPoolTest, AWaiterGetsTheConnectionAnotherThreadReturns) {
  auto db = std::make_shared<FakeDatabase>();
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(1, absl::Seconds(10)));
  std::optional<ConnectionPool::Lease> held;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    held.emplace(*std::move(lease));
  }
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    held.reset();
  });
  auto next = pool.Acquire();
  releaser.join();
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(db->opened, 1);
  EXPECT_EQ(pool.stats().waits_total, 1);
}

TEST(ConnectionPoolTest, AnUnhealthyConnectionIsClosedNotReused) {
  auto db = std::make_shared<FakeDatabase>();
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(4, absl::Seconds(1)));
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    static_cast<FakeConnection &>(**lease).Break();
  }
  EXPECT_EQ(db->closed, 1);
  EXPECT_EQ(pool.stats().idle, 0);
  auto again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(db->opened, 2);
}

TEST(ConnectionPoolTest,
     AfterABreakIdleConnectionsArePingedAndDeadOnesReplaced) {
  auto db = std::make_shared<FakeDatabase>();
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(4, absl::Seconds(1)));
  {
    // Two connections go idle.
    auto a = pool.Acquire();
    auto b = pool.Acquire();
    ASSERT_TRUE(a.ok() && b.ok());
  }
  ASSERT_EQ(pool.stats().idle, 2);
  // The database restarts: both idle connections are dead now, though
  // recently used, so the pool would hand them out without a ping...
  {
    std::lock_guard<std::mutex> lock(db->mu);
    db->generation = 1;
    db->alive_generation = 1;
  }
  {
    // ...until one of them fails in use, which marks every connection idle
    // since before then as suspect.
    auto first = pool.Acquire();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(db->pings, 0);
    static_cast<FakeConnection &>(**first).Break();
  }
  EXPECT_EQ(pool.stats().idle, 1);
  auto healed = pool.Acquire();
  ASSERT_TRUE(healed.ok()) << healed.status();
  EXPECT_EQ(db->pings, 1);   // the other idle one was checked...
  EXPECT_EQ(db->opened, 3);  // ...found dead, and replaced
  EXPECT_TRUE((*healed)->Ping().ok());
}

TEST(ConnectionPoolTest, StaleIdleConnectionsArePingedBeforeReuse) {
  auto db = std::make_shared<FakeDatabase>();
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(2, absl::Seconds(1), absl::Milliseconds(1)));
  { ASSERT_TRUE(pool.Acquire().ok()); }
  {
    std::lock_guard<std::mutex> lock(db->mu);
    db->generation = 1;
    db->alive_generation = 1;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  EXPECT_EQ(db->pings, 1);
  EXPECT_EQ(db->opened, 2);  // the dead one was replaced
  EXPECT_TRUE((*lease)->healthy());
}

TEST(ConnectionPoolTest, OpenFailuresKeepTheirCodeAndNameTheTarget) {
  auto db = std::make_shared<FakeDatabase>();
  db->open_results.push_back(absl::DataLossError("file is not a database"));
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(2, absl::Seconds(1)));
  auto lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_TRUE(absl::IsDataLoss(lease.status())) << lease.status();
  EXPECT_THAT(lease.status().message(), HasSubstr("fake:test"));
  // The failed open did not use up a slot.
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  EXPECT_TRUE(a.ok() && b.ok());
}

TEST(ConnectionPoolTest, TheFactoryLimitCapsThePoolSize) {
  auto db = std::make_shared<FakeDatabase>();
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db, 1),
                      Options(16, absl::Milliseconds(20)));
  EXPECT_EQ(pool.max_size(), 1);
  auto a = pool.Acquire();
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(pool.Acquire().ok());
}

// Connections that settle on reads or writes (MySQL sessions do) go to
// transactions of their own mode first; the other mode's idle connections
// are taken only once the pool is full.
TEST(ConnectionPoolTest, TransactionsGetConnectionsSuitedToTheirMode) {
  auto db = std::make_shared<FakeDatabase>();
  db->settle_on_first_begin = true;
  ConnectionPool pool(std::make_unique<FakeConnectionFactory>(db),
                      Options(3, absl::Seconds(1)));
  Connection* reader = nullptr;
  Connection* writer = nullptr;
  {
    auto r = pool.Acquire(TransactionMode::kRead);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE((*r)->Begin(TransactionMode::kRead).ok());
    reader = &**r;
  }
  {
    // The only idle connection suits reads: a write opens its own.
    auto w = pool.Acquire(TransactionMode::kWrite);
    ASSERT_TRUE(w.ok());
    EXPECT_NE(&**w, reader);
    ASSERT_TRUE((*w)->Begin(TransactionMode::kWrite).ok());
    writer = &**w;
  }
  EXPECT_EQ(db->opened, 2);
  // The writer is the most recently used, yet each mode gets its own.
  for (int i = 0; i < 3; ++i) {
    auto r = pool.Acquire(TransactionMode::kRead);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(&**r, reader);
  }
  {
    auto w = pool.Acquire(TransactionMode::kWrite);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(&**w, writer);
    // With no mode asked, the most recently used one comes back.
    auto any = pool.Acquire();
    ASSERT_TRUE(any.ok());
    EXPECT_EQ(&**any, reader);
  }
  EXPECT_EQ(db->opened, 2);

  // Two reads at once: the second opens a third connection while there is
  // room; a fourth read, with the pool full, takes the idle writer.
  auto r1 = pool.Acquire(TransactionMode::kRead);
  auto r2 = pool.Acquire(TransactionMode::kRead);
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(db->opened, 3);
  auto r3 = pool.Acquire(TransactionMode::kRead);
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(&**r3, writer);
  EXPECT_EQ(db->opened, 3);
  EXPECT_EQ(pool.stats().open, 3);
}

}  // namespace
}  // namespace mlmd::sql
