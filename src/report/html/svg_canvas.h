#pragma once
// Shared pieces of the SVG charts: the frame of a chart (size and margins), number text for
// coordinates, the colour palettes, and the elements every chart has (title, axis labels,
// the "no data" placeholder).
#include <string>
#include <string_view>
#include <vector>

namespace tally {

// Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
inline constexpr const char* kBlue = "#0072B2";
inline constexpr const char* kOrange = "#E69F00";
inline constexpr const char* kGreen = "#009E73";
inline constexpr const char* kVermillion = "#D55E00";
inline constexpr const char* kSkyBlue = "#56B4E9";
inline constexpr const char* kPurple = "#CC79A7";
// The series colours of bar charts, in order.
const std::vector<const char*>& SeriesColors();
// Ten muted colours (Paul Tol's "muted" scheme) for categorical areas such as treemap tiles.
const std::vector<const char*>& CategoryColors();
// Black or white, whichever reads better on the fill colour "#RRGGBB".
const char* TextColorOn(std::string_view fill);

// A coordinate or length as SVG text: at most two decimals, never "nan"/"inf" (non-finite
// values become 0, so degenerate input cannot produce an unreadable file).
std::string Num(double value);

// Charts are laid out at one of two widths: their own (for screens wider than 640 px) and
// kNarrowChartWidth for phones, where the page shows that drawing instead (ResponsiveCharts in
// html_sections.h), so that text keeps its size instead of shrinking with the chart.
inline constexpr double kNarrowChartWidth = 360;

// The size of a chart and the margins around its plot area, in viewBox units.
struct ChartFrame {
  double width = 600, height = 340;
  double left = 84, right = 20, top = 58, bottom = 60;
  double plot_left() const { return left; }
  double plot_right() const { return width - right; }
  double plot_top() const { return top; }
  double plot_bottom() const { return height - bottom; }
  double plot_width() const { return width - left - right; }
  double plot_height() const { return height - top - bottom; }
};

// <svg ...> with a viewBox and width 100%, so the chart scales down to the page width.
std::string SvgOpen(const ChartFrame& frame, std::string_view kind, std::string_view title);
inline std::string SvgClose() {
  return "</svg>\n";
}
// The chart title at the top left, aligned with the left edge of the chart; cut with "…" where
// it would pass the chart's right edge.
std::string SvgTitle(const ChartFrame& frame, std::string_view title);
// The axis labels: `x_label` centred under the plot, `y_label` rotated along the left edge.
std::string SvgAxisLabels(const ChartFrame& frame, std::string_view x_label,
                          std::string_view y_label);
// Text with escaping; `anchor` is start, middle or end.
std::string SvgText(double x, double y, std::string_view text, std::string_view css_class,
                    std::string_view anchor = "start");
// A legend row of colour swatches and names, starting at (x, y).
std::string SvgLegend(double x, double y, const std::vector<std::string>& names,
                      const std::vector<std::string>& colors);
// A whole chart that says there is nothing to draw (no rows, all values missing).
std::string NoDataChart(const ChartFrame& frame, std::string_view kind, std::string_view title,
                        std::string_view message = "No data");

}  // namespace tally
