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

// The pieces, usable alone.
void ComputeInvoiceAmounts(const DataFrame& retail, QuantileMethod method, RetailResults* out);
void ComputeMonthly(const DataFrame& retail, RetailResults* out);
// Histogram and box plot of a frame with an "amount" column whose statistics are in `stats`.
void ComputeAmountDistribution(const DataFrame& amounts, AmountStatistics* stats);
void ComputeRfm(const DataFrame& retail, const RetailReportOptions& options, RetailResults* out);

}  // namespace tally
