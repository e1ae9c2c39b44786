// §1 Invoice amount distribution: per-invoice sums of quantity * unit_price over lines with
// positive quantity and price, their statistics, and the same below the 85th percentile.
#include "analytics/retail_report.h"
#include "frame/functions.h"

namespace tally {
namespace {

std::vector<Expr> AmountAggregates(QuantileMethod method) {
  Expr amount = col("amount");
  auto quantile = [&](double p) {
    return method == QuantileMethod::kElement ? quantile_element(amount, p)
                                              : quantile_interp(amount, p);
  };
  return {count_star().alias("n"),    mean(amount).alias("mean"),    min(amount).alias("min"),
          max(amount).alias("max"),   quantile(0.5).alias("median"), mode(amount).alias("mode"),
          quantile(0.85).alias("p85")};
}

AmountStatistics ToStatistics(const Table& table) {
  AmountStatistics s;
  s.n = table.GetScalar(0, "n").int_value();
  Scalar mean_value = table.GetScalar(0, "mean");
  s.mean = mean_value.is_null() ? 0.0 : mean_value.double_value();
  s.min = table.GetScalar(0, "min");
  s.max = table.GetScalar(0, "max");
  s.median = table.GetScalar(0, "median");
  s.mode = table.GetScalar(0, "mode");
  s.p85 = table.GetScalar(0, "p85");
  return s;
}

}  // namespace

void ComputeInvoiceAmounts(const DataFrame& retail, QuantileMethod method, RetailResults* out) {
  DataFrame invoices = retail.filter(col("quantity") > 0 && col("unit_price") > 0)
                           .group_by({col("invoice_no")})
                           .agg({sum(col("quantity") * col("unit_price")).alias("amount")})
                           .cache();
  out->invoice_amount = ToStatistics(invoices.agg(AmountAggregates(method)).collect());
  const Scalar& p85 = out->invoice_amount.p85;
  DataFrame below = p85.is_null() ? invoices.filter(lit(Scalar::Bool(false)))
                                  : invoices.filter(col("amount") < lit(p85));
  out->invoice_amount_below_p85 = ToStatistics(below.agg(AmountAggregates(method)).collect());
  ComputeAmountDistribution(invoices, &out->invoice_amount);
  ComputeAmountDistribution(below, &out->invoice_amount_below_p85);
}

}  // namespace tally
