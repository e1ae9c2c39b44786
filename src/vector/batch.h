#pragma once
// A batch of rows: one column vector per schema field, all of the same length. Operators pass
// batches of a few thousand to ~64K rows ("morsels") between each other.
#include <memory>
#include <vector>

#include "common/types.h"
#include "vector/column.h"

namespace tally {

// Rows per batch. Measured with bench/batch_size.sh, which builds tally with
// -DTALLY_BATCH_ROWS=2048, 8192, 16384 and 65536 and times the report side by side: see the
// README for the figures and the choice.
#ifndef TALLY_BATCH_ROWS
#define TALLY_BATCH_ROWS 65536
#endif
inline constexpr size_t kDefaultBatchRows = TALLY_BATCH_ROWS;

// Rows per batch for a schema: kDefaultBatchRows, fewer for wide rows so that one batch of a
// table with thousands of columns stays within a few megabytes per column set.
size_t BatchRowsFor(const Schema& schema);

// Rows of a batch's columns, in order.
using Selection = std::shared_ptr<const std::vector<uint32_t>>;

struct Batch {
  std::shared_ptr<const Schema> schema;
  std::vector<ColumnPtr> columns;
  size_t num_rows = 0;
  // When set, the batch's rows are these rows of its columns (num_rows == selection->size()):
  // a filter hands on which rows pass instead of copying every column, and the operators above
  // it that read columns through expressions copy only the columns they read (Compacted).
  // Only streams built to allow it carry selections; every other operator sees none.
  Selection selection;

  Batch() = default;
  Batch(std::shared_ptr<const Schema> s, std::vector<ColumnPtr> cols, size_t rows)
      : schema(std::move(s)), columns(std::move(cols)), num_rows(rows) {}

  // Empty columns of the schema's types, ready to be appended to.
  static Batch Empty(std::shared_ptr<const Schema> schema);
  const ColumnPtr& column(size_t i) const { return columns[i]; }
  size_t num_columns() const { return columns.size(); }
  size_t MemoryBytes() const;
  // The row of the columns that is row `i` of the batch.
  uint32_t ColumnRow(size_t i) const {
    return selection ? (*selection)[i] : static_cast<uint32_t>(i);
  }
};

// `batch` without a selection: each column holding exactly the batch's rows. With `used`, only
// the columns marked in it are copied and the others are left empty (for an operator that
// reads no others).
Batch Compacted(Batch batch, const std::vector<uint8_t>* used = nullptr);
// The selection of rows `rows` (positions in `batch`) of batch's columns.
Selection SelectRows(const Batch& batch, std::vector<uint32_t> rows);

using BatchPtr = std::shared_ptr<Batch>;

}  // namespace tally
