#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "report/html/bar_chart.h"
#include "report/html/distribution_charts.h"
#include "report/html/heat_grid_chart.h"
#include "report/html/line_chart.h"
#include "report/html/squarify.h"
#include "report/html/svg_canvas.h"
#include "report/html/treemap_chart.h"
#include "test_util.h"

namespace tally {
namespace {

using testing::Attr;
using testing::CountOf;
using testing::HasNonFinite;
using testing::NumAttr;
using testing::TagsWith;

BarChartSpec MonthsChart(const std::vector<std::optional<double>>& values,
                         ValueUnit unit = ValueUnit::kCount) {
  BarChartSpec spec;
  spec.title = "Test";
  spec.unit = unit;
  BarSeries series{"Value", {}};
  for (size_t i = 0; i < values.size(); ++i) {
    spec.categories.push_back({"2011-" + std::to_string(i + 1), std::to_string(i + 1)});
    series.points.push_back({values[i], "", ""});
  }
  spec.series.push_back(series);
  return spec;
}

double ZeroLine(const std::string& svg) {
  auto lines = TagsWith(svg, "class=\"zero-line\"");
  EXPECT_EQ(lines.size(), 1u);
  return NumAttr(lines.at(0), "data-y");
}

TEST(BarChart, OneBarPerMonth) {
  std::string svg = RenderBarChart(MonthsChart({5, 7, 3, 9, 1, 4, 8, 2, 6, 10, 11, 12, 13}));
  EXPECT_EQ(CountOf(svg, "class=\"mark bar"), 13u);
  // Every bar has a tooltip with its exact value.
  EXPECT_EQ(CountOf(svg, "<title>"), 13u);
  EXPECT_NE(svg.find("data-category=\"2011-4\" data-value=\"9\"><title>2011-4 \xC2\xB7 Value: "
                     "9</title>"),
            std::string::npos);
  EXPECT_NE(svg.find("viewBox=\"0 0 600 340\""), std::string::npos);
  EXPECT_NE(svg.find("width=\"100%\""), std::string::npos);
}

TEST(BarChart, TallerValuesMakeTallerBars) {
  std::string svg = RenderBarChart(MonthsChart({10, 20, 40}));
  auto bars = TagsWith(svg, "class=\"mark bar");
  ASSERT_EQ(bars.size(), 3u);
  double h10 = NumAttr(bars[0], "height"), h20 = NumAttr(bars[1], "height"),
         h40 = NumAttr(bars[2], "height");
  EXPECT_NEAR(h20, 2 * h10, 0.02);
  EXPECT_NEAR(h40, 4 * h10, 0.02);
  // Bars stand on the zero line.
  double zero = ZeroLine(svg);
  for (const auto& bar : bars) EXPECT_NEAR(NumAttr(bar, "y") + NumAttr(bar, "height"), zero, 0.02);
}

TEST(BarChart, NegativeBarsHangBelowTheZeroLine) {
  std::string svg =
      RenderBarChart(MonthsChart({std::nullopt, -0.25, 0.5, -0.1, 0.3}, ValueUnit::kPercent));
  auto bars = TagsWith(svg, "class=\"mark bar");
  ASSERT_EQ(bars.size(), 4u);  // the first month has no growth and no bar
  double zero = ZeroLine(svg);
  for (const auto& bar : bars) {
    double value = std::stod(Attr(bar, "data-value"));
    double y = NumAttr(bar, "y"), height = NumAttr(bar, "height");
    if (value < 0) {
      EXPECT_GE(y, zero - 0.01) << bar;
      EXPECT_NE(bar.find(" negative"), std::string::npos);
    } else {
      EXPECT_NEAR(y + height, zero, 0.02) << bar;
    }
  }
  // The zero line sits strictly inside the plot: ticks run from -40% to 60%.
  EXPECT_NE(svg.find(">\xE2\x88\x92"
                     "40%<"),
            std::string::npos);
  EXPECT_NE(svg.find(">60%<"), std::string::npos);
}

TEST(BarChart, GroupedAndStackedSeries) {
  BarChartSpec spec = MonthsChart({10, 20});
  spec.series.push_back({"Second", {{5, "", ""}, {10, "", ""}}});
  EXPECT_EQ(CountOf(RenderBarChart(spec), "class=\"mark bar"), 4u);

  spec.layout = BarLayout::kStacked;
  std::string svg = RenderBarChart(spec);
  auto bars = TagsWith(svg, "class=\"mark bar");
  ASSERT_EQ(bars.size(), 4u);
  // Order: month 1 (first, second), month 2 (first, second). The second sits on the first.
  EXPECT_NEAR(NumAttr(bars[1], "y") + NumAttr(bars[1], "height"), NumAttr(bars[0], "y"), 0.02);
  EXPECT_EQ(NumAttr(bars[0], "x"), NumAttr(bars[1], "x"));
  // The stack of month 2 (30) reaches the top tick (30) exactly.
  EXPECT_NEAR(NumAttr(bars[3], "y"), ChartFrame{}.plot_top(), 0.02);
}

TEST(BarChart, DegenerateInputsGiveAPlaceholderOrAFlatChart) {
  std::string empty = RenderBarChart(MonthsChart({}));
  EXPECT_NE(empty.find("No data"), std::string::npos);
  EXPECT_EQ(CountOf(empty, "class=\"mark"), 0u);
  std::string missing = RenderBarChart(MonthsChart({std::nullopt}));
  EXPECT_NE(missing.find("No data"), std::string::npos);

  std::string zeros = RenderBarChart(MonthsChart({0, 0, 0}));
  EXPECT_EQ(CountOf(zeros, "class=\"mark bar"), 3u);
  for (const auto& bar : TagsWith(zeros, "class=\"mark bar")) EXPECT_EQ(Attr(bar, "height"), "0");

  std::string one = RenderBarChart(MonthsChart({748957.02}, ValueUnit::kGbp));
  EXPECT_EQ(CountOf(one, "class=\"mark bar"), 1u);
  for (const std::string& svg : {empty, missing, zeros, one}) EXPECT_FALSE(HasNonFinite(svg));
}

TEST(LineChart, OnePointPerValueHigherValuesHigherUp) {
  std::string svg = RenderLineChart(MonthsChart({10, 40, std::nullopt, 20}));
  auto points = TagsWith(svg, "class=\"mark point");
  ASSERT_EQ(points.size(), 3u);  // no point for the missing value
  double y10 = NumAttr(points[0], "cy"), y40 = NumAttr(points[1], "cy"),
         y20 = NumAttr(points[2], "cy");
  EXPECT_LT(y40, y20);
  EXPECT_LT(y20, y10);
  // Points sit at their categories' centres, left to right.
  EXPECT_LT(NumAttr(points[0], "cx"), NumAttr(points[1], "cx"));
  // The line breaks at the missing value: two pieces, each starting with "M".
  auto lines = TagsWith(svg, "class=\"line series-0\"");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(CountOf(lines[0], "M"), 2u);
  EXPECT_EQ(CountOf(svg, "<title>"), 3u);
  EXPECT_FALSE(HasNonFinite(svg));
}

TEST(LineChart, NothingToDrawIsAPlaceholder) {
  EXPECT_NE(RenderLineChart(MonthsChart({})).find("No data"), std::string::npos);
  EXPECT_NE(RenderLineChart(MonthsChart({std::nullopt})).find("No data"), std::string::npos);
}

TEST(Histogram, OneRectPerBinWithHeightsProportionalToCounts) {
  Histogram h{0, 10, {4, 8, 0, 2}};
  std::string svg = RenderHistogram(h, {"Amounts", "Amount (GBP)", "Invoices"});
  auto bins = TagsWith(svg, "class=\"mark bin\"");
  ASSERT_EQ(bins.size(), 4u);
  EXPECT_EQ(Attr(bins[1], "data-lower"), "10");
  EXPECT_EQ(Attr(bins[1], "data-upper"), "20");
  EXPECT_EQ(Attr(bins[1], "data-value"), "8");
  EXPECT_NEAR(NumAttr(bins[1], "height"), 2 * NumAttr(bins[0], "height"), 0.02);
  EXPECT_EQ(Attr(bins[2], "height"), "0");
  // Adjacent bins touch: the plot is split evenly.
  EXPECT_NEAR(NumAttr(bins[0], "x") + NumAttr(bins[0], "width"), NumAttr(bins[1], "x"), 0.02);
}

TEST(Histogram, DegenerateInputs) {
  for (const Histogram& h : {Histogram{}, Histogram{0, 1, {0, 0}}}) {
    std::string svg = RenderHistogram(h, {"Amounts", "", ""});
    EXPECT_NE(svg.find("No data"), std::string::npos);
    EXPECT_FALSE(HasNonFinite(svg));
  }
  // Every invoice with the same amount: zero-width bins still draw.
  std::string same = RenderHistogram(Histogram{15, 0, {3}}, {"Amounts", "", ""});
  EXPECT_EQ(CountOf(same, "class=\"mark bin\""), 1u);
  EXPECT_FALSE(HasNonFinite(same));
}

TEST(BoxPlot, MarksSitOnTheScaleInOrder) {
  BoxPlot box{151.0, 303.58, 492.5, 0.19, 1004.6, 0, 1712};
  std::string svg = RenderBoxPlot(box, {"Box", "Amount", ValueUnit::kGbp, 19960, 0.19, 168469.6});
  auto rect = TagsWith(svg, "class=\"mark box\"");
  auto median = TagsWith(svg, "class=\"mark median\"");
  ASSERT_EQ(rect.size(), 1u);
  ASSERT_EQ(median.size(), 1u);
  double left = NumAttr(rect[0], "x"), right = left + NumAttr(rect[0], "width");
  double mid = NumAttr(median[0], "x1");
  EXPECT_LT(left, mid);
  EXPECT_LT(mid, right);
  EXPECT_EQ(CountOf(svg, "class=\"mark whisker\""), 2u);
  EXPECT_NE(svg.find("1,712 above, up to £168,469.60"), std::string::npos);
  EXPECT_EQ(svg.find(" below, down to"), std::string::npos);  // no low outliers
}

TEST(BoxPlot, EmptyAndSingleValue) {
  std::string empty = RenderBoxPlot(BoxPlot{}, {"Box", "", ValueUnit::kGbp, 0, 0, 0});
  EXPECT_NE(empty.find("No data"), std::string::npos);
  std::string one =
      RenderBoxPlot(BoxPlot{5, 5, 5, 5, 5, 0, 0}, {"Box", "", ValueUnit::kGbp, 1, 5, 5});
  EXPECT_EQ(CountOf(one, "class=\"mark box\""), 1u);
  EXPECT_FALSE(HasNonFinite(empty));
  EXPECT_FALSE(HasNonFinite(one));
}

TEST(Squarify, TilesTheBoundsWithAreasProportionalToValues) {
  std::vector<double> values = {6, 6, 4, 3, 2, 2, 1};  // the example of the original paper
  LayoutRect bounds{0, 0, 6, 4};
  auto rects = Squarify(values, bounds);
  ASSERT_EQ(rects.size(), values.size());
  double total = std::accumulate(values.begin(), values.end(), 0.0), covered = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const LayoutRect& r = rects[i];
    EXPECT_NEAR(r.width * r.height, values[i] / total * 24, 1e-9) << i;
    EXPECT_GE(r.x, -1e-9);
    EXPECT_GE(r.y, -1e-9);
    EXPECT_LE(r.x + r.width, 6 + 1e-9);
    EXPECT_LE(r.y + r.height, 4 + 1e-9);
    covered += r.width * r.height;
  }
  EXPECT_NEAR(covered, 24, 1e-9);
  // No two rectangles overlap.
  for (size_t i = 0; i < rects.size(); ++i)
    for (size_t j = i + 1; j < rects.size(); ++j) {
      double w = std::min(rects[i].x + rects[i].width, rects[j].x + rects[j].width) -
                 std::max(rects[i].x, rects[j].x);
      double h = std::min(rects[i].y + rects[i].height, rects[j].y + rects[j].height) -
                 std::max(rects[i].y, rects[j].y);
      EXPECT_FALSE(w > 1e-9 && h > 1e-9) << i << " overlaps " << j;
    }
  // The first two (6 and 6) form the first column of the wide rectangle: 3 wide, 2 high.
  EXPECT_NEAR(rects[0].width, 3, 1e-9);
  EXPECT_NEAR(rects[0].height, 2, 1e-9);
}

TEST(Squarify, ZeroValuesGetEmptyRectangles) {
  auto rects = Squarify({0, 3, -1, 1}, {0, 0, 4, 1});
  EXPECT_EQ(rects[0].width * rects[0].height, 0);
  EXPECT_EQ(rects[2].width * rects[2].height, 0);
  EXPECT_NEAR(rects[1].width * rects[1].height, 3, 1e-9);
  auto none = Squarify({0, 0}, {0, 0, 4, 1});
  for (const auto& r : none) EXPECT_EQ(r.width * r.height, 0);
}

TEST(Treemap, OneTilePerNonEmptySegmentWithProportionalAreas) {
  TreemapSpec spec{"Segments", {}};
  std::vector<std::pair<std::string, double>> segments = {{"Hibernating", 1071}, {"Champions", 633},
                                                          {"Can't Lose", 63},    {"Empty", 0},
                                                          {"Promising", 95},     {"At Risk", 580}};
  for (const auto& [name, n] : segments) spec.items.push_back({name, n, "", ""});
  std::string svg = RenderTreemap(spec);
  auto tiles = TagsWith(svg, "class=\"mark tile\"");
  ASSERT_EQ(tiles.size(), 5u);
  double total_value = 1071 + 633 + 63 + 95 + 580, total_area = 0;
  for (const auto& t : tiles) total_area += NumAttr(t, "data-area");
  for (const auto& t : tiles) {
    double share = std::stod(Attr(t, "data-value")) / total_value;
    EXPECT_NEAR(NumAttr(t, "data-area") / total_area, share, 1e-4) << t;
    // data-area matches the drawn rectangle within the rounding of coordinates.
    EXPECT_NEAR(NumAttr(t, "width") * NumAttr(t, "height"), NumAttr(t, "data-area"), 2.0);
  }
  // Largest first, and names are escaped.
  EXPECT_EQ(Attr(tiles[0], "data-name"), "Hibernating");
  EXPECT_NE(svg.find("data-name=\"Can&#39;t Lose\""), std::string::npos);
  EXPECT_EQ(svg.find("Can't"), std::string::npos);
  // The big tile is labelled with its name and count.
  EXPECT_NE(svg.find(">Hibernating</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1,071</text>"), std::string::npos);
}

TEST(Treemap, NothingPositiveIsNoData) {
  TreemapSpec spec{"Segments", {{"A", 0, "", ""}}};
  std::string svg = RenderTreemap(spec);
  EXPECT_NE(svg.find("No data"), std::string::npos);
  EXPECT_EQ(CountOf(svg, "class=\"mark"), 0u);
  EXPECT_NE(RenderTreemap({"Segments", {}}).find("No data"), std::string::npos);
}

TEST(HeatGrid, CellsCarryCountsAndDarkerMeansMore) {
  HeatGridSpec spec;
  spec.title = "Grid";
  spec.row_key = "r";
  spec.column_key = "f";
  spec.row_labels = {"2", "1"};
  spec.column_labels = {"1", "2"};
  spec.counts = {{0, 10}, {3, 1}};
  std::string svg = RenderHeatGrid(spec);
  auto cells = TagsWith(svg, "class=\"mark cell\"");
  ASSERT_EQ(cells.size(), 4u);
  EXPECT_EQ(Attr(cells[1], "data-r"), "2");
  EXPECT_EQ(Attr(cells[1], "data-f"), "2");
  EXPECT_EQ(Attr(cells[1], "data-value"), "10");
  EXPECT_EQ(HeatColor(10, 10), "#08306B");  // the darkest stop
  EXPECT_EQ(HeatColor(0, 10), "#F4F4F2");   // empty cells are neutral
  auto lightness = [](const std::string& hex) {
    return std::stoi(hex.substr(1, 2), nullptr, 16) + std::stoi(hex.substr(3, 2), nullptr, 16) +
           std::stoi(hex.substr(5, 2), nullptr, 16);
  };
  EXPECT_GT(lightness(HeatColor(1, 10)), lightness(HeatColor(3, 10)));
  EXPECT_GT(lightness(HeatColor(3, 10)), lightness(HeatColor(10, 10)));

  spec.counts = {{0, 0}, {0, 0}};
  std::string empty = RenderHeatGrid(spec);
  EXPECT_NE(empty.find("No data"), std::string::npos);
  EXPECT_FALSE(HasNonFinite(svg));
  EXPECT_FALSE(HasNonFinite(empty));
}

}  // namespace
}  // namespace tally
