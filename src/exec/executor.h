#pragma once
// Runs a logical plan on all cores. The plan is cut into pipelines at the operators that need
// all their input (aggregate, sort, window, join build, limit, distinct): each pipeline pushes
// morsels from a parallel source through streaming operators (filter, project, join probe)
// into a sink with per-thread partial state, which is then combined and finalized.
#include "exec/logical_plan.h"
#include "exec/table.h"

namespace tally {

// The plan's result, whole. In a distributed run (CurrentCommunicator() has several ranks)
// every rank executes the plan on its share of the input, partial results are exchanged
// between ranks, and every rank returns the same whole result. Collective.
Table Execute(const PlanPtr& plan);
// Like Execute, but in a distributed run a result that is sharded between ranks is left so:
// *sharded tells whether this rank got only its share (for caching without gathering).
Table ExecuteLocal(const PlanPtr& plan, bool* sharded);

}  // namespace tally
