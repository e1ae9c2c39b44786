// Casts between all types. Numbers convert exactly where the target can hold the value
// (int -> decimal rescales with an overflow check; decimal -> decimal rounds half away from
// zero when the scale shrinks; double -> int/decimal rounds half away from zero, or truncates
// toward zero when asked, as Spark does); strings parse
// with the exact parsers of common/number_parse.h and fail with an error naming the value;
// timestamp -> date drops the time; date -> timestamp is midnight.
#include <cmath>

#include "common/datetime.h"
#include "common/error.h"
#include "common/number_parse.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

int64_t RoundDiv(int64_t value, int64_t divisor) {
  int64_t q = value / divisor, r = value % divisor;
  if (2 * (r < 0 ? -r : r) >= divisor) q += value < 0 ? -1 : 1;
  return q;
}

int64_t DoubleToInt64(double v, double scale_factor, bool truncate) {
  double scaled = truncate ? std::trunc(v * scale_factor) : std::round(v * scale_factor);
  if (!(scaled >= -9.2e18 && scaled <= 9.2e18)) ThrowError("value {} out of range", v);
  return static_cast<int64_t>(scaled);
}

void CheckPrecision(int64_t v, const DataType& t) {
  if (t.id == TypeId::kDecimal && t.precision < 18) {
    int64_t limit = kPowersOfTen[t.precision];
    if (v >= limit || v <= -limit)
      ThrowError("value {} out of range for {}", FormatDecimal(v, t.scale), t.ToString());
  }
  if (t.id == TypeId::kInt32 && (v > INT32_MAX || v < INT32_MIN))
    ThrowError("value {} out of range for int32 (integer)", v);
}

// Physical int64 view of an integer-like value (bool/int32/int64/decimal/date/timestamp).
int64_t ReadInt(const Column& c, size_t i) {
  switch (c.type().FixedWidth()) {
    case 1:
      return c.Get<uint8_t>(i);
    case 4:
      return c.Get<int32_t>(i);
    default:
      return c.Get<int64_t>(i);
  }
}

void WriteInt(Column* c, size_t i, int64_t v) {
  switch (c->type().FixedWidth()) {
    case 1:
      c->data<uint8_t>()[i] = v != 0;
      break;
    case 4:
      c->data<int32_t>()[i] = static_cast<int32_t>(v);
      break;
    default:
      c->data<int64_t>()[i] = v;
  }
}

bool ParseInto(std::string_view text, const DataType& t, Column* out, size_t i) {
  switch (t.id) {
    case TypeId::kBool: {
      bool v;
      if (!ParseBool(text, &v)) return false;
      out->data<uint8_t>()[i] = v;
      return true;
    }
    case TypeId::kInt32:
      return ParseInt32(text, out->data<int32_t>() + i);
    case TypeId::kInt64:
      return ParseInt64(text, out->data<int64_t>() + i);
    case TypeId::kDouble:
      return ParseDouble(text, out->data<double>() + i);
    case TypeId::kDecimal:
      return ParseDecimal(text, t.precision, t.scale, out->data<int64_t>() + i);
    case TypeId::kDate:
      return ParseDate(text, out->data<int32_t>() + i);
    case TypeId::kTimestamp:
      return ParseTimestamp(text, out->data<int64_t>() + i);
    case TypeId::kString:
      return false;
  }
  return false;
}

ColumnPtr CastColumn(const Column& in, const DataType& to, bool truncate) {
  const DataType& from = in.type();
  size_t rows = in.size();
  if (to.id == TypeId::kString) {
    auto out = Column::Make(to);
    for (size_t i = 0; i < rows; ++i) {
      if (in.IsNull(i))
        out->AppendNull();
      else
        out->AppendString(from.id == TypeId::kString ? std::string(in.GetString(i))
                                                     : in.ValueToString(i));
    }
    return out;
  }
  ColumnPtr out = MakeFixedColumn(to, rows);
  if (from.id == TypeId::kString) {
    for (size_t i = 0; i < rows; ++i) {
      if (in.IsNull(i)) {
        out->SetNull(i);
        continue;
      }
      std::string_view text = in.GetString(i);
      // Surrounding blanks are not part of a number.
      while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
      while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
      if (!ParseInto(text, to, out.get(), i))
        ThrowError("invalid input syntax for type {}: \"{}\"", to.ToString(),
                   std::string(in.GetString(i)));
    }
    return out;
  }
  CopyNulls(in, out.get());
  bool nulls = in.HasNulls();
  auto valid = [&](size_t i) { return !nulls || in.IsValid(i); };
  if (to.id == TypeId::kDouble) {
    double divisor =
        from.id == TypeId::kDecimal ? static_cast<double>(kPowersOfTen[from.scale]) : 1.0;
    double* o = out->data<double>();
    for (size_t i = 0; i < rows; ++i)
      if (valid(i)) o[i] = static_cast<double>(ReadInt(in, i)) / divisor;
    return out;
  }
  int from_scale = from.id == TypeId::kDecimal ? from.scale : 0;
  int to_scale = to.id == TypeId::kDecimal ? to.scale : 0;
  if (from.id == TypeId::kDouble) {
    if (to.id == TypeId::kDate || to.id == TypeId::kTimestamp)
      ThrowError("cannot cast double to {}", to.ToString());
    double factor = static_cast<double>(kPowersOfTen[to_scale]);
    for (size_t i = 0; i < rows; ++i) {
      if (!valid(i)) continue;
      double d = in.Get<double>(i);
      int64_t v = to.id == TypeId::kBool ? (d != 0) : DoubleToInt64(d, factor, truncate);
      CheckPrecision(v, to);
      WriteInt(out.get(), i, v);
    }
    return out;
  }
  bool from_time = from.id == TypeId::kDate || from.id == TypeId::kTimestamp;
  bool to_time = to.id == TypeId::kDate || to.id == TypeId::kTimestamp;
  if (from_time || to_time) {
    if (!(from_time && to_time)) ThrowError("cannot cast {} to {}", from.ToString(), to.ToString());
    for (size_t i = 0; i < rows; ++i) {
      int64_t v = ReadInt(in, i);
      if (from.id == TypeId::kTimestamp && to.id == TypeId::kDate)
        v = TimestampToDays(v);
      else if (from.id == TypeId::kDate && to.id == TypeId::kTimestamp)
        v *= kMicrosPerDay;
      WriteInt(out.get(), i, v);
    }
    return out;
  }
  // Integer-like to integer-like with rescaling.
  for (size_t i = 0; i < rows; ++i) {
    if (!valid(i)) continue;
    int64_t v = ReadInt(in, i);
    if (to.id == TypeId::kBool) {
      WriteInt(out.get(), i, v != 0);
      continue;
    }
    if (to_scale > from_scale) {
      if (__builtin_mul_overflow(v, kPowersOfTen[to_scale - from_scale], &v))
        ThrowError("value {} out of range for {}", in.ValueToString(i), to.ToString());
    } else if (to_scale < from_scale) {
      v = to.id == TypeId::kDecimal ? RoundDiv(v, kPowersOfTen[from_scale - to_scale])
                                    : v / kPowersOfTen[from_scale - to_scale];
    }
    CheckPrecision(v, to);
    WriteInt(out.get(), i, v);
  }
  return out;
}

class CastExpr : public BoundExpr {
 public:
  CastExpr(BoundExprPtr child, DataType to, bool truncate)
      : BoundExpr(to), child_(std::move(child)), truncate_(truncate) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    if (a.is_scalar()) {
      if (a.scalar.is_null()) return Datum(Scalar::Null(type()));
      ColumnPtr one = BroadcastScalar(a.scalar, 1);
      return Datum(ColumnScalar(*CastColumn(*one, type(), truncate_), 0));
    }
    return Datum(CastColumn(*a.column, type(), truncate_));
  }

 private:
  BoundExprPtr child_;
  bool truncate_;
};

}  // namespace

BoundExprPtr MakeCastExpr(BoundExprPtr child, DataType type, bool truncate) {
  if (child->type() == type) return child;
  return std::make_shared<CastExpr>(std::move(child), type, truncate);
}

}  // namespace tally
