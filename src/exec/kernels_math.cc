// Numeric functions: abs and round. Integers and decimals stay exact (an overflow is an error,
// never a wrapped value); round of a decimal rounds half away from zero like PostgreSQL's
// numeric, round of a double to whole numbers rounds half to even like its float8 (rint).
#include <cmath>

#include "common/error.h"
#include "common/number_parse.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

// A kernel computing out[i] = op(in[i]) over one numeric column of physical type T.
template <typename T, typename Op>
Datum MapValues(const Datum& in, const DataType& result, Op op) {
  if (in.is_scalar()) {
    if (in.scalar.is_null()) return Datum(Scalar::Null(result));
    Values<T> v = RawValues<T>(in);
    ColumnPtr one = MakeFixedColumn(result, 1);
    one->data<T>()[0] = op(v[0]);
    return Datum(ColumnScalar(*one, 0));
  }
  const Column& c = *in.column;
  ColumnPtr out = MakeFixedColumn(result, c.size());
  const T* x = c.data<T>();
  T* o = out->data<T>();
  for (size_t i = 0; i < c.size(); ++i) o[i] = c.IsNull(i) ? T{} : op(x[i]);
  CopyNulls(c, out.get());
  return Datum(out);
}

template <typename T>
T CheckedAbs(T v, const DataType& type) {
  if (v == std::numeric_limits<T>::min())
    ThrowError("{} out of range in abs()", type.id == TypeId::kDecimal
                                               ? FormatDecimal(static_cast<int64_t>(v), type.scale)
                                               : std::to_string(v));
  return v < 0 ? -v : v;
}

class AbsExpr : public BoundExpr {
 public:
  explicit AbsExpr(BoundExprPtr child) : BoundExpr(child->type()), child_(std::move(child)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    const DataType& t = type();
    switch (t.id) {
      case TypeId::kInt32:
        return MapValues<int32_t>(a, t, [&](int32_t v) { return CheckedAbs(v, t); });
      case TypeId::kDouble:
        return MapValues<double>(a, t, [](double v) { return std::fabs(v); });
      default:
        return MapValues<int64_t>(a, t, [&](int64_t v) { return CheckedAbs(v, t); });
    }
  }

 private:
  BoundExprPtr child_;
};

// Rounds the exact value v * 10^-scale to `digits` decimal places (digits < scale), half away
// from zero; the result is at scale max(digits, 0).
int64_t RoundScaled(int64_t v, int scale, int digits) {
  int drop = scale - digits;  // > 0
  if (drop > 18) return 0;    // |v| < 10^19 <= 0.5 * 10^drop: rounds to zero
  int64_t unit = kPowersOfTen[drop];
  int64_t q = v / unit, r = v % unit;
  if (r >= unit - r) ++q;   // r >= unit/2, without overflow
  if (-r >= unit + r) --q;  // r <= -unit/2
  if (digits >= 0) return q;
  int64_t out;
  if (-digits > 18 || __builtin_mul_overflow(q, kPowersOfTen[-digits], &out))
    ThrowError("value out of range in round()");
  return out;
}

double RoundDouble(double v, int digits) {
  if (digits == 0) return std::nearbyint(v);
  double scale = std::pow(10.0, digits);
  double scaled = v * scale;
  if (!std::isfinite(scaled)) return v;  // too many digits to matter
  return std::round(scaled) / scale;
}

class RoundExpr : public BoundExpr {
 public:
  RoundExpr(DataType result, BoundExprPtr child, int digits)
      : BoundExpr(result), child_(std::move(child)), digits_(digits) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    const DataType& in = child_->type();
    int digits = digits_;
    switch (in.id) {
      case TypeId::kDouble:
        return MapValues<double>(a, type(), [=](double v) { return RoundDouble(v, digits); });
      case TypeId::kInt32:
        return MapValues<int32_t>(a, type(), [=](int32_t v) {
          int64_t r = RoundScaled(v, 0, digits);
          if (r < INT32_MIN || r > INT32_MAX) ThrowError("value out of range in round()");
          return static_cast<int32_t>(r);
        });
      default: {
        int scale = in.id == TypeId::kDecimal ? in.scale : 0;
        return MapValues<int64_t>(a, type(),
                                  [=](int64_t v) { return RoundScaled(v, scale, digits); });
      }
    }
  }

 private:
  BoundExprPtr child_;
  int digits_;
};

}  // namespace

BoundExprPtr MakeAbs(BoundExprPtr child) {
  return std::make_shared<AbsExpr>(std::move(child));
}

BoundExprPtr MakeRound(BoundExprPtr child, int digits) {
  const DataType& t = child->type();
  if (digits < -18 || digits > 18) ThrowError("round() to {} digits is out of range", digits);
  int scale = t.id == TypeId::kDecimal ? t.scale : 0;
  if (t.id != TypeId::kDouble && digits >= scale) return child;  // nothing to round
  DataType result =
      t.id == TypeId::kDecimal ? DataType::Decimal(t.precision, std::max(digits, 0)) : t;
  return std::make_shared<RoundExpr>(result, std::move(child), digits);
}

}  // namespace tally
