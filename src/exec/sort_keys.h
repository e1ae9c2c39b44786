#pragma once
// Multi-key row ordering. Each key is normalized once into a comparable form (order-preserving
// unsigned words for numbers, dates and timestamps; string views for strings) so comparisons
// run without type dispatch through virtual calls.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "vector/column.h"

namespace tally {

struct SortKeyColumn {
  bool is_string = false;
  bool ascending = true;
  bool nulls_first = true;
  std::vector<uint64_t> words;
  std::vector<std::string_view> strings;  // views into the column (keep it alive)
  std::vector<uint8_t> nulls;
};

// Numbers as unsigned words in the same order (the sign bit flipped; a negative double's bits
// all flipped, -0.0 as 0.0), so that keys compare as plain unsigned integers.
inline uint64_t OrderedWord(int64_t v) {
  return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63);
}
inline uint64_t OrderedWord(double d) {
  if (d == 0) d = 0;
  uint64_t w;
  std::memcpy(&w, &d, 8);
  constexpr uint64_t kSign = uint64_t{1} << 63;
  return (w & kSign) ? ~w : (w | kSign);
}

SortKeyColumn MakeSortKeyColumn(const Column& column, bool ascending, bool nulls_first);
// Row indices in sorted order; ties keep input order (stable).
// <0, 0 or >0 as row a of keys `x` sorts before, with or after row b of keys `y` (the same
// key specifications over different batches: used to merge sorted runs).
int CompareSortRows(const std::vector<SortKeyColumn>& x, size_t a,
                    const std::vector<SortKeyColumn>& y, size_t b);
std::vector<uint32_t> SortedRowOrder(const std::vector<SortKeyColumn>& keys, size_t rows);

}  // namespace tally
