// Floating-point math functions as PostgreSQL has them for double precision: sqrt, cbrt, exp,
// ln, log10, log(b, x), power, sign, and floor, ceil and trunc (which keep decimals exact).
// Arguments outside a function's domain are errors with PostgreSQL's messages, never NaN.
#include <cmath>

#include "common/error.h"
#include "common/number_parse.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

using DoubleFn = double (*)(double);

double Sqrt(double x) {
  if (x < 0) ThrowError("cannot take square root of a negative number");
  return std::sqrt(x);
}
double Ln(double x) {
  if (x == 0) ThrowError("cannot take logarithm of zero");
  if (x < 0) ThrowError("cannot take logarithm of a negative number");
  return std::log(x);
}
double Log10(double x) {
  return Ln(x) / std::log(10.0);
}
double Exp(double x) {
  double r = std::exp(x);
  if (std::isinf(r) && !std::isinf(x)) ThrowError("value out of range: overflow");
  return r;
}
double Sign(double x) {
  return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
}
double Power(double x, double y) {
  if (x == 0 && y < 0) ThrowError("zero raised to a negative power is undefined");
  if (x < 0 && std::floor(y) != y)
    ThrowError("a negative number raised to a non-integer power yields a complex result");
  double r = std::pow(x, y);
  if (std::isinf(r) && !std::isinf(x) && !std::isinf(y)) ThrowError("value out of range: overflow");
  return r;
}
double LogBase(double base, double x) {
  double b = Ln(base);
  if (b == 0) ThrowError("division by zero");
  return Ln(x) / b;
}

DoubleFn UnaryFunction(const std::string& name) {
  if (name == "sqrt") return Sqrt;
  if (name == "cbrt") return [](double x) { return std::cbrt(x); };
  if (name == "exp") return Exp;
  if (name == "ln") return Ln;
  if (name == "log10" || name == "log") return Log10;
  if (name == "sign") return Sign;
  if (name == "floor") return [](double x) { return std::floor(x); };
  if (name == "ceil" || name == "ceiling") return [](double x) { return std::ceil(x); };
  if (name == "trunc") return [](double x) { return std::trunc(x); };
  ThrowError("unknown function {}()", name);
}

// f(x) over doubles (the argument converted from any number).
class UnaryDoubleExpr : public BoundExpr {
 public:
  UnaryDoubleExpr(DoubleFn fn, BoundExprPtr child)
      : BoundExpr(DataType::Double()), fn_(fn), child_(std::move(child)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    bool scalar = a.is_scalar();
    if (scalar && a.scalar.is_null()) return Datum(Scalar::Null(type()));
    size_t rows = scalar ? 1 : a.column->size();
    Values<double> x = ToDoubleValues(a, rows);
    ColumnPtr out = MakeFixedColumn(type(), rows);
    double* o = out->data<double>();
    for (size_t i = 0; i < rows; ++i) o[i] = DatumIsNull(a, i) ? 0 : fn_(x[i]);
    PropagateNulls({&a}, out.get());
    return Finish(out, scalar);
  }

 private:
  DoubleFn fn_;
  BoundExprPtr child_;
};

// f(x, y) over doubles.
class BinaryDoubleExpr : public BoundExpr {
 public:
  BinaryDoubleExpr(double (*fn)(double, double), BoundExprPtr a, BoundExprPtr b)
      : BoundExpr(DataType::Double()), fn_(fn), a_(std::move(a)), b_(std::move(b)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = a_->Evaluate(batch), b = b_->Evaluate(batch);
    bool scalar = AllScalar({&a, &b});
    size_t rows = RowsFor({&a, &b}, batch.num_rows);
    if (scalar && (a.scalar.is_null() || b.scalar.is_null())) return Datum(Scalar::Null(type()));
    Values<double> x = ToDoubleValues(a, rows), y = ToDoubleValues(b, rows);
    ColumnPtr out = MakeFixedColumn(type(), rows);
    double* o = out->data<double>();
    for (size_t i = 0; i < rows; ++i)
      o[i] = DatumIsNull(a, i) || DatumIsNull(b, i) ? 0 : fn_(x[i], y[i]);
    PropagateNulls({&a, &b}, out.get());
    return Finish(out, scalar);
  }

 private:
  double (*fn_)(double, double);
  BoundExprPtr a_, b_;
};

// floor, ceil and trunc of a decimal: exact, at scale 0.
class DecimalToWholeExpr : public BoundExpr {
 public:
  DecimalToWholeExpr(std::string name, BoundExprPtr child)
      : BoundExpr(DataType::Decimal(child->type().precision, 0)),
        name_(std::move(name)),
        child_(std::move(child)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    bool scalar = a.is_scalar();
    if (scalar && a.scalar.is_null()) return Datum(Scalar::Null(type()));
    size_t rows = scalar ? 1 : a.column->size();
    Values<int64_t> x = RawValues<int64_t>(a);
    int64_t unit = kPowersOfTen[child_->type().scale];
    ColumnPtr out = MakeFixedColumn(type(), rows);
    int64_t* o = out->data<int64_t>();
    bool floor = name_ == "floor", ceil = name_ == "ceil" || name_ == "ceiling";
    for (size_t i = 0; i < rows; ++i) {
      int64_t v = x[i], q = v / unit, r = v % unit;
      if (floor && r < 0) --q;
      if (ceil && r > 0) ++q;
      o[i] = q;
    }
    PropagateNulls({&a}, out.get());
    return Finish(out, scalar);
  }

 private:
  std::string name_;
  BoundExprPtr child_;
};

}  // namespace

BoundExprPtr MakeFloatFunction(const std::string& name, std::vector<BoundExprPtr> args) {
  if (args.size() == 2) {
    if (name == "power" || name == "pow")
      return std::make_shared<BinaryDoubleExpr>(Power, args[0], args[1]);
    if (name == "log") return std::make_shared<BinaryDoubleExpr>(LogBase, args[0], args[1]);
    ThrowError("function {}() takes one argument", name);
  }
  const DataType& t = args[0]->type();
  bool whole = name == "floor" || name == "ceil" || name == "ceiling" || name == "trunc";
  if (whole && (t.id == TypeId::kInt32 || t.id == TypeId::kInt64)) return args[0];
  if (whole && t.id == TypeId::kDecimal) return std::make_shared<DecimalToWholeExpr>(name, args[0]);
  return std::make_shared<UnaryDoubleExpr>(UnaryFunction(name), args[0]);
}

}  // namespace tally
