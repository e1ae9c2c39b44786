// §1: the distribution of invoice amounts, over all invoices and below the 85th percentile.
#include <fmt/format.h>

#include "report/html/distribution_charts.h"
#include "report/html/html_sections.h"
#include "report/html/html_table.h"
#include "report/html/number_format.h"

namespace tally {
namespace {

std::vector<HtmlColumn> StatColumns() {
  return {{"invoices", "Invoices", false},
          {"n", "N"},
          {"mean", "Mean"},
          {"median", "Median"},
          {"mode", "Mode"},
          {"min", "Min"},
          {"max", "Max"},
          {"p85", "p85"}};
}

std::vector<HtmlCell> StatCells(const char* label, const AmountStatistics& s) {
  HtmlCell mean = s.n ? MoneyCell(s.mean) : HtmlCell{"\xE2\x80\x93", "", true, ""};
  return {TextCell(label),     CountCell(s.n),    mean,
          MoneyCell(s.median), MoneyCell(s.mode), MoneyCell(s.min),
          MoneyCell(s.max),    MoneyCell(s.p85)};
}

std::string BinTable(const std::string& id, const Histogram& h) {
  HtmlTable table(id, {{"lower", "From"}, {"upper", "To"}, {"count", "Invoices"}});
  for (size_t i = 0; i < h.counts.size(); ++i) {
    double from = h.lower + h.bin_width * static_cast<double>(i), to = from + h.bin_width;
    table.AddRow(std::to_string(i), {MoneyCell(from), MoneyCell(to), CountCell(h.counts[i])});
  }
  return table.Render();
}

std::string BoxTable(const std::string& id, const AmountStatistics& s) {
  if (s.n == 0) return HtmlTable(id, {{"measure", "Box plot", false}, {"value", "Value"}}).Render();
  const BoxPlot& b = s.box;
  HtmlTable table(id, {{"measure", "Box plot", false}, {"value", "Value"}});
  table.AddRow("whisker_low", {TextCell("Lower whisker"), MoneyCell(b.whisker_low)});
  table.AddRow("q1", {TextCell("First quartile"), MoneyCell(b.q1)});
  table.AddRow("median", {TextCell("Median"), MoneyCell(b.median)});
  table.AddRow("q3", {TextCell("Third quartile"), MoneyCell(b.q3)});
  table.AddRow("whisker_high", {TextCell("Upper whisker"), MoneyCell(b.whisker_high)});
  table.AddRow("outliers_low",
               {TextCell("Invoices below the lower whisker"), CountCell(b.outliers_low)});
  table.AddRow("outliers_high",
               {TextCell("Invoices above the upper whisker"), CountCell(b.outliers_high)});
  return table.Render();
}

// A histogram with its box plot underneath (one shared figure), then bins and box numbers.
std::string Distribution(const std::string& id, const std::string& what,
                         const AmountStatistics& s) {
  HistogramSpec hist{fmt::format("Invoice amounts, {}", what), "Invoice amount (GBP)", "Invoices",
                     ValueUnit::kGbp, "invoices"};
  BoxPlotSpec box{fmt::format("Box plot, {}", what),
                  "Invoice amount (GBP)",
                  ValueUnit::kGbp,
                  s.n,
                  s.min.is_null() ? 0 : s.min.ToDouble(),
                  s.max.is_null() ? 0 : s.max.ToDouble(),
                  AxisRange{}};
  // Share the histogram's x axis when the whiskers span a good part of it; with a long tail
  // (all invoices) the box would shrink to a sliver, so it gets its own axis.
  AxisRange range = HistogramRange(s.histogram);
  if (!range.empty() && (s.box.whisker_high - s.box.whisker_low) >= 0.25 * (range.hi - range.lo))
    box.range = range;
  // One bin holding most invoices (a long tail of large orders) would leave the others
  // invisible beside it: then the bar heights follow log10(1 + count).
  int64_t tallest = 0, total = 0;
  for (int64_t c : s.histogram.counts) tallest = std::max(tallest, c), total += c;
  hist.log_counts = total > 0 && tallest * 2 > total;
  if (hist.log_counts) hist.y_label += " (log scale)";
  std::string charts = ResponsiveCharts([&](bool narrow) {
    hist.narrow = box.narrow = narrow;
    return RenderHistogram(s.histogram, hist) + RenderBoxPlot(s.box, box);
  });
  std::string caption = fmt::format(
      "{} invoices in {} bins. The box spans the quartiles, the orange-red line is the median, "
      "and the whiskers reach the furthest amounts within 1.5 IQR of the box.{}",
      FormatCount(s.n), s.histogram.counts.size(),
      hist.log_counts
          ? fmt::format(" The histogram's counts are on a logarithmic scale: its tallest bin holds "
                        "{} of the {} invoices.",
                        FormatCount(tallest), FormatCount(total))
          : "");
  std::string tables = BinTable(id + "-bins-table", s.histogram) +
                       "<div style=\"height:12px\"></div>" + BoxTable(id + "-box-table", s);
  return HtmlFigure(id, charts, caption, tables);
}

}  // namespace

std::string RenderInvoiceSection(const RetailResults& r) {
  std::string out = "<section id=\"invoices\">\n";
  out += HtmlSectionHeading("1", "Invoice amounts");
  out +=
      "<p class=\"lede\">The total of each invoice over its lines with positive quantity and "
      "price. Median and p85 are element quantiles; the mode is the most frequent amount "
      "(the smallest on ties). The second view keeps the invoices strictly below p85, "
      "which hides the long tail of very large orders.</p>\n";
  HtmlTable stats("invoice-stats-table", StatColumns());
  stats.AddRow("invoice_amount", StatCells("All invoices", r.invoice_amount));
  stats.AddRow("invoice_amount_below_p85", StatCells("Below p85", r.invoice_amount_below_p85));
  out += "<div class=\"standalone-table\">\n" + stats.Render() + "</div>\n";
  out += "<div class=\"chart-grid\" style=\"margin-top:24px\">\n";
  out += Distribution("invoice-amounts-all", "all invoices", r.invoice_amount);
  out += Distribution("invoice-amounts-below-p85", "below p85", r.invoice_amount_below_p85);
  out += "</div>\n</section>\n";
  return out;
}

}  // namespace tally
