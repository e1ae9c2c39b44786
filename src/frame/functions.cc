#include "frame/functions.h"

#include "common/error.h"
#include "common/number_parse.h"

namespace tally {

Expr::Expr(int v) : node_(MakeLiteral(Scalar::Int32(v))) {}
Expr::Expr(int64_t v) : node_(MakeLiteral(Scalar::Int64(v))) {}
Expr::Expr(double v) : node_(MakeLiteral(Scalar::Double(v))) {}
Expr::Expr(const char* v) : node_(MakeLiteral(Scalar::String(v))) {}
Expr::Expr(std::string v) : node_(MakeLiteral(Scalar::String(std::move(v)))) {}
Expr::Expr(Scalar v) : node_(MakeLiteral(std::move(v))) {}

Expr Expr::alias(std::string name) const {
  return MakeAlias(node_, std::move(name));
}
Expr Expr::cast(DataType t) const {
  return MakeCast(node_, t);
}
Expr Expr::is_null() const {
  return MakeCall("is_null", {node_});
}
Expr Expr::is_not_null() const {
  return MakeCall("is_not_null", {node_});
}

namespace {
Expr Binary(const char* op, const Expr& a, const Expr& b) {
  return MakeCall(op, {a.node(), b.node()});
}
Expr Unary(const char* fn, const Expr& a) {
  return MakeCall(fn, {a.node()});
}
Expr Aggregate(const char* fn, const Expr& a, double p = 0) {
  return MakeAggregateCall(fn, {a.node()}, p);
}
}  // namespace

Expr operator+(const Expr& a, const Expr& b) {
  return Binary("+", a, b);
}
Expr operator-(const Expr& a, const Expr& b) {
  return Binary("-", a, b);
}
Expr operator*(const Expr& a, const Expr& b) {
  return Binary("*", a, b);
}
Expr operator/(const Expr& a, const Expr& b) {
  return Binary("/", a, b);
}
Expr operator%(const Expr& a, const Expr& b) {
  return Binary("%", a, b);
}
Expr operator-(const Expr& a) {
  return Unary("negate", a);
}
Expr operator==(const Expr& a, const Expr& b) {
  return Binary("==", a, b);
}
Expr operator!=(const Expr& a, const Expr& b) {
  return Binary("!=", a, b);
}
Expr operator<(const Expr& a, const Expr& b) {
  return Binary("<", a, b);
}
Expr operator<=(const Expr& a, const Expr& b) {
  return Binary("<=", a, b);
}
Expr operator>(const Expr& a, const Expr& b) {
  return Binary(">", a, b);
}
Expr operator>=(const Expr& a, const Expr& b) {
  return Binary(">=", a, b);
}
Expr operator&&(const Expr& a, const Expr& b) {
  return Binary("and", a, b);
}
Expr operator||(const Expr& a, const Expr& b) {
  return Binary("or", a, b);
}
Expr operator!(const Expr& a) {
  return Unary("not", a);
}

Expr col(std::string name) {
  return MakeColumnRef(std::move(name));
}
Expr lit(Scalar v) {
  return Expr(std::move(v));
}
Expr lit(int v) {
  return Expr(v);
}
Expr lit(int64_t v) {
  return Expr(v);
}
Expr lit(double v) {
  return Expr(v);
}
Expr lit(const char* v) {
  return Expr(v);
}
Expr lit_decimal(std::string_view text, int precision, int scale) {
  int64_t v;
  if (!ParseDecimal(text, precision, scale, &v))
    ThrowError("bad decimal({},{}) literal \"{}\"", precision, scale, std::string(text));
  return Expr(Scalar::Decimal(v, precision, scale));
}

Expr year(Expr e) {
  return Unary("year", e);
}
Expr month(Expr e) {
  return Unary("month", e);
}
Expr day(Expr e) {
  return Unary("day", e);
}
Expr to_date(Expr e) {
  return Unary("to_date", e);
}
Expr date_trunc(std::string unit, Expr e) {
  return MakeCall("date_trunc", {MakeLiteral(Scalar::String(std::move(unit))), e.node()});
}
Expr date_diff_days(Expr end, Expr start) {
  return Binary("date_diff_days", end, start);
}
Expr starts_with(Expr e, std::string prefix) {
  return Binary("starts_with", e, Expr(prefix));
}
Expr ends_with(Expr e, std::string suffix) {
  return Binary("ends_with", e, Expr(suffix));
}
Expr contains(Expr e, std::string part) {
  return Binary("contains", e, Expr(part));
}
Expr like(Expr e, std::string pattern) {
  return Binary("like", e, Expr(pattern));
}
Expr coalesce(std::vector<Expr> exprs) {
  std::vector<ExprPtr> args;
  for (const auto& e : exprs) args.push_back(e.node());
  return MakeCall("coalesce", args);
}

Expr upper(Expr e) {
  return Unary("upper", e);
}
Expr lower(Expr e) {
  return Unary("lower", e);
}
Expr length(Expr e) {
  return Unary("length", e);
}
Expr substring(Expr e, Expr pos, Expr len) {
  return MakeCall("substring", {e.node(), pos.node(), len.node()});
}
Expr substring(Expr e, Expr pos) {
  return Binary("substring", e, pos);
}
Expr abs(Expr e) {
  return Unary("abs", e);
}
Expr round(Expr e, int digits) {
  if (digits == 0) return Unary("round", e);
  return Binary("round", e, Expr(digits));
}
Expr call_function(std::string name, std::vector<Expr> args) {
  std::vector<ExprPtr> nodes;
  for (const auto& a : args) nodes.push_back(a.node());
  return MakeCall(std::move(name), std::move(nodes));
}

CaseBuilder::CaseBuilder(Expr cond, Expr value) : args_{cond.node(), value.node()} {}
CaseBuilder CaseBuilder::when(Expr cond, Expr value) const {
  CaseBuilder next = *this;
  next.args_.push_back(cond.node());
  next.args_.push_back(value.node());
  return next;
}
Expr CaseBuilder::otherwise(Expr value) const {
  auto args = args_;
  args.push_back(value.node());
  return MakeCase(args, true);
}
Expr CaseBuilder::end() const {
  return MakeCase(args_, false);
}
CaseBuilder when(Expr cond, Expr value) {
  return CaseBuilder(cond, value);
}

Expr sum(Expr e) {
  return Aggregate("sum", e);
}
Expr count(Expr e) {
  return Aggregate("count", e);
}
Expr count_star() {
  return MakeAggregateCall("count_star", {});
}
Expr count_distinct(Expr e) {
  return Aggregate("count_distinct", e);
}
Expr min(Expr e) {
  return Aggregate("min", e);
}
Expr max(Expr e) {
  return Aggregate("max", e);
}
Expr mean(Expr e) {
  return Aggregate("mean", e);
}
Expr median(Expr e) {
  return Aggregate("median", e, 0.5);
}
Expr quantile_element(Expr e, double p) {
  return Aggregate("quantile_element", e, p);
}
Expr quantile_interp(Expr e, double p) {
  return Aggregate("quantile_interp", e, p);
}
Expr mode(Expr e) {
  return Aggregate("mode", e);
}
Expr first(Expr e) {
  return Aggregate("first", e);
}

Expr lag(Expr e, int offset) {
  return MakeWindowCall("lag", {e.node()}, offset);
}
Expr lead(Expr e, int offset) {
  return MakeWindowCall("lead", {e.node()}, offset);
}
Expr row_number() {
  return MakeWindowCall("row_number", {}, 0);
}

SortKey asc(Expr e) {
  return {e, true, true};
}
SortKey desc(Expr e) {
  return {e, false, false};
}
SortKey asc_nulls_last(Expr e) {
  return {e, true, false};
}
SortKey desc_nulls_first(Expr e) {
  return {e, false, true};
}

}  // namespace tally
