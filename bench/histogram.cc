// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
#include "bench/histogram.h"

#include <algorithm>
#include <cmath>

namespace mlmd::bench {
namespace {

// Values below 2^kSubBits are exact; above, each power of two is split into
// 2^(kSubBits-1) equal steps.
constexpr int kSubBits = 7;
constexpr int kHalf = 1 << (kSubBits - 1);

}  // namespace

int Histogram::BucketOf(uint64_t value) {
  if (value < (uint64_t{1} << kSubBits)) return static_cast<int>(value);
  int msb = 63 - __builtin_clzll(value);
  int shift = msb - (kSubBits - 1);
  return shift * kHalf + static_cast<int>(value >> shift);
}

uint64_t Histogram::BucketMidpoint(int bucket) {
  if (bucket < (1 << kSubBits)) return static_cast<uint64_t>(bucket);
  int shift = bucket / kHalf - 1;
  uint64_t mantissa = static_cast<uint64_t>(bucket - shift * kHalf);
  return (mantissa << shift) + ((uint64_t{1} << shift) >> 1);
}

void Histogram::Record(uint64_t value) {
  int b = BucketOf(value);
  if (static_cast<size_t>(b) >= buckets_.size()) buckets_.resize(b + 1, 0);
  ++buckets_[b];
  ++count_;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += value;
}

void Histogram::Merge(const Histogram& other) {
  if (other.buckets_.size() > buckets_.size()) {
    buckets_.resize(other.buckets_.size(), 0);
  }
  for (size_t i = 0; i < other.buckets_.size(); ++i) {
    buckets_[i] += other.buckets_[i];
  }
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double Histogram::mean() const {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_ / count_);
}

uint64_t Histogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // Rank of the wanted sample, 1-based: the smallest value with at least
  // q*count samples at or below it.
  uint64_t rank =
      std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * count_)));
  if (rank >= count_) return max_;
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      return std::clamp(BucketMidpoint(static_cast<int>(i)), min(), max_);
    }
  }
  return max_;
}

}  // namespace mlmd::bench
