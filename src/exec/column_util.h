#pragma once
// Column helpers shared by expression kernels and operators: building fixed-width outputs,
// broadcasting scalars, gathering rows (with "no row" = NULL), concatenating batches.
#include <cstdint>
#include <vector>

#include "common/scalar.h"
#include "vector/batch.h"
#include "vector/column.h"

namespace tally {

inline constexpr uint32_t kNoRow = UINT32_MAX;

// A fixed-width column of `rows` rows (all valid, zeroed) ready to be written via data<T>().
ColumnPtr MakeFixedColumn(DataType type, size_t rows);
// `rows` copies of a scalar (NULL scalars give an all-NULL column).
ColumnPtr BroadcastScalar(const Scalar& value, size_t rows);
// Row `row` of a column as a Scalar.
Scalar ColumnScalar(const Column& column, size_t row);
// Rows at `rows` in order; kNoRow gives NULL. Dictionary columns keep their dictionary.
ColumnPtr GatherRows(const Column& column, const uint32_t* rows, size_t count);
// One column from several of the same type (dictionaries are kept when all share one).
ColumnPtr ConcatColumns(const std::vector<ColumnPtr>& parts, DataType type);
// One batch from several batches of one schema.
Batch ConcatBatches(const std::vector<Batch>& batches, std::shared_ptr<const Schema> schema);
// Marks row i of `out` NULL wherever `in` is NULL (both of the same length).
void CopyNulls(const Column& in, Column* out);
// Splits a large batch into slices of at most `rows` rows.
std::vector<Batch> SplitBatch(const Batch& batch, size_t rows);
// The fields of `schema` at `columns`, in that order.
std::shared_ptr<const Schema> ProjectSchema(const Schema& schema, const std::vector<int>& columns);

}  // namespace tally
