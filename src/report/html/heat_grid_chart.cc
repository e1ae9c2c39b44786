#include "report/html/heat_grid_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "report/html/html_escape.h"
#include "report/html/number_format.h"
#include "report/html/svg_canvas.h"

namespace tally {
namespace {

struct Rgb {
  double r, g, b;
};
// Stops of a light-to-dark blue ramp.
constexpr std::array<Rgb, 5> kRamp = {
    {{239, 243, 255}, {189, 215, 238}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}}};

// Splits a note into at most two lines that fit `width` (about 5.6 units per character at
// 10 px); nothing when even two lines do not fit.
// A cell's note in 12-unit text on one line, or two, or none when it does not fit.
std::vector<std::string> NoteLines(const std::string& note, double width) {
  auto fits = [&](const std::string& text) {
    return 6.7 * static_cast<double>(text.size()) <= width;
  };
  if (note.empty()) return {};
  if (fits(note)) return {note};
  size_t space = note.rfind(' ', note.size() / 2 + 1);
  if (space == std::string::npos) space = note.find(' ');
  if (space == std::string::npos) return {};
  std::string first = note.substr(0, space), second = note.substr(space + 1);
  if (fits(first) && fits(second)) return {first, second};
  return {};
}

}  // namespace

std::string HeatColor(int64_t count, int64_t max) {
  if (count <= 0 || max <= 0) return "#F4F4F2";
  // Square root spreads the small counts, which are the many.
  double t = std::sqrt(static_cast<double>(std::min(count, max)) / static_cast<double>(max));
  double at = t * static_cast<double>(kRamp.size() - 1);
  size_t i = std::min(static_cast<size_t>(at), kRamp.size() - 2);
  double f = at - static_cast<double>(i);
  auto mix = [&](double a, double b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
  return fmt::format("#{:02X}{:02X}{:02X}", mix(kRamp[i].r, kRamp[i + 1].r),
                     mix(kRamp[i].g, kRamp[i + 1].g), mix(kRamp[i].b, kRamp[i + 1].b));
}

std::string RenderHeatGrid(const HeatGridSpec& spec) {
  ChartFrame frame;
  frame.height = 440;
  frame.left = 60;
  frame.right = 120;  // the legend
  frame.top = 44;
  frame.bottom = 56;
  if (spec.narrow) {
    frame.width = kNarrowChartWidth;
    frame.left = 44;
    frame.right = 80;
    frame.height = 400;
  }
  size_t rows = spec.counts.size(), columns = rows ? spec.counts[0].size() : 0;
  int64_t max = 0;
  for (const auto& row : spec.counts)
    for (int64_t c : row) max = std::max(max, c);
  if (rows == 0 || columns == 0 || max <= 0) return NoDataChart(frame, "heat-grid", spec.title);

  double cell_w = frame.plot_width() / static_cast<double>(columns);
  double cell_h = frame.plot_height() / static_cast<double>(rows);
  std::string out = SvgOpen(frame, "heat-grid", spec.title);
  out += SvgTitle(frame, spec.title);
  out += "<g class=\"marks\">\n";
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < columns && c < spec.counts[r].size(); ++c) {
      int64_t count = spec.counts[r][c];
      std::string color = HeatColor(count, max);
      double x = frame.plot_left() + cell_w * static_cast<double>(c);
      double y = frame.plot_top() + cell_h * static_cast<double>(r);
      std::string row_label = r < spec.row_labels.size() ? spec.row_labels[r] : "";
      std::string column_label = c < spec.column_labels.size() ? spec.column_labels[c] : "";
      std::string note = r < spec.notes.size() && c < spec.notes[r].size() ? spec.notes[r][c] : "";
      std::string tooltip =
          fmt::format("{} {}, {} {}{}: {} {}", spec.y_label, row_label, spec.x_label, column_label,
                      note.empty() ? "" : " (" + note + ")", FormatCount(count), spec.count_noun);
      out += fmt::format(
          "<rect class=\"mark cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
          "stroke=\"#fff\" stroke-width=\"2\" data-{}=\"{}\" data-{}=\"{}\" data-value=\"{}\">"
          "<title>{}</title></rect>\n",
          Num(x), Num(y), Num(cell_w), Num(cell_h), color, spec.row_key, EscapeHtml(row_label),
          spec.column_key, EscapeHtml(column_label), count, EscapeHtml(tooltip));
      // The count, then the note under it (on two lines when one is too narrow), centred
      // together in the cell: 14 units for the count's line, 12 for each note line.
      // Too narrow for the notes on a phone: the counts alone (the tooltip names the segment).
      std::vector<std::string> lines =
          spec.narrow ? std::vector<std::string>{} : NoteLines(note, cell_w - 8);
      double block = 14 + 14 * static_cast<double>(lines.size());
      double baseline = y + (cell_h - block) / 2 + 12;
      out += fmt::format(
          "<text class=\"cell-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" "
          "font-weight=\"600\" fill=\"{}\" pointer-events=\"none\">{}</text>\n",
          Num(x + cell_w / 2), Num(baseline), TextColorOn(color), FormatCount(count));
      for (size_t l = 0; l < lines.size(); ++l)
        out += fmt::format(
            "<text class=\"cell-note\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
            "font-size=\"12\" fill=\"{}\" pointer-events=\"none\">{}</text>\n",
            Num(x + cell_w / 2), Num(baseline + 15 + 14 * static_cast<double>(l)),
            TextColorOn(color), EscapeHtml(lines[l]));
    }
  }
  out += "</g>\n<g class=\"axis\">\n";
  for (size_t r = 0; r < rows && r < spec.row_labels.size(); ++r)
    out += SvgText(frame.plot_left() - 10,
                   frame.plot_top() + cell_h * (static_cast<double>(r) + 0.5) + 4,
                   spec.row_labels[r], "tick-label", "end");
  for (size_t c = 0; c < columns && c < spec.column_labels.size(); ++c)
    out += SvgText(frame.plot_left() + cell_w * (static_cast<double>(c) + 0.5),
                   frame.plot_bottom() + 18, spec.column_labels[c], "tick-label", "middle");
  out += "</g>\n";
  // Legend: a vertical strip from 0 (bottom) to the largest count (top).
  double lx = frame.plot_right() + (spec.narrow ? 14 : 28), steps = 24;
  double step_h = frame.plot_height() / steps;
  out += "<g class=\"legend\">\n";
  for (int i = 0; i < static_cast<int>(steps); ++i) {
    double t = (static_cast<double>(i) + 0.5) / steps;
    // Invert the square-root scale so the strip is linear in colour position.
    auto count = static_cast<int64_t>(std::ceil(t * t * static_cast<double>(max)));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"{}\" fill=\"{}\"/>\n",
                       Num(lx), Num(frame.plot_bottom() - step_h * (i + 1)), Num(step_h + 0.5),
                       HeatColor(count, max));
  }
  out += SvgText(lx + 20, frame.plot_top() + 10, FormatCount(max), "legend-label");
  out += SvgText(lx + 20, frame.plot_bottom(), "0", "legend-label");
  out += SvgText(lx, frame.plot_top() - 8, spec.count_noun, "legend-label");
  out += "</g>\n";
  out += SvgAxisLabels(frame, spec.x_label, spec.y_label);
  return out + SvgClose();
}

}  // namespace tally
