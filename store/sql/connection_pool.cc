// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sql/connection_pool.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"

namespace mlmd::sql {

ConnectionPool::ConnectionPool(std::unique_ptr<ConnectionFactory> factory,
                               PoolOptions options)
    : factory_(std::move(factory)), options_(options) {
  max_size_ = std::max(1, options_.max_size);
  if (factory_->max_connections() > 0) {
    max_size_ = std::min(max_size_, factory_->max_connections());
  }
}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_));
}

std::deque<ConnectionPool::Idle>::iterator ConnectionPool::PickIdle(
    std::optional<TransactionMode> mode) {
  if (idle_.empty()) return idle_.end();
  for (auto it = idle_.end(); it != idle_.begin();) {
    --it;
    const std::optional<TransactionMode> suited = it->conn->suited_mode();
    if (!mode.has_value() || !suited.has_value() || *suited == *mode) {
      return it;
    }
  }
  // Only connections suited to the other mode are idle: open one of our own
  // while there is room, else take the most recently used.
  const bool room =
      leased_ + opening_ + static_cast<int>(idle_.size()) < max_size_;
  return room ? idle_.end() : std::prev(idle_.end());
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(
    std::optional<TransactionMode> mode) {
  const auto deadline = std::chrono::steady_clock::now() +
                        absl::ToChronoMilliseconds(options_.acquire_timeout);
  std::unique_lock<std::mutex> lock(mu_);
  bool waited = false;
  while (true) {
    for (auto it = PickIdle(mode); it != idle_.end(); it = PickIdle(mode)) {
      Idle idle = std::move(*it);
      idle_.erase(it);
      ++leased_;
      if (absl::Now() - idle.since < options_.idle_timeout &&
          idle.since > suspect_before_) {
        return Lease(this, std::move(idle.conn));
      }
      // Idle for long: the server may have restarted meanwhile. Check it
      // outside the lock.
      lock.unlock();
      absl::Status ping = idle.conn->Ping();
      lock.lock();
      if (ping.ok()) return Lease(this, std::move(idle.conn));
      --leased_;
      lock.unlock();
      idle.conn.reset();
      lock.lock();
    }
    if (leased_ + opening_ + static_cast<int>(idle_.size()) < max_size_) {
      ++opening_;
      lock.unlock();
      auto conn = factory_->Open();
      lock.lock();
      --opening_;
      if (!conn.ok()) {
        cv_.notify_one();
        // Keep the code (a corrupt file is DATA_LOSS, not a network blip);
        // UNAVAILABLE stays the default for failures to reach the server.
        return absl::Status(
            conn.status().code(),
            absl::StrCat("cannot connect to the metadata database (",
                         factory_->Describe(), "): ", conn.status().message()));
      }
      ++opened_total_;
      ++leased_;
      return Lease(this, *std::move(conn));
    }
    if (!waited) {
      waited = true;
      ++waits_total_;
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout &&
        idle_.empty() && leased_ + opening_ >= max_size_) {
      return absl::UnavailableError(absl::StrCat(
          "no database connection became free within ",
          absl::FormatDuration(options_.acquire_timeout), " (pool size ",
          max_size_, "); the database is slow or the pool is too small"));
    }
  }
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  std::unique_ptr<Connection> to_close;
  {
    std::lock_guard<std::mutex> lock(mu_);
    --leased_;
    if (conn->healthy()) {
      idle_.push_back({std::move(conn), absl::Now()});
    } else {
      to_close = std::move(conn);
      suspect_before_ = absl::Now();
    }
  }
  cv_.notify_one();
}

ConnectionPool::Stats ConnectionPool::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  Stats s;
  s.idle = static_cast<int>(idle_.size());
  s.leased = leased_;
  s.open = s.idle + s.leased;
  s.opened_total = opened_total_;
  s.waits_total = waits_total_;
  return s;
}

}  // namespace mlmd::sql
