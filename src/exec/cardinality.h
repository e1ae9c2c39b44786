#pragma once
// Row estimates of plan nodes, for the optimizer's join order and for explain(). Scans know
// their row counts where the source does (Parquet footers, data in memory; a CSV file is
// guessed from its size); the other operators apply the classic fixed selectivities (an
// equality keeps 10% of the rows, a range a third, anything else half), a grouping keeps a
// tenth of its input, and an equi-join on keys gives as many rows as its larger side (a foreign
// key meets its primary key) or, where the keys' distinct counts are known, |L| x |R| / the
// larger count.
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "exec/logical_plan.h"

namespace tally {

double EstimateRows(const LogicalNode& node);

// While one lives (on this thread), estimates are remembered by node, so that a caller that
// estimates many plans sharing subtrees (join ordering) computes each subtree once. The nodes
// estimated must outlive it (the memory is keyed by address).
class EstimateCache {
 public:
  EstimateCache();
  ~EstimateCache();
  EstimateCache(const EstimateCache&) = delete;
  EstimateCache& operator=(const EstimateCache&) = delete;

 private:
  bool owner_;
  std::unordered_map<const LogicalNode*, double> rows_;
};
// The number of distinct values of output column `id` of `node`: from a scan's statistics (an
// integer or date column has at most max - min + 1), through the operators above it; at most
// the node's rows.
double EstimateDistinct(const LogicalNode& node, ColumnId id);
// The fraction of rows a predicate is guessed to keep.
double Selectivity(const ExprNode& predicate);
// A row count for people: "1,234,567".
std::string WithThousands(double rows);
// Something to add after a node's line (EXPLAIN ANALYZE's measured rows and time).
using NodeNote = std::function<std::string(const LogicalNode&)>;
// The plan as ToString() prints it, each line ending with its estimate: "  (~1,234 rows)".
std::string ExplainWithEstimates(const PlanPtr& plan, const NodeNote& note = {});

}  // namespace tally
