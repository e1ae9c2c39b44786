// §2-§6 per month (ym = year * 100 + month): distinct invoices placed and cancelled, net sales
// and their growth over the previous month present, active, new and existing customers.
#include "analytics/retail_report.h"
#include "frame/functions.h"

namespace tally {

void ComputeMonthly(const DataFrame& retail, RetailResults* out) {
  Expr ym = year(col("invoice_date")) * 100 + month(col("invoice_date"));
  DataFrame lines =
      retail.select({col("invoice_no"), col("customer_id"),
                     (col("quantity") * col("unit_price")).alias("amount"), ym.alias("ym")});
  Expr cancelled_invoice = when(starts_with(col("invoice_no"), "C"), col("invoice_no"))
                               .otherwise(lit(Scalar::Null(DataType::String())));
  DataFrame per_month = lines.group_by({col("ym")})
                            .agg({
                                count_distinct(col("invoice_no")).alias("gross"),
                                count_distinct(cancelled_invoice).alias("cancelled"),
                                sum(col("amount")).alias("sales"),
                                count_distinct(col("customer_id")).alias("active"),
                            });
  // A customer is new in the month of their first line (cancellations included).
  DataFrame new_per_month = lines.filter(col("customer_id").is_not_null())
                                .group_by({col("customer_id")})
                                .agg({min(col("ym")).alias("ym")})
                                .group_by({col("ym")})
                                .agg({count_star().alias("new_users")});
  Expr new_users = coalesce({col("new_users"), lit(int64_t{0})});
  Table monthly =
      per_month.join(new_per_month, {"ym"}, JoinType::kLeft)
          .with_window("previous_sales", lag(col("sales")), WindowSpec{{}, {asc(col("ym"))}})
          .select({col("ym"), col("gross"), col("cancelled"),
                   (col("gross") - col("cancelled") * 2).alias("placed"), col("sales"),
                   ((col("sales") - col("previous_sales")) / col("previous_sales")).alias("growth"),
                   col("active"), new_users.alias("new_users"),
                   (col("active") - new_users).alias("existing_users")})
          .order_by({asc(col("ym"))})
          .collect();

  out->monthly.clear();
  for (size_t row = 0; row < monthly.num_rows(); ++row) {
    MonthlyRow m;
    m.ym = static_cast<int32_t>(monthly.GetScalar(row, "ym").int_value());
    m.gross = monthly.GetScalar(row, "gross").int_value();
    m.cancelled = monthly.GetScalar(row, "cancelled").int_value();
    m.placed = monthly.GetScalar(row, "placed").int_value();
    m.sales = monthly.GetScalar(row, "sales");
    Scalar growth = monthly.GetScalar(row, "growth");
    if (!growth.is_null()) m.growth = growth.double_value();
    m.active = monthly.GetScalar(row, "active").int_value();
    m.new_users = monthly.GetScalar(row, "new_users").int_value();
    m.existing_users = monthly.GetScalar(row, "existing_users").int_value();
    out->monthly.push_back(m);
  }
}

}  // namespace tally
