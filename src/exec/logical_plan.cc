#include "exec/logical_plan.h"

#include <fmt/format.h>

#include <set>

#include "common/error.h"
#include "exec/aggregate_function.h"
#include "exec/bound_expr.h"
#include "exec/function_registry.h"

namespace tally {
namespace {

std::shared_ptr<LogicalNode> NewNode(PlanKind kind, std::vector<PlanPtr> children) {
  auto node = std::make_shared<LogicalNode>();
  node->kind = kind;
  node->children = std::move(children);
  return node;
}

std::string JoinExprs(const std::vector<ExprPtr>& exprs) {
  std::string out;
  for (const auto& e : exprs) out += (out.empty() ? "" : ", ") + e->ToString();
  return out;
}

std::string SortText(const std::vector<SortSpec>& keys) {
  std::string out;
  for (const auto& k : keys)
    out += fmt::format("{}{} {} nulls {}", out.empty() ? "" : ", ", k.expr->ToString(),
                       k.ascending ? "asc" : "desc", k.nulls_first ? "first" : "last");
  return out;
}

void CheckUniqueNames(const std::vector<Field>& fields) {
  std::set<std::string> seen;
  for (const auto& f : fields)
    if (!seen.insert(f.name).second) ThrowError("duplicate output column \"{}\"", f.name);
}

}  // namespace

std::string LogicalNode::ToString(int indent) const {
  std::string pad(static_cast<size_t>(indent) * 2, ' ');
  std::string line;
  switch (kind) {
    case PlanKind::kScan: {
      std::string cols;
      for (int c : columns)
        cols += (cols.empty() ? "" : ", ") + source->schema()->field(static_cast<size_t>(c)).name;
      line = fmt::format("Scan {} [{}]", source->Describe(), cols);
      if (filter) line += " filter=" + filter->ToString();
      break;
    }
    case PlanKind::kFilter:
      line = "Filter " + exprs[0]->ToString();
      break;
    case PlanKind::kProject:
      line = "Project " + JoinExprs(exprs);
      break;
    case PlanKind::kAggregate:
      line = fmt::format("Aggregate keys=[{}] aggregates=[{}]", JoinExprs(exprs),
                         JoinExprs(aggregates));
      break;
    case PlanKind::kSort:
      line = "Sort " + SortText(sort_keys);
      break;
    case PlanKind::kLimit:
      line = fmt::format("Limit {}", limit);
      break;
    case PlanKind::kDistinct:
      line = "Distinct";
      break;
    case PlanKind::kJoin: {
      std::string keys;
      for (const auto& k : join_keys) keys += (keys.empty() ? "" : ", ") + k;
      line = fmt::format("Join {} on [{}]", join_type == JoinType::kInner ? "inner" : "left", keys);
      break;
    }
    case PlanKind::kWindow:
      line = fmt::format("Window {} = {} over (partition by [{}] order by [{}])", window_name,
                         window_function->ToString(), JoinExprs(partition_by), SortText(sort_keys));
      break;
    case PlanKind::kUnion:
      line = "UnionAll";
      break;
  }
  std::string out = pad + line + "\n";
  for (const auto& c : children) out += c->ToString(indent + 1);
  return out;
}

PlanPtr MakeScanNode(DataSourcePtr source) {
  auto node = NewNode(PlanKind::kScan, {});
  node->schema = source->schema();
  for (size_t i = 0; i < node->schema->size(); ++i) node->columns.push_back(static_cast<int>(i));
  node->source = std::move(source);
  return node;
}

PlanPtr MakeFilterNode(PlanPtr child, ExprPtr predicate) {
  if (ContainsAggregate(*predicate) || ContainsWindow(*predicate))
    ThrowError("filter {} may not contain aggregate or window functions", predicate->ToString());
  if (ResultType(*predicate, *child->schema).id != TypeId::kBool)
    ThrowError("filter {} is not a boolean expression", predicate->ToString());
  auto node = NewNode(PlanKind::kFilter, {child});
  node->schema = child->schema;
  node->exprs = {std::move(predicate)};
  return node;
}

PlanPtr MakeProjectNode(PlanPtr child, std::vector<ExprPtr> exprs) {
  std::vector<Field> fields;
  for (const auto& e : exprs) {
    if (ContainsAggregate(*e)) ThrowError("aggregate {} outside of agg()", e->ToString());
    fields.push_back({e->OutputName(), ResultType(*e, *child->schema), true});
  }
  CheckUniqueNames(fields);
  auto node = NewNode(PlanKind::kProject, {child});
  node->schema = std::make_shared<Schema>(fields);
  node->exprs = std::move(exprs);
  return node;
}

PlanPtr MakeAggregateNode(PlanPtr child, std::vector<ExprPtr> keys,
                          std::vector<ExprPtr> aggregates) {
  std::vector<Field> fields;
  for (const auto& k : keys) {
    if (ContainsAggregate(*k)) ThrowError("group key {} contains an aggregate", k->ToString());
    fields.push_back({k->OutputName(), ResultType(*k, *child->schema), true});
  }
  for (const auto& a : aggregates) {
    const ExprNode& call = StripAlias(*a);
    if (call.kind != ExprKind::kAggregate)
      ThrowError("{} is not an aggregate function call", a->ToString());
    if (call.args.size() > 1) ThrowError("{} takes at most one argument", call.ToString());
    DataType input = DataType::Int64();
    if (!call.args.empty()) input = ResultType(*call.args[0], *child->schema);
    auto fn = BuiltinFunctions().MakeAggregate(call.name, call.args.empty() ? nullptr : &input,
                                               call.param);
    fields.push_back({a->OutputName(), fn->result_type(), true});
  }
  CheckUniqueNames(fields);
  auto node = NewNode(PlanKind::kAggregate, {child});
  node->schema = std::make_shared<Schema>(fields);
  node->exprs = std::move(keys);
  node->aggregates = std::move(aggregates);
  return node;
}

PlanPtr MakeSortNode(PlanPtr child, std::vector<SortSpec> keys) {
  for (const auto& k : keys) ResultType(*k.expr, *child->schema);
  auto node = NewNode(PlanKind::kSort, {child});
  node->schema = child->schema;
  node->sort_keys = std::move(keys);
  return node;
}

PlanPtr MakeLimitNode(PlanPtr child, int64_t limit) {
  if (limit < 0) ThrowError("limit must not be negative, got {}", limit);
  auto node = NewNode(PlanKind::kLimit, {child});
  node->schema = child->schema;
  node->limit = limit;
  return node;
}

PlanPtr MakeDistinctNode(PlanPtr child) {
  auto node = NewNode(PlanKind::kDistinct, {child});
  node->schema = child->schema;
  return node;
}

PlanPtr MakeJoinNode(PlanPtr left, PlanPtr right, std::vector<std::string> keys, JoinType type) {
  if (keys.empty()) ThrowError("join needs at least one key column");
  std::vector<Field> fields;
  std::set<std::string> key_set(keys.begin(), keys.end());
  for (const auto& k : keys) {
    int li = left->schema->IndexOf(k), ri = right->schema->IndexOf(k);
    if (li < 0) ThrowError("join key \"{}\" is not a column of the left side", k);
    if (ri < 0) ThrowError("join key \"{}\" is not a column of the right side", k);
    const DataType& lt = left->schema->field(static_cast<size_t>(li)).type;
    const DataType& rt = right->schema->field(static_cast<size_t>(ri)).type;
    CommonType({lt, rt});  // throws when the keys cannot be compared
    fields.push_back({k, lt, true});
  }
  std::set<std::string> names(key_set);
  for (const auto& f : left->schema->fields())
    if (!key_set.count(f.name)) {
      fields.push_back(f);
      names.insert(f.name);
    }
  for (const auto& f : right->schema->fields())
    if (!key_set.count(f.name)) {
      Field g = f;
      g.nullable = true;
      while (names.count(g.name)) g.name += "_right";
      names.insert(g.name);
      fields.push_back(g);
    }
  auto node = NewNode(PlanKind::kJoin, {left, right});
  node->schema = std::make_shared<Schema>(fields);
  node->join_keys = std::move(keys);
  node->join_type = type;
  return node;
}

PlanPtr MakeWindowNode(PlanPtr child, std::string name, ExprPtr function,
                       std::vector<ExprPtr> partition_by, std::vector<SortSpec> order_by) {
  const ExprNode& fn = StripAlias(*function);
  if (fn.kind != ExprKind::kWindow)
    ThrowError("{} is not a window function (lag, lead, row_number)", function->ToString());
  std::vector<DataType> arg_types;
  for (const auto& a : fn.args) arg_types.push_back(ResultType(*a, *child->schema));
  BuiltinFunctions().CheckWindow(fn.name, arg_types);
  DataType type = arg_types.empty() ? DataType::Int64() : arg_types[0];
  for (const auto& p : partition_by) ResultType(*p, *child->schema);
  for (const auto& o : order_by) ResultType(*o.expr, *child->schema);
  std::vector<Field> fields = child->schema->fields();
  fields.push_back({name, type, true});
  CheckUniqueNames(fields);
  auto node = NewNode(PlanKind::kWindow, {child});
  node->schema = std::make_shared<Schema>(fields);
  node->window_name = std::move(name);
  node->window_function = std::move(function);
  node->partition_by = std::move(partition_by);
  node->sort_keys = std::move(order_by);
  return node;
}

PlanPtr MakeUnionNode(PlanPtr left, PlanPtr right) {
  const Schema& a = *left->schema;
  const Schema& b = *right->schema;
  if (a.size() != b.size()) ThrowError("union_all: {} columns vs {} columns", a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    if (a.field(i).type != b.field(i).type)
      ThrowError("union_all: column {} is {} on the left and {} on the right", a.field(i).name,
                 a.field(i).type.ToString(), b.field(i).type.ToString());
  auto node = NewNode(PlanKind::kUnion, {left, right});
  node->schema = left->schema;
  return node;
}

}  // namespace tally
