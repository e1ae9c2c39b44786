#pragma once
// The logical plan: a front-end-neutral tree of relational operators, one type per operator
// (ScanNode, FilterNode, ...; see LogicalNode). Every output column of a
// node has a column id, unique in the process: a node that makes columns (scan, project,
// aggregate, window, union) gives them new ids, the others pass their inputs' ids on. When a
// node is made, the column names in its expressions are resolved to the ids of its input's
// columns (an unknown or ambiguous name fails there, naming it) and types are checked, so the
// optimizer and executor never look a column up by name: a self-join, two columns of one name
// or a pruned join cannot confuse them. exec/optimizer.h rewrites plans.
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "exec/data_source.h"
#include "exec/expr.h"
#include "exec/window_frame.h"

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
  kUnion,
  kDependentJoin
};
// kInner..kFull: pairs of rows (and the unmatched rows of the outer sides, the other side NULL).
// kSemi / kAnti: the left rows that have a match / none (EXISTS, NOT EXISTS). kMark: every left
// row and a bool column `mark`: true when it has a match, else NULL when its key or a key of the
// right side is NULL (and the right side has rows), else false (SQL's IN). kRightSemi /
// kRightAnti: the right rows that have a match / none: a semi or anti join with its sides
// swapped, so that the hash table is built on the smaller side (the optimizer's choice).
enum class JoinType : uint8_t {
  kInner,
  kLeft,
  kRight,
  kFull,
  kSemi,
  kAnti,
  kMark,
  kRightSemi,
  kRightAnti
};
const char* JoinTypeName(JoinType type);
// Whether the join's output has the right side's columns after the left side's.
inline bool KeepsRightColumns(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight ||
         type == JoinType::kFull;
}
// Whether the join's output is the right side's columns alone.
inline bool KeepsOnlyRightColumns(JoinType type) {
  return type == JoinType::kRightSemi || type == JoinType::kRightAnti;
}

// Sort order of one key. Default NULL placement (as Spark): first when ascending, last when
// descending.
struct SortSpec {
  ExprPtr expr;
  bool ascending = true;
  bool nulls_first = true;
};

struct LogicalNode;
using PlanPtr = std::shared_ptr<const LogicalNode>;
using NodePtr = std::shared_ptr<LogicalNode>;
using ExprRewrite = std::function<ExprPtr(const ExprPtr&)>;

// What every operator has: its kind, inputs and output columns. Each operator is a type of its
// own below (ScanNode, FilterNode, ...) with its own fields; As<T>() is the checked downcast.
struct LogicalNode {
  const PlanKind kind;
  std::vector<PlanPtr> children;
  std::shared_ptr<const Schema> schema;  // output: names (for display) and types
  std::vector<ColumnId> ids;             // output column ids, one per schema field

  virtual ~LogicalNode() = default;
  // A copy of the node (its own type and fields), for a rewrite to change.
  virtual NodePtr Copy() const = 0;
  // Every expression of the node replaced by rewrite(expression) (null ones stay null).
  virtual void RewriteExpressions(const ExprRewrite& rewrite) = 0;
  // The node's expressions (null ones left out), in a fixed order.
  virtual std::vector<ExprPtr> Expressions() const = 0;

  template <typename T>
  const T& As() const {
    TALLY_ASSERT(kind == T::kKind);
    return static_cast<const T&>(*this);
  }
  template <typename T>
  T& As() {
    TALLY_ASSERT(kind == T::kKind);
    return static_cast<T&>(*this);
  }

  // The position of column `id` in the output, or -1.
  int IndexOf(ColumnId id) const;
  std::string ToString(int indent = 0) const;

 protected:
  explicit LogicalNode(PlanKind k) : kind(k) {}
  LogicalNode(const LogicalNode&) = default;
  // The operator and its arguments, one line of ToString.
  virtual std::string Describe() const = 0;
};

// A copy of `plan`, which must be a T, to change.
template <typename T>
std::shared_ptr<T> CopyAs(const PlanPtr& plan) {
  return std::static_pointer_cast<T>(plan->As<T>().Copy());
}

// The common part of the operator types: the kind and the copy.
template <typename Self, PlanKind K>
struct PlanNodeOf : LogicalNode {
  static constexpr PlanKind kKind = K;
  PlanNodeOf() : LogicalNode(K) {}
  NodePtr Copy() const override { return std::make_shared<Self>(static_cast<const Self&>(*this)); }
};

// Reads `columns` (indices into source->schema()) of a source, keeping the rows where `filter`
// (pushed down; may be null) holds.
struct ScanNode : PlanNodeOf<ScanNode, PlanKind::kScan> {
  DataSourcePtr source;
  std::vector<int> columns;
  ExprPtr filter;
  void RewriteExpressions(const ExprRewrite& rewrite) override;
  std::vector<ExprPtr> Expressions() const override;
  std::string Describe() const override;
};

struct FilterNode : PlanNodeOf<FilterNode, PlanKind::kFilter> {
  ExprPtr predicate;
  void RewriteExpressions(const ExprRewrite& rewrite) override;
  std::vector<ExprPtr> Expressions() const override;
  std::string Describe() const override;
};

// One output column per expression.
struct ProjectNode : PlanNodeOf<ProjectNode, PlanKind::kProject> {
  std::vector<ExprPtr> exprs;
  void RewriteExpressions(const ExprRewrite& rewrite) override;
  std::vector<ExprPtr> Expressions() const override;
  std::string Describe() const override;
};

// Output: the group keys, then the aggregates (aggregate calls, each optionally aliased).
struct AggregateNode : PlanNodeOf<AggregateNode, PlanKind::kAggregate> {
  std::vector<ExprPtr> keys;
  std::vector<ExprPtr> aggregates;
  void RewriteExpressions(const ExprRewrite& rewrite) override;
  std::vector<ExprPtr> Expressions() const override;
  std::string Describe() const override;
};

struct SortNode : PlanNodeOf<SortNode, PlanKind::kSort> {
  std::vector<SortSpec> keys;
  void RewriteExpressions(const ExprRewrite& rewrite) override;
  std::vector<ExprPtr> Expressions() const override;
  std::string Describe() const override;
};

// At most `limit` rows (-1: all) after skipping `offset`.
struct LimitNode : PlanNodeOf<LimitNode, PlanKind::kLimit> {
  int64_t limit = 0;
  int64_t offset = 0;
  void RewriteExpressions(const ExprRewrite&) override {}
  std::vector<ExprPtr> Expressions() const override { return {}; }
  std::string Describe() const override;
};

struct DistinctNode : PlanNodeOf<DistinctNode, PlanKind::kDistinct> {
  void RewriteExpressions(const ExprRewrite&) override {}
  std::vector<ExprPtr> Expressions() const override { return {}; }
  std::string Describe() const override { return "Distinct"; }
};

// Pairs where left_keys[i] (over the left input) equals right_keys[i] (over the right) for
// every i (no keys: every pair) and `condition` (over both inputs' columns; may be null) holds.
// Output: the left input's columns, then the right's (kInner..kFull), the mark (kMark), the
// right's only (kRightSemi, kRightAnti) or nothing more (kSemi, kAnti).
struct JoinNode : PlanNodeOf<JoinNode, PlanKind::kJoin> {
  JoinType type = JoinType::kInner;
  std::vector<ExprPtr> left_keys, right_keys;
  ExprPtr condition;
  void RewriteExpressions(const ExprRewrite& rewrite) override;
  std::vector<ExprPtr> Expressions() const override;
  std::string Describe() const override;
};

// Output: the input's columns and `name` = function over (partition_by, order_by) within
// `frame`.
struct WindowNode : PlanNodeOf<WindowNode, PlanKind::kWindow> {
  std::string name;
  ExprPtr function;
  std::vector<ExprPtr> partition_by;
  std::vector<SortSpec> order_by;
  WindowFrame frame;
  void RewriteExpressions(const ExprRewrite& rewrite) override;
  std::vector<ExprPtr> Expressions() const override;
  std::string Describe() const override;
};

// Both inputs' rows, matched by column position.
struct UnionNode : PlanNodeOf<UnionNode, PlanKind::kUnion> {
  void RewriteExpressions(const ExprRewrite&) override {}
  std::vector<ExprPtr> Expressions() const override { return {}; }
  std::string Describe() const override { return "UnionAll"; }
};

// A correlated subquery where its enclosing query (the left input) uses it: the right input
// reads the left's columns through kOuterColumn references, so it stands for one evaluation
// per left row. kExists / kNotExists keep the left rows for which the subquery has a row / has
// none; kScalar adds its first column's value (NULL without a row; more than one row is an
// error). The decorrelation pass (optimizer.h) turns it into joins before anything executes.
enum class SubqueryKind : uint8_t { kExists, kNotExists, kScalar };
struct DependentJoinNode : PlanNodeOf<DependentJoinNode, PlanKind::kDependentJoin> {
  SubqueryKind subquery = SubqueryKind::kExists;
  void RewriteExpressions(const ExprRewrite&) override {}
  std::vector<ExprPtr> Expressions() const override { return {}; }
  std::string Describe() const override;
};

// A new column id.
ColumnId NewColumnId();

// The executor's form of a node's output and of expressions over it: each column is named
// "#<id>", so binding by name finds exactly the column an id names.
std::string PhysicalName(ColumnId id);
std::shared_ptr<const Schema> PhysicalSchema(const LogicalNode& node);
ExprPtr PhysicalExpr(const ExprPtr& expr);
// `expr` with its column names resolved to the ids of `input`'s columns; throws for a name
// that is not there or is there twice, and for an id that `input` does not produce.
ExprPtr ResolveColumns(const ExprPtr& expr, const LogicalNode& input);
// The type of `expr` (resolved against `input` first).
DataType ResultTypeIn(const ExprPtr& expr, const LogicalNode& input);
// A copy of `plan` whose every column has a new id (so that it can meet the original in a
// join); `remap` receives old id -> new id.
PlanPtr Reinstantiate(const PlanPtr& plan, std::map<ColumnId, ColumnId>* remap);
// `expr` with its column ids replaced through `remap` (ids not in it stay).
ExprPtr RemapColumns(const ExprPtr& expr, const std::map<ColumnId, ColumnId>& remap);

PlanPtr MakeScanNode(DataSourcePtr source);
PlanPtr MakeFilterNode(PlanPtr child, ExprPtr predicate);
// Output names must differ unless `unique_names` is false (SQL allows SELECT a, a).
PlanPtr MakeProjectNode(PlanPtr child, std::vector<ExprPtr> exprs, bool unique_names = true);
// `aggregates`: aggregate calls, each optionally aliased. Output: keys, then aggregates.
PlanPtr MakeAggregateNode(PlanPtr child, std::vector<ExprPtr> keys,
                          std::vector<ExprPtr> aggregates);
PlanPtr MakeSortNode(PlanPtr child, std::vector<SortSpec> keys);
// At most `limit` rows (-1: no limit) after the first `offset`.
PlanPtr MakeLimitNode(PlanPtr child, int64_t limit, int64_t offset = 0);
PlanPtr MakeDistinctNode(PlanPtr child);
// A join on left_keys (over left) equal to right_keys (over right) and `condition` (over the
// columns of both; may be null). No keys and no condition is a cross join. When right shares
// column ids with left (the same plan on both sides), right is reinstantiated with new ids first.
PlanPtr MakeJoinNode(PlanPtr left, PlanPtr right, std::vector<ExprPtr> left_keys,
                     std::vector<ExprPtr> right_keys, JoinType type, ExprPtr condition = nullptr);
// The columns a join's condition may read: the left input's, then the right's.
PlanPtr JoinConditionInput(const PlanPtr& left, const PlanPtr& right);
// `function`: a window call (see WindowResultType), optionally aliased.
PlanPtr MakeWindowNode(PlanPtr child, std::string name, ExprPtr function,
                       std::vector<ExprPtr> partition_by, std::vector<SortSpec> order_by,
                       WindowFrame frame = {});
// The type a window function gives for arguments of `args`: rankings and counts int64,
// sum and avg as the aggregate, the others their first argument's type.
DataType WindowResultType(const std::string& name, const std::vector<DataType>& args);
// Columns are matched by position; names come from the left side.
PlanPtr MakeUnionNode(PlanPtr left, PlanPtr right);
// kScalar's value is named `name`.
PlanPtr MakeDependentJoinNode(PlanPtr left, PlanPtr subquery, SubqueryKind kind,
                              const std::string& name = "");
// The enclosing query's columns that `plan` reads (kOuterColumn references anywhere in it).
std::set<ColumnId> OuterColumnsOf(const LogicalNode& plan);

}  // namespace tally
