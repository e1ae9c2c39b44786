// The shape of a set of invoice amounts for charts (§1: "histogram + box plot for both"):
// equal-width histogram bins and a Tukey box plot, each a small DataFrame program over the
// per-invoice amounts.
#include "analytics/retail_report.h"
#include "frame/functions.h"

namespace tally {
namespace {

constexpr int kHistogramBins = 40;

Histogram ComputeHistogram(const DataFrame& amounts, double lower, double upper) {
  Histogram h;
  h.lower = lower;
  h.counts.assign(kHistogramBins, 0);
  // All equal amounts: one bin of width 1 around them keeps the chart meaningful.
  h.bin_width = upper > lower ? (upper - lower) / kHistogramBins : 1.0;
  Expr position = (col("amount").cast(DataType::Double()) - lower) / h.bin_width;
  Expr bin = position.cast(DataType::Int64());
  // The maximum lands exactly on the upper edge: it belongs to the last bin.
  Expr clamped = when(bin >= kHistogramBins, lit(int64_t{kHistogramBins - 1})).otherwise(bin);
  Table counts = amounts.select({clamped.alias("bin")})
                     .group_by({col("bin")})
                     .agg({count_star().alias("n")})
                     .collect();
  for (size_t row = 0; row < counts.num_rows(); ++row) {
    int64_t index = counts.GetScalar(row, "bin").int_value();
    if (index >= 0 && index < kHistogramBins)
      h.counts[static_cast<size_t>(index)] = counts.GetScalar(row, "n").int_value();
  }
  return h;
}

BoxPlot ComputeBoxPlot(const DataFrame& amounts, double median) {
  Table quartiles = amounts
                        .agg({quantile_element(col("amount"), 0.25).alias("q1"),
                              quantile_element(col("amount"), 0.75).alias("q3")})
                        .collect();
  BoxPlot box;
  box.median = median;
  box.q1 = quartiles.GetScalar(0, "q1").ToDouble();
  box.q3 = quartiles.GetScalar(0, "q3").ToDouble();
  double reach = 1.5 * (box.q3 - box.q1);
  Expr amount = col("amount").cast(DataType::Double());
  Expr low_fence = lit(box.q1 - reach), high_fence = lit(box.q3 + reach);
  Expr inside = amount >= low_fence && amount <= high_fence;
  Expr one = lit(int64_t{1}), zero = lit(int64_t{0});
  Table whiskers = amounts
                       .agg({min(when(inside, amount).end()).alias("low"),
                             max(when(inside, amount).end()).alias("high"),
                             sum(when(amount < low_fence, one).otherwise(zero)).alias("below"),
                             sum(when(amount > high_fence, one).otherwise(zero)).alias("above")})
                       .collect();
  box.whisker_low = whiskers.GetScalar(0, "low").ToDouble();
  box.whisker_high = whiskers.GetScalar(0, "high").ToDouble();
  box.outliers_low = whiskers.GetScalar(0, "below").int_value();
  box.outliers_high = whiskers.GetScalar(0, "above").int_value();
  return box;
}

}  // namespace

void ComputeAmountDistribution(const DataFrame& amounts, AmountStatistics* stats) {
  if (stats->n == 0) return;
  stats->histogram = ComputeHistogram(amounts, stats->min.ToDouble(), stats->max.ToDouble());
  stats->box = ComputeBoxPlot(amounts, stats->median.ToDouble());
}

}  // namespace tally
