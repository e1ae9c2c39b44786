#pragma once
// Column expressions of the DataFrame API, modelled on Spark's pyspark.sql.functions.
#include <string>
#include <string_view>
#include <vector>

#include "common/scalar.h"
#include "exec/expr.h"
#include "exec/logical_plan.h"

namespace tally {

// A value type wrapping an unbound expression tree. Literals convert implicitly, so
// `col("q") * 2`, `col("s") == "C"` and `1 - col("x")` all work.
class Expr {
 public:
  Expr(ExprPtr node) : node_(std::move(node)) {}  // NOLINT: implicit by design
  Expr(int v);                                    // NOLINT
  Expr(int64_t v);                                // NOLINT
  Expr(double v);                                 // NOLINT
  Expr(const char* v);                            // NOLINT
  Expr(std::string v);                            // NOLINT
  Expr(Scalar v);                                 // NOLINT

  Expr alias(std::string name) const;
  Expr cast(DataType t) const;
  Expr is_null() const;
  Expr is_not_null() const;

  const ExprPtr& node() const { return node_; }
  std::string ToString() const { return node_->ToString(); }

 private:
  ExprPtr node_;
};

Expr operator+(const Expr& a, const Expr& b);
Expr operator-(const Expr& a, const Expr& b);
Expr operator*(const Expr& a, const Expr& b);
Expr operator/(const Expr& a, const Expr& b);
Expr operator%(const Expr& a, const Expr& b);
Expr operator-(const Expr& a);
Expr operator==(const Expr& a, const Expr& b);
Expr operator!=(const Expr& a, const Expr& b);
Expr operator<(const Expr& a, const Expr& b);
Expr operator<=(const Expr& a, const Expr& b);
Expr operator>(const Expr& a, const Expr& b);
Expr operator>=(const Expr& a, const Expr& b);
Expr operator&&(const Expr& a, const Expr& b);
Expr operator||(const Expr& a, const Expr& b);
Expr operator!(const Expr& a);

Expr col(std::string name);
Expr lit(Scalar v);
Expr lit(int v);  // int32
Expr lit(int64_t v);
Expr lit(double v);
Expr lit(const char* v);
Expr lit_decimal(std::string_view text, int precision, int scale);

Expr year(Expr e);
Expr month(Expr e);
Expr day(Expr e);
Expr to_date(Expr e);
Expr date_trunc(std::string unit, Expr e);  // "year", "month", "day"
Expr date_diff_days(Expr end, Expr start);
Expr starts_with(Expr e, std::string prefix);
Expr ends_with(Expr e, std::string suffix);
Expr contains(Expr e, std::string part);
Expr like(Expr e, std::string pattern);
Expr coalesce(std::vector<Expr> exprs);
Expr upper(Expr e);
Expr lower(Expr e);
Expr length(Expr e);  // characters
// Characters pos .. pos+len-1 (1-based, as SQL's substring); without len, to the end.
Expr substring(Expr e, Expr pos, Expr len);
Expr substring(Expr e, Expr pos);
Expr abs(Expr e);
Expr round(Expr e, int digits = 0);
// Any scalar function of the registry by name (exec/function_catalog.cc lists them).
Expr call_function(std::string name, std::vector<Expr> args);

class CaseBuilder {
 public:
  CaseBuilder(Expr cond, Expr value);
  CaseBuilder when(Expr cond, Expr value) const;
  Expr otherwise(Expr value) const;
  // Without otherwise: NULL when no condition holds.
  Expr end() const;

 private:
  std::vector<ExprPtr> args_;
};
CaseBuilder when(Expr cond, Expr value);

// Aggregates (use in agg()). median = quantile_interp(x, 0.5).
Expr sum(Expr e);
Expr count(Expr e);
Expr count_star();
Expr count_distinct(Expr e);
Expr min(Expr e);
Expr max(Expr e);
Expr mean(Expr e);
Expr median(Expr e);
Expr quantile_element(Expr e, double p);
Expr quantile_interp(Expr e, double p);
Expr mode(Expr e);
Expr first(Expr e);

// Window functions (use in with_window()).
Expr lag(Expr e, int offset = 1);
Expr lead(Expr e, int offset = 1);
Expr row_number();

// Ascending sorts put NULLs first, descending last (as Spark).
struct SortKey {
  Expr expr;
  bool ascending = true;
  bool nulls_first = true;
};
SortKey asc(Expr e);
SortKey desc(Expr e);
SortKey asc_nulls_last(Expr e);
SortKey desc_nulls_first(Expr e);

struct WindowSpec {
  std::vector<Expr> partition_by;
  std::vector<SortKey> order_by;
};

}  // namespace tally
