#include "report/html/distribution_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "report/html/chart_axes.h"
#include "report/html/html_escape.h"
#include "report/html/svg_canvas.h"

namespace tally {
namespace {

// The drawn range of the bins: [lower, upper], with a zero bin width (every value equal)
// widened to a small range around the value.
std::pair<double, double> BinRange(const Histogram& histogram) {
  double bins = static_cast<double>(histogram.counts.size());
  double width = histogram.bin_width;
  if (!(width > 0) || !std::isfinite(width))
    width = std::max(std::fabs(histogram.lower) * 0.1, 1.0) / std::max(bins, 1.0);
  return {histogram.lower, histogram.lower + width * bins};
}

bool Drawable(const Histogram& histogram) {
  int64_t total = 0;
  for (int64_t c : histogram.counts) total += std::max<int64_t>(c, 0);
  return total > 0 && std::isfinite(histogram.lower) && std::isfinite(histogram.bin_width);
}

// The charts' frame: the histogram and box plot share margins so their x axes line up.
ChartFrame DistributionFrame(bool narrow) {
  ChartFrame frame;
  frame.top = 44;
  if (narrow) {
    frame.width = kNarrowChartWidth;
    frame.left = 70;
    frame.right = 28;
  }
  return frame;
}

// Intervals of an x axis: fewer on a narrow chart, so that labels such as "£1,000" keep apart.
int XTickTarget(const ChartFrame& frame) {
  return frame.width <= kNarrowChartWidth ? 4 : 6;
}

}  // namespace

AxisRange HistogramRange(const Histogram& histogram) {
  if (!Drawable(histogram)) return {};
  auto [lower, upper] = BinRange(histogram);
  AxisTicks ticks = NiceTicks(lower, upper, 6);
  double slack = (upper - lower) * 0.06;
  return {lower - ticks.lo <= slack ? ticks.lo : lower,
          ticks.hi - upper <= slack ? ticks.hi : upper};
}

std::string RenderHistogram(const Histogram& histogram, const HistogramSpec& spec) {
  ChartFrame frame = DistributionFrame(spec.narrow);
  if (!Drawable(histogram)) return NoDataChart(frame, "histogram", spec.title);
  int64_t tallest = 0;
  for (int64_t c : histogram.counts) tallest = std::max(tallest, c);
  auto [lower, upper] = BinRange(histogram);
  double width = (upper - lower) / static_cast<double>(histogram.counts.size());
  AxisRange range = HistogramRange(histogram);

  AxisTicks x_ticks = NiceTicks(range.lo, range.hi, XTickTarget(frame));
  LinearScale x{range.lo, range.hi, frame.plot_left(), frame.plot_right()};
  std::string out = SvgOpen(frame, "histogram", spec.title);
  out += SvgTitle(frame, spec.title);
  std::function<double(double)> y;
  if (spec.log_counts) {
    // Ticks at 0, 1, 10, 100, ... up to the power of ten above the tallest bin.
    AxisTicks y_ticks;
    y_ticks.values = {0};
    double top = 1;
    while (top < static_cast<double>(tallest)) top *= 10;
    for (double t = 1; t <= top; t *= 10) y_ticks.values.push_back(t);
    y_ticks.lo = 0;
    y_ticks.hi = top;
    LinearScale log_scale{0, std::log10(1 + top), frame.plot_bottom(), frame.plot_top()};
    y = [log_scale](double count) { return log_scale(std::log10(1 + std::max(count, 0.0))); };
    out += "<g class=\"axis axis-y log\">\n";
    for (double tick : y_ticks.values) {
      out += fmt::format(
          "<line class=\"grid-line\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" "
          "stroke=\"#e6e6e6\" stroke-width=\"1\"/>\n",
          Num(frame.plot_left()), Num(frame.plot_right()), Num(y(tick)), Num(y(tick)));
      out += SvgText(frame.plot_left() - 8, y(tick) + 4, FormatCount(static_cast<int64_t>(tick)),
                     "tick-label", "end");
    }
    out += "</g>\n";
  } else {
    AxisTicks y_ticks = ValueAxisTicks(0, static_cast<double>(tallest), 5, true);
    LinearScale linear{y_ticks.lo, y_ticks.hi, frame.plot_bottom(), frame.plot_top()};
    y = linear;
    out += SvgValueAxisY(frame, y_ticks, ValueUnit::kCount, linear);
  }
  out += "<g class=\"marks\">\n";
  for (size_t i = 0; i < histogram.counts.size(); ++i) {
    double from = lower + width * static_cast<double>(i), to = from + width;
    int64_t count = histogram.counts[i];
    double top = y(static_cast<double>(count));
    bool last = i + 1 == histogram.counts.size();
    std::string tooltip = fmt::format("{} \xE2\x80\x93 {}{}: {} {}", FormatValue(from, spec.x_unit),
                                      FormatValue(to, spec.x_unit), last ? " (inclusive)" : "",
                                      FormatCount(count), spec.count_noun);
    double left = x(from), right = x(to);
    out += fmt::format(
        "<rect class=\"mark bin\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "stroke=\"#fff\" stroke-width=\"{}\" data-lower=\"{}\" data-upper=\"{}\" "
        "data-value=\"{}\"><title>{}</title></rect>\n",
        Num(left), Num(top), Num(std::max(right - left, 0.0)),
        Num(std::max(frame.plot_bottom() - top, 0.0)), kBlue, right - left > 4 ? "0.5" : "0",
        RawNumber(from), RawNumber(to), count, EscapeHtml(tooltip));
  }
  out += "</g>\n";
  out += SvgValueAxisX(frame, x_ticks, spec.x_unit, x, false);
  out += SvgAxisLabels(frame, spec.x_label, spec.y_label);
  return out + SvgClose();
}

std::string RenderBoxPlot(const BoxPlot& box, const BoxPlotSpec& spec) {
  ChartFrame frame = DistributionFrame(spec.narrow);
  frame.height = 170;
  frame.bottom = 52;
  if (spec.n <= 0) return NoDataChart(frame, "box-plot", spec.title);

  bool shared =
      !spec.range.empty() && spec.range.lo <= box.whisker_low && box.whisker_high <= spec.range.hi;
  AxisTicks ticks = NiceTicks(shared ? spec.range.lo : box.whisker_low,
                              shared ? spec.range.hi : box.whisker_high, XTickTarget(frame));
  double lo = shared ? spec.range.lo : ticks.lo, hi = shared ? spec.range.hi : ticks.hi;
  LinearScale x{lo, hi, frame.plot_left(), frame.plot_right()};
  double mid = frame.plot_top() + frame.plot_height() / 2;
  double half = std::min(frame.plot_height() / 2 - 4, 22.0);

  std::string out = SvgOpen(frame, "box-plot", spec.title);
  out += SvgTitle(frame, spec.title);
  out += SvgValueAxisX(frame, ticks, spec.unit, x, true);
  std::string summary =
      fmt::format("n = {}; whiskers {} to {}; quartiles {}, {}, {}", FormatCount(spec.n),
                  FormatValue(box.whisker_low, spec.unit), FormatValue(box.whisker_high, spec.unit),
                  FormatValue(box.q1, spec.unit), FormatValue(box.median, spec.unit),
                  FormatValue(box.q3, spec.unit));
  out += "<g class=\"marks\">\n";
  auto whisker = [&](const char* side, double from, double to, double value) {
    return fmt::format(
        "<g class=\"mark whisker\" data-side=\"{0}\" data-value=\"{5}\"><title>{6}</title>"
        "<line x1=\"{1}\" x2=\"{2}\" y1=\"{3}\" y2=\"{3}\" stroke=\"#444\" stroke-width=\"1.5\"/>"
        "<line x1=\"{2}\" x2=\"{2}\" y1=\"{4}\" y2=\"{7}\" stroke=\"#444\" "
        "stroke-width=\"1.5\"/></g>\n",
        side, Num(x(from)), Num(x(to)), Num(mid), Num(mid - half / 2), RawNumber(value),
        EscapeHtml(fmt::format("{} whisker: {}", side, FormatValue(value, spec.unit))),
        Num(mid + half / 2));
  };
  out += whisker("low", box.q1, box.whisker_low, box.whisker_low);
  out += whisker("high", box.q3, box.whisker_high, box.whisker_high);
  double left = x(box.q1), right = x(box.q3);
  out += fmt::format(
      "<rect class=\"mark box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" "
      "fill=\"{}\" fill-opacity=\"0.35\" stroke=\"{}\" stroke-width=\"1.5\" data-q1=\"{}\" "
      "data-q3=\"{}\"><title>{}</title></rect>\n",
      Num(left), Num(mid - half), Num(std::max(right - left, 0.0)), Num(2 * half), kSkyBlue, kBlue,
      RawNumber(box.q1), RawNumber(box.q3), EscapeHtml(summary));
  out += fmt::format(
      "<line class=\"mark median\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" stroke=\"{3}\" "
      "stroke-width=\"3\" data-value=\"{4}\"><title>{5}</title></line>\n",
      Num(x(box.median)), Num(mid - half), Num(mid + half), kVermillion, RawNumber(box.median),
      EscapeHtml("median: " + FormatValue(box.median, spec.unit)));
  out += "</g>\n";
  // Values beyond the whiskers are not drawn one by one; say how many there are and how far
  // they reach.
  if (box.outliers_low > 0)
    out += SvgText(frame.plot_left(), frame.plot_top() - 4,
                   fmt::format("\xE2\x97\x82 {} below, down to {}", FormatCount(box.outliers_low),
                               FormatValue(spec.min, spec.unit)),
                   "outlier-note", "start");
  if (box.outliers_high > 0)
    out += SvgText(frame.plot_right(), frame.plot_top() - 4,
                   fmt::format("{} above, up to {} \xE2\x96\xB8", FormatCount(box.outliers_high),
                               FormatValue(spec.max, spec.unit)),
                   "outlier-note", "end");
  out += SvgAxisLabels(frame, spec.x_label, "");
  return out + SvgClose();
}

}  // namespace tally
