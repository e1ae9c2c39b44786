#pragma once
// string_agg(x, separator [ORDER BY ...]) and its DISTINCT form, over entries made by
// ordered_entry.h: the state keeps every entry; the result joins the values in key order
// (or in arrival order without ORDER BY), each after its own separator except the first, as
// PostgreSQL does. AggregateParams::p holds the flags below.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "exec/aggregate_function.h"
#include "exec/ordered_entry.h"

namespace tally {

inline constexpr int kStringAggOrdered = 1;   // sort the entries by their keys
inline constexpr int kStringAggDistinct = 2;  // drop repeated entries

struct StringAggOp {
  struct State {
    std::vector<std::string> entries;
  };
  using Out = std::string;
  static void Initialize(State& s) { s.entries.clear(); }
  static void Update(State& s, std::string_view entry) { s.entries.emplace_back(entry); }
  static void Combine(State& t, State& s) {
    if (t.entries.empty()) {
      t.entries = std::move(s.entries);
      return;
    }
    for (auto& e : s.entries) t.entries.push_back(std::move(e));
  }
  static bool Finalize(State& s, const AggregateParams& params, Out* out) {
    if (s.entries.empty()) return false;
    auto flags = static_cast<int>(params.p);
    if (flags & (kStringAggOrdered | kStringAggDistinct))
      std::sort(s.entries.begin(), s.entries.end());
    if (flags & kStringAggDistinct)
      s.entries.erase(std::unique(s.entries.begin(), s.entries.end()), s.entries.end());
    out->clear();
    for (size_t i = 0; i < s.entries.size(); ++i) {
      std::string_view separator, value;
      ReadEntry(s.entries[i], &separator, &value);
      if (i > 0) out->append(separator);
      out->append(value);
    }
    return true;
  }
};

}  // namespace tally
