#pragma once
// Holistic aggregates of a global aggregation (no group keys) past the memory budget. Hash
// partitioning cannot split one group, so the argument's values are sorted instead (an
// external sort past the budget) and the result is read off the sorted stream: the element at
// a rank for quantiles, the longest run for the mode, the number of runs for count_distinct.
// Results equal the in-memory states' (aggregate_holistic.h, aggregate_count_distinct.h).
#include "exec/aggregate_function.h"
#include "exec/bound_expr.h"
#include "exec/stream.h"

namespace tally {

// count_distinct, median, quantile_element, quantile_interp, mode.
bool IsHolistic(const AggregateFunction& function);

// The one-row result of `function` over `argument` evaluated on every row of `input`.
ColumnPtr HolisticBySorting(const Stream& input, const BoundExpr& argument,
                            const AggregateFunction& function);

}  // namespace tally
