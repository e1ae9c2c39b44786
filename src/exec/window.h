#pragma once
// Window functions (row_number, lag, lead) over partitions in order. The input is sorted by
// (partition keys, order keys) with SortRows, an external sort past the memory budget, and the
// sorted rows are evaluated one batch at a time with a few rows of context from the batches
// around it (the rows before carry lag values and row numbers, the rows after lead values), so
// the operator holds a batch or two whatever the input size.
#include <functional>
#include <memory>

#include "exec/logical_plan.h"
#include "exec/stream.h"

namespace tally {

// `window`: a kWindow node (its function, partition_by and sort_keys); `schema`: its output
// (the input's columns, then the function's column). Hands the rows to `consumer` in order.
void EvaluateWindow(const Stream& input, const LogicalNode& window,
                    std::shared_ptr<const Schema> schema,
                    const std::function<void(Batch&&)>& consumer);

}  // namespace tally
