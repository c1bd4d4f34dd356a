// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A process-wide cache of TypeDefs (what node writes validate against), so a
// write RPC does not read its node type from the database every time.
//
// Why caching is safe: a stored type never loses a property, never changes a
// property's data type, and is never deleted or renamed (the API has no such
// operation; PutType with can_add_fields only adds properties). A cached
// TypeDef is therefore always a subset of the stored one. Whatever validates
// against it validates against the database too; when validation fails on a
// cached TypeDef (an unknown property), the writer re-reads the type from the
// database before reporting the error, which covers properties added by
// another server or connection since the entry was cached.
//
// Only committed rows enter the cache: entries read inside a transaction are
// staged per thread and published when that transaction commits (the
// TransactionObserver calls), and dropped when an attempt starts over. A type
// created by a transaction that then rolled back can never be served from
// the cache.
//
// Thread-safe. Lookups take a reader lock; publishing a writer lock.
#ifndef MLMD_STORE_TYPE_CACHE_H_
#define MLMD_STORE_TYPE_CACHE_H_

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "store/node_kinds.h"
#include "store/transaction.h"
#include "store/type_access.h"

namespace mlmd {

class TypeDefCache : public TransactionObserver {
 public:
  using Entry = std::shared_ptr<const TypeDef>;

  TypeDefCache() = default;
  ~TypeDefCache() override { AttemptStarted(); }
  TypeDefCache(const TypeDefCache&) = delete;
  TypeDefCache& operator=(const TypeDefCache&) = delete;

  // Beyond this many types the cache stops growing (lookups still work).
  static constexpr size_t kMaxEntries = 20000;

  // The cached defs of `ids` go to `found`; ids not cached go to `missing`.
  void Lookup(TypeKind kind, absl::Span<const int64_t> ids,
              std::vector<Entry>* found, std::vector<int64_t>* missing) const;

  // Remembers defs just read by the transaction running on this thread;
  // Lookup sees them once that transaction has committed.
  void Stage(std::vector<Entry> defs);

  // TransactionObserver: drop this thread's staged defs at the start of each
  // attempt; publish them after a successful commit.
  void AttemptStarted() override;
  void Committed() override;
  // Under group commit: a body rolled back to its savepoint takes back the
  // defs it staged (they may name types that its rollback undid).
  size_t Mark() override;
  void RollbackTo(size_t mark) override;

  size_t size() const;

 private:
  using Key = std::pair<int, int64_t>;  // (kind, type id)

  mutable absl::Mutex mu_;
  absl::flat_hash_map<Key, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace mlmd

#endif  // MLMD_STORE_TYPE_CACHE_H_
