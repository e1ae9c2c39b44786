#include "exec/optimizer.h"

namespace tally {

PlanPtr Optimize(const PlanPtr& plan) {
  PlanPtr pushed = PushDownSemiJoins(PushDownFilters(FoldConstants(Decorrelate(plan))));
  return PruneColumns(ReduceAggregatesByJoinKeys(ReorderJoins(pushed)));
}

}  // namespace tally
