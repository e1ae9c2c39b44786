// §2-§6: orders, sales, growth and customers per month.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "analytics/retail_report.h"
#include "report/html/bar_chart.h"
#include "report/html/html_escape.h"
#include "report/html/html_sections.h"
#include "report/html/html_table.h"
#include "report/html/number_format.h"

namespace tally {
namespace {

constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string MonthKey(int32_t ym) {
  return fmt::format("{:04d}-{:02d}", ym / 100, ym % 100);
}

// "Dec\n2010" on the first month and every January, "Feb" otherwise: the year is read once.
std::vector<BarCategory> MonthCategories(const std::vector<MonthlyRow>& months) {
  std::vector<BarCategory> out;
  for (size_t i = 0; i < months.size(); ++i) {
    int32_t month = months[i].ym % 100;
    std::string name = month >= 1 && month <= 12 ? kMonthNames[month - 1] : MonthKey(months[i].ym);
    if (i == 0 || month == 1) name += "\n" + std::to_string(months[i].ym / 100);
    out.push_back({MonthKey(months[i].ym), name});
  }
  return out;
}

// The bar chart at both layouts (ResponsiveCharts).
std::string ResponsiveBars(BarChartSpec spec) {
  return ResponsiveCharts([&](bool narrow) {
    spec.narrow = narrow;
    return RenderBarChart(spec);
  });
}

ChartPoint CountPoint(int64_t v) {
  return {static_cast<double>(v), std::to_string(v), FormatCount(v)};
}

template <typename Get>
BarSeries CountSeries(const std::string& name, const std::vector<MonthlyRow>& months, Get get) {
  BarSeries s{name, {}};
  for (const auto& m : months) s.points.push_back(CountPoint(get(m)));
  return s;
}

// A month the data covers only in part is marked " *" (the section says why).
std::string MonthTable(const std::string& id, const std::vector<HtmlColumn>& columns,
                       const RetailResults& r,
                       const std::function<std::vector<HtmlCell>(const MonthlyRow&)>& cells) {
  std::vector<HtmlColumn> all = {{"ym", "Month", false}};
  all.insert(all.end(), columns.begin(), columns.end());
  HtmlTable table(id, all);
  for (const auto& m : r.monthly) {
    std::vector<HtmlCell> row = {HtmlCell{MonthKey(m.ym) + (IsPartialMonth(r, m.ym) ? " *" : ""),
                                          std::to_string(m.ym), false, ""}};
    for (auto& c : cells(m)) row.push_back(std::move(c));
    table.AddRow(std::to_string(m.ym), std::move(row));
  }
  return table.Render();
}

HtmlCell GrowthCell(const MonthlyRow& m) {
  return m.growth ? PercentCell(*m.growth) : HtmlCell{"\xE2\x80\x93", "", true, ""};
}

}  // namespace

std::string RenderMonthlySection(const RetailResults& r) {
  const auto& months = r.monthly;
  std::vector<BarCategory> categories = MonthCategories(months);
  std::string out = "<section id=\"monthly\">\n";
  out += HtmlSectionHeading(
      "2\xE2\x80\x93"
      "6",
      "Months");
  out +=
      "<p class=\"lede\">Per calendar month of the invoice date, over all lines "
      "(cancellations included, so sales are net).</p>\n";
  std::string partial = PartialMonthsNote(r);
  if (!partial.empty())
    out += "<p class=\"lede partial-months\">* " + EscapeHtml(partial) + "</p>\n";
  out += "<div class=\"chart-grid\">\n";

  // §2 placed vs cancelled.
  BarChartSpec orders{
      "Invoices placed and cancelled",
      "Month",
      "Invoices",
      ValueUnit::kCount,
      categories,
      {CountSeries("Placed", months, [](const MonthlyRow& m) { return m.placed; }),
       CountSeries("Cancelled", months, [](const MonthlyRow& m) { return m.cancelled; })},
      BarLayout::kGrouped,
      false};
  out += HtmlFigure(
      "monthly-orders", ResponsiveBars(orders),
      "Placed = invoices \xE2\x88\x92 2 \xC3\x97 cancellations: each cancellation is taken to "
      "undo one earlier order.",
      MonthTable("monthly-orders-table",
                 {{"gross", "Invoices"}, {"cancelled", "Cancelled"}, {"placed", "Placed"}}, r,
                 [](const MonthlyRow& m) {
                   return std::vector<HtmlCell>{CountCell(m.gross), CountCell(m.cancelled),
                                                CountCell(m.placed)};
                 }));

  // §3 sales.
  BarSeries sales{"Sales", {}};
  for (const auto& m : months)
    sales.points.push_back(
        {m.sales.is_null() ? std::nullopt : std::optional<double>(m.sales.ToDouble()),
         RawNumber(m.sales), FormatGbp(m.sales)});
  BarChartSpec sales_chart{"Net sales", "Month", "Sales (GBP)",       ValueUnit::kGbp,
                           categories,  {sales}, BarLayout::kGrouped, true};
  out += HtmlFigure(
      "monthly-sales", ResponsiveBars(sales_chart),
      "Sum of quantity \xC3\x97 unit price over all lines, cancellations "
      "subtracting.",
      MonthTable("monthly-sales-table", {{"sales", "Sales (GBP)"}}, r,
                 [](const MonthlyRow& m) { return std::vector<HtmlCell>{MoneyCell(m.sales)}; }));

  // §4 growth.
  BarSeries growth{"Growth", {}};
  for (const auto& m : months)
    growth.points.push_back({m.growth, m.growth ? RawNumber(*m.growth) : "",
                             m.growth ? FormatPercent(*m.growth, 2) : ""});
  BarChartSpec growth_chart{"Sales growth on the previous month",
                            "Month",
                            "Growth (%)",
                            ValueUnit::kPercent,
                            categories,
                            {growth},
                            BarLayout::kGrouped,
                            true};
  bool falls = std::any_of(months.begin(), months.end(),
                           [](const MonthlyRow& m) { return m.growth && *m.growth < 0; });
  out += HtmlFigure(
      "monthly-growth", ResponsiveBars(growth_chart),
      std::string("(sales \xE2\x88\x92 previous sales) / previous sales; none for the first "
                  "month.") +
          (falls ? " Falls are drawn in orange-red below the axis." : ""),
      MonthTable("monthly-growth-table", {{"sales", "Sales (GBP)"}, {"growth", "Growth"}}, r,
                 [](const MonthlyRow& m) {
                   return std::vector<HtmlCell>{MoneyCell(m.sales), GrowthCell(m)};
                 }));

  // §5 active customers.
  BarChartSpec active{"Active customers",
                      "Month",
                      "Customers",
                      ValueUnit::kCount,
                      categories,
                      {CountSeries("Active", months, [](const MonthlyRow& m) { return m.active; })},
                      BarLayout::kGrouped,
                      false};
  out += HtmlFigure(
      "monthly-active", ResponsiveBars(active),
      "Distinct customers with at least one line in the month.",
      MonthTable("monthly-active-table", {{"active", "Active customers"}}, r,
                 [](const MonthlyRow& m) { return std::vector<HtmlCell>{CountCell(m.active)}; }));

  // §6 new and existing.
  BarChartSpec split{
      "New and existing customers",
      "Month",
      "Customers",
      ValueUnit::kCount,
      categories,
      {CountSeries("Existing", months, [](const MonthlyRow& m) { return m.existing_users; }),
       CountSeries("New", months, [](const MonthlyRow& m) { return m.new_users; })},
      BarLayout::kStacked,
      false};
  out += HtmlFigure(
      "monthly-new-existing", ResponsiveBars(split),
      "New: the customer's first month in the data. Existing: first seen in an earlier month. "
      "Together they are the active customers.",
      MonthTable("monthly-new-existing-table",
                 {{"new_users", "New"}, {"existing_users", "Existing"}, {"active", "Active"}}, r,
                 [](const MonthlyRow& m) {
                   return std::vector<HtmlCell>{CountCell(m.new_users), CountCell(m.existing_users),
                                                CountCell(m.active)};
                 }));
  out += "</div>\n";

  // Everything in one table, with the JSON report's keys as data-column.
  out += "<h3 id=\"monthly-all\">All monthly figures</h3>\n<div class=\"standalone-table\">\n";
  out += MonthTable("monthly-table",
                    {{"gross", "Invoices"},
                     {"cancelled", "Cancelled"},
                     {"placed", "Placed"},
                     {"sales", "Sales (GBP)"},
                     {"growth", "Growth"},
                     {"active", "Active"},
                     {"new_users", "New"},
                     {"existing_users", "Existing"}},
                    r, [](const MonthlyRow& m) {
                      return std::vector<HtmlCell>{
                          CountCell(m.gross),     CountCell(m.cancelled),
                          CountCell(m.placed),    MoneyCell(m.sales),
                          GrowthCell(m),          CountCell(m.active),
                          CountCell(m.new_users), CountCell(m.existing_users)};
                    });
  out += "</div>\n</section>\n";
  return out;
}

}  // namespace tally
