#pragma once
// Window functions over partitions in order. The input is sorted by (partition keys, order
// keys) with SortRows, an external sort past the memory budget. row_number, lag and lead (no
// default) are evaluated one batch at a time with a few rows of context from the batches around
// it, so they hold a batch or two whatever the input size. The other functions (rankings,
// frames, aggregates; window_partition.h) need a whole partition at once: partitions are
// evaluated several at a time, and one partition is held in memory whole.
#include <functional>
#include <memory>

#include "exec/logical_plan.h"
#include "exec/stream.h"

namespace tally {

// `window`: a window node (its function, partition_by and order_by); `schema`: its output
// (the input's columns, then the function's column). Hands the rows to `consumer` in order.
void EvaluateWindow(const Stream& input, const WindowNode& window,
                    std::shared_ptr<const Schema> schema,
                    const std::function<void(Batch&&)>& consumer);

}  // namespace tally
