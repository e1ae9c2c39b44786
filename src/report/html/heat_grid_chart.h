#pragma once
// A grid of counts coloured on a sequential scale, with a legend (the RFM R-by-F grid).
#include <cstdint>
#include <string>
#include <vector>

namespace tally {

struct HeatGridSpec {
  std::string title, x_label, y_label;
  std::vector<std::string> row_labels, column_labels;  // rows drawn top to bottom
  std::vector<std::vector<int64_t>> counts;            // [row][column]
  std::vector<std::vector<std::string>> notes;         // optional tooltip note per cell
  std::string row_key = "row", column_key = "column";  // data-* attribute names of a cell
  std::string count_noun = "customers";
  bool narrow = false;  // laid out kNarrowChartWidth wide
};

// One <rect class="mark cell" data-{row_key} data-{column_key} data-value> per cell, showing
// its count; "no data" when every count is zero or the grid is empty.
std::string RenderHeatGrid(const HeatGridSpec& spec);

// The colour of `count` on the sequential scale from 0 to `max` (light to dark blue, which
// stays ordered in lightness for every kind of colour vision).
std::string HeatColor(int64_t count, int64_t max);

}  // namespace tally
