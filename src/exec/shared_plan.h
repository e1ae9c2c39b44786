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
  // differ (scans name their columns). `optimize`: whether it runs optimized.
  SharedPlanSource(std::string name, PlanPtr plan, bool optimize = true);

  const std::string& name() const { return name_; }
  // The plan as it runs: optimized (exec/optimizer.h) on the first call.
  PlanPtr plan() const;

  const std::shared_ptr<const Schema>& schema() const override { return plan_->schema; }
  std::string Describe() const override { return name_ + " (computed once)"; }
  // The shared plan's estimated rows (cardinality.h), for the estimates of the scans above it.
  int64_t KnownRows() const override;
  // Scans of a shared result are run by the executor (it has the query's context); a direct
  // scan is an internal error.
  void Scan(const std::vector<int>& columns, const ExprNode* filter,
            const BatchConsumer& consumer) const override;

  // The result, computed by `compute` on the first call and kept for the later ones (a call
  // made while another computes waits for it; a failed computation is tried again by the next).
  DataSourcePtr Result(const std::function<DataSourcePtr()>& compute) const;

 private:
  std::string name_;
  mutable PlanPtr plan_;
  mutable bool optimize_;
  mutable std::mutex mutex_;
  mutable DataSourcePtr result_;
};

// The shared source under a scan, or null.
const SharedPlanSource* SharedSourceOf(const LogicalNode& node);

// `plan` with every shared source replaced by a new one (each once, however often it is read)
// that runs the shared plan as bound, unoptimized, and keeps a result of its own (for
// ExecuteWithoutOptimizer, the optimizer tests' reference).
PlanPtr UnoptimizedSharedPlans(const PlanPtr& plan);

// Each distinct shared source in `plan` (and in the shared plans it reads), the innermost first.
std::vector<const SharedPlanSource*> SharedSourcesIn(const LogicalNode& plan);

}  // namespace tally
