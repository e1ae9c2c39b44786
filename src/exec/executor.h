#pragma once
// Runs a logical plan on all cores. The plan is cut into pipelines at the operators that need
// all their input (aggregate, sort, window, join build, limit, distinct): each pipeline pushes
// morsels from a parallel source through streaming operators (filter, project, join probe)
// into a sink with per-thread partial state, which is then combined and finalized.
#include "exec/logical_plan.h"
#include "exec/table.h"

namespace tally {

Table Execute(const PlanPtr& plan);

}  // namespace tally
