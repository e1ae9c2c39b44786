#pragma once
// The retail report as one self-contained HTML page: every analytic of ANALYTICS.md §1-§7 as
// SVG charts followed by tables of the exact numbers. No scripts, styles, fonts or images are
// loaded from anywhere; the page works offline and prints.
#include <string>

#include "analytics/retail_results.h"

namespace tally {

struct HtmlReportInfo {
  std::string tally_version;
  std::string generated_at;  // shown as given, e.g. "2024-05-01 12:00:00 UTC"
};

// Stable ids for tests that compare the page with the JSON report: sections "summary",
// "invoices", "monthly", "rfm"; tables "invoice-stats-table", "monthly-table",
// "rfm-segments-table", "rfm-grid-table", "rfm-splits-table" (and one table per chart). Every
// numeric cell has data-column (the JSON key) and data-value (the raw number); rows have
// data-key.
std::string RenderHtmlReport(const RetailResults& results, const ReportSections& sections,
                             const HtmlReportInfo& info);

}  // namespace tally
