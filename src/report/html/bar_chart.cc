#include "report/html/bar_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/html/chart_axes.h"
#include "report/html/html_escape.h"
#include "report/html/svg_canvas.h"

namespace tally {
namespace {

// The lowest and highest values the bars reach (stacks add up their positive and their
// negative parts separately).
std::pair<double, double> ValueExtent(const BarChartSpec& spec) {
  double lo = 0, hi = 0;
  for (size_t c = 0; c < spec.categories.size(); ++c) {
    double up = 0, down = 0;
    for (const auto& s : spec.series) {
      if (c >= s.points.size() || !s.points[c].value) continue;
      double v = *s.points[c].value;
      if (!std::isfinite(v)) continue;
      if (spec.layout == BarLayout::kStacked) {
        (v >= 0 ? up : down) += v;
      } else {
        up = std::max(up, v);
        down = std::min(down, v);
      }
    }
    lo = std::min(lo, down);
    hi = std::max(hi, up);
  }
  return {lo, hi};
}

bool HasValues(const BarChartSpec& spec) {
  for (const auto& s : spec.series)
    for (const auto& p : s.points)
      if (p.value && std::isfinite(*p.value)) return true;
  return false;
}

std::string Bar(double x, double y, double width, double height, const char* color,
                const std::string& extra_class, const BarSeries& series,
                const BarCategory& category, const ChartPoint& point, ValueUnit unit) {
  std::string raw = point.raw.empty() ? RawNumber(*point.value) : point.raw;
  std::string display = point.display.empty() ? FormatValue(*point.value, unit) : point.display;
  std::string tooltip = category.key + " \xC2\xB7 " + series.name + ": " + display;
  return fmt::format(
      "<rect class=\"mark bar{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
      "data-series=\"{}\" data-category=\"{}\" data-value=\"{}\"><title>{}</title></rect>\n",
      extra_class, Num(x), Num(y), Num(width), Num(std::max(height, 0.0)), color,
      EscapeHtml(series.name), EscapeHtml(category.key), EscapeHtml(raw), EscapeHtml(tooltip));
}

}  // namespace

std::string SvgCategoryAxisX(const std::vector<BarCategory>& categories, const ChartFrame& frame,
                             double band) {
  size_t widest = 1;
  for (const auto& c : categories) {
    size_t start = 0;
    while (start <= c.label.size()) {
      size_t end = c.label.find('\n', start);
      if (end == std::string::npos) end = c.label.size();
      widest = std::max(widest, end - start);
      start = end + 1;
    }
  }
  double needed = 7.5 * static_cast<double>(widest) + 6;
  size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(needed / band)));
  std::string out = "<g class=\"axis axis-x\">\n";
  for (size_t c = 0; c < categories.size(); c += every) {
    double x = frame.plot_left() + band * (static_cast<double>(c) + 0.5);
    const std::string& label = categories[c].label;
    size_t newline = label.find('\n');
    out += SvgText(x, frame.plot_bottom() + 16, label.substr(0, newline), "tick-label", "middle");
    if (newline != std::string::npos)
      out += SvgText(x, frame.plot_bottom() + 29, label.substr(newline + 1), "tick-label-sub",
                     "middle");
  }
  return out + "</g>\n";
}

std::optional<CategoryPlot> OpenCategoryChart(const BarChartSpec& spec, std::string_view kind,
                                              std::string* out) {
  CategoryPlot plot;
  if (spec.narrow) {
    plot.frame.width = kNarrowChartWidth;
    plot.frame.left = 70;
  }
  bool legend = spec.series.size() > 1;
  if (!legend) plot.frame.top = 44;
  if (spec.categories.empty() || !HasValues(spec)) {
    *out = NoDataChart(plot.frame, kind, spec.title);
    return std::nullopt;
  }
  auto [lo, hi] = ValueExtent(spec);
  plot.ticks = ValueAxisTicks(lo, hi, 5, spec.unit == ValueUnit::kCount);
  plot.y = {plot.ticks.lo, plot.ticks.hi, plot.frame.plot_bottom(), plot.frame.plot_top()};
  plot.band = plot.frame.plot_width() / static_cast<double>(spec.categories.size());
  *out = SvgOpen(plot.frame, kind, spec.title);
  *out += SvgTitle(plot.frame, spec.title);
  if (legend) {
    std::vector<std::string> names, colors;
    for (size_t s = 0; s < spec.series.size(); ++s) {
      names.push_back(spec.series[s].name);
      colors.push_back(SeriesColors()[s % SeriesColors().size()]);
    }
    *out += SvgLegend(4, 46, names, colors);
  }
  *out += SvgValueAxisY(plot.frame, plot.ticks, spec.unit, plot.y);
  return plot;
}

std::string RenderBarChart(const BarChartSpec& spec) {
  std::string out;
  std::optional<CategoryPlot> plot = OpenCategoryChart(spec, "bar-chart", &out);
  if (!plot) return out;
  const ChartFrame& frame = plot->frame;
  const LinearScale& y = plot->y;
  double band = plot->band;
  double zero = y(0);

  // Bars fill 70% of a band; grouped bars split that width between the series.
  double group_width = band * 0.7;
  size_t slots = spec.layout == BarLayout::kGrouped ? std::max<size_t>(1, spec.series.size()) : 1;
  double bar_width = group_width / static_cast<double>(slots);
  out += "<g class=\"marks\">\n";
  for (size_t c = 0; c < spec.categories.size(); ++c) {
    double group_left =
        frame.plot_left() + band * static_cast<double>(c) + (band - group_width) / 2;
    double up = 0, down = 0;  // stack tops, in values
    for (size_t s = 0; s < spec.series.size(); ++s) {
      const BarSeries& series = spec.series[s];
      if (c >= series.points.size()) continue;
      const ChartPoint& point = series.points[c];
      if (!point.value || !std::isfinite(*point.value)) continue;
      double v = *point.value;
      bool negative = v < 0;
      const char* color = SeriesColors()[s % SeriesColors().size()];
      if (negative && spec.highlight_negative) color = kVermillion;
      std::string extra = fmt::format(" series-{}{}", s, negative ? " negative" : "");
      double x = group_left + (spec.layout == BarLayout::kGrouped ? bar_width * s : 0);
      double from = 0, to = v;
      if (spec.layout == BarLayout::kStacked) {
        double& base = negative ? down : up;
        from = base;
        to = base + v;
        base = to;
      }
      double y_from = from == 0 ? zero : y(from), y_to = y(to);
      double top = std::min(y_from, y_to), height = std::fabs(y_to - y_from);
      // A one-pixel gap separates grouped neighbours without changing the layout.
      double width = spec.layout == BarLayout::kGrouped && slots > 1 ? bar_width - 1 : bar_width;
      out += Bar(x, top, width, height, color, extra, series, spec.categories[c], point, spec.unit);
    }
  }
  out += "</g>\n";
  out += SvgCategoryAxisX(spec.categories, frame, band);
  out += SvgAxisLabels(frame, spec.x_label, spec.y_label);
  return out + SvgClose();
}

}  // namespace tally
