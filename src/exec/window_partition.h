#pragma once
// One window function over one partition: the partition's rows are in the window's order, and
// rows with equal ORDER BY keys (peers) have the same peer-group number. Every function of SQL's
// window set is here: rankings (row_number, rank, dense_rank, percent_rank, cume_dist, ntile),
// offsets (lag, lead with a default), frame values (first_value, last_value, nth_value) and
// aggregates over the frame (count, sum, avg, min, max).
#include <cstdint>
#include <vector>

#include "exec/expr.h"
#include "exec/window_frame.h"
#include "vector/column.h"

namespace tally {

struct WindowPartition {
  size_t rows = 0;
  std::vector<uint32_t> peer;   // peer group of each row: 0, 0, 1, 2, 2, ... (non-decreasing)
  std::vector<ColumnPtr> args;  // the function's arguments, evaluated over the partition
};

// `function`: a kWindow call (name, param); `type`: its result type (WindowResultType).
ColumnPtr EvaluateWindowPartition(const ExprNode& function, const DataType& type,
                                  const WindowFrame& frame, const WindowPartition& partition);

}  // namespace tally
