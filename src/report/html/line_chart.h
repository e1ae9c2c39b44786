#pragma once
// Line charts over categories (months, years): one line per series through a point per
// category, broken where a value is missing.
#include <string>

#include "report/html/bar_chart.h"

namespace tally {

// The spec of a bar chart (its layout and highlight_negative are not used). Each point is
// <circle class="mark point" data-series data-category data-value> with a <title>; each line
// is <path class="line series-N">. "No data" when there is nothing to draw.
std::string RenderLineChart(const BarChartSpec& spec);

}  // namespace tally
