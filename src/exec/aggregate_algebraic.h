#pragma once
// Algebraic aggregates: a fixed-size partial state from which the result is computed (mean).
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

}  // namespace tally
