#pragma once
// The logical plan: a front-end-neutral tree of relational operators over unbound expressions.
// Each node's output schema is resolved when the node is made, so binding errors surface while
// the query is being built. exec/optimizer.h rewrites plans.
#include <memory>
#include <string>
#include <vector>

#include "exec/data_source.h"
#include "exec/expr.h"

namespace tally {

enum class PlanKind : uint8_t {
  kScan,
  kFilter,
  kProject,
  kAggregate,
  kSort,
  kLimit,
  kDistinct,
  kJoin,
  kWindow,
  kUnion
};
enum class JoinType : uint8_t { kInner, kLeft };

// Sort order of one key. Default NULL placement (as Spark): first when ascending, last when
// descending.
struct SortSpec {
  ExprPtr expr;
  bool ascending = true;
  bool nulls_first = true;
};

struct LogicalNode;
using PlanPtr = std::shared_ptr<const LogicalNode>;

struct LogicalNode {
  PlanKind kind = PlanKind::kScan;
  std::vector<PlanPtr> children;
  std::shared_ptr<const Schema> schema;  // output

  // kScan: source columns read (indices into source->schema()), optional pushed-down filter
  DataSourcePtr source;
  std::vector<int> columns;
  ExprPtr filter;
  // kFilter: filter. kProject: exprs. kAggregate: exprs = group keys, aggregates.
  std::vector<ExprPtr> exprs;
  std::vector<ExprPtr> aggregates;
  // kSort
  std::vector<SortSpec> sort_keys;
  // kLimit
  int64_t limit = 0;
  // kJoin: key column names present on both sides
  JoinType join_type = JoinType::kInner;
  std::vector<std::string> join_keys;
  // kWindow: output column `window_name` = window_function over (partition_by, sort_keys)
  std::string window_name;
  ExprPtr window_function;
  std::vector<ExprPtr> partition_by;

  std::string ToString(int indent = 0) const;
};

PlanPtr MakeScanNode(DataSourcePtr source);
PlanPtr MakeFilterNode(PlanPtr child, ExprPtr predicate);
PlanPtr MakeProjectNode(PlanPtr child, std::vector<ExprPtr> exprs);
// `aggregates`: aggregate calls, each optionally aliased. Output: keys, then aggregates.
PlanPtr MakeAggregateNode(PlanPtr child, std::vector<ExprPtr> keys,
                          std::vector<ExprPtr> aggregates);
PlanPtr MakeSortNode(PlanPtr child, std::vector<SortSpec> keys);
PlanPtr MakeLimitNode(PlanPtr child, int64_t limit);
PlanPtr MakeDistinctNode(PlanPtr child);
// Output: the keys (left's values), then left's other columns, then right's other columns
// (renamed with a "_right" suffix when the name is taken).
PlanPtr MakeJoinNode(PlanPtr left, PlanPtr right, std::vector<std::string> keys, JoinType type);
PlanPtr MakeWindowNode(PlanPtr child, std::string name, ExprPtr function,
                       std::vector<ExprPtr> partition_by, std::vector<SortSpec> order_by);
// Columns are matched by position; names come from the left side.
PlanPtr MakeUnionNode(PlanPtr left, PlanPtr right);

}  // namespace tally
