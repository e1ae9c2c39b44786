#include "report/html/treemap_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "report/html/html_escape.h"
#include "report/html/number_format.h"
#include "report/html/squarify.h"
#include "report/html/svg_canvas.h"

namespace tally {
namespace {

// Text width estimate for a label at the given font size (average glyph ~0.58 em).
double TextWidth(const std::string& text, double font_size) {
  return static_cast<double>(text.size()) * font_size * 0.58;
}

}  // namespace

std::string RenderTreemap(const TreemapSpec& spec) {
  ChartFrame frame;
  frame.height = 400;
  frame.top = 40;
  frame.left = 8;
  frame.right = 8;
  frame.bottom = 8;
  std::vector<size_t> order;
  for (size_t i = 0; i < spec.items.size(); ++i)
    if (spec.items[i].value > 0 && std::isfinite(spec.items[i].value)) order.push_back(i);
  if (order.empty()) return NoDataChart(frame, "treemap", spec.title);
  // Largest first keeps the tiles square; ties keep the given order.
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return spec.items[a].value > spec.items[b].value; });
  std::vector<double> values;
  for (size_t i : order) values.push_back(spec.items[i].value);
  std::vector<LayoutRect> rects = Squarify(
      values, {frame.plot_left(), frame.plot_top(), frame.plot_width(), frame.plot_height()});

  std::string out = SvgOpen(frame, "treemap", spec.title);
  out += SvgTitle(frame, spec.title);
  out += "<g class=\"marks\">\n";
  for (size_t k = 0; k < order.size(); ++k) {
    const TreemapItem& item = spec.items[order[k]];
    const LayoutRect& r = rects[k];
    std::string color =
        item.color.empty() ? CategoryColors()[order[k] % CategoryColors().size()] : item.color;
    std::string value_text =
        item.display.empty() ? FormatValue(item.value, ValueUnit::kCount) : item.display;
    // A white outline separates neighbouring tiles; data-area lets a reader check the layout.
    out += fmt::format(
        "<rect class=\"mark tile\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "stroke=\"#fff\" stroke-width=\"2\" data-name=\"{}\" data-value=\"{}\" "
        "data-area=\"{}\"><title>{}</title></rect>\n",
        Num(r.x), Num(r.y), Num(r.width), Num(r.height), color, EscapeHtml(item.name),
        RawNumber(item.value), Num(r.width * r.height), EscapeHtml(item.name + ": " + value_text));
    // Labels only where they fit: name and value, or the name alone, or nothing (the
    // tooltip still has both).
    const char* ink = TextColorOn(color);
    double pad = 8;
    bool name_fits = r.width - 2 * pad >= TextWidth(item.name, 13) && r.height >= 24;
    bool value_fits = r.width - 2 * pad >= TextWidth(value_text, 11) && r.height >= 42;
    if (name_fits)
      out += fmt::format(
          "<text class=\"tile-label\" x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"600\" "
          "fill=\"{}\" pointer-events=\"none\">{}</text>\n",
          Num(r.x + pad), Num(r.y + 19), ink, EscapeHtml(item.name));
    if (name_fits && value_fits)
      out += fmt::format(
          "<text class=\"tile-value\" x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{}\" "
          "pointer-events=\"none\">{}</text>\n",
          Num(r.x + pad), Num(r.y + 35), ink, EscapeHtml(value_text));
  }
  out += "</g>\n";
  return out + SvgClose();
}

}  // namespace tally
