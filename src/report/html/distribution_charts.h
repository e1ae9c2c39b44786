#pragma once
// Charts of one distribution: a histogram of equal-width bins and a horizontal Tukey box plot.
#include <cstdint>
#include <string>

#include "analytics/retail_results.h"
#include "report/html/number_format.h"

namespace tally {

struct HistogramSpec {
  std::string title, x_label, y_label;
  ValueUnit x_unit = ValueUnit::kGbp;
  std::string count_noun = "invoices";  // tooltip: "£10.00 – £20.00: 12 invoices"
  bool narrow = false;                  // laid out kNarrowChartWidth wide
  // Bar heights proportional to log10(1 + count), so that bins of a few values stay visible
  // next to one that holds nearly all of them.
  bool log_counts = false;
};

// One <rect class="mark bin" data-lower data-upper data-value=count> per bin; a "no data"
// placeholder when there are no bins or every bin is empty.
std::string RenderHistogram(const Histogram& histogram, const HistogramSpec& spec);

// The x range a histogram is drawn over: its bins, widened to the nearest outer ticks when
// they are close (so the axis starts at a round "£0" rather than at "£0.19"). Empty when the
// histogram draws as "no data".
struct AxisRange {
  double lo = 0, hi = 0;
  bool empty() const { return !(hi > lo); }
};
AxisRange HistogramRange(const Histogram& histogram);

struct BoxPlotSpec {
  std::string title, x_label;
  ValueUnit unit = ValueUnit::kGbp;
  int64_t n = 0;            // values summarized; 0 draws the placeholder
  double min = 0, max = 0;  // extremes, named when outliers lie beyond the whiskers
  // Draw over this x range (the histogram's above it, so the two line up) when it holds the
  // whiskers; otherwise the range comes from the whiskers.
  AxisRange range{};
  bool narrow = false;  // laid out kNarrowChartWidth wide
};

// The box (q1..q3, class "mark box"), the median line ("mark median"), the whiskers ("mark
// whisker"), and notes of how many values lie beyond each whisker.
std::string RenderBoxPlot(const BoxPlot& box, const BoxPlotSpec& spec);

}  // namespace tally
