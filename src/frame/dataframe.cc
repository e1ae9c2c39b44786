#include "frame/dataframe.h"

#include <set>

#include "common/error.h"
#include "exec/bound_expr.h"
#include "exec/cardinality.h"
#include "exec/executor.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

std::vector<ExprPtr> Nodes(const std::vector<Expr>& exprs) {
  std::vector<ExprPtr> out;
  for (const auto& e : exprs) out.push_back(e.node());
  return out;
}

// Replaces every aggregate call inside `e` by a reference to a hidden column, collecting the
// calls, so `sum(a) / count(b)` becomes an Aggregate of sum(a), count(b) plus a projection.
ExprPtr ExtractAggregates(const ExprPtr& e, std::vector<ExprPtr>* calls) {
  if (e->kind == ExprKind::kAggregate) {
    std::string name = "__agg" + std::to_string(calls->size());
    calls->push_back(MakeAlias(e, name));
    return MakeColumnRef(name);
  }
  if (e->args.empty()) return e;
  auto copy = std::make_shared<ExprNode>(*e);
  for (auto& a : copy->args) a = ExtractAggregates(a, calls);
  return copy;
}

PlanPtr PlanAggregate(const PlanPtr& input, const std::vector<Expr>& keys,
                      const std::vector<Expr>& aggregates) {
  bool simple = true;
  for (const auto& a : aggregates)
    if (StripAlias(*a.node()).kind != ExprKind::kAggregate) simple = false;
  if (simple) return MakeAggregateNode(input, Nodes(keys), Nodes(aggregates));
  std::vector<ExprPtr> calls, outputs;
  for (const auto& k : keys) outputs.push_back(MakeColumnRef(k.node()->OutputName()));
  for (const auto& a : aggregates) {
    if (!ContainsAggregate(*a.node()))
      ThrowError("{} in agg() is not an aggregate", a.node()->ToString());
    ExprPtr rewritten = ExtractAggregates(a.node(), &calls);
    outputs.push_back(MakeAlias(rewritten, a.node()->OutputName()));
  }
  PlanPtr agg = MakeAggregateNode(input, Nodes(keys), calls);
  return MakeProjectNode(agg, outputs);
}

}  // namespace

DataFrame DataFrame::FromTable(Table t) {
  return DataFrame(MakeScanNode(MakeMemorySource(t.schema(), t.batches())));
}

DataFrame DataFrame::ReadParquet(std::vector<std::string> paths) {
  return DataFrame(MakeScanNode(MakeParquetSource(std::move(paths))));
}

DataFrame DataFrame::ReadCsv(std::string path, std::shared_ptr<const Schema> schema,
                             CsvOptions format) {
  return DataFrame(
      MakeScanNode(MakeCsvSource(std::move(path), std::move(schema), std::move(format))));
}

DataFrame DataFrame::filter(Expr predicate) const {
  return DataFrame(MakeFilterNode(plan_, predicate.node()));
}

DataFrame DataFrame::select(std::vector<Expr> exprs) const {
  return DataFrame(MakeProjectNode(plan_, Nodes(exprs)));
}

DataFrame DataFrame::with_column(std::string name, Expr e) const {
  std::vector<ExprPtr> exprs;
  bool replaced = false;
  for (const auto& f : schema()->fields()) {
    if (f.name == name) {
      exprs.push_back(MakeAlias(e.node(), name));
      replaced = true;
    } else {
      exprs.push_back(MakeColumnRef(f.name));
    }
  }
  if (!replaced) exprs.push_back(MakeAlias(e.node(), name));
  return DataFrame(MakeProjectNode(plan_, exprs));
}

GroupedData DataFrame::group_by(std::vector<Expr> keys) const {
  if (keys.empty())
    ThrowError("group_by needs at least one key (use agg() for a global aggregate)");
  for (const auto& k : keys) ResultTypeIn(k.node(), *plan_);
  return GroupedData(plan_, std::move(keys));
}

DataFrame GroupedData::agg(std::vector<Expr> aggregates) const {
  return DataFrame(PlanAggregate(plan_, keys_, aggregates));
}

DataFrame DataFrame::agg(std::vector<Expr> aggregates) const {
  return DataFrame(PlanAggregate(plan_, {}, aggregates));
}

DataFrame DataFrame::order_by(std::vector<SortKey> keys) const {
  std::vector<SortSpec> specs;
  for (const auto& k : keys) specs.push_back({k.expr.node(), k.ascending, k.nulls_first});
  return DataFrame(MakeSortNode(plan_, specs));
}

DataFrame DataFrame::limit(int64_t n) const {
  return DataFrame(MakeLimitNode(plan_, n));
}

DataFrame DataFrame::distinct() const {
  return DataFrame(MakeDistinctNode(plan_));
}

DataFrame DataFrame::join(const DataFrame& right, std::vector<std::string> keys,
                          JoinType type) const {
  if (keys.empty()) ThrowError("join needs at least one key column");
  std::vector<ExprPtr> left_keys, right_keys;
  for (const auto& k : keys) {
    if (schema()->IndexOf(k) < 0) ThrowError("join key \"{}\" is not a column of the left side", k);
    if (right.schema()->IndexOf(k) < 0)
      ThrowError("join key \"{}\" is not a column of the right side", k);
    left_keys.push_back(MakeColumnRef(k));
    right_keys.push_back(MakeColumnRef(k));
  }
  PlanPtr join = MakeJoinNode(plan_, right.plan_, left_keys, right_keys, type);
  // Semi and anti joins keep the left's columns only.
  if (!KeepsRightColumns(type)) return DataFrame(join);
  // As SQL's USING: each key once, the left's other columns, then the right's (renamed with a
  // "_right" suffix when the name is taken). The key is the left's, the right's in a right
  // join, and the one present (COALESCE) in a full join.
  std::set<std::string> key_names(keys.begin(), keys.end());
  std::set<std::string> taken(keys.begin(), keys.end());
  std::vector<ExprPtr> outputs;
  size_t left_count = schema()->size();
  for (const auto& k : keys) {
    ExprPtr l = MakeColumnRef(k, join->ids[static_cast<size_t>(schema()->IndexOf(k))]);
    ExprPtr r =
        MakeColumnRef(k, join->ids[left_count + static_cast<size_t>(right.schema()->IndexOf(k))]);
    if (type == JoinType::kRight)
      outputs.push_back(r);
    else if (type == JoinType::kFull)
      outputs.push_back(MakeAlias(MakeCall("coalesce", {l, r}), k));
    else
      outputs.push_back(l);
  }
  for (size_t i = 0; i < left_count; ++i) {
    const std::string& name = schema()->field(i).name;
    if (key_names.count(name)) continue;
    outputs.push_back(MakeColumnRef(name, join->ids[i]));
    taken.insert(name);
  }
  for (size_t i = 0; i < right.schema()->size(); ++i) {
    const std::string& name = right.schema()->field(i).name;
    if (key_names.count(name)) continue;
    std::string output = name;
    while (taken.count(output)) output += "_right";
    taken.insert(output);
    ExprPtr column = MakeColumnRef(name, join->ids[left_count + i]);
    outputs.push_back(output == name ? column : MakeAlias(column, output));
  }
  return DataFrame(MakeProjectNode(join, outputs));
}

DataFrame DataFrame::join_on(const DataFrame& right, Expr condition, JoinType type) const {
  std::set<ColumnId> left_ids(plan_->ids.begin(), plan_->ids.end());
  std::set<ColumnId> right_ids(right.plan_->ids.begin(), right.plan_->ids.end());
  // Whether every column `e` reads (at least one) is on that side. Unresolved names count on
  // neither side: they stay in the condition, where MakeJoinNode resolves them.
  auto within = [](const ExprPtr& e, const std::set<ColumnId>& side) {
    std::set<ColumnId> ids;
    CollectColumnIds(*e, &ids);
    std::set<std::string> names;
    CollectColumnNames(*e, &names);
    if (ids.empty() || ids.size() != names.size()) return false;
    for (ColumnId id : ids)
      if (!side.count(id)) return false;
    return true;
  };
  // A column named by a name only one side has is that side's column.
  auto resolve = [&](const ExprPtr& column) -> ExprPtr {
    if (column->column_id >= 0) return column;
    int l = schema()->IndexOf(column->name), r = right.schema()->IndexOf(column->name);
    if (l >= 0 && r < 0) return MakeColumnRef(column->name, plan_->ids[static_cast<size_t>(l)]);
    if (r >= 0 && l < 0)
      return MakeColumnRef(column->name, right.plan_->ids[static_cast<size_t>(r)]);
    return column;  // on both sides or neither: MakeJoinNode says which
  };
  std::vector<ExprPtr> left_keys, right_keys, rest;
  for (const auto& c : SplitConjuncts(ReplaceColumns(condition.node(), resolve))) {
    if (c->kind == ExprKind::kCall && c->name == "==") {
      if (within(c->args[0], left_ids) && within(c->args[1], right_ids)) {
        left_keys.push_back(c->args[0]);
        right_keys.push_back(c->args[1]);
        continue;
      }
      if (within(c->args[1], left_ids) && within(c->args[0], right_ids)) {
        left_keys.push_back(c->args[1]);
        right_keys.push_back(c->args[0]);
        continue;
      }
    }
    rest.push_back(c);
  }
  return DataFrame(
      MakeJoinNode(plan_, right.plan_, left_keys, right_keys, type, JoinConjuncts(rest)));
}

DataFrame DataFrame::cross_join(const DataFrame& right) const {
  return DataFrame(MakeJoinNode(plan_, right.plan_, {}, {}, JoinType::kInner));
}

Expr DataFrame::column(const std::string& name) const {
  int index = schema()->IndexOf(name);
  if (index < 0) ThrowError("column \"{}\" does not exist", name);
  return Expr(MakeColumnRef(name, plan_->ids[static_cast<size_t>(index)]));
}

DataFrame DataFrame::with_window(std::string name, Expr window_function, WindowSpec spec) const {
  std::vector<SortSpec> order;
  for (const auto& k : spec.order_by) order.push_back({k.expr.node(), k.ascending, k.nulls_first});
  return DataFrame(MakeWindowNode(plan_, std::move(name), window_function.node(),
                                  Nodes(spec.partition_by), order));
}

DataFrame DataFrame::union_all(const DataFrame& other) const {
  return DataFrame(MakeUnionNode(plan_, other.plan_));
}

DataFrame DataFrame::cache(QueryContextPtr context) const {
  return DataFrame(MakeScanNode(ExecuteToSource(plan_, std::move(context))));
}

bool DataFrame::parses_text() const {
  std::vector<const LogicalNode*> pending{plan_.get()};
  while (!pending.empty()) {
    const LogicalNode* node = pending.back();
    pending.pop_back();
    if (node->kind == PlanKind::kScan && node->As<ScanNode>().source->ParsesText()) return true;
    for (const auto& child : node->children) pending.push_back(child.get());
  }
  return false;
}

size_t DataFrame::estimated_source_bytes() const {
  size_t bytes = 0;
  std::vector<const LogicalNode*> pending{plan_.get()};
  while (!pending.empty()) {
    const LogicalNode* node = pending.back();
    pending.pop_back();
    if (node->kind == PlanKind::kScan) bytes += node->As<ScanNode>().source->EstimatedBytes();
    for (const auto& child : node->children) pending.push_back(child.get());
  }
  return bytes;
}

Table DataFrame::collect(QueryContextPtr context) const {
  return Execute(plan_, std::move(context));
}

std::string DataFrame::explain() const {
  return ExplainWithEstimates(Optimize(plan_));
}

}  // namespace tally
