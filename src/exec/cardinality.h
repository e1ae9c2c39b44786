#pragma once
// Row estimates of plan nodes, for the optimizer's join order and for explain(). Scans know
// their row counts where the source does (Parquet footers, data in memory; a CSV file is
// guessed from its size); the other operators apply the classic fixed selectivities (an
// equality keeps 10% of the rows, a range a third, anything else half), a grouping keeps a
// tenth of its input, and an equi-join on keys gives as many rows as its larger side (a foreign
// key meets its primary key).
#include <string>

#include "exec/logical_plan.h"

namespace tally {

double EstimateRows(const LogicalNode& node);
// The fraction of rows a predicate is guessed to keep.
double Selectivity(const ExprNode& predicate);
// The plan as ToString() prints it, each line ending with its estimate: "  (~1,234 rows)".
std::string ExplainWithEstimates(const PlanPtr& plan);

}  // namespace tally
