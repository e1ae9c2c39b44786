#include "report/html/ranked_bar_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/html/chart_axes.h"
#include "report/html/html_escape.h"
#include "report/html/svg_canvas.h"

namespace tally {
namespace {

constexpr double kRowHeight = 16;

}  // namespace

std::string RenderRankedBarChart(const RankedBarChartSpec& spec) {
  ChartFrame frame;
  frame.top = 44;
  frame.bottom = 48;
  // Room for labels such as "St. Vincent and the Grenadines (2011)".
  frame.left = 230;
  frame.width = 720;
  if (spec.bars.empty()) return NoDataChart(frame, "ranked-bar-chart", spec.title);
  frame.height = frame.top + frame.bottom + kRowHeight * static_cast<double>(spec.bars.size());

  double lo = 0, hi = 0;
  for (const RankedBar& bar : spec.bars)
    if (std::isfinite(bar.value)) lo = std::min(lo, bar.value), hi = std::max(hi, bar.value);
  AxisTicks ticks = ValueAxisTicks(lo, hi, 6);
  LinearScale x{ticks.lo, ticks.hi, frame.plot_left(), frame.plot_right()};
  double zero = x(0);

  std::string out = SvgOpen(frame, "ranked-bar-chart", spec.title);
  out += SvgTitle(spec.title);
  out += SvgValueAxisX(frame, ticks, spec.unit, x, /*grid=*/true);
  out += "<g class=\"marks\">\n";
  for (size_t i = 0; i < spec.bars.size(); ++i) {
    const RankedBar& bar = spec.bars[i];
    double top = frame.plot_top() + kRowHeight * static_cast<double>(i);
    out += SvgText(frame.plot_left() - 6, top + kRowHeight * 0.72, bar.label, "bar-label", "end");
    if (!std::isfinite(bar.value)) continue;
    double end = x(bar.value);
    bool negative = bar.value < 0;
    std::string display = bar.display.empty() ? FormatValue(bar.value, spec.unit) : bar.display;
    out += fmt::format(
        "<rect class=\"mark bar{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "data-category=\"{}\" data-value=\"{}\"><title>{}: {}</title></rect>\n",
        negative ? " negative" : "", Num(std::min(zero, end)), Num(top + 2),
        Num(std::fabs(end - zero)), Num(kRowHeight - 4), negative ? kVermillion : kBlue,
        EscapeHtml(bar.key), EscapeHtml(RawNumber(bar.value)), EscapeHtml(bar.label),
        EscapeHtml(display));
  }
  out += "</g>\n";
  out += SvgAxisLabels(frame, spec.x_label, "");
  return out + SvgClose();
}

}  // namespace tally
