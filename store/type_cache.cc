// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "store/type_cache.h"

#include <algorithm>

namespace mlmd {
namespace {

// Defs staged by the transaction running on this thread, with the cache they
// belong to (a thread runs one transaction at a time, but tests open several
// stores in one process).
struct Staged {
  const TypeDefCache* owner;
  TypeDefCache::Entry def;
};
thread_local std::vector<Staged> staged_on_thread;

}  // namespace

void TypeDefCache::Lookup(TypeKind kind, absl::Span<const int64_t> ids,
                          std::vector<Entry>* found,
                          std::vector<int64_t>* missing) const {
  absl::ReaderMutexLock lock(&mu_);
  for (int64_t id : ids) {
    auto it = entries_.find(Key(static_cast<int>(kind), id));
    if (it != entries_.end()) {
      found->push_back(it->second);
    } else {
      missing->push_back(id);
    }
  }
}

void TypeDefCache::Stage(std::vector<Entry> defs) {
  for (Entry& def : defs) staged_on_thread.push_back({this, std::move(def)});
}

void TypeDefCache::AttemptStarted() {
  staged_on_thread.erase(
      std::remove_if(staged_on_thread.begin(), staged_on_thread.end(),
                     [this](const Staged& s) { return s.owner == this; }),
      staged_on_thread.end());
}

void TypeDefCache::Committed() {
  bool any = false;
  for (const Staged& s : staged_on_thread) any |= s.owner == this;
  if (any) {
    absl::MutexLock lock(&mu_);
    for (const Staged& s : staged_on_thread) {
      if (s.owner != this) continue;
      const Key key(static_cast<int>(s.def->kind), s.def->id);
      if (entries_.size() >= kMaxEntries && !entries_.contains(key)) continue;
      // Properties are only ever added, so of two reads of one type the one
      // with more properties is the more recent.
      Entry& slot = entries_[key];
      if (slot == nullptr ||
          slot->properties.size() < s.def->properties.size()) {
        slot = s.def;
      }
    }
  }
  AttemptStarted();  // clears this cache's staged entries
}

size_t TypeDefCache::Mark() { return staged_on_thread.size(); }

void TypeDefCache::RollbackTo(size_t mark) {
  // Everything staged on this thread since the mark came from the body
  // being rolled back, whichever cache it was staged for.
  if (mark < staged_on_thread.size()) staged_on_thread.resize(mark);
}

size_t TypeDefCache::size() const {
  absl::ReaderMutexLock lock(&mu_);
  return entries_.size();
}

}  // namespace mlmd
