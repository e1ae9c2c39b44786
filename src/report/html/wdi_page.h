#pragma once
// The World Development Indicators queries (analytics/wdi.h) as self-contained HTML pages in
// the style of the retail report: a chart (series: bars of value by year; peak: ranked
// horizontal bars) and a table of every row (id "wdi-table", cells with data-column and
// data-value).
#include <string>
#include <vector>

#include "analytics/wdi.h"
#include "report/html/html_report.h"

namespace tally {

enum class WdiView { kSeries, kAllCountries, kPeaks };

std::string RenderWdiPage(const WdiSeriesResult& result, WdiView view, const std::string& source,
                          const HtmlReportInfo& info);
std::string RenderWdiIndicatorsPage(const std::vector<WdiIndicator>& indicators,
                                    const std::string& source, const HtmlReportInfo& info);

}  // namespace tally
