#include "exec/logical_plan.h"

#include <fmt/format.h>

#include <atomic>
#include <set>

#include "common/error.h"
#include "exec/aggregate_function.h"
#include "exec/bound_expr.h"
#include "exec/function_registry.h"

namespace tally {
namespace {

template <typename T>
std::shared_ptr<T> NewNode(std::vector<PlanPtr> children) {
  auto node = std::make_shared<T>();
  node->children = std::move(children);
  return node;
}

ExprPtr RewriteOne(const ExprPtr& e, const ExprRewrite& rewrite) {
  return e ? rewrite(e) : e;
}

void RewriteAll(std::vector<ExprPtr>* exprs, const ExprRewrite& rewrite) {
  for (auto& e : *exprs) e = RewriteOne(e, rewrite);
}

void RewriteSort(std::vector<SortSpec>* keys, const ExprRewrite& rewrite) {
  for (auto& k : *keys) k.expr = RewriteOne(k.expr, rewrite);
}

void Append(std::vector<ExprPtr>* out, const ExprPtr& e) {
  if (e) out->push_back(e);
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

std::string AvailableColumns(const Schema& schema) {
  std::string out;
  for (const auto& f : schema.fields()) out += (out.empty() ? "" : ", ") + f.name;
  return out;
}

std::vector<ColumnId> NewIds(size_t n) {
  std::vector<ColumnId> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(NewColumnId());
  return ids;
}

std::vector<ExprPtr> ResolveAll(const std::vector<ExprPtr>& exprs, const LogicalNode& input) {
  std::vector<ExprPtr> out;
  for (const auto& e : exprs) out.push_back(ResolveColumns(e, input));
  return out;
}

std::vector<SortSpec> ResolveSort(std::vector<SortSpec> keys, const LogicalNode& input) {
  for (auto& k : keys) k.expr = ResolveColumns(k.expr, input);
  return keys;
}

void CheckUniqueNames(const std::vector<Field>& fields) {
  std::set<std::string> seen;
  for (const auto& f : fields)
    if (!seen.insert(f.name).second) ThrowError("duplicate output column \"{}\"", f.name);
}

}  // namespace

std::string LogicalNode::ToString(int indent) const {
  std::string out = std::string(static_cast<size_t>(indent) * 2, ' ') + Describe() + "\n";
  for (const auto& c : children) out += c->ToString(indent + 1);
  return out;
}

std::string ScanNode::Describe() const {
  std::string cols;
  for (int c : columns)
    cols += (cols.empty() ? "" : ", ") + source->schema()->field(static_cast<size_t>(c)).name;
  std::string line = fmt::format("Scan {} [{}]", source->Describe(), cols);
  if (filter) line += " filter=" + filter->ToString();
  return line;
}
void ScanNode::RewriteExpressions(const ExprRewrite& rewrite) {
  filter = RewriteOne(filter, rewrite);
}
std::vector<ExprPtr> ScanNode::Expressions() const {
  std::vector<ExprPtr> out;
  Append(&out, filter);
  return out;
}

std::string FilterNode::Describe() const {
  return "Filter " + predicate->ToString();
}
void FilterNode::RewriteExpressions(const ExprRewrite& rewrite) {
  predicate = RewriteOne(predicate, rewrite);
}
std::vector<ExprPtr> FilterNode::Expressions() const {
  return {predicate};
}

std::string ProjectNode::Describe() const {
  return "Project " + JoinExprs(exprs);
}
void ProjectNode::RewriteExpressions(const ExprRewrite& rewrite) {
  RewriteAll(&exprs, rewrite);
}
std::vector<ExprPtr> ProjectNode::Expressions() const {
  return exprs;
}

std::string AggregateNode::Describe() const {
  return fmt::format("Aggregate keys=[{}] aggregates=[{}]", JoinExprs(keys), JoinExprs(aggregates));
}
void AggregateNode::RewriteExpressions(const ExprRewrite& rewrite) {
  RewriteAll(&keys, rewrite);
  RewriteAll(&aggregates, rewrite);
}
std::vector<ExprPtr> AggregateNode::Expressions() const {
  std::vector<ExprPtr> out = keys;
  out.insert(out.end(), aggregates.begin(), aggregates.end());
  return out;
}

std::string SortNode::Describe() const {
  return "Sort " + SortText(keys);
}
void SortNode::RewriteExpressions(const ExprRewrite& rewrite) {
  RewriteSort(&keys, rewrite);
}
std::vector<ExprPtr> SortNode::Expressions() const {
  std::vector<ExprPtr> out;
  for (const auto& k : keys) Append(&out, k.expr);
  return out;
}

std::string LimitNode::Describe() const {
  std::string line = limit < 0 ? "Limit all" : fmt::format("Limit {}", limit);
  if (offset > 0) line += fmt::format(" offset {}", offset);
  return line;
}

std::string JoinNode::Describe() const {
  std::string keys;
  for (size_t i = 0; i < left_keys.size(); ++i)
    keys += fmt::format("{}{} = {}", keys.empty() ? "" : ", ", left_keys[i]->ToString(),
                        right_keys[i]->ToString());
  std::string line = fmt::format("Join {} on [{}]", JoinTypeName(type), keys);
  if (condition) line += " condition=" + condition->ToString();
  return line;
}
void JoinNode::RewriteExpressions(const ExprRewrite& rewrite) {
  RewriteAll(&left_keys, rewrite);
  RewriteAll(&right_keys, rewrite);
  condition = RewriteOne(condition, rewrite);
}
std::vector<ExprPtr> JoinNode::Expressions() const {
  std::vector<ExprPtr> out = left_keys;
  out.insert(out.end(), right_keys.begin(), right_keys.end());
  Append(&out, condition);
  return out;
}

std::string DependentJoinNode::Describe() const {
  switch (subquery) {
    case SubqueryKind::kExists:
      return "DependentJoin exists";
    case SubqueryKind::kNotExists:
      return "DependentJoin not exists";
    case SubqueryKind::kScalar:
      return "DependentJoin scalar";
  }
  return "DependentJoin";
}

std::string WindowNode::Describe() const {
  std::string line = fmt::format("Window {} = {} over (partition by [{}] order by [{}])", name,
                                 function->ToString(), JoinExprs(partition_by), SortText(order_by));
  if (!frame.IsDefault()) line += " " + frame.ToString();
  return line;
}
void WindowNode::RewriteExpressions(const ExprRewrite& rewrite) {
  function = RewriteOne(function, rewrite);
  RewriteAll(&partition_by, rewrite);
  RewriteSort(&order_by, rewrite);
}
std::vector<ExprPtr> WindowNode::Expressions() const {
  std::vector<ExprPtr> out;
  Append(&out, function);
  out.insert(out.end(), partition_by.begin(), partition_by.end());
  for (const auto& k : order_by) Append(&out, k.expr);
  return out;
}

int LogicalNode::IndexOf(ColumnId id) const {
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == id) return static_cast<int>(i);
  return -1;
}

ColumnId NewColumnId() {
  static std::atomic<ColumnId> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

std::string PhysicalName(ColumnId id) {
  return "#" + std::to_string(id);
}

std::shared_ptr<const Schema> PhysicalSchema(const LogicalNode& node) {
  std::vector<Field> fields;
  for (size_t i = 0; i < node.ids.size(); ++i)
    fields.push_back({PhysicalName(node.ids[i]), node.schema->field(i).type, true});
  return std::make_shared<Schema>(std::move(fields));
}

ExprPtr PhysicalExpr(const ExprPtr& expr) {
  return ReplaceColumns(expr, [](const ExprPtr& column) {
    TALLY_ASSERT(column->column_id >= 0);
    return MakeColumnRef(PhysicalName(static_cast<ColumnId>(column->column_id)),
                         static_cast<ColumnId>(column->column_id));
  });
}

ExprPtr ResolveColumns(const ExprPtr& expr, const LogicalNode& input) {
  return ReplaceColumns(expr, [&](const ExprPtr& column) -> ExprPtr {
    if (column->column_id >= 0) {
      if (input.IndexOf(static_cast<ColumnId>(column->column_id)) < 0)
        ThrowError("column \"{}\" is not available here (available: {})", column->name,
                   AvailableColumns(*input.schema));
      return column;
    }
    int found = -1;
    for (size_t i = 0; i < input.schema->size(); ++i) {
      if (input.schema->field(i).name != column->name) continue;
      if (found >= 0) ThrowError("column reference \"{}\" is ambiguous", column->name);
      found = static_cast<int>(i);
    }
    if (found < 0)
      ThrowError("unknown column \"{}\" (available: {})", column->name,
                 AvailableColumns(*input.schema));
    return MakeColumnRef(column->name, input.ids[static_cast<size_t>(found)]);
  });
}

DataType ResultTypeIn(const ExprPtr& expr, const LogicalNode& input) {
  return ResultType(*PhysicalExpr(ResolveColumns(expr, input)), *PhysicalSchema(input));
}

ExprPtr RemapColumns(const ExprPtr& expr, const std::map<ColumnId, ColumnId>& remap) {
  // A correlated subquery's references to its enclosing query (kOuterColumn) are remapped too:
  // in a copy of a plan that holds both, they must name the copy's columns.
  if (expr->kind == ExprKind::kColumn || expr->kind == ExprKind::kOuterColumn) {
    if (expr->column_id < 0) return expr;
    auto it = remap.find(static_cast<ColumnId>(expr->column_id));
    if (it == remap.end()) return expr;
    auto copy = std::make_shared<ExprNode>(*expr);
    copy->column_id = it->second;
    return copy;
  }
  if (expr->args.empty()) return expr;
  std::vector<ExprPtr> args;
  bool changed = false;
  for (const auto& a : expr->args) {
    args.push_back(RemapColumns(a, remap));
    changed = changed || args.back() != a;
  }
  if (!changed) return expr;
  auto copy = std::make_shared<ExprNode>(*expr);
  copy->args = std::move(args);
  return copy;
}

PlanPtr Reinstantiate(const PlanPtr& plan, std::map<ColumnId, ColumnId>* remap) {
  NodePtr node = plan->Copy();
  for (auto& c : node->children) c = Reinstantiate(c, remap);
  // Every output id, made here or passed on, is replaced: passed-on ones are in the map already.
  // First, because a scan's pushed-down filter reads the scan's own columns.
  for (auto& id : node->ids) {
    auto it = remap->find(id);
    if (it != remap->end()) {
      id = it->second;
    } else {
      ColumnId fresh = NewColumnId();
      (*remap)[id] = fresh;
      id = fresh;
    }
  }
  node->RewriteExpressions([&](const ExprPtr& e) { return RemapColumns(e, *remap); });
  return node;
}

PlanPtr MakeScanNode(DataSourcePtr source) {
  auto node = NewNode<ScanNode>({});
  node->schema = source->schema();
  for (size_t i = 0; i < node->schema->size(); ++i) node->columns.push_back(static_cast<int>(i));
  node->ids = NewIds(node->schema->size());
  node->source = std::move(source);
  return node;
}

PlanPtr MakeFilterNode(PlanPtr child, ExprPtr predicate) {
  if (ContainsAggregate(*predicate) || ContainsWindow(*predicate))
    ThrowError("filter {} may not contain aggregate or window functions", predicate->ToString());
  predicate = ResolveColumns(predicate, *child);
  if (ResultTypeIn(predicate, *child).id != TypeId::kBool)
    ThrowError("filter {} is not a boolean expression", predicate->ToString());
  auto node = NewNode<FilterNode>({child});
  node->schema = child->schema;
  node->ids = child->ids;
  node->predicate = std::move(predicate);
  return node;
}

PlanPtr MakeProjectNode(PlanPtr child, std::vector<ExprPtr> exprs, bool unique_names) {
  std::vector<Field> fields;
  for (auto& e : exprs) {
    if (ContainsAggregate(*e)) ThrowError("aggregate {} outside of agg()", e->ToString());
    e = ResolveColumns(e, *child);
    fields.push_back({e->OutputName(), ResultTypeIn(e, *child), true});
  }
  if (unique_names) CheckUniqueNames(fields);
  auto node = NewNode<ProjectNode>({child});
  node->schema = std::make_shared<Schema>(fields);
  node->ids = NewIds(fields.size());
  node->exprs = std::move(exprs);
  return node;
}

PlanPtr MakeAggregateNode(PlanPtr child, std::vector<ExprPtr> keys,
                          std::vector<ExprPtr> aggregates) {
  std::vector<Field> fields;
  for (auto& k : keys) {
    if (ContainsAggregate(*k)) ThrowError("group key {} contains an aggregate", k->ToString());
    k = ResolveColumns(k, *child);
    fields.push_back({k->OutputName(), ResultTypeIn(k, *child), true});
  }
  for (auto& a : aggregates) {
    const ExprNode& call = StripAlias(*a);
    if (call.kind != ExprKind::kAggregate)
      ThrowError("{} is not an aggregate function call", a->ToString());
    if (call.args.size() > 1) ThrowError("{} takes at most one argument", call.ToString());
    a = ResolveColumns(a, *child);
    const ExprNode& resolved = StripAlias(*a);
    DataType input = DataType::Int64();
    if (!resolved.args.empty()) input = ResultTypeIn(resolved.args[0], *child);
    auto fn = BuiltinFunctions().MakeAggregate(
        resolved.name, resolved.args.empty() ? nullptr : &input, resolved.param);
    fields.push_back({a->OutputName(), fn->result_type(), true});
  }
  CheckUniqueNames(fields);
  auto node = NewNode<AggregateNode>({child});
  node->schema = std::make_shared<Schema>(fields);
  node->ids = NewIds(fields.size());
  node->keys = std::move(keys);
  node->aggregates = std::move(aggregates);
  return node;
}

PlanPtr MakeSortNode(PlanPtr child, std::vector<SortSpec> keys) {
  keys = ResolveSort(std::move(keys), *child);
  for (const auto& k : keys) ResultTypeIn(k.expr, *child);
  auto node = NewNode<SortNode>({child});
  node->schema = child->schema;
  node->ids = child->ids;
  node->keys = std::move(keys);
  return node;
}

PlanPtr MakeLimitNode(PlanPtr child, int64_t limit, int64_t offset) {
  if (limit < -1) ThrowError("limit must not be negative, got {}", limit);
  if (offset < 0) ThrowError("offset must not be negative, got {}", offset);
  auto node = NewNode<LimitNode>({child});
  node->schema = child->schema;
  node->ids = child->ids;
  node->limit = limit;
  node->offset = offset;
  return node;
}

PlanPtr MakeDistinctNode(PlanPtr child) {
  auto node = NewNode<DistinctNode>({child});
  node->schema = child->schema;
  node->ids = child->ids;
  return node;
}

const char* JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "inner";
    case JoinType::kLeft:
      return "left";
    case JoinType::kRight:
      return "right";
    case JoinType::kFull:
      return "full";
    case JoinType::kSemi:
      return "semi";
    case JoinType::kAnti:
      return "anti";
    case JoinType::kMark:
      return "mark";
    case JoinType::kRightSemi:
      return "right semi";
    case JoinType::kRightAnti:
      return "right anti";
  }
  return "?";
}

PlanPtr JoinConditionInput(const PlanPtr& left, const PlanPtr& right) {
  auto both = NewNode<JoinNode>({});
  std::vector<Field> fields = left->schema->fields();
  for (const auto& f : right->schema->fields()) fields.push_back(f);
  both->schema = std::make_shared<Schema>(fields);
  both->ids = left->ids;
  both->ids.insert(both->ids.end(), right->ids.begin(), right->ids.end());
  return both;
}

PlanPtr MakeJoinNode(PlanPtr left, PlanPtr right, std::vector<ExprPtr> left_keys,
                     std::vector<ExprPtr> right_keys, JoinType type, ExprPtr condition) {
  if (left_keys.size() != right_keys.size())
    ThrowError("a join needs key pairs (got {} and {} keys)", left_keys.size(), right_keys.size());
  std::set<ColumnId> left_ids(left->ids.begin(), left->ids.end());
  bool shared = false;
  for (ColumnId id : right->ids) shared = shared || left_ids.count(id) > 0;
  if (shared) {
    // The same plan on both sides: the right one gets columns of its own.
    std::map<ColumnId, ColumnId> remap;
    right = Reinstantiate(right, &remap);
    for (auto& k : right_keys) k = RemapColumns(k, remap);
  }
  for (size_t i = 0; i < left_keys.size(); ++i) {
    left_keys[i] = ResolveColumns(left_keys[i], *left);
    right_keys[i] = ResolveColumns(right_keys[i], *right);
    CommonType({ResultTypeIn(left_keys[i], *left), ResultTypeIn(right_keys[i], *right)});
  }
  if (condition) {
    PlanPtr both = JoinConditionInput(left, right);
    condition = ResolveColumns(condition, *both);
    if (ResultTypeIn(condition, *both).id != TypeId::kBool)
      ThrowError("join condition {} is not a boolean expression", condition->ToString());
  }
  bool left_nullable = type == JoinType::kRight || type == JoinType::kFull;
  bool right_nullable = type == JoinType::kLeft || type == JoinType::kFull;
  std::vector<Field> fields;
  for (Field f : left->schema->fields()) {
    f.nullable = f.nullable || left_nullable;
    fields.push_back(f);
  }
  auto node = NewNode<JoinNode>({left, right});
  node->ids = left->ids;
  if (KeepsOnlyRightColumns(type)) {
    fields = right->schema->fields();
    node->ids = right->ids;
  } else if (KeepsRightColumns(type)) {
    for (Field f : right->schema->fields()) {
      f.nullable = f.nullable || right_nullable;
      fields.push_back(f);
    }
    node->ids.insert(node->ids.end(), right->ids.begin(), right->ids.end());
  } else if (type == JoinType::kMark) {
    fields.push_back({"mark", DataType::Bool(), true});
    node->ids.push_back(NewColumnId());
  }
  node->schema = std::make_shared<Schema>(fields);
  node->left_keys = std::move(left_keys);
  node->right_keys = std::move(right_keys);
  node->condition = std::move(condition);
  node->type = type;
  return node;
}

PlanPtr MakeDependentJoinNode(PlanPtr left, PlanPtr subquery, SubqueryKind kind,
                              const std::string& name) {
  std::vector<Field> fields = left->schema->fields();
  auto node = NewNode<DependentJoinNode>({left, subquery});
  node->ids = left->ids;
  if (kind == SubqueryKind::kScalar) {
    if (subquery->ids.empty()) ThrowError("a scalar subquery needs a column");
    fields.push_back({name, subquery->schema->field(0).type, true});
    node->ids.push_back(NewColumnId());
  }
  node->schema = std::make_shared<Schema>(fields);
  node->subquery = kind;
  return node;
}

namespace {
void CollectOuterReferences(const LogicalNode& plan, std::set<ColumnId>* read,
                            std::set<ColumnId>* made) {
  for (const auto& e : plan.Expressions()) CollectOuterColumnIds(*e, read);
  made->insert(plan.ids.begin(), plan.ids.end());
  for (const auto& c : plan.children) CollectOuterReferences(*c, read, made);
}
}  // namespace

std::set<ColumnId> OuterColumnsOf(const LogicalNode& plan) {
  // A subquery nested inside reads columns of a query that is itself inside `plan`: those are
  // made here and do not count.
  std::set<ColumnId> read, made, outer;
  CollectOuterReferences(plan, &read, &made);
  for (ColumnId id : read)
    if (!made.count(id)) outer.insert(id);
  return outer;
}

DataType WindowResultType(const std::string& name, const std::vector<DataType>& args) {
  if (name == "sum" || name == "mean")
    return BuiltinFunctions().MakeAggregate(name, &args[0], 0)->result_type();
  if (name == "percent_rank" || name == "cume_dist") return DataType::Double();
  if (args.empty() || name == "count" || name == "ntile") return DataType::Int64();
  return args[0];
}

PlanPtr MakeWindowNode(PlanPtr child, std::string name, ExprPtr function,
                       std::vector<ExprPtr> partition_by, std::vector<SortSpec> order_by,
                       WindowFrame frame) {
  const ExprNode& fn = StripAlias(*function);
  if (fn.kind != ExprKind::kWindow)
    ThrowError("{} is not a window function (lag, lead, row_number)", function->ToString());
  function = ResolveColumns(function, *child);
  const ExprNode& resolved = StripAlias(*function);
  std::vector<DataType> arg_types;
  for (const auto& a : resolved.args) arg_types.push_back(ResultTypeIn(a, *child));
  BuiltinFunctions().CheckWindow(resolved.name, arg_types);
  DataType type = WindowResultType(resolved.name, arg_types);
  partition_by = ResolveAll(partition_by, *child);
  for (const auto& p : partition_by) ResultTypeIn(p, *child);
  order_by = ResolveSort(std::move(order_by), *child);
  for (const auto& o : order_by) ResultTypeIn(o.expr, *child);
  auto offset_ok = [](const FrameBound& b) { return b.offset >= 0; };
  if (!offset_ok(frame.start) || !offset_ok(frame.end))
    ThrowError("frame offsets must not be negative");
  if (!frame.rows && (frame.start.kind == FrameBoundKind::kPreceding ||
                      frame.start.kind == FrameBoundKind::kFollowing ||
                      frame.end.kind == FrameBoundKind::kPreceding ||
                      frame.end.kind == FrameBoundKind::kFollowing))
    ThrowError("RANGE frames with offsets are not supported: use ROWS");
  std::vector<Field> fields = child->schema->fields();
  fields.push_back({name, type, true});
  // Only the new column must have a name of its own: the input may repeat names (a join's).
  for (size_t f = 0; f + 1 < fields.size(); ++f)
    if (fields[f].name == name) ThrowError("duplicate output column \"{}\"", name);
  auto node = NewNode<WindowNode>({child});
  node->schema = std::make_shared<Schema>(fields);
  node->ids = child->ids;
  node->ids.push_back(NewColumnId());
  node->name = std::move(name);
  node->function = std::move(function);
  node->partition_by = std::move(partition_by);
  node->order_by = std::move(order_by);
  node->frame = frame;
  return node;
}

std::string WindowFrame::ToString() const {
  auto bound = [](const FrameBound& b) -> std::string {
    switch (b.kind) {
      case FrameBoundKind::kUnboundedPreceding:
        return "unbounded preceding";
      case FrameBoundKind::kPreceding:
        return fmt::format("{} preceding", b.offset);
      case FrameBoundKind::kCurrentRow:
        return "current row";
      case FrameBoundKind::kFollowing:
        return fmt::format("{} following", b.offset);
      case FrameBoundKind::kUnboundedFollowing:
        return "unbounded following";
    }
    return "";
  };
  return fmt::format("{} between {} and {}", rows ? "rows" : "range", bound(start), bound(end));
}

PlanPtr MakeUnionNode(PlanPtr left, PlanPtr right) {
  const Schema& a = *left->schema;
  const Schema& b = *right->schema;
  if (a.size() != b.size()) ThrowError("union_all: {} columns vs {} columns", a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    if (a.field(i).type != b.field(i).type)
      ThrowError("union_all: column {} is {} on the left and {} on the right", a.field(i).name,
                 a.field(i).type.ToString(), b.field(i).type.ToString());
  auto node = NewNode<UnionNode>({left, right});
  node->schema = left->schema;
  node->ids = NewIds(a.size());
  return node;
}

}  // namespace tally
