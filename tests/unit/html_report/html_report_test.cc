#include "report/html/html_report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "report/html/html_sections.h"
#include "sample_results.h"
#include "test_util.h"

namespace tally {
namespace {

using testing::Attr;
using testing::CountOf;
using testing::HasNonFinite;
using testing::SampleResults;
using testing::TagsWith;

const HtmlReportInfo kInfo{"0.1.0", "2024-01-02 03:04:05 UTC"};

std::string FullPage() {
  return RenderHtmlReport(SampleResults(), ReportSections{}, kInfo);
}

// The opening tag of the cell in row `key` and column `column` of table `table_id`.
std::string Cell(const std::string& page, const std::string& table_id, const std::string& key,
                 const std::string& column) {
  size_t table = page.find("<table id=\"" + table_id + "\"");
  EXPECT_NE(table, std::string::npos) << table_id;
  size_t end = page.find("</table>", table);
  size_t row = page.find("<tr data-key=\"" + key + "\">", table);
  EXPECT_LT(row, end) << key;
  size_t cell = page.find("data-column=\"" + column + "\"", row);
  EXPECT_LT(cell, page.find("</tr>", row)) << column;
  return page.substr(page.rfind('<', cell), page.find('>', cell) - page.rfind('<', cell) + 1);
}

TEST(HtmlReport, WritesSampleWhenAsked) {
  // For looking at the page: TALLY_HTML_SAMPLE=/tmp/x.html html_report_test.
  const char* path = std::getenv("TALLY_HTML_SAMPLE");
  if (!path) GTEST_SKIP() << "TALLY_HTML_SAMPLE not set";
  std::ofstream(path) << FullPage();
}

TEST(HtmlReport, HasEverySectionAndTableId) {
  std::string page = FullPage();
  for (const char* id : {"summary",
                         "invoices",
                         "invoice-stats-table",
                         "invoice-amounts-all",
                         "invoice-amounts-below-p85",
                         "invoice-amounts-all-bins-table",
                         "invoice-amounts-all-box-table",
                         "monthly",
                         "monthly-orders",
                         "monthly-orders-table",
                         "monthly-sales",
                         "monthly-sales-table",
                         "monthly-growth",
                         "monthly-growth-table",
                         "monthly-active",
                         "monthly-active-table",
                         "monthly-new-existing",
                         "monthly-new-existing-table",
                         "monthly-table",
                         "rfm",
                         "rfm-treemap",
                         "rfm-segments-table",
                         "rfm-grid",
                         "rfm-grid-table",
                         "rfm-splits-table"})
    EXPECT_EQ(CountOf(page, std::string("id=\"") + id + "\""), 1u) << id;
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("</html>"), std::string::npos);
}

TEST(HtmlReport, IsSelfContained) {
  std::string page = FullPage();
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(page.find("url("), std::string::npos);
  // The only URL is the SVG namespace name, which is never fetched.
  EXPECT_EQ(CountOf(page, "http"), CountOf(page, "xmlns=\"http://www.w3.org/2000/svg\""));
}

// The page with only one of its two drawings of each chart: "chart-wide" (desktop) or
// "chart-narrow" (phone), the other's <div>s taken out.
std::string OneLayout(std::string page, const std::string& keep) {
  std::string drop = keep == "chart-wide" ? "chart-narrow" : "chart-wide";
  std::string open = "<div class=\"" + drop + "\">";
  for (size_t at; (at = page.find(open)) != std::string::npos;)
    page.erase(at, page.find("</div>", at) + 6 - at);
  return page;
}

TEST(HtmlReport, EachChartIsDrawnForDesktopAndPhoneWithTheSameMarks) {
  std::string page = FullPage();
  std::string wide = OneLayout(page, "chart-wide"), narrow = OneLayout(page, "chart-narrow");
  EXPECT_GT(CountOf(wide, "class=\"mark"), 100u);
  EXPECT_EQ(CountOf(wide, "class=\"mark"), CountOf(narrow, "class=\"mark"));
  EXPECT_EQ(CountOf(wide, "class=\"mark") * 2, CountOf(page, "class=\"mark"));
  EXPECT_EQ(CountOf(page, "<div class=\"chart-wide\">"),
            CountOf(page, "<div class=\"chart-narrow\">"));
}

TEST(HtmlReport, ChartsHaveOneMarkPerDatum) {
  std::string page = OneLayout(FullPage(), "chart-wide");
  // 13 months: placed + cancelled (26), sales (13), growth (12: none for the first month),
  // active (13), existing + new (26).
  EXPECT_EQ(CountOf(page, "class=\"mark bar"), 26u + 13 + 12 + 13 + 26);
  EXPECT_EQ(CountOf(page, "data-series=\"Growth\""), 12u);
  EXPECT_EQ(CountOf(page, "class=\"mark tile\""), 10u);
  EXPECT_EQ(CountOf(page, "class=\"mark cell\""), 25u);
  EXPECT_EQ(CountOf(page, "class=\"mark bin\""), 40u + 20);
  EXPECT_EQ(CountOf(page, "class=\"mark box\""), 2u);
  // Growth of 2011-04 is negative: its bar is drawn as such.
  auto bars = TagsWith(page, "data-series=\"Growth\" data-category=\"2011-04\"");
  ASSERT_EQ(bars.size(), 1u);
  EXPECT_NE(bars[0].find(" negative"), std::string::npos);
}

TEST(HtmlReport, TablesCarryTheExactNumbers) {
  std::string page = OneLayout(FullPage(), "chart-wide");
  RetailResults r = SampleResults();
  EXPECT_EQ(Attr(Cell(page, "monthly-table", "201101", "sales"), "data-value"), "560000.22");
  EXPECT_EQ(Attr(Cell(page, "monthly-table", "201101", "placed"), "data-value"),
            std::to_string(1476 - 2 * 148));
  EXPECT_EQ(std::stod(Attr(Cell(page, "monthly-table", "201104", "growth"), "data-value")),
            *r.monthly[4].growth);
  // The first month has no growth, so no data-value.
  EXPECT_EQ(Cell(page, "monthly-table", "201012", "growth").find("data-value"), std::string::npos);
  EXPECT_EQ(Attr(Cell(page, "invoice-stats-table", "invoice_amount", "max"), "data-value"),
            "168469.6");
  EXPECT_EQ(Attr(Cell(page, "invoice-stats-table", "invoice_amount_below_p85", "n"), "data-value"),
            "16965");
  EXPECT_EQ(Attr(Cell(page, "rfm-segments-table", "Champions", "customers"), "data-value"), "633");
  // The grid counts come from the per-customer rows: five customers have R 1, F 2.
  EXPECT_EQ(Attr(Cell(page, "rfm-grid-table", "1", "f2"), "data-value"), "5");
  EXPECT_EQ(Attr(Cell(page, "rfm-grid-table", "5", "f5"), "data-value"), "2");
  EXPECT_EQ(Attr(Cell(page, "rfm-grid-table", "5", "total"), "data-value"), "3");
  auto cell = TagsWith(page, "class=\"mark cell\" x=");
  size_t found = 0;
  for (const auto& c : cell)
    if (Attr(c, "data-r") == "1" && Attr(c, "data-f") == "2") {
      EXPECT_EQ(Attr(c, "data-value"), "5");
      ++found;
    }
  EXPECT_EQ(found, 1u);
  EXPECT_EQ(Attr(Cell(page, "rfm-splits-table", "monetary", "values"), "data-value"),
            "238.6 490.36 941.75 2027.1");
  // Display text: separators and currency.
  EXPECT_NE(page.find(">£1,461,187.04</td>"), std::string::npos);
}

TEST(HtmlReport, EscapesText) {
  std::string page = FullPage();
  EXPECT_NE(page.find("online_retail &lt;2010-2011&gt; &amp; more.csv"), std::string::npos);
  EXPECT_EQ(page.find("<2010-2011>"), std::string::npos);
  EXPECT_NE(page.find("Can&#39;t Lose"), std::string::npos);
  EXPECT_EQ(page.find("Can't Lose"), std::string::npos);
}

TEST(HtmlReport, HeaderFacts) {
  std::string page = FullPage();
  EXPECT_NE(page.find(">541,909</dd>"), std::string::npos);
  EXPECT_NE(page.find(">2010-12-01 \xE2\x80\x93 2011-12-09</dd>"), std::string::npos);
  EXPECT_NE(page.find(">2011-12-10</dd>"), std::string::npos);  // as-of date
  EXPECT_NE(page.find(">1.25 s</dd>"), std::string::npos);
  EXPECT_NE(page.find(">0.1.0</dd>"), std::string::npos);
  EXPECT_NE(page.find(">2024-01-02 03:04:05 UTC</dd>"), std::string::npos);
}

TEST(HtmlReport, OnlyTheSectionsAskedFor) {
  std::string page = RenderHtmlReport(SampleResults(), ReportSections{true, false, false}, kInfo);
  EXPECT_NE(page.find("id=\"invoices\""), std::string::npos);
  EXPECT_EQ(page.find("id=\"monthly\""), std::string::npos);
  EXPECT_EQ(page.find("id=\"rfm\""), std::string::npos);
  EXPECT_EQ(page.find("href=\"#rfm\""), std::string::npos);
}

TEST(HtmlReport, DegenerateResultsHaveNoNonFiniteNumbers) {
  RetailResults empty;  // n == 0, no months, no customers, no segments
  std::string page = RenderHtmlReport(empty, ReportSections{}, kInfo);
  EXPECT_FALSE(HasNonFinite(page));
  EXPECT_GE(CountOf(page, "No data"), 9u);
  EXPECT_EQ(CountOf(page, "class=\"mark"), 0u);

  RetailResults one = SampleResults();
  one.monthly.resize(1);
  one.rfm_customers.clear();
  for (auto& s : one.rfm_segments) s.customers = 0;
  one.invoice_amount_below_p85 = AmountStatistics{};
  one.invoice_amount.histogram = Histogram{12.5, 0, {1}};
  one.invoice_amount.box = BoxPlot{12.5, 12.5, 12.5, 12.5, 12.5, 0, 0};
  std::string small = OneLayout(RenderHtmlReport(one, ReportSections{}, kInfo), "chart-wide");
  EXPECT_FALSE(HasNonFinite(small));
  EXPECT_EQ(CountOf(small, "data-series=\"Sales\""), 1u);
  EXPECT_EQ(CountOf(small, "data-series=\"Growth\""), 0u);
  EXPECT_EQ(CountOf(small, "class=\"mark tile\""), 0u);
}

TEST(RfmSegmentOf, FollowsTheTenRules) {
  EXPECT_EQ(RfmSegmentOf(1, 1), "Hibernating");
  EXPECT_EQ(RfmSegmentOf(2, 4), "At Risk");
  EXPECT_EQ(RfmSegmentOf(2, 5), "Can't Lose");
  EXPECT_EQ(RfmSegmentOf(3, 2), "About to Sleep");
  EXPECT_EQ(RfmSegmentOf(3, 3), "Need Attention");
  EXPECT_EQ(RfmSegmentOf(3, 4), "Loyal Customers");
  EXPECT_EQ(RfmSegmentOf(4, 5), "Loyal Customers");
  EXPECT_EQ(RfmSegmentOf(4, 1), "Promising");
  EXPECT_EQ(RfmSegmentOf(5, 1), "New Customers");
  EXPECT_EQ(RfmSegmentOf(4, 3), "Potential Loyalists");
  EXPECT_EQ(RfmSegmentOf(5, 2), "Potential Loyalists");
  EXPECT_EQ(RfmSegmentOf(5, 4), "Champions");
  EXPECT_EQ(RfmSegmentOf(0, 3), "");
}

}  // namespace
}  // namespace tally
