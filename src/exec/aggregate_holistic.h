#pragma once
// Holistic aggregates: the result needs all values, so the state keeps them (exactly).
// (count_distinct, also holistic, is in aggregate_count_distinct.h.)
//   quantile_element(x, p): element at 1-based rank ceil(p * N) of the sorted non-NULL values
//                           (Spark's approxQuantile(p, relativeError = 0))
//   quantile_interp(x, p):  linear interpolation at position p * (N - 1) (pandas' quantile)
//   median(x):              quantile_interp(x, 0.5), as SQL engines' median does
//   mode(x):                most frequent value; ties go to the smallest value
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "exec/aggregate_function.h"

namespace tally {

// The 1-based rank of quantile_element(p) among n sorted values: ceil(p * n), at least 1.
inline size_t ElementRank(double p, size_t n) {
  // p * N in binary floating point can land just above an integer (0.6 * 10 is
  // 6.000000000000001), which would push ceil() one rank too far; a product within rounding
  // error of an integer is that integer.
  double exact = p * static_cast<double>(n);
  double nearest = std::round(exact);
  if (std::abs(exact - nearest) <= 1e-9 * std::max(1.0, exact)) exact = nearest;
  double rank = std::ceil(exact);
  return rank < 1 ? 1 : std::min(n, static_cast<size_t>(rank));
}

// quantile_interp(p) of n sorted values lies between the values at 0-based positions lo and
// lo + 1: returns lo, with the fraction of the way to the next one in *frac.
inline size_t InterpolationLow(double p, size_t n, double* frac) {
  double pos = p * static_cast<double>(n - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  if (lo >= n - 1) lo = n - 1;
  *frac = pos - static_cast<double>(lo);
  return lo;
}

template <typename In>
struct ValueListState {
  std::vector<In> values;
};

enum class QuantileKind { kElement, kInterpolated, kMode };

template <typename In, QuantileKind kKind>
struct QuantileOp {
  using State = ValueListState<In>;
  using Out = std::conditional_t<kKind == QuantileKind::kInterpolated, double, In>;
  static void Initialize(State& s) { s.values.clear(); }
  static void Update(State& s, In v) { s.values.push_back(v); }
  static void Combine(State& t, State& s) {
    if (t.values.empty()) {
      t.values = std::move(s.values);
      return;
    }
    t.values.insert(t.values.end(), s.values.begin(), s.values.end());
  }
  static double AsDouble(In v, const AggregateParams& p) {
    return static_cast<double>(v) / static_cast<double>(kPowersOfTen[p.input_scale]);
  }
  static bool Finalize(State& s, const AggregateParams& p, Out* out) {
    std::vector<In>& v = s.values;
    size_t n = v.size();
    if (n == 0) return false;
    if constexpr (kKind == QuantileKind::kElement) {
      size_t r = ElementRank(p.p, n);
      std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(r - 1), v.end());
      *out = v[r - 1];
    } else if constexpr (kKind == QuantileKind::kInterpolated) {
      double frac;
      size_t lo = InterpolationLow(p.p, n, &frac);
      std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(lo), v.end());
      double low = AsDouble(v[lo], p);
      if (lo + 1 < n && frac > 0) {
        In next = *std::min_element(v.begin() + static_cast<ptrdiff_t>(lo + 1), v.end());
        double high = AsDouble(next, p);
        *out = low + (high - low) * frac;
      } else {
        *out = low;
      }
    } else {
      std::sort(v.begin(), v.end());
      size_t best_count = 0, best = 0;
      for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j] == v[i]) ++j;
        // Strictly greater keeps the earliest (smallest) value among equally frequent ones.
        if (j - i > best_count) {
          best_count = j - i;
          best = i;
        }
        i = j;
      }
      *out = v[best];
    }
    return true;
  }
};

}  // namespace tally
