#pragma once
// Sorting a stream's rows: in memory within the memory budget; past it, an external merge sort
// (input is gathered until it would pass the budget, sorted and written out as a run to a
// spill file; at the end the runs are merged, ties going to the earlier run). The in-memory
// sort is stable; once it spills, runs hold batches in the order they arrived, which with
// parallel input is not always their sequence order, so ties may leave input order.
#include <functional>
#include <memory>
#include <vector>

#include "exec/logical_plan.h"
#include "exec/sort_keys.h"
#include "exec/stream.h"

namespace tally {

// The sort key columns of `specs` over `all` (the evaluated columns are kept in keep_alive).
std::vector<SortKeyColumn> EvaluateSortKeys(const std::vector<SortSpec>& specs, const Batch& all,
                                            std::vector<ColumnPtr>* keep_alive);

// Hands the input's rows, sorted by `specs`, to `consumer` in order, one batch after another,
// from the calling thread.
void SortRows(const Stream& input, const std::vector<SortSpec>& specs,
              std::shared_ptr<const Schema> schema, const std::function<void(Batch&&)>& consumer);

}  // namespace tally
