#include "exec/kernel_util.h"

#include "common/error.h"

namespace tally {

void PropagateNulls(const std::vector<const Datum*>& inputs, Column* out) {
  size_t rows = out->size();
  for (const Datum* d : inputs) {
    if (d->is_scalar()) {
      if (d->scalar.is_null())
        for (size_t i = 0; i < rows; ++i) out->SetNull(i);
    } else {
      CopyNulls(*d->column, out);
    }
  }
}

namespace {

template <typename T>
void WidenInto(const T* src, size_t rows, int64_t multiplier, const Column* column, int64_t* dst) {
  if (multiplier == 1) {
    for (size_t i = 0; i < rows; ++i) dst[i] = static_cast<int64_t>(src[i]);
    return;
  }
  bool overflow = false;
  for (size_t i = 0; i < rows; ++i)
    overflow |= __builtin_mul_overflow(static_cast<int64_t>(src[i]), multiplier, &dst[i]);
  if (overflow) {
    for (size_t i = 0; i < rows; ++i) {
      int64_t unused;
      if ((column == nullptr || column->IsValid(i)) &&
          __builtin_mul_overflow(static_cast<int64_t>(src[i]), multiplier, &unused))
        ThrowError("numeric overflow rescaling value {}", static_cast<int64_t>(src[i]));
    }
  }
}

}  // namespace

Values<int64_t> ToInt64Values(const Datum& d, int64_t multiplier, size_t rows) {
  Values<int64_t> v;
  if (d.is_scalar()) {
    v.scalar = true;
    int64_t value = 0;
    if (!d.scalar.is_null()) {
      int64_t raw =
          d.scalar.type().id == TypeId::kBool ? d.scalar.bool_value() : d.scalar.int_value();
      if (__builtin_mul_overflow(raw, multiplier, &value))
        ThrowError("numeric overflow rescaling value {}", raw);
    }
    v.buffer.assign(1, value);
    v.data = v.buffer.data();
    return v;
  }
  const Column& c = *d.column;
  size_t width = c.type().FixedWidth();
  TALLY_ASSERT(c.type().id != TypeId::kDouble && c.type().id != TypeId::kString);
  if (width == 8 && multiplier == 1) {
    v.data = c.data<int64_t>();
    return v;
  }
  v.buffer.resize(rows);
  if (width == 8)
    WidenInto(c.data<int64_t>(), rows, multiplier, &c, v.buffer.data());
  else if (width == 4)
    WidenInto(c.data<int32_t>(), rows, multiplier, &c, v.buffer.data());
  else
    WidenInto(c.data<uint8_t>(), rows, multiplier, &c, v.buffer.data());
  v.data = v.buffer.data();
  return v;
}

Values<double> ToDoubleValues(const Datum& d, size_t rows) {
  Values<double> v;
  const DataType& type = d.is_scalar() ? d.scalar.type() : d.column->type();
  if (d.is_scalar()) {
    v.scalar = true;
    v.buffer.assign(1, d.scalar.is_null() ? 0.0 : d.scalar.ToDouble());
    v.data = v.buffer.data();
    return v;
  }
  const Column& c = *d.column;
  if (type.id == TypeId::kDouble) {
    v.data = c.data<double>();
    return v;
  }
  v.buffer.resize(rows);
  double* out = v.buffer.data();
  switch (type.id) {
    case TypeId::kInt32:
    case TypeId::kDate: {
      const int32_t* s = c.data<int32_t>();
      for (size_t i = 0; i < rows; ++i) out[i] = s[i];
      break;
    }
    case TypeId::kDecimal: {
      const int64_t* s = c.data<int64_t>();
      double divisor = static_cast<double>(kPowersOfTen[type.scale]);
      for (size_t i = 0; i < rows; ++i) out[i] = static_cast<double>(s[i]) / divisor;
      break;
    }
    case TypeId::kBool: {
      const uint8_t* s = c.data<uint8_t>();
      for (size_t i = 0; i < rows; ++i) out[i] = s[i];
      break;
    }
    case TypeId::kInt64:
    case TypeId::kTimestamp: {
      const int64_t* s = c.data<int64_t>();
      for (size_t i = 0; i < rows; ++i) out[i] = static_cast<double>(s[i]);
      break;
    }
    default:
      ThrowError("cannot use a {} value as a number", type.ToString());
  }
  v.data = out;
  return v;
}

}  // namespace tally
