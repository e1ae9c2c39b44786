#pragma once
// A result computed once and read several times: a CTE (or a view) that a statement reads in
// two places and that is costly to compute (it aggregates). Each place reads it through a scan
// of one SharedPlanSource, with column ids of its own, so the optimizer treats every reference
// like a table (pruning, pushed-down filters, estimates); the shared plan is optimized once, on
// its own. The executor computes it on the first scan that needs it and the source keeps the
// result (in memory within the budget, else spilled) while it lives, for the other scans, also
// those of the statement's subqueries that are computed on their own (a scalar subquery).
// The binder makes new sources for every statement it binds.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "exec/data_source.h"
#include "exec/logical_plan.h"

namespace tally {

class SharedPlanSource : public DataSource {
 public:
  // `name`: what EXPLAIN calls it (the CTE's or view's name). The plan's output names must
  // differ (scans name their columns). `optimize`: whether it runs optimized (exec/optimizer.h:
  // optimized here, once, before any plan that reads it is optimized).
  SharedPlanSource(std::string name, PlanPtr plan, bool optimize = true);

  const std::string& name() const { return name_; }
  // The plan as bound: its output columns (ids, names, types) are the source's columns.
  const PlanPtr& bound() const { return bound_; }
  // The plan as it runs (optimized, unless made with optimize = false).
  const PlanPtr& plan() const { return plan_; }

  const std::shared_ptr<const Schema>& schema() const override { return bound_->schema; }
  std::string Describe() const override { return name_ + " (computed once)"; }
  // The shared plan's estimated rows (cardinality.h), for the estimates of the scans above it.
  int64_t KnownRows() const override { return known_rows_; }
  // Scans of a shared result are run by the executor (it has the query's context); a direct
  // scan is an internal error.
  void Scan(const std::vector<int>& columns, const ExprNode* filter,
            const BatchConsumer& consumer) const override;

  // The result, computed by `compute` on the first call and kept for the later ones until
  // Release (a call made while another computes waits for it; a failed computation is tried
  // again by the next).
  DataSourcePtr Result(const std::function<DataSourcePtr()>& compute) const;
  // Forgets the result (its memory or spill file goes once no scan holds it): the next
  // execution computes it again, from the data as it is then.
  void Release() const;

 private:
  std::string name_;
  PlanPtr bound_;
  PlanPtr plan_;
  int64_t known_rows_ = 0;
  mutable std::mutex mutex_;
  mutable DataSourcePtr result_;
};

// Forgets the results of the shared sources `plan` reads (SharedPlanSource::Release), when it
// lives. A statement's plan keeps them from its first execution (the scalar subqueries computed
// while it is bound) to the end of its main one, not for as long as the plan is kept (a lazy
// DataFrame executed again reads its data again).
class SharedResultsRelease {
 public:
  explicit SharedResultsRelease(const PlanPtr& plan) : plan_(plan) {}
  ~SharedResultsRelease();
  SharedResultsRelease(const SharedResultsRelease&) = delete;
  SharedResultsRelease& operator=(const SharedResultsRelease&) = delete;

 private:
  PlanPtr plan_;
};

// The shared source under a scan, or null.
const SharedPlanSource* SharedSourceOf(const LogicalNode& node);

// `plan` with every shared source replaced by a new one (each once, however often it is read)
// that runs the shared plan as bound, unoptimized (for ExecuteWithoutOptimizer, the optimizer
// tests' reference).
PlanPtr UnoptimizedSharedPlans(const PlanPtr& plan);

// Each distinct shared source in `plan` (and in the shared plans it reads), the innermost first.
std::vector<const SharedPlanSource*> SharedSourcesIn(const LogicalNode& plan);

}  // namespace tally
