#pragma once
// Distributive aggregates: the partial state is itself a result (count, sum, min, max, first).
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/number_parse.h"
#include "exec/aggregate_function.h"

namespace tally {

struct CountStarOp {
  using State = int64_t;
  using Out = int64_t;
  static void Initialize(State& s) { s = 0; }
  static void Combine(State& t, State& s) { t += s; }
  static bool Finalize(State& s, const AggregateParams&, Out* out) {
    *out = s;
    return true;
  }
};

template <typename In>
struct CountOp : CountStarOp {
  static void Update(State& s, In) { ++s; }
};

// Integer and decimal sums accumulate in 128 bits; the result must fit int64 (and 18 digits
// for decimals), else the query fails instead of wrapping.
template <typename In>
struct SumIntOp {
  struct State {
    __int128 sum;
    bool any;
  };
  using Out = int64_t;
  static void Initialize(State& s) { s = {0, false}; }
  static void Update(State& s, In v) {
    s.sum += v;
    s.any = true;
  }
  static void Combine(State& t, State& s) {
    t.sum += s.sum;
    t.any |= s.any;
  }
  static bool Finalize(State& s, const AggregateParams& p, Out* out) {
    if (!s.any) return false;
    __int128 limit =
        p.result_type.id == TypeId::kDecimal ? __int128{kPowersOfTen[18]} : __int128{INT64_MAX} + 1;
    if (s.sum >= limit || s.sum < -limit)
      ThrowError("sum overflows {}: {}", p.result_type.ToString(),
                 FormatDecimal128(s.sum, p.input_scale));
    *out = static_cast<int64_t>(s.sum);
    return true;
  }
};

struct SumDoubleOp {
  struct State {
    double sum;
    bool any;
  };
  using Out = double;
  static void Initialize(State& s) { s = {0, false}; }
  static void Update(State& s, double v) {
    s.sum += v;
    s.any = true;
  }
  static void Combine(State& t, State& s) {
    t.sum += s.sum;
    t.any |= s.any;
  }
  static bool Finalize(State& s, const AggregateParams&, Out* out) {
    *out = s.sum;
    return s.any;
  }
};

// min / max / first of fixed-width values; strings keep an owned copy.
template <typename In, int kKind>  // 0 = min, 1 = max, 2 = first
struct PickOp {
  using Value = std::conditional_t<std::is_same_v<In, std::string_view>, std::string, In>;
  struct State {
    Value value;
    bool any;
  };
  using Out = Value;
  static void Initialize(State& s) {
    s.value = Value{};
    s.any = false;
  }
  static bool Better(const In& v, const Value& current) {
    if constexpr (kKind == 0) return v < current;
    if constexpr (kKind == 1) return current < v;
    return false;
  }
  static void Update(State& s, In v) {
    if (!s.any || Better(v, s.value)) {
      s.value = Value(v);
      s.any = true;
    }
  }
  static void Combine(State& t, State& s) {
    if (s.any && (!t.any || Better(In(s.value), t.value))) {
      t.value = std::move(s.value);
      t.any = true;
    }
  }
  static bool Finalize(State& s, const AggregateParams&, Out* out) {
    if (!s.any) return false;
    *out = s.value;
    return true;
  }
};

}  // namespace tally
