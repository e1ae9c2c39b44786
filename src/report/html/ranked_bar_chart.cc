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

// `label` cut to about `room` units of 12-unit text (7 units a character), with "…" where it was cut; a short
// parenthetical at its end ("(1997)") is kept (the tooltip has the whole label).
std::string Fitted(const std::string& label, double room) {
  size_t fits = static_cast<size_t>(std::max(8.0, room / 7.0));
  if (label.size() <= fits) return label;
  std::string tail;
  size_t open = label.rfind(" (");
  if (open != std::string::npos && label.back() == ')' && label.size() - open <= 8)
    tail = label.substr(open);
  size_t cut = fits - tail.size() - 1;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return label.substr(0, cut) + "\xE2\x80\xA6" + tail;
}

}  // namespace

std::string RenderRankedBarChart(const RankedBarChartSpec& spec) {
  ChartFrame frame;
  frame.top = 44;
  frame.bottom = 48;
  // Room for labels such as "St. Vincent and the Grenadines (2011)".
  frame.left = 200;
  frame.width = 600;
  if (spec.narrow) {
    frame.left = 150;
    frame.width = kNarrowChartWidth + 20;
  }
  if (spec.bars.empty()) return NoDataChart(frame, "ranked-bar-chart", spec.title);
  frame.height = frame.top + frame.bottom + kRowHeight * static_cast<double>(spec.bars.size());

  double lo = 0, hi = 0;
  for (const RankedBar& bar : spec.bars)
    if (std::isfinite(bar.value)) lo = std::min(lo, bar.value), hi = std::max(hi, bar.value);
  AxisTicks ticks = ValueAxisTicks(lo, hi, 6);
  LinearScale x{ticks.lo, ticks.hi, frame.plot_left(), frame.plot_right()};
  double zero = x(0);

  std::string out = SvgOpen(frame, "ranked-bar-chart", spec.title);
  out += SvgTitle(frame, spec.title);
  out += SvgValueAxisX(frame, ticks, spec.unit, x, /*grid=*/true);
  out += "<g class=\"marks\">\n";
  for (size_t i = 0; i < spec.bars.size(); ++i) {
    const RankedBar& bar = spec.bars[i];
    double top = frame.plot_top() + kRowHeight * static_cast<double>(i);
    out += SvgText(frame.plot_left() - 6, top + kRowHeight * 0.72,
                   Fitted(bar.label, frame.plot_left() - 12), "bar-label", "end");
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
