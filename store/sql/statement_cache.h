// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// The bounded cache of prepared statements that every SQL backend keeps per
// connection. The store runs a few dozen statement shapes, but IN-lists of
// varying length add more, so the cache holds at most `capacity` statements
// and drops the least recently used one to make room.
//
// What a statement is (an sqlite3_stmt*, a server-side statement name, a
// Connector/C++ object) is up to the backend, and so is how one is given
// back: the cache calls the backend's `release` for every entry it lets go
// of (evicted, erased, cleared or left at destruction), exactly once, after
// the entry has left the cache. Entries keep their address until then, so a
// pointer from Find or Insert stays valid while other keys come and go.
//
// Not thread-safe: a connection is used by one thread at a time.
#ifndef MLMD_STORE_SQL_STATEMENT_CACHE_H_
#define MLMD_STORE_SQL_STATEMENT_CACHE_H_

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <list>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace mlmd::sql {

template <typename Handle>
class StatementCache {
 public:
  using Release = std::function<void(Handle&)>;

  // `release` may be empty when dropping a Handle is enough (an owning
  // smart pointer, say). A capacity below 1 is taken as 1.
  explicit StatementCache(size_t capacity, Release release = nullptr)
      : capacity_(std::max<size_t>(capacity, 1)),
        release_(std::move(release)) {}
  ~StatementCache() { Clear(); }

  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The statement cached under `key`, now the most recently used; nullptr
  // when there is none.
  Handle* Find(absl::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return &it->second->second;
  }

  // Whether the next Insert of a new key evicts a statement. Backends that
  // must finish work using the victim first (PostgreSQL's held-back writes)
  // ask this before inserting.
  bool full() const { return lru_.size() >= capacity_; }

  // Caches `handle` under `key` as the most recently used statement. A
  // statement already cached under `key` is released first; otherwise, when
  // the cache is full, the least recently used one is.
  Handle& Insert(std::string key, Handle handle) {
    Erase(key);
    if (full()) Drop(std::prev(lru_.end()));
    lru_.emplace_front(std::move(key), std::move(handle));
    index_.emplace(lru_.front().first, lru_.begin());
    return lru_.front().second;
  }

  // Releases the statement cached under `key`; false if there was none.
  bool Erase(absl::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return false;
    Drop(it->second);
    return true;
  }

  // Releases every statement, least recently used first.
  void Clear() {
    while (!lru_.empty()) Drop(std::prev(lru_.end()));
  }

  size_t size() const { return lru_.size(); }
  size_t capacity() const { return capacity_; }

 private:
  using Entry = std::pair<std::string, Handle>;
  using Iterator = typename std::list<Entry>::iterator;

  // Takes the entry out before releasing it, so a release that throws or
  // calls back into the cache finds it consistent.
  void Drop(Iterator it) {
    index_.erase(absl::string_view(it->first));
    Handle handle = std::move(it->second);
    lru_.erase(it);
    if (release_) release_(handle);
  }

  size_t capacity_;
  Release release_;
  // Most recently used first. The index's keys point into these entries,
  // whose addresses std::list keeps stable.
  std::list<Entry> lru_;
  absl::flat_hash_map<absl::string_view, Iterator> index_;
};

}  // namespace mlmd::sql

#endif  // MLMD_STORE_SQL_STATEMENT_CACHE_H_
