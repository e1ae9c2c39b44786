// Filter pushdown (see optimizer.h). Place(node, conjuncts) returns `node` with the conjuncts
// applied: each goes below the node when the node lets it through, rewritten in the names of
// the child it goes to, and the rest stay in a filter above the node.
#include <map>
#include <set>

#include "common/error.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

using Conjuncts = std::vector<ExprPtr>;
using Names = std::set<std::string>;

PlanPtr Place(const PlanPtr& plan, Conjuncts conjuncts);

Names ColumnsOf(const ExprPtr& e) {
  Names names;
  CollectColumnNames(*e, &names);
  return names;
}

// A filter of the conjuncts over `plan` (plan itself when there are none).
PlanPtr FilterOver(PlanPtr plan, const Conjuncts& conjuncts) {
  if (conjuncts.empty()) return plan;
  auto node = std::make_shared<LogicalNode>();
  node->kind = PlanKind::kFilter;
  node->children = {std::move(plan)};
  node->schema = node->children[0]->schema;
  node->exprs = {JoinConjuncts(conjuncts)};
  return node;
}

PlanPtr WithChildren(const PlanPtr& plan, std::vector<PlanPtr> children) {
  auto node = std::make_shared<LogicalNode>(*plan);
  node->children = std::move(children);
  return node;
}

// Substitutes each column name by its definition; nullptr when a name has none.
ExprPtr Substitute(const ExprPtr& e, const std::map<std::string, ExprPtr>& definitions) {
  bool missing = false;
  ExprPtr out = ReplaceColumns(e, [&](const std::string& name) -> ExprPtr {
    auto it = definitions.find(name);
    if (it == definitions.end()) {
      missing = true;
      return MakeColumnRef(name);
    }
    return it->second;
  });
  return missing ? nullptr : out;
}

ExprPtr Rename(const ExprPtr& e, const std::map<std::string, std::string>& names) {
  return ReplaceColumns(e, [&](const std::string& name) {
    auto it = names.find(name);
    return MakeColumnRef(it == names.end() ? name : it->second);
  });
}

// Pushes through a node with one child whose rows the conjuncts may be tested on first, when
// `definitions` define every name they read (in the child's terms).
PlanPtr PlaceThrough(const PlanPtr& plan, const Conjuncts& conjuncts,
                     const std::map<std::string, ExprPtr>& definitions) {
  Conjuncts below, above;
  for (const auto& c : conjuncts) {
    ExprPtr rewritten = Substitute(c, definitions);
    (rewritten ? below : above).push_back(rewritten ? rewritten : c);
  }
  PlanPtr child = Place(plan->children[0], std::move(below));
  return FilterOver(WithChildren(plan, {child}), above);
}

// Each name of `schema` defined as the same column below (for nodes that pass rows unchanged).
std::map<std::string, ExprPtr> Identity(const Schema& schema, const Names* only = nullptr) {
  std::map<std::string, ExprPtr> out;
  for (const auto& f : schema.fields())
    if (!only || only->count(f.name)) out[f.name] = MakeColumnRef(f.name);
  return out;
}

PlanPtr PlaceInScan(const PlanPtr& plan, Conjuncts conjuncts) {
  if (conjuncts.empty()) return plan;
  auto scan = std::make_shared<LogicalNode>(*plan);
  if (scan->filter) conjuncts.insert(conjuncts.begin(), scan->filter);
  scan->filter = JoinConjuncts(conjuncts);
  return scan;
}

PlanPtr PlaceThroughProject(const PlanPtr& plan, const Conjuncts& conjuncts) {
  std::map<std::string, ExprPtr> definitions;
  for (size_t i = 0; i < plan->exprs.size(); ++i)
    definitions[plan->schema->field(i).name] = StripAlias(plan->exprs[i]);
  return PlaceThrough(plan, conjuncts, definitions);
}

PlanPtr PlaceThroughAggregate(const PlanPtr& plan, const Conjuncts& conjuncts) {
  // Only grouping keys: a group is kept or dropped whole, so its rows may be dropped first.
  std::map<std::string, ExprPtr> definitions;
  for (size_t i = 0; i < plan->exprs.size(); ++i)
    definitions[plan->schema->field(i).name] = StripAlias(plan->exprs[i]);
  return PlaceThrough(plan, conjuncts, definitions);
}

PlanPtr PlaceThroughWindow(const PlanPtr& plan, const Conjuncts& conjuncts) {
  // Only plain partition columns: a partition is kept or dropped whole.
  Names partition_columns;
  for (const auto& p : plan->partition_by) {
    ExprPtr e = StripAlias(p);
    if (e->kind == ExprKind::kColumn) partition_columns.insert(e->name);
  }
  return PlaceThrough(plan, conjuncts, Identity(*plan->schema, &partition_columns));
}

PlanPtr PlaceThroughUnion(const PlanPtr& plan, const Conjuncts& conjuncts) {
  // The union's names are the left side's; the right side's columns match by position.
  std::vector<PlanPtr> children;
  for (const auto& child : plan->children) {
    std::map<std::string, std::string> names;
    for (size_t i = 0; i < plan->schema->size(); ++i)
      names[plan->schema->field(i).name] = child->schema->field(i).name;
    Conjuncts renamed;
    for (const auto& c : conjuncts) renamed.push_back(Rename(c, names));
    children.push_back(Place(child, renamed));
  }
  return WithChildren(plan, std::move(children));
}

PlanPtr PlaceThroughJoin(const PlanPtr& plan, const Conjuncts& conjuncts) {
  // Where each output column comes from (see MakeJoinNode: keys, left's others, right's others).
  const Schema& out = *plan->schema;
  const Schema& ls = *plan->children[0]->schema;
  const Schema& rs = *plan->children[1]->schema;
  Names keys(plan->join_keys.begin(), plan->join_keys.end());
  std::map<std::string, std::string> left_names, right_names;  // output name -> child name
  size_t i = 0;
  for (const auto& k : plan->join_keys) {
    left_names[out.field(i).name] = k;
    right_names[out.field(i).name] = k;
    ++i;
  }
  for (const auto& f : ls.fields())
    if (!keys.count(f.name)) left_names[out.field(i++).name] = f.name;
  std::map<std::string, std::string> right_only;
  for (const auto& f : rs.fields())
    if (!keys.count(f.name)) right_only[out.field(i++).name] = f.name;
  for (const auto& [output, name] : right_only) right_names[output] = name;

  auto covered = [](const Names& used, const std::map<std::string, std::string>& side) {
    for (const auto& n : used)
      if (!side.count(n)) return false;
    return true;
  };
  // Rows of the right side are null-extended in a left join: a condition on them must see the
  // joined row.
  bool right_filterable = plan->join_type == JoinType::kInner;
  Conjuncts to_left, to_right, above;
  for (const auto& c : conjuncts) {
    Names used = ColumnsOf(c);
    bool on_left = covered(used, left_names);
    bool on_right = covered(used, right_names);
    if (on_left) to_left.push_back(Rename(c, left_names));
    // Key conditions hold on both sides of any equi-join: right rows that fail them match no
    // left row that passes.
    if (on_right && (right_filterable || on_left)) to_right.push_back(Rename(c, right_names));
    if (!on_left && !(on_right && right_filterable)) above.push_back(c);
  }
  PlanPtr left = Place(plan->children[0], std::move(to_left));
  PlanPtr right = Place(plan->children[1], std::move(to_right));
  return FilterOver(WithChildren(plan, {left, right}), above);
}

PlanPtr Place(const PlanPtr& plan, Conjuncts conjuncts) {
  switch (plan->kind) {
    case PlanKind::kScan:
      return PlaceInScan(plan, std::move(conjuncts));
    case PlanKind::kFilter: {
      // Its own conjuncts first, so that they keep guarding the ones from above.
      Conjuncts all = SplitConjuncts(plan->exprs[0]);
      for (auto& c : conjuncts) all.push_back(std::move(c));
      return Place(plan->children[0], std::move(all));
    }
    case PlanKind::kProject:
      return PlaceThroughProject(plan, conjuncts);
    case PlanKind::kAggregate:
      return PlaceThroughAggregate(plan, conjuncts);
    case PlanKind::kWindow:
      return PlaceThroughWindow(plan, conjuncts);
    case PlanKind::kSort:
    case PlanKind::kDistinct:
      return PlaceThrough(plan, conjuncts, Identity(*plan->schema));
    case PlanKind::kUnion:
      return PlaceThroughUnion(plan, conjuncts);
    case PlanKind::kJoin:
      return PlaceThroughJoin(plan, conjuncts);
    case PlanKind::kLimit: {
      // Which rows a limit keeps depends on every row before it: nothing passes.
      PlanPtr child = Place(plan->children[0], {});
      return FilterOver(WithChildren(plan, {child}), conjuncts);
    }
  }
  ThrowError("unsupported plan node");
}

}  // namespace

PlanPtr PushDownFilters(const PlanPtr& plan) {
  return Place(plan, {});
}

}  // namespace tally
