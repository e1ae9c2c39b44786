#include "exec/optimizer.h"

namespace tally {

PlanPtr Optimize(const PlanPtr& plan) {
  return PruneColumns(PushDownFilters(FoldConstants(plan)));
}

}  // namespace tally
