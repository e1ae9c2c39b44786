#pragma once
// Algebraic aggregates: a fixed-size partial state from which the result is computed (mean).
#include <algorithm>
#include <cmath>

#include "exec/aggregate_function.h"

namespace tally {

// mean of ints/decimals: exact 128-bit sum divided by the count at the end (double result);
// mean of doubles: double sum.
template <typename In>
struct MeanOp {
  using Sum = std::conditional_t<std::is_same_v<In, double>, double, __int128>;
  struct State {
    Sum sum;
    int64_t count;
  };
  using Out = double;
  static void Initialize(State& s) { s = {0, 0}; }
  static void Update(State& s, In v) {
    s.sum += v;
    ++s.count;
  }
  static void Combine(State& t, State& s) {
    t.sum += s.sum;
    t.count += s.count;
  }
  static bool Finalize(State& s, const AggregateParams& p, Out* out) {
    if (s.count == 0) return false;
    if constexpr (std::is_same_v<In, double>) {
      *out = s.sum / static_cast<double>(s.count);
    } else {
      // Divide in long double so the exact sum loses as little as possible.
      long double v = static_cast<long double>(s.sum) / static_cast<long double>(s.count);
      *out = static_cast<double>(v / static_cast<long double>(kPowersOfTen[p.input_scale]));
    }
    return true;
  }
};

// Variance and standard deviation, of the sample (n - 1) or the population (n): Welford's
// running mean and sum of squared differences, merged by Chan's formula, in long double.
enum class SpreadKind { kVarSamp, kVarPop, kStddevSamp, kStddevPop };

template <typename In, SpreadKind kKind>
struct SpreadOp {
  struct State {
    long double mean;
    long double m2;
    int64_t count;
  };
  using Out = double;
  static void Initialize(State& s) { s = {0, 0, 0}; }
  // Decimals are summed unscaled; Finalize applies the scale.
  static void Update(State& s, In v) {
    auto x = static_cast<long double>(v);
    ++s.count;
    long double delta = x - s.mean;
    s.mean += delta / static_cast<long double>(s.count);
    s.m2 += delta * (x - s.mean);
  }
  static void Combine(State& t, State& s) {
    if (s.count == 0) return;
    if (t.count == 0) {
      t = s;
      return;
    }
    auto n = static_cast<long double>(t.count + s.count);
    long double delta = s.mean - t.mean;
    t.m2 += s.m2 + delta * delta * static_cast<long double>(t.count) *
                       static_cast<long double>(s.count) / n;
    t.mean += delta * static_cast<long double>(s.count) / n;
    t.count += s.count;
  }
  static bool Finalize(State& s, const AggregateParams& p, Out* out) {
    bool sample = kKind == SpreadKind::kVarSamp || kKind == SpreadKind::kStddevSamp;
    int64_t divisor = sample ? s.count - 1 : s.count;
    if (divisor <= 0) return false;
    auto unit = static_cast<long double>(kPowersOfTen[p.input_scale]);
    long double variance =
        std::max<long double>(0, s.m2 / static_cast<long double>(divisor)) / (unit * unit);
    bool root = kKind == SpreadKind::kStddevSamp || kKind == SpreadKind::kStddevPop;
    *out = static_cast<double>(root ? std::sqrt(variance) : variance);
    return true;
  }
};

}  // namespace tally
