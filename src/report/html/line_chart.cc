#include "report/html/line_chart.h"

#include <fmt/format.h>

#include <cmath>

#include "report/html/chart_axes.h"
#include "report/html/html_escape.h"

namespace tally {

std::string RenderLineChart(const BarChartSpec& spec) {
  std::string out;
  std::optional<CategoryPlot> plot = OpenCategoryChart(spec, "line-chart", &out);
  if (!plot) return out;
  const ChartFrame& frame = plot->frame;
  const LinearScale& y = plot->y;
  double band = plot->band;
  auto x = [&](size_t c) { return frame.plot_left() + band * (static_cast<double>(c) + 0.5); };
  out += "<g class=\"marks\">\n";
  for (size_t s = 0; s < spec.series.size(); ++s) {
    const BarSeries& series = spec.series[s];
    const char* color = SeriesColors()[s % SeriesColors().size()];
    // The line: "M" starts a piece after a gap, "L" continues it.
    std::string path;
    bool drawing = false;
    for (size_t c = 0; c < spec.categories.size() && c < series.points.size(); ++c) {
      const auto& v = series.points[c].value;
      if (!v || !std::isfinite(*v)) {
        drawing = false;
        continue;
      }
      path += fmt::format("{}{},{} ", drawing ? "L" : "M", Num(x(c)), Num(y(*v)));
      drawing = true;
    }
    out += fmt::format(
        "<path class=\"line series-{}\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"2\" stroke-linejoin=\"round\"/>\n",
        s, path, color);
    for (size_t c = 0; c < spec.categories.size() && c < series.points.size(); ++c) {
      const ChartPoint& point = series.points[c];
      if (!point.value || !std::isfinite(*point.value)) continue;
      std::string raw = point.raw.empty() ? RawNumber(*point.value) : point.raw;
      std::string display =
          point.display.empty() ? FormatValue(*point.value, spec.unit) : point.display;
      std::string tooltip = spec.categories[c].key + " \xC2\xB7 " + series.name + ": " + display;
      out += fmt::format(
          "<circle class=\"mark point series-{}\" cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\" "
          "data-series=\"{}\" data-category=\"{}\" data-value=\"{}\"><title>{}</title>"
          "</circle>\n",
          s, Num(x(c)), Num(y(*point.value)), color, EscapeHtml(series.name),
          EscapeHtml(spec.categories[c].key), EscapeHtml(raw), EscapeHtml(tooltip));
    }
  }
  out += "</g>\n";
  out += SvgCategoryAxisX(spec.categories, frame, band);
  out += SvgAxisLabels(frame, spec.x_label, spec.y_label);
  return out + SvgClose();
}

}  // namespace tally
