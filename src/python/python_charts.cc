// Charts and the retail report for Python: the report's SVG chart code and HTML page, given
// values that tally.charts and tally.report computed with the engine.
#include <pybind11/stl.h>

#include "analytics/retail_report.h"
#include "common/datetime.h"
#include "frame/dataframe.h"
#include "python/python_bindings.h"
#include "report/html/bar_chart.h"
#include "report/html/distribution_charts.h"
#include "report/html/html_report.h"
#include "report/html/line_chart.h"
#include "report/html/treemap_chart.h"
#include "report/retail_renderers.h"

namespace tally::python {
namespace {

ValueUnit UnitNamed(const std::string& unit) {
  if (unit == "count") return ValueUnit::kCount;
  if (unit == "gbp") return ValueUnit::kGbp;
  if (unit == "percent") return ValueUnit::kPercent;
  ThrowError("unknown unit \"{}\" (count, gbp or percent)", unit);
}

using Series = std::vector<std::pair<std::string, std::vector<std::optional<double>>>>;

BarChartSpec CategoryChart(const std::string& title, const std::string& x_label,
                           const std::string& y_label, const std::string& unit,
                           const std::vector<std::string>& categories, const Series& series) {
  BarChartSpec spec;
  spec.title = title;
  spec.x_label = x_label;
  spec.y_label = y_label;
  spec.unit = UnitNamed(unit);
  for (const auto& c : categories) spec.categories.push_back({c, c});
  for (const auto& [name, values] : series) {
    if (values.size() != categories.size())
      ThrowError("series \"{}\" has {} values for {} categories", name, values.size(),
                 categories.size());
    BarSeries s{name, {}};
    for (const auto& v : values) s.points.push_back({v, "", ""});
    spec.series.push_back(std::move(s));
  }
  return spec;
}

// The retail report of `frame` (the retail columns), computed once, in each of `formats`
// ("html", "json", "text").
std::vector<std::string> Report(const DataFrame& frame, const std::vector<std::string>& formats,
                                const std::string& scoring, const std::string& quantiles,
                                const std::optional<std::string>& as_of, bool invoices,
                                bool monthly, bool rfm, const std::string& source) {
  RetailReportOptions options;
  if (scoring != "spark" && scoring != "pandas")
    ThrowError("rfm_scoring is \"spark\" or \"pandas\", not \"{}\"", scoring);
  options.rfm_scoring = scoring == "pandas" ? RfmScoring::kPandas : RfmScoring::kSpark;
  if (quantiles != "element" && quantiles != "interpolated")
    ThrowError("quantiles is \"element\" or \"interpolated\", not \"{}\"", quantiles);
  options.quantiles =
      quantiles == "interpolated" ? QuantileMethod::kInterpolated : QuantileMethod::kElement;
  if (as_of) {
    int32_t days;
    if (!ParseDate(*as_of, &days))
      ThrowError("as_of: expected a date YYYY-MM-DD, got \"{}\"", *as_of);
    options.as_of = days;
  }
  ReportSections sections{invoices, monthly, rfm};
  RetailResults results;
  auto context = QueryContext::Default();
  RunQuery(context, [&] {
    results = RunRetailReport(frame, options, sections);
    return Table();
  });
  results.source = source;
  std::vector<std::string> out;
  for (const std::string& format : formats) {
    if (format == "json")
      out.push_back(RenderJsonReport(results, sections));
    else if (format == "text")
      out.push_back(RenderConsoleReport(results, sections));
    else if (format == "html")
      out.push_back(RenderHtmlReport(results, sections, {TALLY_VERSION, ""}));
    else
      ThrowError("unknown report format \"{}\" (html, json or text)", format);
  }
  return out;
}

}  // namespace

void BindCharts(py::module_& m) {
  m.def(
      "bar_chart",
      [](const std::string& title, const std::string& x_label, const std::string& y_label,
         const std::string& unit, const std::vector<std::string>& categories, const Series& series,
         bool stacked) {
        BarChartSpec spec = CategoryChart(title, x_label, y_label, unit, categories, series);
        spec.layout = stacked ? BarLayout::kStacked : BarLayout::kGrouped;
        return RenderBarChart(spec);
      },
      py::arg("title"), py::arg("x_label"), py::arg("y_label"), py::arg("unit"),
      py::arg("categories"), py::arg("series"), py::arg("stacked") = false);
  m.def(
      "line_chart",
      [](const std::string& title, const std::string& x_label, const std::string& y_label,
         const std::string& unit, const std::vector<std::string>& categories,
         const Series& series) {
        return RenderLineChart(CategoryChart(title, x_label, y_label, unit, categories, series));
      },
      py::arg("title"), py::arg("x_label"), py::arg("y_label"), py::arg("unit"),
      py::arg("categories"), py::arg("series"));
  m.def(
      "histogram_chart",
      [](const std::string& title, const std::string& x_label, const std::string& y_label,
         const std::string& unit, double lower, double bin_width, std::vector<int64_t> counts,
         const std::string& count_noun) {
        HistogramSpec spec;
        spec.title = title;
        spec.x_label = x_label;
        spec.y_label = y_label;
        spec.x_unit = UnitNamed(unit);
        spec.count_noun = count_noun;
        return RenderHistogram(Histogram{lower, bin_width, std::move(counts)}, spec);
      },
      py::arg("title"), py::arg("x_label"), py::arg("y_label"), py::arg("unit"), py::arg("lower"),
      py::arg("bin_width"), py::arg("counts"), py::arg("count_noun"));
  m.def(
      "treemap_chart",
      [](const std::string& title,
         const std::vector<std::tuple<std::string, double, std::string>>& items) {
        TreemapSpec spec;
        spec.title = title;
        for (const auto& [name, value, display] : items)
          spec.items.push_back({name, value, display, ""});
        return RenderTreemap(spec);
      },
      py::arg("title"), py::arg("items"));
  m.def("report", &Report, py::arg("frame"), py::arg("formats"), py::arg("rfm_scoring"),
        py::arg("quantiles"), py::arg("as_of"), py::arg("invoices"), py::arg("monthly"),
        py::arg("rfm"), py::arg("source"));
}

}  // namespace tally::python
