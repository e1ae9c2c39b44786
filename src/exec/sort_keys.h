#pragma once
// Multi-key row ordering. Each key is normalized once into a comparable form (order-preserving
// unsigned words for numbers, dates and timestamps; string views for strings) so comparisons
// run without type dispatch through virtual calls.
#include <cstdint>
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

SortKeyColumn MakeSortKeyColumn(const Column& column, bool ascending, bool nulls_first);
// Row indices in sorted order; ties keep input order (stable).
std::vector<uint32_t> SortedRowOrder(const std::vector<SortKeyColumn>& keys, size_t rows);

}  // namespace tally
