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

// The name (and value, where it fits) written on a tile, or "" when not even the name fits.
std::string TileLabel(const TreemapItem& item, const LayoutRect& r, const std::string& color,
                      const std::string& value_text) {
  std::string out;
  // Small tiles try a smaller font before giving up on a label.
  const char* ink = TextColorOn(color);
  for (double size : {14.0, 12.0}) {
    double pad = size > 12 ? 8 : 5;
    double room = r.width - 2 * pad;
    std::vector<std::string> name_lines = {item.name};
    if (room < TextWidth(item.name, size)) {
      // A narrow tile: the name on two lines, split at the space nearest the middle.
      size_t space = item.name.rfind(' ', item.name.size() / 2 + 1);
      if (space == std::string::npos) space = item.name.find(' ');
      if (space == std::string::npos) continue;
      name_lines = {item.name.substr(0, space), item.name.substr(space + 1)};
      if (room < TextWidth(name_lines[0], size) || room < TextWidth(name_lines[1], size)) continue;
    }
    double name_height = size * 1.2 * static_cast<double>(name_lines.size());
    if (r.height < name_height + 2 * pad) continue;
    std::string count_text = FormatValue(item.value, ValueUnit::kCount);
    std::string second = room >= TextWidth(value_text, size)   ? value_text
                         : room >= TextWidth(count_text, size) ? count_text
                                                               : "";
    bool second_fits = !second.empty() && r.height >= name_height + size + 2 * pad + 2;
    for (size_t l = 0; l < name_lines.size(); ++l)
      out += fmt::format(
          "<text class=\"tile-label\" x=\"{}\" y=\"{}\" font-size=\"{}\" "
          "font-weight=\"600\" fill=\"{}\" pointer-events=\"none\">{}</text>\n",
          Num(r.x + pad), Num(r.y + pad + size * (0.85 + 1.2 * static_cast<double>(l))), Num(size),
          ink, EscapeHtml(name_lines[l]));
    if (second_fits)
      out += fmt::format(
          "<text class=\"tile-value\" x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\" "
          "pointer-events=\"none\">{}</text>\n",
          Num(r.x + pad), Num(r.y + pad + name_height + size * 0.9), Num(size), ink,
          EscapeHtml(second));
    return out;
  }
  return out;
}

}  // namespace

std::string RenderTreemap(const TreemapSpec& spec) {
  ChartFrame frame;
  frame.height = 400;
  if (spec.narrow) frame.width = kNarrowChartWidth;
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

  // Labels only where they fit: name and value, or the name alone; the tiles too small for
  // either are named in a key under the chart, so every tile can be told apart.
  std::vector<std::string> labels(order.size()), colors(order.size()), values_text(order.size());
  std::vector<size_t> unlabelled;
  for (size_t k = 0; k < order.size(); ++k) {
    const TreemapItem& item = spec.items[order[k]];
    colors[k] =
        item.color.empty() ? CategoryColors()[order[k] % CategoryColors().size()] : item.color;
    values_text[k] =
        item.display.empty() ? FormatValue(item.value, ValueUnit::kCount) : item.display;
    labels[k] = TileLabel(item, rects[k], colors[k], values_text[k]);
    if (labels[k].empty()) unlabelled.push_back(k);
  }
  constexpr double kKeyRow = 20;
  frame.height += kKeyRow * static_cast<double>(unlabelled.size());
  frame.bottom += kKeyRow * static_cast<double>(unlabelled.size());

  std::string out = SvgOpen(frame, "treemap", spec.title);
  out += SvgTitle(frame, spec.title);
  out += "<g class=\"marks\">\n";
  for (size_t k = 0; k < order.size(); ++k) {
    const TreemapItem& item = spec.items[order[k]];
    const LayoutRect& r = rects[k];
    // A white outline separates neighbouring tiles; data-area lets a reader check the layout.
    out += fmt::format(
        "<rect class=\"mark tile\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "stroke=\"#fff\" stroke-width=\"2\" data-name=\"{}\" data-value=\"{}\" "
        "data-area=\"{}\"><title>{}</title></rect>\n",
        Num(r.x), Num(r.y), Num(r.width), Num(r.height), colors[k], EscapeHtml(item.name),
        RawNumber(item.value), Num(r.width * r.height),
        EscapeHtml(item.name + ": " + values_text[k]));
    out += labels[k];
  }
  out += "</g>\n";
  if (!unlabelled.empty()) {
    out += "<g class=\"tile-key\">\n";
    double y = frame.plot_bottom() + 8 + kKeyRow * 0.7;
    for (size_t k : unlabelled) {
      out += fmt::format(
          "<rect class=\"legend-swatch\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" "
          "rx=\"2\" fill=\"{}\"/>\n",
          Num(frame.plot_left()), Num(y - 10), colors[k]);
      out +=
          SvgText(frame.plot_left() + 17, y,
                  spec.items[order[k]].name + ": " + values_text[k],
                  "legend-label");
      y += kKeyRow;
    }
  }
  return out + SvgClose();
}

}  // namespace tally
