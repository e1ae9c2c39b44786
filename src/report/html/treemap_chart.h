#pragma once
// A treemap of category sizes (RFM segment sizes): squarified tiles, area proportional to value.
#include <string>
#include <vector>

namespace tally {

struct TreemapItem {
  std::string name;
  double value = 0;
  std::string display;  // tooltip and label text of the value, e.g. "1,234 customers (28.1%)"
  std::string color;    // "#RRGGBB"; empty picks the next category colour
};

struct TreemapSpec {
  std::string title;
  std::vector<TreemapItem> items;
  bool narrow = false;  // laid out kNarrowChartWidth wide
};

// One <rect class="mark tile" data-name data-value> per item with a positive value, largest
// first; a tile that is big enough shows its name and value. "No data" when nothing is positive.
std::string RenderTreemap(const TreemapSpec& spec);

}  // namespace tally
