#include "exec/optimizer.h"

namespace tally {

PlanPtr Optimize(const PlanPtr& plan) {
  return PruneColumns(ReorderJoins(PushDownSemiJoins(PushDownFilters(FoldConstants(plan)))));
}

}  // namespace tally
