// Copyright 2026 The mlmd-server Authors. SPDX-License-Identifier: Apache-2.0
//
// A latency histogram in the HDR style: log-linear buckets with 64 linear
// steps per power of two, so any recorded value is reported within 1.6% of
// its true value while memory stays a few kilobytes whatever the range.
// Not thread-safe: each thread records into its own and they are merged.
#ifndef MLMD_BENCH_HISTOGRAM_H_
#define MLMD_BENCH_HISTOGRAM_H_

#include <cstdint>
#include <vector>

namespace mlmd::bench {

class Histogram {
 public:
  void Record(uint64_t value);
  void Merge(const Histogram& other);

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ == 0 ? 0 : min_; }
  uint64_t max() const { return max_; }
  double mean() const;
  // The value at quantile q in [0, 1] (0.5 = median); 0 when empty.
  uint64_t Percentile(double q) const;

 private:
  static int BucketOf(uint64_t value);
  static uint64_t BucketMidpoint(int bucket);

  std::vector<uint64_t> buckets_;  // grown on demand up to the largest value
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace mlmd::bench

#endif  // MLMD_BENCH_HISTOGRAM_H_
