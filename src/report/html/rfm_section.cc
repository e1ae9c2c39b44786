// §7: RFM segments as a treemap and a table, and customers by R and F score.
#include <fmt/format.h>

#include <array>

#include "analytics/retail_report.h"
#include "common/datetime.h"
#include "report/html/heat_grid_chart.h"
#include "report/html/html_sections.h"
#include "report/html/html_table.h"
#include "report/html/number_format.h"
#include "report/html/svg_canvas.h"
#include "report/html/treemap_chart.h"

namespace tally {
namespace {

// Customers per (R, F): [5 - R][F - 1], so R = 5 is the top row as in the usual RFM grid.
using Grid = std::array<std::array<int64_t, 5>, 5>;

Grid CountByRecencyAndFrequency(const std::vector<RfmCustomerRow>& customers) {
  Grid grid{};
  for (const auto& c : customers)
    if (c.r >= 1 && c.r <= 5 && c.f >= 1 && c.f <= 5) ++grid[5 - c.r][c.f - 1];
  return grid;
}

std::string SplitsText(const std::vector<Scalar>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v.ToString();
  return out.empty() ? "\xE2\x80\x93" : out;
}

}  // namespace

std::string RfmSegmentOf(int r, int f) {
  if (r < 1 || r > 5 || f < 1 || f > 5) return "";
  if (r <= 2) return f <= 2 ? "Hibernating" : f <= 4 ? "At Risk" : "Can't Lose";
  if (r == 3) {
    if (f <= 2) return "About to Sleep";
    if (f == 3) return "Need Attention";
    return "Loyal Customers";
  }
  if (f == 1) return r == 4 ? "Promising" : "New Customers";
  if (f <= 3) return "Potential Loyalists";
  return r == 4 ? "Loyal Customers" : "Champions";
}

std::string RfmSegmentColor(std::string_view segment, size_t fallback_index) {
  // Paul Tol's muted scheme, from greens for the best customers to greys for the lapsed.
  static const std::pair<const char*, const char*> kColors[] = {
      {"Champions", "#117733"},           {"Loyal Customers", "#44AA99"},
      {"Potential Loyalists", "#88CCEE"}, {"New Customers", "#332288"},
      {"Promising", "#DDCC77"},           {"Need Attention", "#999933"},
      {"About to Sleep", "#CC6677"},      {"At Risk", "#882255"},
      {"Can't Lose", "#AA4499"},          {"Hibernating", "#BBBBBB"}};
  for (const auto& [name, color] : kColors)
    if (segment == name) return color;
  return CategoryColors()[fallback_index % CategoryColors().size()];
}

std::string RenderRfmSection(const RetailResults& r) {
  std::string out = "<section id=\"rfm\">\n";
  out += HtmlSectionHeading("7", "RFM segments");
  bool spark = r.rfm_scoring == RfmScoring::kSpark;
  out += fmt::format(
      "<p class=\"lede\">Each customer is scored 1\xE2\x80\x93"
      "5 on recency (days from the last "
      "purchase to {}), frequency (distinct invoices) and monetary value (net spend), using "
      "{} scoring. The segment follows from R and F alone.</p>\n",
      FormatDate(r.as_of), spark ? "Spark quantile-discretizer" : "pandas qcut");

  int64_t total = 0;
  for (const auto& s : r.rfm_segments) total += s.customers;
  auto share = [&](int64_t n) {
    return total ? static_cast<double>(n) / static_cast<double>(total) : 0.0;
  };

  TreemapSpec treemap{"Customers per segment", {}};
  HtmlTable segments("rfm-segments-table", {{"segment", "Segment", false},
                                            {"customers", "Customers"},
                                            {"share", "Share"},
                                            {"recency", "Recency"},
                                            {"frequency", "Frequency"},
                                            {"monetary", "Monetary"}});
  for (size_t i = 0; i < r.rfm_segments.size(); ++i) {
    const RfmSegmentRow& s = r.rfm_segments[i];
    std::string color = RfmSegmentColor(s.segment, i);
    treemap.items.push_back({s.segment, static_cast<double>(s.customers),
                             fmt::format("{} customers \xC2\xB7 {:.1f}%", FormatCount(s.customers),
                                         share(s.customers) * 100),
                             color});
    HtmlCell name = TextCell(s.segment);
    name.swatch = color;
    segments.AddRow(s.segment,
                    {name, CountCell(s.customers), ShareCell(share(s.customers)),
                     FixedCell(s.recency, 1), FixedCell(s.frequency, 2), MoneyCell(s.monetary)});
  }
  // Every segment is listed: an empty one with 0 customers and, below, why it is empty.
  for (const auto& name : EmptyRfmSegments(r)) {
    HtmlCell cell = TextCell(name);
    cell.swatch = RfmSegmentColor(name, 0);
    segments.AddRow(name, {cell, CountCell(0), ShareCell(0), TextCell("\xE2\x80\x93"),
                           TextCell("\xE2\x80\x93"), TextCell("\xE2\x80\x93")});
  }
  std::string note = EmptyRfmSegmentsNote(r);
  out += "<div class=\"chart-grid\">\n";
  std::string treemap_charts = ResponsiveCharts([&](bool narrow) {
    treemap.narrow = narrow;
    return RenderTreemap(treemap);
  });
  out += HtmlFigure("rfm-treemap", treemap_charts,
                    fmt::format("{} customers. Tile area is proportional to the number of "
                                "customers in the segment. The table gives means per customer: "
                                "recency in days, frequency in invoices, monetary in GBP.{}",
                                FormatCount(total), note.empty() ? "" : " " + note),
                    segments.Render(), true);

  Grid grid = CountByRecencyAndFrequency(r.rfm_customers);
  HeatGridSpec heat;
  heat.title = "Customers by R and F score";
  heat.x_label = "Frequency score F";
  heat.y_label = "Recency score R";
  heat.row_key = "r";
  heat.column_key = "f";
  for (int row = 0; row < 5; ++row) {
    int score_r = 5 - row;
    heat.row_labels.push_back(std::to_string(score_r));
    heat.counts.emplace_back(grid[row].begin(), grid[row].end());
    std::vector<std::string> notes;
    for (int f = 1; f <= 5; ++f) notes.push_back(RfmSegmentOf(score_r, f));
    heat.notes.push_back(notes);
  }
  for (int f = 1; f <= 5; ++f) heat.column_labels.push_back(std::to_string(f));

  HtmlTable grid_table("rfm-grid-table", {{"r", "R \\ F", false},
                                          {"f1", "F 1"},
                                          {"f2", "F 2"},
                                          {"f3", "F 3"},
                                          {"f4", "F 4"},
                                          {"f5", "F 5"},
                                          {"total", "All"}});
  for (int row = 0; row < 5; ++row) {
    int64_t sum = 0;
    std::vector<HtmlCell> cells = {
        HtmlCell{fmt::format("R {}", 5 - row), std::to_string(5 - row), false, ""}};
    for (int64_t c : grid[row]) {
      cells.push_back(CountCell(c));
      sum += c;
    }
    cells.push_back(CountCell(sum));
    grid_table.AddRow(std::to_string(5 - row), std::move(cells));
  }
  std::string heat_charts = ResponsiveCharts([&](bool narrow) {
    heat.narrow = narrow;
    return RenderHeatGrid(heat);
  });
  out += HtmlFigure("rfm-grid", heat_charts,
                    "Customers per pair of scores, from the per-customer table. Each cell names "
                    "its segment (on a phone, its tooltip does); darker cells hold more "
                    "customers.",
                    grid_table.Render(), true);
  out += "</div>\n";

  HtmlTable splits("rfm-splits-table", {{"measure", "Measure", false},
                                        {"values", spark ? "Split values" : "Bin edges", false}});
  auto add = [&](const char* name, const std::vector<Scalar>& values) {
    std::string raw;
    for (const auto& v : values) raw += (raw.empty() ? "" : " ") + RawNumber(v);
    splits.AddRow(name, {TextCell(name), HtmlCell{SplitsText(values), raw, false, ""}});
  };
  add("recency", r.rfm_splits.recency);
  add("frequency", r.rfm_splits.frequency);
  add("monetary", r.rfm_splits.monetary);
  out += "<h3 id=\"rfm-splits\">Score boundaries</h3>\n<div class=\"standalone-table\">\n" +
         splits.Render() + "</div>\n";
  out += "</section>\n";
  return out;
}

}  // namespace tally
