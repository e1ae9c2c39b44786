#pragma once
// Renderers of the retail report: console tables for people, the normalized JSON that the peer
// implementations print (bench/peers), and one CSV per analytic.
#include <string>

#include "analytics/retail_results.h"

namespace tally {

// How months are written in JSON and CSV: 201012 (the peers' format) or "2010-12" (ISO 8601,
// which pandas and spreadsheets read as dates without a format string).
enum class MonthFormat { kYearMonthNumber, kIso };

std::string RenderConsoleReport(const RetailResults& results, const ReportSections& sections);
// The peers' normalized JSON: keys rows, invoice_amount, invoice_amount_below_p85, monthly,
// rfm_splits, rfm_segments (only the sections asked for, besides rows).
std::string RenderJsonReport(const RetailResults& results, const ReportSections& sections,
                             MonthFormat months_as = MonthFormat::kYearMonthNumber);
// Writes invoice_amount.csv, monthly.csv, rfm_splits.csv, rfm_segments.csv into `dir`
// (created if missing), each atomically.
void WriteCsvReport(const RetailResults& results, const ReportSections& sections,
                    const std::string& dir, MonthFormat months_as = MonthFormat::kYearMonthNumber);
// customer_id,recency,frequency,monetary,r,f,m,segment ordered by customer_id.
std::string RenderRfmCustomersCsv(const RetailResults& results);

// "201012" -> "2010-12".
std::string FormatYearMonth(int32_t ym);
// A decimal money value with thousands separators and exactly two decimals when it has at
// most two ("1,234.50"); more decimals are kept ("0.001" stays exact).
std::string FormatMoney(const Scalar& amount);

}  // namespace tally
