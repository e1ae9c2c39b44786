#pragma once
// Internal helpers of the expression kernels: typed views of datums with scalar broadcast,
// numeric conversions and null propagation.
#include <cstdint>
#include <vector>

#include "exec/bound_expr.h"
#include "exec/column_util.h"

namespace tally {

// A typed array of `rows` values, or one value repeated (scalar).
template <typename T>
struct Values {
  std::vector<T> buffer;
  const T* data = nullptr;
  bool scalar = false;
  T operator[](size_t i) const { return scalar ? data[0] : data[i]; }
};

// The number of rows kernels compute: 1 when every input is a scalar (result is a scalar).
inline size_t RowsFor(const std::vector<const Datum*>& inputs, size_t batch_rows) {
  for (const Datum* d : inputs)
    if (!d->is_scalar()) return batch_rows;
  return 1;
}
inline bool AllScalar(const std::vector<const Datum*>& inputs) {
  for (const Datum* d : inputs)
    if (!d->is_scalar()) return false;
  return true;
}
// Wraps a computed column as the result (a scalar when all inputs were scalars).
inline Datum Finish(ColumnPtr column, bool all_scalar) {
  if (all_scalar) return Datum(ColumnScalar(*column, 0));
  return Datum(std::move(column));
}

inline bool DatumIsNull(const Datum& d, size_t i) {
  return d.is_scalar() ? d.scalar.is_null() : d.column->IsNull(i);
}
inline bool DatumHasNulls(const Datum& d) {
  return d.is_scalar() ? d.scalar.is_null() : d.column->HasNulls();
}

// NULL where any input is NULL.
void PropagateNulls(const std::vector<const Datum*>& inputs, Column* out);

// Numbers as int64 multiplied by `multiplier` (int32/int64/decimal/date/timestamp/bool);
// throws on overflow of a valid value.
Values<int64_t> ToInt64Values(const Datum& d, int64_t multiplier, size_t rows);
// Numbers as double (decimals scaled down).
Values<double> ToDoubleValues(const Datum& d, size_t rows);
// Raw fixed-width values (no conversion).
template <typename T>
Values<T> RawValues(const Datum& d) {
  Values<T> v;
  if (d.is_scalar()) {
    v.scalar = true;
    T value{};
    if (!d.scalar.is_null()) {
      if constexpr (std::is_same_v<T, double>)
        value = d.scalar.double_value();
      else if constexpr (std::is_same_v<T, uint8_t>)
        value = d.scalar.bool_value() ? 1 : 0;
      else
        value = static_cast<T>(d.scalar.int_value());
    }
    v.buffer.assign(1, value);
    v.data = v.buffer.data();
  } else {
    v.data = d.column->data<T>();
  }
  return v;
}

// Applies `op(a[i], b[i])` into out[0..rows), with fast loops for scalar operands.
template <typename A, typename B, typename R, typename Op>
void BinaryLoop(const Values<A>& a, const Values<B>& b, R* out, size_t rows, Op op) {
  if (!a.scalar && !b.scalar) {
    const A* x = a.data;
    const B* y = b.data;
    for (size_t i = 0; i < rows; ++i) out[i] = op(x[i], y[i]);
  } else if (a.scalar && !b.scalar) {
    A x = a.data[0];
    const B* y = b.data;
    for (size_t i = 0; i < rows; ++i) out[i] = op(x, y[i]);
  } else if (!a.scalar && b.scalar) {
    const A* x = a.data;
    B y = b.data[0];
    for (size_t i = 0; i < rows; ++i) out[i] = op(x[i], y);
  } else {
    R v = op(a.data[0], b.data[0]);
    for (size_t i = 0; i < rows; ++i) out[i] = v;
  }
}

}  // namespace tally
