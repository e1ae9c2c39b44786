#pragma once
// The answers of the retail analytics (ANALYTICS.md §1-§7) as plain values, ready for the
// renderers in src/report. Money values keep their exact decimal Scalars.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/scalar.h"

namespace tally {

// Equal-width bins over [lower, lower + bin_width * counts.size()]; the last bin includes its
// upper edge.
struct Histogram {
  double lower = 0, bin_width = 0;
  std::vector<int64_t> counts;
};

// Tukey box plot: quartiles (element quantiles), whiskers at the most extreme values within
// 1.5 IQR of the quartiles, and how many values lie beyond them.
struct BoxPlot {
  double q1 = 0, median = 0, q3 = 0, whisker_low = 0, whisker_high = 0;
  int64_t outliers_low = 0, outliers_high = 0;
};

// §1: statistics of invoice amounts.
struct AmountStatistics {
  int64_t n = 0;
  double mean = 0;                     // NaN-free: 0 when n == 0
  Scalar min, max, median, mode, p85;  // exact decimals; NULL when n == 0
  Histogram histogram;                 // for charts
  BoxPlot box;
};

// §2-§6: one month.
struct MonthlyRow {
  int32_t ym = 0;  // year * 100 + month
  int64_t gross = 0, cancelled = 0, placed = 0;
  Scalar sales;                  // exact decimal
  std::optional<double> growth;  // fraction; none for the first month
  int64_t active = 0, new_users = 0, existing_users = 0;
};

// §7: the distinct split values of the spark scoring, or the interpolated bin edges of the
// pandas scoring.
struct RfmSplits {
  std::vector<Scalar> recency, frequency, monetary;
};

struct RfmSegmentRow {
  std::string segment;
  int64_t customers = 0;
  double recency = 0, frequency = 0, monetary = 0;  // means
};

struct RfmCustomerRow {
  int32_t customer_id = 0;
  int64_t recency = 0, frequency = 0;
  Scalar monetary;
  int r = 0, f = 0, m = 0;
  std::string segment;
};

enum class RfmScoring { kSpark, kPandas };
enum class QuantileMethod { kElement, kInterpolated };

struct RetailReportOptions {
  RfmScoring rfm_scoring = RfmScoring::kSpark;
  QuantileMethod quantiles = QuantileMethod::kElement;
  std::optional<int32_t> as_of;  // days since epoch; default: day after the last invoice
};

// Which analytics to compute and show (`tally report`: all; `tally invoices`: one).
struct ReportSections {
  bool invoices = true, monthly = true, rfm = true;
};

struct RetailResults {
  std::string source;
  double run_seconds = 0;  // wall time of the analytics
  int64_t rows = 0;
  std::optional<int64_t> first_invoice, last_invoice;  // timestamps (microseconds)
  AmountStatistics invoice_amount, invoice_amount_below_p85;
  std::vector<MonthlyRow> monthly;
  int32_t as_of = 0;  // days since epoch
  RfmScoring rfm_scoring = RfmScoring::kSpark;
  RfmSplits rfm_splits;
  std::vector<RfmSegmentRow> rfm_segments;
  std::vector<RfmCustomerRow> rfm_customers;  // ordered by customer_id
};

}  // namespace tally
