#pragma once
// The parts of the HTML report page, one function per section (used by html_report.cc).
#include <functional>
#include <string>
#include <string_view>

#include "analytics/retail_results.h"

namespace tally {

// A chart drawn twice: at its own width, shown on screens wider than 640 px, and at
// kNarrowChartWidth (render(true)), shown on phones; each in its own <div> (chart-wide,
// chart-narrow).
std::string ResponsiveCharts(const std::function<std::string(bool narrow)>& render);
// <figure class="chart-block" id=...>: the chart(s), a caption, then the chart's data table.
std::string HtmlFigure(std::string_view id, std::string_view charts, std::string_view caption,
                       std::string_view table, bool wide = false);
// "<h2>" with a section number.
std::string HtmlSectionHeading(std::string_view number, std::string_view title);

std::string RenderInvoiceSection(const RetailResults& results);  // §1
std::string RenderMonthlySection(const RetailResults& results);  // §2-§6
std::string RenderRfmSection(const RetailResults& results);      // §7

// The RFM segment of an (R, F) pair of scores (ANALYTICS.md §7); "" outside 1..5.
std::string RfmSegmentOf(int r, int f);
// A fixed colour per segment name, so the treemap, the tables and later reports agree.
std::string RfmSegmentColor(std::string_view segment, size_t fallback_index);

}  // namespace tally
