#pragma once
// A ranked horizontal bar chart: one labelled bar per row, in the order given (largest first
// for a ranking), growing right from zero (left for negative values). The chart grows taller
// with the number of rows, so every label stays readable.
#include <string>
#include <vector>

#include "report/html/number_format.h"

namespace tally {

struct RankedBar {
  std::string label;  // left of the bar, e.g. "Equatorial Guinea (1997)"
  std::string key;    // data-category, e.g. "GNQ-1997"
  double value = 0;
  std::string display;  // tooltip text; defaults to the value formatted in the unit
};

struct RankedBarChartSpec {
  std::string title, x_label;
  ValueUnit unit = ValueUnit::kCount;
  std::vector<RankedBar> bars;
  bool narrow = false;  // laid out kNarrowChartWidth wide
};

// Each bar is <rect class="mark bar ..." data-category data-value> with a <title>.
std::string RenderRankedBarChart(const RankedBarChartSpec& spec);

}  // namespace tally
