#include "report/html/svg_canvas.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "report/html/html_escape.h"

namespace tally {

const std::vector<const char*>& SeriesColors() {
  static const std::vector<const char*> colors = {kBlue,    kOrange, kGreen,
                                                  kSkyBlue, kPurple, kVermillion};
  return colors;
}

const std::vector<const char*>& CategoryColors() {
  static const std::vector<const char*> colors = {"#332288", "#88CCEE", "#44AA99", "#117733",
                                                  "#999933", "#DDCC77", "#CC6677", "#882255",
                                                  "#AA4499", "#BBBBBB"};
  return colors;
}

const char* TextColorOn(std::string_view fill) {
  if (fill.size() != 7 || fill[0] != '#') return "#111111";
  auto channel = [&](size_t at) {
    double c = std::strtol(std::string(fill.substr(at, 2)).c_str(), nullptr, 16) / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  double luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // The luminance at which white and black text have equal contrast.
  return luminance > 0.179 ? "#111111" : "#FFFFFF";
}

std::string Num(double value) {
  if (!std::isfinite(value)) return "0";
  double rounded = std::round(value * 100) / 100;
  if (rounded == 0) return "0";
  std::string text = fmt::format("{:.2f}", rounded);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string SvgOpen(const ChartFrame& frame, std::string_view kind, std::string_view title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {}\" viewBox=\"0 0 {} {}\" "
      "width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"{}\" "
      "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">\n",
      kind, Num(frame.width), Num(frame.height), EscapeHtml(title));
}

std::string SvgTitle(const ChartFrame& frame, std::string_view title) {
  // About 9.2 units a character of 16-unit bold text; the <svg>'s aria-label keeps it whole.
  size_t fits = static_cast<size_t>(std::max(8.0, (frame.width - 8) / 9.2));
  if (title.size() <= fits) return SvgText(4, 24, title, "chart-title");
  size_t cut = fits - 1;
  while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return SvgText(4, 24, std::string(title.substr(0, cut)) + "\xE2\x80\xA6", "chart-title");
}

std::string SvgAxisLabels(const ChartFrame& frame, std::string_view x_label,
                          std::string_view y_label) {
  std::string out;
  if (!x_label.empty())
    out += SvgText(frame.left + frame.plot_width() / 2, frame.height - 10, x_label, "axis-label",
                   "middle");
  if (!y_label.empty()) {
    double x = 14, y = frame.top + frame.plot_height() / 2;
    out += fmt::format(
        "<text class=\"axis-label\" x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
        "transform=\"rotate(-90 {0} {1})\" font-size=\"12.5\" fill=\"#555\">{2}</text>\n",
        Num(x), Num(y), EscapeHtml(y_label));
  }
  return out;
}

std::string SvgText(double x, double y, std::string_view text, std::string_view css_class,
                    std::string_view anchor) {
  // Presentation attributes give a readable default when the SVG is viewed on its own; the
  // page's CSS classes override them.
  const char* size = css_class == "chart-title" ? "16" : "12";
  const char* weight = css_class == "chart-title" ? " font-weight=\"600\"" : "";
  const char* fill = css_class == "chart-title" ? "#222" : "#555";
  return fmt::format(
      "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\"{} "
      "fill=\"{}\">{}</text>\n",
      css_class, Num(x), Num(y), anchor, size, weight, fill, EscapeHtml(text));
}

std::string SvgLegend(double x, double y, const std::vector<std::string>& names,
                      const std::vector<std::string>& colors) {
  std::string out = "<g class=\"legend\">\n";
  for (size_t i = 0; i < names.size(); ++i) {
    out += fmt::format(
        "<rect class=\"legend-swatch\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" rx=\"2\" "
        "fill=\"{}\"/>\n",
        Num(x), Num(y - 10), colors[i % colors.size()]);
    out += SvgText(x + 17, y, names[i], "legend-label");
    // Room for the name at up to 15 px (the phone style enlarges legend text).
    x += 17 + 7.5 * static_cast<double>(names[i].size()) + 20;
  }
  return out + "</g>\n";
}

std::string NoDataChart(const ChartFrame& frame, std::string_view kind, std::string_view title,
                        std::string_view message) {
  std::string out = SvgOpen(frame, std::string(kind) + " no-data", title);
  out += SvgTitle(frame, title);
  out += fmt::format(
      "<rect class=\"no-data-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" "
      "fill=\"#f6f6f4\" stroke=\"#ddd\" stroke-dasharray=\"4 4\"/>\n",
      Num(frame.left), Num(frame.top), Num(frame.plot_width()), Num(frame.plot_height()));
  out += SvgText(frame.left + frame.plot_width() / 2, frame.top + frame.plot_height() / 2 + 5,
                 message, "no-data", "middle");
  return out + SvgClose();
}

}  // namespace tally
