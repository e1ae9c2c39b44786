// Decorrelation (see optimizer.h): each DependentJoinNode becomes ordinary joins.
//
// A correlated subquery stands for one evaluation per row of its enclosing query. It is
// rewritten to compute, in one go, its result for every value of the columns it reads from
// outside (the "domain": their distinct values in the enclosing query), each result row
// carrying the value it was computed for; the enclosing query then joins that on those
// columns. The rewrite goes down the subquery operator by operator, adding the carried columns
// to each (to an aggregation's keys, a window's partitions, ...), until it meets an input that
// reads nothing from outside, which is joined with the domain. Where a filter equates every
// outside column with a column of its input (`WHERE l_orderkey = o_orderkey`), that input
// column carries the value and no domain is needed: the common case costs one join.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "common/error.h"
#include "exec/bound_expr.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

// The enclosing query's columns a subquery reads.
struct Correlation {
  std::vector<ColumnId> outer;  // ids in the enclosing query (the dependent join's left input)
  std::vector<std::string> names;
  std::vector<DataType> types;
  PlanPtr domain;  // their distinct values, over a copy of the left input
};

// A subquery rewritten to read nothing from outside: the columns it had, keeping their ids,
// and among its outputs one column per Correlation::outer with the value it was computed for.
struct Unnested {
  PlanPtr plan;
  std::vector<ColumnId> values;
  bool nullable = false;  // whether `values` may be NULL (then joins on them must match NULLs)
};

ExprPtr ReplaceOuter(const ExprPtr& expr, const std::function<ExprPtr(const ExprNode&)>& replace) {
  if (expr->kind == ExprKind::kOuterColumn) {
    ExprPtr out = replace(*expr);
    return out ? out : expr;
  }
  if (expr->args.empty()) return expr;
  std::vector<ExprPtr> args;
  bool changed = false;
  for (const auto& a : expr->args) {
    args.push_back(ReplaceOuter(a, replace));
    changed = changed || args.back() != a;
  }
  if (!changed) return expr;
  auto copy = std::make_shared<ExprNode>(*expr);
  copy->args = std::move(args);
  return copy;
}

bool ReadsOuter(const ExprPtr& expr) {
  std::set<ColumnId> ids;
  CollectOuterColumnIds(*expr, &ids);
  return !ids.empty();
}

// A value of each type, for keys that must match NULL with NULL (see AddKey).
Scalar AnyValue(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
      return Scalar::Bool(false);
    case TypeId::kInt32:
      return Scalar::Int32(0);
    case TypeId::kInt64:
      return Scalar::Int64(0);
    case TypeId::kDouble:
      return Scalar::Double(0);
    case TypeId::kDecimal:
      return Scalar::Decimal(0, type.precision, type.scale);
    case TypeId::kDate:
      return Scalar::Date(0);
    case TypeId::kTimestamp:
      return Scalar::Timestamp(0);
    case TypeId::kString:
      return Scalar::String("");
  }
  return Scalar::Int64(0);
}

// Adds a join key pair. A hash join's NULL key matches nothing; where a NULL outside value
// must meet the results computed for it, the pair becomes (coalesce(x, v), x IS NULL) on both
// sides, which are never NULL and equal exactly when the values are equal or both NULL.
void AddKey(ExprPtr left, ExprPtr right, const DataType& type, bool match_nulls,
            std::vector<ExprPtr>* left_keys, std::vector<ExprPtr>* right_keys) {
  if (!match_nulls) {
    left_keys->push_back(std::move(left));
    right_keys->push_back(std::move(right));
    return;
  }
  ExprPtr any = MakeLiteral(AnyValue(type));
  left_keys->push_back(MakeCall("coalesce", {left, any}));
  right_keys->push_back(MakeCall("coalesce", {right, any}));
  left_keys->push_back(MakeCall("is_null", {left}));
  right_keys->push_back(MakeCall("is_null", {right}));
}

// `plan` with the output ids at `positions` replaced by `ids` (a rewritten operator keeps the
// ids of the columns it had, which the operators above read).
PlanPtr WithIds(const PlanPtr& plan, const std::vector<size_t>& positions,
                const std::vector<ColumnId>& ids) {
  NodePtr copy = plan->Copy();
  for (size_t i = 0; i < positions.size(); ++i) copy->ids[positions[i]] = ids[i];
  return copy;
}

std::vector<size_t> Positions(size_t from, size_t count) {
  std::vector<size_t> out(count);
  for (size_t i = 0; i < count; ++i) out[i] = from + i;
  return out;
}

// `plan`'s columns `ids`, in that order (a projection keeping their ids when they differ).
PlanPtr Exactly(const PlanPtr& plan, const std::vector<ColumnId>& ids) {
  if (plan->ids == ids) return plan;
  std::vector<ExprPtr> refs;
  for (ColumnId id : ids) {
    int at = plan->IndexOf(id);
    TALLY_ASSERT(at >= 0);
    refs.push_back(MakeColumnRef(plan->schema->field(static_cast<size_t>(at)).name, id));
  }
  return WithIds(MakeProjectNode(plan, refs, false), Positions(0, ids.size()), ids);
}

bool IsCount(const std::string& name) {
  return name == "count" || name == "count_star" || name == "count_distinct";
}

class Decorrelator {
 public:
  explicit Decorrelator(const Correlation& c) : c_(c) {}

  bool Reads(const LogicalNode& node) const { return ReadsAny(OuterColumnsOf(node)); }
  bool Reads(const ExprPtr& expr) const {
    std::set<ColumnId> outer;
    CollectOuterColumnIds(*expr, &outer);
    return ReadsAny(outer);
  }

  // `expr` reading the carried columns `values` instead of the outside ones.
  ExprPtr Substitute(const ExprPtr& expr, const std::vector<ColumnId>& values) const {
    return ReplaceOuter(expr, [&](const ExprNode& outer) -> ExprPtr {
      for (size_t i = 0; i < c_.outer.size(); ++i)
        if (c_.outer[i] == static_cast<ColumnId>(outer.column_id))
          return MakeColumnRef(c_.names[i], values[i]);
      return nullptr;
    });
  }
  std::vector<ExprPtr> Substitute(const std::vector<ExprPtr>& exprs,
                                  const std::vector<ColumnId>& values) const {
    std::vector<ExprPtr> out;
    for (const auto& e : exprs) out.push_back(Substitute(e, values));
    return out;
  }
  std::vector<SortSpec> Substitute(std::vector<SortSpec> keys,
                                   const std::vector<ColumnId>& values) const {
    for (auto& k : keys) k.expr = Substitute(k.expr, values);
    return keys;
  }

  // The carried columns as expressions (named so that they collide with nothing).
  std::vector<ExprPtr> CarriedRefs(const std::vector<ColumnId>& values) const {
    std::vector<ExprPtr> out;
    for (size_t i = 0; i < values.size(); ++i)
      out.push_back(
          MakeAlias(MakeColumnRef(c_.names[i], values[i]), fmt::format("#outer{}", c_.outer[i])));
    return out;
  }

  // A new copy of the domain (its columns are the carried values, in order).
  PlanPtr Domain() const {
    std::map<ColumnId, ColumnId> remap;
    return Reinstantiate(c_.domain, &remap);
  }

  Unnested Unnest(const PlanPtr& node) const {
    // Reading only columns of a query further out: the same for every row here.
    if (c_.outer.empty()) return {node, {}, false};
    if (!Reads(*node)) {
      // Nothing from outside below: computed once for every value of the domain.
      PlanPtr domain = Domain();
      return {MakeJoinNode(node, domain, {}, {}, JoinType::kInner), domain->ids, true};
    }
    switch (node->kind) {
      case PlanKind::kFilter:
        return UnnestFilter(node);
      case PlanKind::kProject:
        return UnnestProject(node);
      case PlanKind::kAggregate:
        return UnnestAggregate(node);
      case PlanKind::kJoin:
        return UnnestJoin(node);
      case PlanKind::kSort: {
        Unnested in = Unnest(node->children[0]);
        in.plan = MakeSortNode(in.plan, Substitute(node->As<SortNode>().keys, in.values));
        return in;
      }
      case PlanKind::kLimit:
        return UnnestLimit(node);
      case PlanKind::kDistinct: {
        Unnested in = Unnest(node->children[0]);
        std::vector<ColumnId> ids = node->ids;
        ids.insert(ids.end(), in.values.begin(), in.values.end());
        in.plan = MakeDistinctNode(Exactly(in.plan, ids));
        return in;
      }
      case PlanKind::kWindow:
        return UnnestWindow(node);
      case PlanKind::kUnion:
        return UnnestUnion(node);
      case PlanKind::kScan:
      case PlanKind::kDependentJoin:
        break;
    }
    ThrowError("not supported: a correlated subquery with {}", node->ToString());
  }

 private:
  Unnested UnnestFilter(const PlanPtr& node) const {
    const auto& filter = node->As<FilterNode>();
    const PlanPtr& child = node->children[0];
    if (!Reads(*child)) {
      // Equalities of each outside column with a column of the input: that column carries the
      // value (rows where it is NULL match no outside value and go).
      std::vector<ColumnId> carrier(c_.outer.size(), 0);
      std::vector<bool> carried(c_.outer.size(), false);
      std::vector<ExprPtr> conjuncts = SplitConjuncts(filter.predicate);
      std::vector<bool> used(conjuncts.size(), false);
      for (size_t k = 0; k < conjuncts.size(); ++k) {
        const ExprNode& c = *conjuncts[k];
        if (c.kind != ExprKind::kCall || c.name != "==") continue;
        for (int side = 0; side < 2; ++side) {
          const ExprNode& outer = StripAlias(*c.args[static_cast<size_t>(side)]);
          const ExprNode& inner = StripAlias(*c.args[static_cast<size_t>(1 - side)]);
          if (outer.kind != ExprKind::kOuterColumn || inner.kind != ExprKind::kColumn) continue;
          auto at = std::find(c_.outer.begin(), c_.outer.end(), outer.column_id);
          if (at == c_.outer.end()) continue;
          size_t i = static_cast<size_t>(at - c_.outer.begin());
          ColumnId id = static_cast<ColumnId>(inner.column_id);
          if (carried[i] || ResultTypeIn(MakeColumnRef(inner.name, id), *child) != c_.types[i])
            continue;  // (a comparison that casts one side: the values differ in type)
          carrier[i] = id;
          carried[i] = true;
          used[k] = true;
          break;
        }
      }
      if (std::find(carried.begin(), carried.end(), false) == carried.end()) {
        std::vector<ExprPtr> kept;
        // The equalities used become "the carrier is not NULL".
        for (size_t k = 0; k < conjuncts.size(); ++k)
          if (!used[k]) kept.push_back(Substitute(conjuncts[k], carrier));
        std::set<ColumnId> distinct(carrier.begin(), carrier.end());
        for (ColumnId id : distinct) {
          int at = child->IndexOf(id);
          kept.push_back(
              MakeCall("is_not_null",
                       {MakeColumnRef(child->schema->field(static_cast<size_t>(at)).name, id)}));
        }
        return {MakeFilterNode(child, JoinConjuncts(kept)), carrier, false};
      }
    }
    Unnested in = Unnest(child);
    in.plan = MakeFilterNode(in.plan, Substitute(filter.predicate, in.values));
    return in;
  }

  Unnested UnnestProject(const PlanPtr& node) const {
    const auto& project = node->As<ProjectNode>();
    Unnested in = Unnest(node->children[0]);
    std::vector<ExprPtr> exprs = Substitute(project.exprs, in.values);
    for (auto& e : CarriedRefs(in.values)) exprs.push_back(e);
    PlanPtr plan = MakeProjectNode(in.plan, exprs, false);
    plan = WithIds(plan, Positions(0, node->ids.size()), node->ids);
    return {plan,
            {plan->ids.begin() + static_cast<long>(node->ids.size()), plan->ids.end()},
            in.nullable};
  }

  Unnested UnnestAggregate(const PlanPtr& node) const {
    const auto& aggregate = node->As<AggregateNode>();
    Unnested in = Unnest(node->children[0]);
    size_t k = aggregate.keys.size(), m = c_.outer.size();
    if (k > 0) {
      // Grouped: also by the carried values.
      std::vector<ExprPtr> keys = Substitute(aggregate.keys, in.values);
      for (auto& e : CarriedRefs(in.values)) keys.push_back(e);
      PlanPtr plan = MakeAggregateNode(in.plan, keys, Substitute(aggregate.aggregates, in.values));
      std::vector<size_t> positions = Positions(0, k);
      for (size_t i = k; i < node->ids.size(); ++i) positions.push_back(i + m);
      plan = WithIds(plan, positions, node->ids);
      return {
          plan,
          {plan->ids.begin() + static_cast<long>(k), plan->ids.begin() + static_cast<long>(k + m)},
          in.nullable};
    }
    // Without keys an aggregation gives a row even for no rows, so every value of the domain
    // must get one: the domain is left-joined with the input, whose rows are marked; each
    // aggregate reads its argument only on marked rows (NULL on a domain value's padding row,
    // which every aggregate skips), and count(*) counts the marks.
    PlanPtr domain = Domain();
    std::vector<ExprPtr> marked_exprs;
    for (size_t i = 0; i < in.plan->ids.size(); ++i)
      marked_exprs.push_back(MakeColumnRef(in.plan->schema->field(i).name, in.plan->ids[i]));
    marked_exprs.push_back(MakeAlias(MakeLiteral(Scalar::Bool(true)), "#row"));
    PlanPtr marked = MakeProjectNode(in.plan, marked_exprs, false);
    marked = WithIds(marked, Positions(0, in.plan->ids.size()), in.plan->ids);
    ExprPtr row = MakeColumnRef("#row", marked->ids.back());
    std::vector<ExprPtr> left_keys, right_keys;
    for (size_t i = 0; i < m; ++i)
      AddKey(MakeColumnRef(c_.names[i], domain->ids[i]), MakeColumnRef(c_.names[i], in.values[i]),
             c_.types[i], in.nullable, &left_keys, &right_keys);
    PlanPtr joined = MakeJoinNode(domain, marked, left_keys, right_keys, JoinType::kLeft);
    std::vector<ExprPtr> aggregates;
    for (const auto& a : Substitute(aggregate.aggregates, in.values)) {
      const ExprNode& call = StripAlias(*a);
      if (call.name == "count_star" || (call.name == "count" && call.args.empty())) {
        aggregates.push_back(MakeAlias(MakeAggregateCall("count", {row}), a->OutputName()));
        continue;
      }
      auto only_marked = std::make_shared<ExprNode>(call);
      for (auto& arg : only_marked->args) arg = MakeCase({row, arg}, false);
      aggregates.push_back(MakeAlias(only_marked, a->OutputName()));
    }
    PlanPtr plan = MakeAggregateNode(joined, CarriedRefs(domain->ids), aggregates);
    plan = WithIds(plan, Positions(m, node->ids.size()), node->ids);
    return {plan, {plan->ids.begin(), plan->ids.begin() + static_cast<long>(m)}, true};
  }

  Unnested UnnestJoin(const PlanPtr& node) const {
    const auto& join = node->As<JoinNode>();
    const PlanPtr &left = node->children[0], &right = node->children[1];
    auto reads_any = [&](const std::vector<ExprPtr>& exprs) {
      return std::any_of(exprs.begin(), exprs.end(), [&](const ExprPtr& e) { return Reads(e); });
    };
    bool left_reads = Reads(*left) || reads_any(join.left_keys);
    bool right_reads = Reads(*right) || reads_any(join.right_keys);
    JoinType type = join.type;
    bool into_left = type == JoinType::kInner || type == JoinType::kLeft ||
                     type == JoinType::kSemi || type == JoinType::kAnti || type == JoinType::kMark;
    bool into_right = type == JoinType::kInner || type == JoinType::kRight ||
                      type == JoinType::kRightSemi || type == JoinType::kRightAnti;
    auto condition = [&](const std::vector<ColumnId>& values) {
      return join.condition ? Substitute(join.condition, values) : nullptr;
    };
    // A mark join's mark keeps its id (the operators above read it).
    auto rebuilt = [&](PlanPtr plan) {
      return type == JoinType::kMark ? WithIds(plan, {plan->ids.size() - 1}, {node->ids.back()})
                                     : plan;
    };
    if (!right_reads && into_left) {
      // Only the left side (or the condition) reads outside: the values travel with its rows.
      Unnested in = Unnest(left);
      in.plan = rebuilt(MakeJoinNode(in.plan, right, Substitute(join.left_keys, in.values),
                                     join.right_keys, type, condition(in.values)));
      return in;
    }
    if (!left_reads && into_right) {
      Unnested in = Unnest(right);
      in.plan = MakeJoinNode(left, in.plan, join.left_keys, Substitute(join.right_keys, in.values),
                             type, condition(in.values));
      return in;
    }
    if (type == JoinType::kFull)
      ThrowError("not supported: a correlated subquery over a FULL JOIN");
    // Both sides read outside: each is computed for the values, and rows pair up within one.
    Unnested l = Unnest(left), r = Unnest(right);
    std::vector<ExprPtr> left_keys = Substitute(join.left_keys, l.values);
    std::vector<ExprPtr> right_keys = Substitute(join.right_keys, r.values);
    for (size_t i = 0; i < c_.outer.size(); ++i)
      AddKey(MakeColumnRef(c_.names[i], l.values[i]), MakeColumnRef(c_.names[i], r.values[i]),
             c_.types[i], l.nullable && r.nullable, &left_keys, &right_keys);
    bool right_kept = type == JoinType::kRight || KeepsOnlyRightColumns(type);
    Unnested out = right_kept ? r : l;
    out.plan =
        rebuilt(MakeJoinNode(l.plan, r.plan, left_keys, right_keys, type, condition(l.values)));
    return out;
  }

  // LIMIT (after an ORDER BY) per evaluation: rows numbered within each carried value.
  Unnested UnnestLimit(const PlanPtr& node) const {
    const auto& limit = node->As<LimitNode>();
    PlanPtr below = node->children[0];
    std::vector<SortSpec> order;
    if (below->kind == PlanKind::kSort) {
      order = below->As<SortNode>().keys;
      below = below->children[0];
    }
    Unnested in = Unnest(below);
    std::vector<ExprPtr> partition;
    for (size_t i = 0; i < in.values.size(); ++i)
      partition.push_back(MakeColumnRef(c_.names[i], in.values[i]));
    PlanPtr numbered = MakeWindowNode(in.plan, "#row", MakeWindowCall("row_number", {}), partition,
                                      Substitute(order, in.values));
    ExprPtr row = MakeColumnRef("#row", numbered->ids.back());
    std::vector<ExprPtr> conditions;
    if (limit.offset > 0)
      conditions.push_back(MakeCall(">", {row, MakeLiteral(Scalar::Int64(limit.offset))}));
    if (limit.limit >= 0)
      conditions.push_back(
          MakeCall("<=", {row, MakeLiteral(Scalar::Int64(limit.offset + limit.limit))}));
    in.plan = conditions.empty() ? numbered : MakeFilterNode(numbered, JoinConjuncts(conditions));
    return in;
  }

  Unnested UnnestWindow(const PlanPtr& node) const {
    const auto& window = node->As<WindowNode>();
    Unnested in = Unnest(node->children[0]);
    std::vector<ExprPtr> partition = Substitute(window.partition_by, in.values);
    for (size_t i = 0; i < in.values.size(); ++i)
      partition.push_back(MakeColumnRef(c_.names[i], in.values[i]));
    PlanPtr plan = MakeWindowNode(in.plan, window.name, Substitute(window.function, in.values),
                                  partition, Substitute(window.order_by, in.values), window.frame);
    in.plan = WithIds(plan, {plan->ids.size() - 1}, {node->ids.back()});
    return in;
  }

  Unnested UnnestUnion(const PlanPtr& node) const {
    Unnested l = Unnest(node->children[0]), r = Unnest(node->children[1]);
    auto exactly = [](const PlanPtr& side, const Unnested& u) {
      std::vector<ColumnId> ids = side->ids;
      ids.insert(ids.end(), u.values.begin(), u.values.end());
      return Exactly(u.plan, ids);
    };
    PlanPtr plan = MakeUnionNode(exactly(node->children[0], l), exactly(node->children[1], r));
    plan = WithIds(plan, Positions(0, node->ids.size()), node->ids);
    return {plan,
            {plan->ids.begin() + static_cast<long>(node->ids.size()), plan->ids.end()},
            l.nullable || r.nullable};
  }

  bool ReadsAny(const std::set<ColumnId>& outer) const {
    for (ColumnId id : c_.outer)
      if (outer.count(id)) return true;
    return false;
  }

  const Correlation& c_;
};

// EXISTS and NOT EXISTS: the correlated conjuncts of the filter at the subquery's top (under
// its select list, ordering and DISTINCT, which EXISTS does not depend on) become the semi or
// anti join's keys and condition; whatever else reads outside is unnested.
PlanPtr DecorrelateExists(const PlanPtr& left, PlanPtr sub, bool negated, Decorrelator& d,
                          const Correlation& c) {
  while (sub->kind == PlanKind::kProject || sub->kind == PlanKind::kSort ||
         sub->kind == PlanKind::kDistinct)
    sub = sub->children[0];
  std::vector<ExprPtr> lifted;
  if (sub->kind == PlanKind::kFilter) {
    std::vector<ExprPtr> kept;
    for (const auto& conjunct : SplitConjuncts(sub->As<FilterNode>().predicate))
      (d.Reads(conjunct) ? lifted : kept).push_back(conjunct);
    if (!lifted.empty())
      sub = kept.empty() ? sub->children[0] : MakeFilterNode(sub->children[0], JoinConjuncts(kept));
  }
  std::vector<ExprPtr> left_keys, right_keys, condition;
  std::set<ColumnId> left_ids(left->ids.begin(), left->ids.end());
  auto only = [](const ExprPtr& e, const std::set<ColumnId>& ids, bool inside) {
    std::set<ColumnId> read;
    CollectColumnIds(*e, &read);
    if (read.empty()) return false;
    for (ColumnId id : read)
      if (ids.count(id) != (inside ? 1u : 0u)) return false;
    return true;
  };
  for (const auto& conjunct : lifted) {
    // References to the left input become its columns.
    ExprPtr e = d.Substitute(conjunct, c.outer);
    if (e->kind == ExprKind::kCall && e->name == "==") {
      for (int side = 0; side < 2; ++side) {
        const ExprPtr& a = e->args[static_cast<size_t>(side)];
        const ExprPtr& b = e->args[static_cast<size_t>(1 - side)];
        if (only(a, left_ids, true) && only(b, left_ids, false)) {
          left_keys.push_back(a);
          right_keys.push_back(b);
          e = nullptr;
          break;
        }
      }
    }
    if (e) condition.push_back(e);
  }
  if (d.Reads(*sub)) {
    Unnested in = d.Unnest(sub);
    for (size_t i = 0; i < c.outer.size(); ++i)
      AddKey(MakeColumnRef(c.names[i], c.outer[i]), MakeColumnRef(c.names[i], in.values[i]),
             c.types[i], in.nullable, &left_keys, &right_keys);
    sub = in.plan;
  }
  return MakeJoinNode(left, sub, left_keys, right_keys, negated ? JoinType::kAnti : JoinType::kSemi,
                      JoinConjuncts(condition));
}

// The value an aggregation's select item has over no rows (count 0, other aggregates NULL),
// when that is a constant: null when it is not.
std::optional<Scalar> ValueOverNoRows(const ExprPtr& item, const LogicalNode& aggregate) {
  const auto& node = aggregate.As<AggregateNode>();
  std::map<ColumnId, ExprPtr> empty;
  for (size_t i = 0; i < node.aggregates.size(); ++i) {
    const ExprNode& call = StripAlias(*node.aggregates[i]);
    DataType type = aggregate.schema->field(i).type;
    empty[aggregate.ids[i]] =
        MakeLiteral(IsCount(call.name) ? Scalar::Int64(0) : Scalar::Null(type));
  }
  ExprPtr replaced = ReplaceColumns(item, [&](const ExprPtr& column) -> ExprPtr {
    auto it = empty.find(static_cast<ColumnId>(column->column_id));
    return it == empty.end() ? column : it->second;
  });
  try {
    BoundExprPtr bound = Bind(*replaced, Schema());
    if (const Scalar* value = bound->ConstantValue()) return *value;
  } catch (const Error&) {
    // Not a constant (or it fails over no rows): the general way below.
  }
  return std::nullopt;
}

// A scalar subquery: its value for each left row, by a left join on the carried values.
PlanPtr DecorrelateScalar(const PlanPtr& left, const PlanPtr& sub, const DependentJoinNode& dj,
                          Decorrelator& d, const Correlation& c) {
  const std::string& name = dj.schema->fields().back().name;
  size_t m = c.outer.size();
  PlanPtr right;
  Unnested in;
  ExprPtr value;
  std::optional<Scalar> over_no_rows;
  const PlanPtr* aggregate = nullptr;
  if (sub->kind == PlanKind::kProject && sub->children[0]->kind == PlanKind::kAggregate &&
      sub->children[0]->As<AggregateNode>().keys.empty()) {
    const auto& items = sub->As<ProjectNode>().exprs;
    if (!std::any_of(items.begin(), items.end(), ReadsOuter)) {
      over_no_rows = ValueOverNoRows(items[0], *sub->children[0]);
      if (over_no_rows) aggregate = &sub->children[0];
    }
  }
  if (aggregate) {
    // `SELECT f(aggregates) FROM ... WHERE <correlated>`: grouped by the carried values, one
    // row per value that has rows; a left row without one gets f over no rows (a constant:
    // NULL, or 0 for a count), which the join's NULL is replaced with.
    const auto& agg = (*aggregate)->As<AggregateNode>();
    in = d.Unnest((*aggregate)->children[0]);
    PlanPtr grouped = MakeAggregateNode(in.plan, d.CarriedRefs(in.values),
                                        d.Substitute(agg.aggregates, in.values));
    grouped = WithIds(grouped, Positions(m, (*aggregate)->ids.size()), (*aggregate)->ids);
    std::vector<ColumnId> carried(grouped->ids.begin(),
                                  grouped->ids.begin() + static_cast<long>(m));
    std::vector<ExprPtr> outputs = {MakeAlias(sub->As<ProjectNode>().exprs[0], "#value")};
    for (auto& e : d.CarriedRefs(carried)) outputs.push_back(e);
    outputs.push_back(MakeAlias(MakeLiteral(Scalar::Bool(true)), "#found"));
    right = MakeProjectNode(grouped, outputs, false);
    in.values.assign(right->ids.begin() + 1, right->ids.begin() + 1 + static_cast<long>(m));
    value = MakeColumnRef("#value", right->ids[0]);
    if (!over_no_rows->is_null())
      value = MakeCase({MakeCall("is_null", {MakeColumnRef("#found", right->ids.back())}),
                        MakeLiteral(*over_no_rows), value},
                       true);
  } else {
    // Any other subquery: unnested, then checked to give at most one row per value.
    in = d.Unnest(sub);
    ExprPtr item = MakeColumnRef(sub->schema->field(0).name, sub->ids[0]);
    PlanPtr grouped = MakeAggregateNode(in.plan, d.CarriedRefs(in.values),
                                        {MakeAlias(MakeAggregateCall("first", {item}), "#value"),
                                         MakeAlias(MakeAggregateCall("count_star", {}), "#rows")});
    // Checked after the join, so that only values an outer row has count (a value the outer
    // query does not have may well have several rows).
    ExprPtr many =
        MakeCall(">", {MakeColumnRef("#rows", grouped->ids[m + 1]), MakeLiteral(Scalar::Int64(1))});
    value =
        MakeCall("fail_if", {many,
                             MakeLiteral(Scalar::String(
                                 "more than one row returned by a subquery used as an expression")),
                             MakeColumnRef("#value", grouped->ids[m])});
    right = grouped;
    in.values.assign(grouped->ids.begin(), grouped->ids.begin() + static_cast<long>(m));
  }
  std::vector<ExprPtr> left_keys, right_keys;
  for (size_t i = 0; i < m; ++i)
    AddKey(MakeColumnRef(c.names[i], c.outer[i]), MakeColumnRef(c.names[i], in.values[i]),
           c.types[i], in.nullable, &left_keys, &right_keys);
  PlanPtr joined = MakeJoinNode(left, right, left_keys, right_keys, JoinType::kLeft);
  std::vector<ExprPtr> outputs;
  for (size_t i = 0; i < left->ids.size(); ++i)
    outputs.push_back(MakeColumnRef(left->schema->field(i).name, left->ids[i]));
  outputs.push_back(MakeAlias(value, name));
  PlanPtr plan = MakeProjectNode(joined, outputs, false);
  return WithIds(plan, Positions(0, dj.ids.size()), dj.ids);
}

// `plan` with each column reference named as the column it reads is (the rewrite names carried
// values after the outside columns; plans read better with the names of their own inputs).
PlanPtr WithInputNames(const PlanPtr& plan) {
  if (plan->children.empty()) return plan;
  NodePtr node = plan->Copy();
  std::map<ColumnId, std::string> names;
  for (auto& c : node->children) {
    c = WithInputNames(c);
    for (size_t i = 0; i < c->ids.size(); ++i) names[c->ids[i]] = c->schema->field(i).name;
  }
  node->RewriteExpressions([&](const ExprPtr& e) {
    return ReplaceColumns(e, [&](const ExprPtr& column) -> ExprPtr {
      auto it = names.find(static_cast<ColumnId>(column->column_id));
      if (it == names.end() || it->second == column->name) return column;
      return MakeColumnRef(it->second, it->first);
    });
  });
  return node;
}

PlanPtr DecorrelateJoin(const DependentJoinNode& dj, const PlanPtr& left, const PlanPtr& sub) {
  Correlation c;
  // Columns of a query further out stay outside references: a constant here, they are
  // resolved when the subquery around this one is.
  for (ColumnId id : OuterColumnsOf(*sub))
    if (left->IndexOf(id) >= 0) c.outer.push_back(id);
  // In the left input's column order, for readable plans.
  std::sort(c.outer.begin(), c.outer.end(),
            [&](ColumnId a, ColumnId b) { return left->IndexOf(a) < left->IndexOf(b); });
  std::map<ColumnId, ColumnId> remap;
  PlanPtr copy = Reinstantiate(left, &remap);
  std::vector<ExprPtr> columns;
  for (size_t i = 0; i < c.outer.size(); ++i) {
    const Field& f = left->schema->field(static_cast<size_t>(left->IndexOf(c.outer[i])));
    c.names.push_back(f.name);
    c.types.push_back(f.type);
    columns.push_back(MakeAlias(MakeColumnRef(f.name, remap.at(c.outer[i])), f.name));
  }
  if (!columns.empty()) c.domain = MakeDistinctNode(MakeProjectNode(copy, columns, false));
  Decorrelator d(c);
  switch (dj.subquery) {
    case SubqueryKind::kExists:
    case SubqueryKind::kNotExists:
      return DecorrelateExists(left, sub, dj.subquery == SubqueryKind::kNotExists, d, c);
    case SubqueryKind::kScalar:
      return DecorrelateScalar(left, sub, dj, d, c);
  }
  ThrowError("unknown subquery kind");
}

}  // namespace

PlanPtr Decorrelate(const PlanPtr& plan) {
  std::vector<PlanPtr> children;
  bool changed = false;
  for (const auto& c : plan->children) {
    children.push_back(Decorrelate(c));
    changed = changed || children.back() != c;
  }
  if (plan->kind == PlanKind::kDependentJoin)
    return WithInputNames(DecorrelateJoin(plan->As<DependentJoinNode>(), children[0], children[1]));
  if (!changed) return plan;
  NodePtr copy = plan->Copy();
  copy->children = std::move(children);
  return copy;
}

}  // namespace tally
