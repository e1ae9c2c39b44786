// §7 RFM segmentation: per customer recency (days from the last purchase date to the as-of
// date), frequency (distinct invoices) and monetary (net amount), scored 1..5 and mapped to ten
// segments by (R, F).
#include <fmt/format.h>

#include "analytics/retail_report.h"
#include "common/datetime.h"
#include "common/error.h"
#include "frame/functions.h"

namespace tally {
namespace {

const char* const kMeasures[] = {"recency", "frequency", "monetary"};

// Spark's QuantileDiscretizer(numBuckets = 5, relativeError = 0): split values are the elements
// at ranks ceil(k*N/5), k = 1..4, duplicates removed; bucket(x) = number of splits <= x.
std::vector<Scalar> DistinctSplits(const Table& quantiles, const std::string& measure) {
  std::vector<Scalar> splits;
  for (int k = 1; k <= 4; ++k) {
    Scalar value = quantiles.GetScalar(0, fmt::format("{}_{}", measure, k));
    if (value.is_null()) continue;
    if (splits.empty() || !(splits.back() == value)) splits.push_back(value);
  }
  return splits;
}

Expr CountAtOrBelow(const Expr& x, const std::vector<Scalar>& splits) {
  Expr total = lit(int64_t{0});
  for (const auto& s : splits)
    total = total + when(x >= lit(s), lit(int64_t{1})).otherwise(lit(int64_t{0}));
  return total;
}

// pandas' qcut(x, 5): edges are the interpolated quantiles at 0, .2, .., 1; bins are
// right-closed with the lowest including its left edge, so bin = 1 + #(inner edges < x).
std::vector<Scalar> PandasEdges(const Table& quantiles, const std::string& measure) {
  std::vector<Scalar> edges;
  for (int k = 0; k <= 5; ++k)
    edges.push_back(quantiles.GetScalar(0, fmt::format("{}_{}", measure, k)));
  for (size_t k = 1; k < edges.size(); ++k)
    if (!(edges[k - 1] < edges[k]))
      ThrowError(
          "pandas RFM scoring: the bin edges of {} are not unique ({} and {}); use "
          "--rfm-scoring spark",
          measure, edges[k - 1].ToString(), edges[k].ToString());
  return edges;
}

Expr PandasBin(const Expr& x, const std::vector<Scalar>& edges) {
  Expr total = lit(int64_t{1});
  for (size_t k = 1; k + 1 < edges.size(); ++k)
    total = total + when(x > lit(edges[k]), lit(int64_t{1})).otherwise(lit(int64_t{0}));
  return total;
}

Expr Segment(const Expr& r, const Expr& f) {
  return when(r <= 2 && f <= 2, lit("Hibernating"))
      .when(r <= 2 && f <= 4, lit("At Risk"))
      .when(r <= 2, lit("Can't Lose"))
      .when(r == 3 && f <= 2, lit("About to Sleep"))
      .when(r == 3 && f == 3, lit("Need Attention"))
      .when((r == 3 || r == 4) && f >= 4, lit("Loyal Customers"))
      .when(r == 4 && f == 1, lit("Promising"))
      .when(r == 5 && f == 1, lit("New Customers"))
      .when(f == 2 || f == 3, lit("Potential Loyalists"))
      .otherwise(lit("Champions"));
}

}  // namespace

void ComputeRfm(const DataFrame& retail, const RetailReportOptions& options, RetailResults* out) {
  // Lines where no column is NULL (the reference dropped every row with a missing value).
  Expr complete = lit(Scalar::Bool(true));
  for (const auto& field : retail.schema()->fields())
    complete = complete && col(field.name).is_not_null();
  Expr as_of = lit(Scalar::Date(out->as_of));
  DataFrame customers =
      retail.filter(complete)
          .group_by({col("customer_id")})
          .agg({sum(col("quantity") * col("unit_price")).alias("monetary"),
                count_distinct(col("invoice_no")).alias("frequency"),
                max(col("invoice_date")).alias("last_purchase")})
          .with_column("recency", date_diff_days(as_of, to_date(col("last_purchase"))))
          .cache();

  Expr r = lit(int64_t{0}), f = r, m = r;
  out->rfm_scoring = options.rfm_scoring;
  if (options.rfm_scoring == RfmScoring::kSpark) {
    std::vector<Expr> quantiles;
    for (const char* measure : kMeasures)
      for (int k = 1; k <= 4; ++k)
        quantiles.push_back(
            quantile_element(col(measure), k / 5.0).alias(fmt::format("{}_{}", measure, k)));
    Table q = customers.agg(quantiles).collect();
    out->rfm_splits = {DistinctSplits(q, "recency"), DistinctSplits(q, "frequency"),
                       DistinctSplits(q, "monetary")};
    r = lit(int64_t{5}) - CountAtOrBelow(col("recency"), out->rfm_splits.recency);
    f = lit(int64_t{1}) + CountAtOrBelow(col("frequency"), out->rfm_splits.frequency);
    m = lit(int64_t{1}) + CountAtOrBelow(col("monetary"), out->rfm_splits.monetary);
  } else {
    // Frequency is binned by its rank (ties broken by customer id), as rank(method='first').
    customers = customers
                    .with_window("frequency_rank", row_number(),
                                 WindowSpec{{}, {asc(col("frequency")), asc(col("customer_id"))}})
                    .cache();
    std::vector<Expr> quantiles;
    for (const char* measure : {"recency", "frequency_rank", "monetary"})
      for (int k = 0; k <= 5; ++k)
        quantiles.push_back(
            quantile_interp(col(measure), k / 5.0).alias(fmt::format("{}_{}", measure, k)));
    Table q = customers.agg(quantiles).collect();
    out->rfm_splits = {PandasEdges(q, "recency"), PandasEdges(q, "frequency_rank"),
                       PandasEdges(q, "monetary")};
    r = lit(int64_t{6}) - PandasBin(col("recency"), out->rfm_splits.recency);
    f = PandasBin(col("frequency_rank"), out->rfm_splits.frequency);
    m = PandasBin(col("monetary"), out->rfm_splits.monetary);
  }

  DataFrame scored = customers.with_column("r", r).with_column("f", f).with_column("m", m);
  scored = scored.with_column("segment", Segment(col("r"), col("f"))).cache();

  Table segments =
      scored.group_by({col("segment")})
          .agg({count_star().alias("customers"), mean(col("recency")).alias("recency"),
                mean(col("frequency")).alias("frequency"), mean(col("monetary")).alias("monetary")})
          .order_by({desc(col("customers")), asc(col("segment"))})
          .collect();
  out->rfm_segments.clear();
  for (size_t row = 0; row < segments.num_rows(); ++row)
    out->rfm_segments.push_back({segments.GetScalar(row, "segment").string_value(),
                                 segments.GetScalar(row, "customers").int_value(),
                                 segments.GetScalar(row, "recency").double_value(),
                                 segments.GetScalar(row, "frequency").double_value(),
                                 segments.GetScalar(row, "monetary").double_value()});

  Table per_customer = scored.order_by({asc(col("customer_id"))}).collect();
  out->rfm_customers.clear();
  out->rfm_customers.reserve(per_customer.num_rows());
  for (size_t row = 0; row < per_customer.num_rows(); ++row)
    out->rfm_customers.push_back(
        {static_cast<int32_t>(per_customer.GetScalar(row, "customer_id").int_value()),
         per_customer.GetScalar(row, "recency").int_value(),
         per_customer.GetScalar(row, "frequency").int_value(),
         per_customer.GetScalar(row, "monetary"),
         static_cast<int>(per_customer.GetScalar(row, "r").int_value()),
         static_cast<int>(per_customer.GetScalar(row, "f").int_value()),
         static_cast<int>(per_customer.GetScalar(row, "m").int_value()),
         per_customer.GetScalar(row, "segment").string_value()});
}

const std::vector<std::string>& RfmSegmentNames() {
  static const std::vector<std::string> kNames = {
      "Champions",  "Loyal Customers", "Potential Loyalists", "New Customers",
      "Promising",  "Need Attention",  "About to Sleep",      "At Risk",
      "Can't Lose", "Hibernating"};
  return kNames;
}

std::vector<std::string> EmptyRfmSegments(const RetailResults& results) {
  std::vector<std::string> empty;
  for (const auto& name : RfmSegmentNames()) {
    bool found = false;
    for (const auto& s : results.rfm_segments) found |= s.segment == name && s.customers > 0;
    if (!found) empty.push_back(name);
  }
  return empty;
}

std::string EmptyRfmSegmentsNote(const RetailResults& results) {
  std::vector<std::string> empty = EmptyRfmSegments(results);
  if (empty.empty() || results.rfm_segments.empty()) return "";
  std::string names;
  for (const auto& n : empty) names += (names.empty() ? "" : ", ") + n;
  std::string note = fmt::format("No customers in {}", names);
  // Spark's bucketing gives F = 1 only below the first frequency split value; when that value
  // is the lowest frequency there is (one invoice), no one is below it.
  const auto& f = results.rfm_splits.frequency;
  bool f1_empty = results.rfm_scoring == RfmScoring::kSpark && !f.empty() && !f[0].is_null() &&
                  f[0].int_value() <= 1;
  bool only_f1 = true;
  for (const auto& n : empty) only_f1 &= n == "New Customers" || n == "Promising";
  if (f1_empty && only_f1)
    return note +
           ": they need F = 1, and Spark's scoring gives F = 1 only to frequencies below "
           "the first split value, which is 1 invoice here, the fewest a customer has.";
  return note + ": no customer has the R and F scores they need.";
}

}  // namespace tally
