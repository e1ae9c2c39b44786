#pragma once
// Runs a logical plan on all cores. The plan is cut into pipelines at the operators that need
// all their input (aggregate, sort, window, join build, limit, distinct): each pipeline pushes
// morsels from a parallel source through streaming operators (filter, project, join probe)
// into a sink with per-thread partial state, which is then combined and finalized.
#include "exec/logical_plan.h"
#include "exec/query_context.h"
#include "exec/table.h"

namespace tally {

// The plan's result, whole, run with `context` (nullptr: the process's defaults). In a
// distributed run (the context's communicator has several ranks) every rank executes the plan
// on its share of the input, partial results are exchanged between ranks, and every rank
// returns the same whole result. Collective. Throws QueryCancelled once the context is
// cancelled.
Table Execute(const PlanPtr& plan, QueryContextPtr context = nullptr);
// Execute, keeping the results of the shared plans it computed (exec/shared_plan.h) for a later
// execution of a plan that reads them: the SQL binder's scalar subqueries, computed while the
// statement is bound, share them with the statement's own execution (which then lets them go).
Table ExecuteKeepingShared(const PlanPtr& plan, QueryContextPtr context = nullptr);
// EXPLAIN ANALYZE: runs the optimized plan and returns it as EXPLAIN shows it, each operator
// with the rows it produced and the wall time of its run (see exec/plan_profile.h), then the
// whole execution's rows and time. Collective, like Execute.
std::string ExplainAnalyze(const PlanPtr& plan, QueryContextPtr context = nullptr);
// The plan run as it is, without the optimizer's rewrites: the reference the optimizer's tests
// compare with.
Table ExecuteWithoutOptimizer(const PlanPtr& plan);
// Executes the plan into a source for repeated scans (DataFrame::cache()): held in memory while
// it fits the memory budget, else in a compressed spill file; in a distributed run each rank
// keeps its share of a sharded result.
DataSourcePtr ExecuteToSource(const PlanPtr& plan, QueryContextPtr context = nullptr);

}  // namespace tally
