#pragma once
// The optimizer: separate passes, each a rewrite of the logical plan that keeps its result.
// Optimize() runs them in order; each can also run alone (the tests compare the plan before and
// after, and the results of both).
#include "exec/logical_plan.h"

namespace tally {

// Turns each correlated subquery (DependentJoinNode) into joins: the subquery is computed once
// for all the values of the enclosing query's columns it reads, each result row carrying the
// value it belongs to, and joined on it (a semi or anti join for EXISTS and NOT EXISTS, a left
// join for a scalar subquery, whose count over no rows stays 0). Where the subquery's filter
// equates each of those columns with a column of its own, that column carries the value and
// the join is direct; correlated conditions at the top of an EXISTS become the join's
// condition. Runs first: no other pass or the executor sees a correlated reference.
PlanPtr Decorrelate(const PlanPtr& plan);

// Evaluates constant sub-expressions once (`lit(2) * 3` becomes `6`), drops conjuncts that are
// constant true and filters left with nothing to test. A constant that cannot be computed (an
// overflow behind a guard) is left for run time, where only the rows that reach it count.
PlanPtr FoldConstants(const PlanPtr& plan);

// Moves each conjunct of a filter as close to the scans as it can go: through projections (the
// projected expressions are substituted), sorts and distinct; through an aggregation when it
// tests only grouping keys; through a window when it tests only partition keys; into both sides
// of a union; through joins into the side whose columns it reads (a key condition into both;
// into the null-extended side of a left join never), and into scans, where row groups are
// skipped by their statistics. Conjuncts of one filter may then run in another order, as the
// conditions of a WHERE clause may in PostgreSQL; a guard inside one expression (CASE, or an AND
// below an OR) still holds.
PlanPtr PushDownFilters(const PlanPtr& plan);

// Moves each semi and anti join (IN, EXISTS and their negations, decorrelated) below the
// projections, filters and joins under it onto the input whose columns its keys read: through
// inner joins into either side, through left joins into the preserved side. The rows it rules
// out then never enter those joins (TPC-H q18 joined 6 million lineitem rows to keep 350).
PlanPtr PushDownSemiJoins(const PlanPtr& plan);

// An aggregation grouped by its side's keys of a join that drops unmatched groups (a
// decorrelated subquery) reads only the rows whose keys the join's other side has: its input is
// semi-joined with the part of the other side that provides the keys, when that part is
// estimated at most a quarter of the input (TPC-H q17, q20).
PlanPtr ReduceAggregatesByJoinKeys(const PlanPtr& plan);

// Rebuilds each tree of inner joins left-deep from its inputs and predicates: the largest input
// (cardinality.h) is probed, and each step joins the smallest input connected to the joined
// ones by a predicate, so hash tables are built on small sides and predicates keep cross
// products out. The columns keep their order and ids.
PlanPtr ReorderJoins(const PlanPtr& plan);

// Keeps only the columns someone reads; scans decode only those.
PlanPtr PruneColumns(const PlanPtr& plan);

// Decorrelate, FoldConstants, PushDownFilters, PushDownSemiJoins, ReorderJoins,
// ReduceAggregatesByJoinKeys, PruneColumns. (A shared plan, exec/shared_plan.h, is optimized on its
// own, once.)
PlanPtr Optimize(const PlanPtr& plan);

}  // namespace tally
