#include "report/html/chart_axes.h"

#include <fmt/format.h>

#include <cmath>

namespace tally {

double LinearScale::operator()(double value) const {
  double span = domain_hi - domain_lo;
  if (!(span != 0) || !std::isfinite(span) || !std::isfinite(value)) return range_lo;
  return range_lo + (value - domain_lo) / span * (range_hi - range_lo);
}

std::string SvgValueAxisY(const ChartFrame& frame, const AxisTicks& ticks, ValueUnit unit,
                          const LinearScale& y) {
  std::string out = "<g class=\"axis axis-y\">\n";
  for (double tick : ticks.values) {
    double at = y(tick);
    if (tick != 0)
      out += fmt::format(
          "<line class=\"grid-line\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#e6e6e6\" "
          "stroke-width=\"1\"/>\n",
          Num(frame.plot_left()), Num(frame.plot_right()), Num(at), Num(at));
    out += SvgText(frame.plot_left() - 8, at + 4, FormatTick(tick, ticks.step, unit), "tick-label",
                   "end");
  }
  double zero = y(0);
  out += fmt::format(
      "<line class=\"zero-line\" data-y=\"{2}\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" "
      "stroke=\"#444\" stroke-width=\"1\"/>\n",
      Num(frame.plot_left()), Num(frame.plot_right()), Num(zero));
  return out + "</g>\n";
}

std::string SvgValueAxisX(const ChartFrame& frame, const AxisTicks& ticks, ValueUnit unit,
                          const LinearScale& x, bool grid) {
  std::string out = "<g class=\"axis axis-x\">\n";
  double lo = std::min(x.domain_lo, x.domain_hi), hi = std::max(x.domain_lo, x.domain_hi);
  double slack = (hi - lo) * 1e-9;
  for (double tick : ticks.values) {
    if (tick < lo - slack || tick > hi + slack) continue;
    double at = x(tick);
    if (grid)
      out += fmt::format(
          "<line class=\"grid-line\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" "
          "stroke=\"#e6e6e6\" stroke-width=\"1\"/>\n",
          Num(at), Num(frame.plot_top()), Num(frame.plot_bottom()));
    out += fmt::format(
        "<line class=\"tick\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#444\"/>\n",
        Num(at), Num(frame.plot_bottom()), Num(frame.plot_bottom() + 5));
    // A label centred on its tick, unless that would pass the chart's edge: then it ends (or
    // starts) there. About 7 units a character of 12-unit text.
    std::string label = FormatTick(tick, ticks.step, unit);
    double half = 3.5 * static_cast<double>(label.size());
    const char* anchor = "middle";
    if (at + half > frame.width - 2) {
      anchor = "end";
      at = std::min(at + 4, frame.width - 2);
    } else if (at - half < 2) {
      anchor = "start";
      at = std::max(at - 4, 2.0);
    }
    out += SvgText(at, frame.plot_bottom() + 18, label, "tick-label", anchor);
  }
  out += fmt::format(
      "<line class=\"baseline\" x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#444\"/>\n",
      Num(frame.plot_left()), Num(frame.plot_right()), Num(frame.plot_bottom()));
  return out + "</g>\n";
}

}  // namespace tally
