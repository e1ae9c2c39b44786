#pragma once
// Linear scales and the drawn axes (grid lines, tick labels, the zero line) of the charts.
#include <string>

#include "report/html/axis_ticks.h"
#include "report/html/number_format.h"
#include "report/html/svg_canvas.h"

namespace tally {

// Maps [domain_lo, domain_hi] linearly onto [range_lo, range_hi] (range_lo may be the larger,
// as for y, which grows downwards). A zero-width domain maps everything to range_lo.
struct LinearScale {
  double domain_lo = 0, domain_hi = 1, range_lo = 0, range_hi = 1;
  double operator()(double value) const;
};

// Horizontal grid lines and labels at each tick along the left of the plot, and a darker
// line at zero (class "zero-line", carrying its y in data-y).
std::string SvgValueAxisY(const ChartFrame& frame, const AxisTicks& ticks, ValueUnit unit,
                          const LinearScale& y);
// Tick marks and labels under the plot for a numeric x axis; only ticks inside
// [x.domain_lo, x.domain_hi] are drawn.
std::string SvgValueAxisX(const ChartFrame& frame, const AxisTicks& ticks, ValueUnit unit,
                          const LinearScale& x, bool grid);

}  // namespace tally
