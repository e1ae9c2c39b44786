#pragma once
// The retail analytics of ANALYTICS.md §1-§7, each a short DataFrame program over a table with
// the retail schema (invoice_no, stock_code, description, quantity, invoice_date, unit_price,
// customer_id, country).
#include "analytics/retail_results.h"
#include "frame/dataframe.h"

namespace tally {

// Runs the requested sections over `retail` and fills the results (rows and period always).
RetailResults RunRetailReport(const DataFrame& retail, const RetailReportOptions& options,
                              const ReportSections& sections);

// Whether the data covers only part of month `ym` (it starts after the month's first day or
// ends before its last), and a sentence saying so ("2011-12 is a partial month: the data ends
// on 2011-12-09, 9 of its 31 days; its growth compares part of a month with a whole one").
bool IsPartialMonth(const RetailResults& results, int32_t ym);
std::string PartialMonthsNote(const RetailResults& results);

// The ten RFM segments, best first (ANALYTICS.md §7).
const std::vector<std::string>& RfmSegmentNames();
// The segments no customer of `results` falls in, in RfmSegmentNames() order, and a sentence
// saying why ("" when every segment has customers), for the outputs people read.
std::vector<std::string> EmptyRfmSegments(const RetailResults& results);
std::string EmptyRfmSegmentsNote(const RetailResults& results);

// The pieces, usable alone.
void ComputeInvoiceAmounts(const DataFrame& retail, QuantileMethod method, RetailResults* out);
void ComputeMonthly(const DataFrame& retail, RetailResults* out);
// Histogram and box plot of a frame with an "amount" column whose statistics are in `stats`.
void ComputeAmountDistribution(const DataFrame& amounts, AmountStatistics* stats);
void ComputeRfm(const DataFrame& retail, const RetailReportOptions& options, RetailResults* out);

}  // namespace tally
