// Filter pushdown (see optimizer.h). Place(node, conjuncts) returns `node` with the conjuncts
// applied: each goes below the node when the node lets it through, rewritten in terms of the
// columns of the child it goes to, and the rest stay in a filter above the node.
#include <algorithm>
#include <map>
#include <set>

#include "common/error.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

using Conjuncts = std::vector<ExprPtr>;
// What an output column is in terms of the input below (an expression over its columns).
using Definitions = std::map<ColumnId, ExprPtr>;

PlanPtr Place(const PlanPtr& plan, Conjuncts conjuncts);

std::vector<ExprPtr> SplitDisjuncts(const ExprPtr& e) {
  if (e->kind == ExprKind::kCall && e->name == "or" && e->args.size() == 2) {
    std::vector<ExprPtr> out = SplitDisjuncts(e->args[0]);
    for (auto& d : SplitDisjuncts(e->args[1])) out.push_back(std::move(d));
    return out;
  }
  return {e};
}

// (A and B) or (A and C) is A and (B or C): a condition that every branch of an OR has (a join
// key, typically) is taken out of it, so that it can become a join key or move down alone.
std::vector<ExprPtr> FactorOr(const ExprPtr& conjunct) {
  std::vector<ExprPtr> disjuncts = SplitDisjuncts(conjunct);
  if (disjuncts.size() < 2) return {conjunct};
  std::vector<std::vector<ExprPtr>> branches;
  for (const auto& d : disjuncts) branches.push_back(SplitConjuncts(d));
  std::vector<ExprPtr> common;
  for (const auto& candidate : branches[0]) {
    std::string key = ExprKey(*candidate);
    bool everywhere = true;
    for (size_t b = 1; b < branches.size() && everywhere; ++b)
      everywhere = std::any_of(branches[b].begin(), branches[b].end(),
                               [&](const ExprPtr& e) { return ExprKey(*e) == key; });
    bool seen = std::any_of(common.begin(), common.end(),
                            [&](const ExprPtr& e) { return ExprKey(*e) == key; });
    if (everywhere && !seen) common.push_back(candidate);
  }
  if (common.empty()) return {conjunct};
  std::set<std::string> taken;
  for (const auto& c : common) taken.insert(ExprKey(*c));
  ExprPtr rest;
  for (const auto& branch : branches) {
    std::vector<ExprPtr> left;
    for (const auto& e : branch)
      if (!taken.count(ExprKey(*e))) left.push_back(e);
    if (left.empty()) return common;  // a branch holds whenever the common part does
    ExprPtr b = JoinConjuncts(left);
    rest = rest ? MakeCall("or", {rest, b}) : b;
  }
  common.push_back(rest);
  return common;
}

// A filter of the conjuncts over `plan` (plan itself when there are none).
PlanPtr FilterOver(PlanPtr plan, const Conjuncts& conjuncts) {
  if (conjuncts.empty()) return plan;
  auto node = std::make_shared<FilterNode>();
  node->children = {std::move(plan)};
  node->schema = node->children[0]->schema;
  node->ids = node->children[0]->ids;
  node->predicate = JoinConjuncts(conjuncts);
  return node;
}

PlanPtr WithChildren(const PlanPtr& plan, std::vector<PlanPtr> children) {
  NodePtr node = plan->Copy();
  node->children = std::move(children);
  return node;
}

bool ColumnFree(const ExprPtr& e) {
  std::set<ColumnId> ids;
  CollectColumnIds(*e, &ids);
  return ids.empty();
}

// Substitutes each column by its definition; nullptr when one has none.
ExprPtr Substitute(const ExprPtr& e, const Definitions& definitions) {
  bool missing = false;
  ExprPtr out = ReplaceColumns(e, [&](const ExprPtr& column) -> ExprPtr {
    auto it = definitions.find(static_cast<ColumnId>(column->column_id));
    if (it == definitions.end()) {
      missing = true;
      return column;
    }
    return it->second;
  });
  return missing ? nullptr : out;
}

// Each of `ids` defined as itself (for nodes that pass rows of their input on unchanged).
Definitions Identity(const std::vector<ColumnId>& ids, const LogicalNode& node) {
  Definitions out;
  for (ColumnId id : ids) {
    int i = node.IndexOf(id);
    out[id] = MakeColumnRef(node.schema->field(static_cast<size_t>(i)).name, id);
  }
  return out;
}

// Pushes through a node with one input whose rows the conjuncts may be tested on first, when
// `definitions` define every column they read.
// Both inputs' columns of a join, as themselves.
Definitions JoinColumns(const LogicalNode& join) {
  Definitions out = Identity(join.children[0]->ids, *join.children[0]);
  for (auto& [id, e] : Identity(join.children[1]->ids, *join.children[1])) out[id] = e;
  return out;
}

PlanPtr PlaceThrough(const PlanPtr& plan, const Conjuncts& conjuncts,
                     const Definitions& definitions) {
  Conjuncts below, above;
  for (const auto& c : conjuncts) {
    ExprPtr rewritten = Substitute(c, definitions);
    if (rewritten)
      below.push_back(rewritten);
    else
      above.push_back(c);
  }
  PlanPtr child = Place(plan->children[0], std::move(below));
  return FilterOver(WithChildren(plan, {child}), above);
}

PlanPtr PlaceInScan(const PlanPtr& plan, Conjuncts conjuncts) {
  if (conjuncts.empty()) return plan;
  auto scan = CopyAs<ScanNode>(plan);
  if (scan->filter) conjuncts.insert(conjuncts.begin(), scan->filter);
  scan->filter = JoinConjuncts(conjuncts);
  return scan;
}

// The expressions that compute the first outputs of `plan` (a projection's columns, an
// aggregation's keys).
Definitions Computed(const PlanPtr& plan, const std::vector<ExprPtr>& exprs) {
  Definitions out;
  for (size_t i = 0; i < exprs.size(); ++i) out[plan->ids[i]] = StripAlias(exprs[i]);
  return out;
}

PlanPtr PlaceThroughWindow(const PlanPtr& plan, const Conjuncts& conjuncts) {
  // Only plain partition columns: a partition is kept or dropped whole.
  std::vector<ColumnId> partition_columns;
  for (const auto& p : plan->As<WindowNode>().partition_by) {
    ExprPtr e = StripAlias(p);
    if (e->kind == ExprKind::kColumn)
      partition_columns.push_back(static_cast<ColumnId>(e->column_id));
  }
  return PlaceThrough(plan, conjuncts, Identity(partition_columns, *plan->children[0]));
}

PlanPtr PlaceThroughUnion(const PlanPtr& plan, const Conjuncts& conjuncts) {
  // The union's columns are its inputs' columns at the same positions.
  std::vector<PlanPtr> children;
  for (const auto& child : plan->children) {
    Definitions definitions;
    for (size_t i = 0; i < plan->ids.size(); ++i)
      definitions[plan->ids[i]] = MakeColumnRef(child->schema->field(i).name, child->ids[i]);
    Conjuncts rewritten;
    for (const auto& c : conjuncts) rewritten.push_back(Substitute(c, definitions));
    children.push_back(Place(child, rewritten));
  }
  return WithChildren(plan, std::move(children));
}

// `c` as left_expr == right_expr with each side over one input, for a new key pair.
bool AsKeyPair(const ExprPtr& c, const Definitions& left, const Definitions& right, ExprPtr* l,
               ExprPtr* r) {
  if (c->kind != ExprKind::kCall || c->name != "==" || c->args.size() != 2) return false;
  for (int flip = 0; flip < 2; ++flip) {
    ExprPtr a = Substitute(c->args[flip], left), b = Substitute(c->args[1 - flip], right);
    if (a && b && !ColumnFree(a) && !ColumnFree(b)) {
      *l = a;
      *r = b;
      return true;
    }
  }
  return false;
}

// Conditions on the plain key columns of one side, rewritten for the other side: they hold for
// every pair that joins, and rows of the other side that fail them meet no row that passes.
Definitions KeysAsOtherSide(const std::vector<ExprPtr>& keys, const std::vector<ExprPtr>& other,
                            const Definitions& other_columns) {
  Definitions out = other_columns;
  for (size_t i = 0; i < keys.size(); ++i) {
    ExprPtr key = StripAlias(keys[i]);
    if (key->kind == ExprKind::kColumn) out[static_cast<ColumnId>(key->column_id)] = other[i];
  }
  return out;
}

// What `e` implies about one side of a join alone: an expression over that side's columns
// that holds for every row where `e` holds, or nullptr. Of (n1 = 'FRANCE' and n2 = 'GERMANY')
// or (n1 = 'GERMANY' and n2 = 'FRANCE'), each nation's side keeps n = 'FRANCE' or n =
// 'GERMANY': a filter that can go down to that side while the whole condition stays.
ExprPtr ImpliedOnSide(const ExprPtr& e, const Definitions& side) {
  if (!ColumnFree(e))
    if (ExprPtr on_side = Substitute(e, side)) return on_side;
  if (e->kind != ExprKind::kCall || e->args.size() != 2) return nullptr;
  if (e->name == "and") {
    ExprPtr a = ImpliedOnSide(e->args[0], side), b = ImpliedOnSide(e->args[1], side);
    if (a && b) return MakeCall("and", {a, b});
    return a ? a : b;
  }
  if (e->name == "or") {
    ExprPtr a = ImpliedOnSide(e->args[0], side), b = ImpliedOnSide(e->args[1], side);
    if (a && b) return MakeCall("or", {a, b});
  }
  return nullptr;
}

// For a conjunct that stays at the join (it reads both sides), the filters it implies on each
// side where filtering first keeps the answer.
void AddImpliedFilters(const ExprPtr& c, bool into_left, bool into_right,
                       const Definitions& left_columns, const Definitions& right_columns,
                       Conjuncts* to_left, Conjuncts* to_right) {
  if (SplitDisjuncts(c).size() < 2) return;  // only ORs: an AND's parts move down alone
  if (into_left)
    if (ExprPtr implied = ImpliedOnSide(c, left_columns)) to_left->push_back(implied);
  if (into_right)
    if (ExprPtr implied = ImpliedOnSide(c, right_columns)) to_right->push_back(implied);
}

PlanPtr PlaceThroughJoin(const PlanPtr& plan, const Conjuncts& conjuncts) {
  const JoinNode& join = plan->As<JoinNode>();
  const LogicalNode& left = *plan->children[0];
  const LogicalNode& right = *plan->children[1];
  Definitions left_columns = Identity(left.ids, left);
  Definitions right_columns = Identity(right.ids, right);
  Definitions left_keys_as_right = KeysAsOtherSide(join.left_keys, join.right_keys, right_columns);
  Definitions right_keys_as_left = KeysAsOtherSide(join.right_keys, join.left_keys, left_columns);
  JoinType type = join.type;
  // A side whose rows are null-extended (the right of a left join...) must see the joined row;
  // the mark of a mark join depends on every right row, NULL keys included.
  bool right_only = KeepsOnlyRightColumns(type);
  bool into_left = type != JoinType::kRight && type != JoinType::kFull && !right_only;
  bool into_right = type == JoinType::kInner || type == JoinType::kRight || right_only;
  bool across = type != JoinType::kFull && type != JoinType::kMark;
  auto node = CopyAs<JoinNode>(plan);
  Conjuncts to_left, to_right, condition, above;
  // The join's own condition: a conjunct over one side only filters that side's rows first
  // where that keeps the join's answer: the right side of inner, left, semi and anti joins (a
  // right row failing it matches nothing), the left side of inner, right and semi joins (a
  // left row failing it matches nothing and is not kept unmatched); right semi and anti joins
  // mirror semi and anti joins.
  bool condition_to_right = type == JoinType::kInner || type == JoinType::kLeft ||
                            type == JoinType::kSemi || type == JoinType::kAnti ||
                            type == JoinType::kRightSemi;
  bool condition_to_left = type == JoinType::kInner || type == JoinType::kRight ||
                           type == JoinType::kSemi || type == JoinType::kRightSemi ||
                           type == JoinType::kRightAnti;
  if (node->condition)
    for (const auto& c : SplitConjuncts(node->condition)) {
      ExprPtr on_left = condition_to_left && !ColumnFree(c) ? Substitute(c, left_columns) : nullptr;
      ExprPtr on_right =
          condition_to_right && !ColumnFree(c) ? Substitute(c, right_columns) : nullptr;
      if (on_left) {
        to_left.push_back(on_left);
      } else if (on_right) {
        to_right.push_back(on_right);
      } else {
        condition.push_back(c);
        AddImpliedFilters(c, condition_to_left, condition_to_right, left_columns, right_columns,
                          &to_left, &to_right);
      }
    }
  for (const auto& c : conjuncts) {
    ExprPtr on_left = into_left ? Substitute(c, left_columns) : nullptr;
    ExprPtr on_right = into_right ? Substitute(c, right_columns) : nullptr;
    ExprPtr l, r;
    if (on_left) {
      to_left.push_back(on_left);
      if (across)
        if (ExprPtr keys = Substitute(c, left_keys_as_right)) to_right.push_back(keys);
    } else if (on_right) {
      to_right.push_back(on_right);
      if (across)
        if (ExprPtr keys = Substitute(c, right_keys_as_left)) to_left.push_back(keys);
    } else if (type == JoinType::kInner && AsKeyPair(c, left_columns, right_columns, &l, &r)) {
      // An equality across the sides of an inner join is a key: a cross join with a WHERE
      // clause becomes a hash join.
      node->left_keys.push_back(l);
      node->right_keys.push_back(r);
    } else if (type == JoinType::kInner && Substitute(c, JoinColumns(*plan))) {
      condition.push_back(c);
      AddImpliedFilters(c, true, true, left_columns, right_columns, &to_left, &to_right);
    } else {
      above.push_back(c);
    }
  }
  node->condition = JoinConjuncts(condition);
  PlanPtr new_left = Place(plan->children[0], std::move(to_left));
  PlanPtr new_right = Place(plan->children[1], std::move(to_right));
  node->children = {new_left, new_right};
  return FilterOver(node, above);
}

PlanPtr Place(const PlanPtr& plan, Conjuncts conjuncts) {
  switch (plan->kind) {
    case PlanKind::kScan:
      return PlaceInScan(plan, std::move(conjuncts));
    case PlanKind::kFilter: {
      // Its own conjuncts first, so that they keep guarding the ones from above.
      Conjuncts all;
      for (const auto& c : SplitConjuncts(plan->As<FilterNode>().predicate))
        for (auto& factored : FactorOr(c)) all.push_back(std::move(factored));
      for (auto& c : conjuncts) all.push_back(std::move(c));
      return Place(plan->children[0], std::move(all));
    }
    case PlanKind::kProject:
      return PlaceThrough(plan, conjuncts, Computed(plan, plan->As<ProjectNode>().exprs));
    case PlanKind::kAggregate: {
      // Only grouping keys: a group is kept or dropped whole, so its rows may be dropped first.
      // A condition on no column at all stays above (below, it would leave a global
      // aggregate's one row on empty input).
      Conjuncts keyed, above;
      for (const auto& c : conjuncts) (ColumnFree(c) ? above : keyed).push_back(c);
      return FilterOver(PlaceThrough(plan, keyed, Computed(plan, plan->As<AggregateNode>().keys)),
                        above);
    }
    case PlanKind::kWindow:
      return PlaceThroughWindow(plan, conjuncts);
    case PlanKind::kSort:
    case PlanKind::kDistinct:
      return PlaceThrough(plan, conjuncts, Identity(plan->ids, *plan));
    case PlanKind::kUnion:
      return PlaceThroughUnion(plan, conjuncts);
    case PlanKind::kJoin:
      return PlaceThroughJoin(plan, conjuncts);
    case PlanKind::kLimit: {
      // Which rows a limit keeps depends on every row before it: nothing passes.
      PlanPtr child = Place(plan->children[0], {});
      return FilterOver(WithChildren(plan, {child}), conjuncts);
    }
    case PlanKind::kDependentJoin:
      break;
  }
  ThrowError("internal error: filters are pushed into a correlated subquery");
}

}  // namespace

PlanPtr PushDownFilters(const PlanPtr& plan) {
  return Place(plan, {});
}

}  // namespace tally
