#pragma once
// Vertical bar charts over categories (months): one series, grouped series side by side, or
// stacked series. Values below zero are drawn downwards from the zero line.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/html/chart_axes.h"
#include "report/html/number_format.h"
#include "report/html/svg_canvas.h"

namespace tally {

// One value of a series. Without a value (growth of the first month) no bar is drawn.
struct ChartPoint {
  std::optional<double> value;  // for geometry
  std::string raw;              // exact text for data-value; defaults to the value
  std::string display;          // tooltip text; defaults to the value formatted in the unit
};

struct BarSeries {
  std::string name;
  std::vector<ChartPoint> points;  // one per category
};

struct BarCategory {
  std::string key;    // data-category and tooltip text, e.g. "2010-12"
  std::string label;  // axis text; '\n' starts a second line, e.g. "Dec\n2010"
};

enum class BarLayout { kGrouped, kStacked };

struct BarChartSpec {
  std::string title, x_label, y_label;
  ValueUnit unit = ValueUnit::kCount;
  std::vector<BarCategory> categories;
  std::vector<BarSeries> series;
  BarLayout layout = BarLayout::kGrouped;
  // Draw negative values of a single series in a second colour (growth).
  bool highlight_negative = false;
  bool narrow = false;  // laid out kNarrowChartWidth wide
};

// An SVG chart; a "no data" placeholder when there are no categories or no values.
// Each bar is <rect class="mark bar ..." data-series data-category data-value> with a <title>.
std::string RenderBarChart(const BarChartSpec& spec);

// Shared with the line chart: the category labels under a plot of `band`-wide categories (only
// every k-th when they do not fit)...
std::string SvgCategoryAxisX(const std::vector<BarCategory>& categories, const ChartFrame& frame,
                             double band);
// ...and the opening of a chart over categories: `out` gets the <svg>, the title, the legend
// of the series (when there are several) and the value axis, and the result is the plot's
// frame, value scale and category width; with nothing to draw, `out` is the "no data" chart and
// the result is empty.
struct CategoryPlot {
  ChartFrame frame;
  AxisTicks ticks;
  LinearScale y;
  double band = 0;
};
std::optional<CategoryPlot> OpenCategoryChart(const BarChartSpec& spec, std::string_view kind,
                                              std::string* out);

}  // namespace tally
