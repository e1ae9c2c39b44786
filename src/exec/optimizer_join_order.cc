// Join ordering (see optimizer.h): a tree of inner joins is flattened into its inputs and its
// predicates (key equalities and conditions), then rebuilt left-deep, greedily: the largest
// input (estimated) is probed, and each step joins the smallest input that a predicate connects
// to what is joined so far (a cross join only when nothing is connected), so that hash tables
// are built on the small sides and no cross product appears where the predicates allow none.
#include <algorithm>
#include <set>

#include "exec/cardinality.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

using Ids = std::set<ColumnId>;

PlanPtr Reorder(const PlanPtr& plan);
PlanPtr RestoreColumns(const PlanPtr& plan, const PlanPtr& join);

bool IsInnerJoin(const LogicalNode& node) {
  return node.kind == PlanKind::kJoin && node.join_type == JoinType::kInner;
}

// The inputs and predicates of the tree of inner joins rooted at `join`.
void Flatten(const PlanPtr& node, std::vector<PlanPtr>* inputs, std::vector<ExprPtr>* predicates) {
  if (!IsInnerJoin(*node)) {
    inputs->push_back(Reorder(node));
    return;
  }
  Flatten(node->children[0], inputs, predicates);
  Flatten(node->children[1], inputs, predicates);
  for (size_t i = 0; i < node->left_keys.size(); ++i)
    predicates->push_back(MakeCall("==", {node->left_keys[i], node->right_keys[i]}));
  if (node->condition)
    for (const auto& c : SplitConjuncts(node->condition)) predicates->push_back(c);
}

Ids IdsOf(const LogicalNode& node) {
  return Ids(node.ids.begin(), node.ids.end());
}

Ids ColumnsOf(const ExprPtr& e) {
  Ids ids;
  CollectColumnIds(*e, &ids);
  return ids;
}

bool Within(const Ids& used, const Ids& available) {
  return std::includes(available.begin(), available.end(), used.begin(), used.end());
}

// `predicate` as a key pair between `joined` (left) and `next` (right), if it is an equality
// with one side over each.
bool KeyPair(const ExprPtr& predicate, const Ids& joined, const Ids& next, ExprPtr* left,
             ExprPtr* right) {
  if (predicate->kind != ExprKind::kCall || predicate->name != "==") return false;
  const ExprPtr& a = predicate->args[0];
  const ExprPtr& b = predicate->args[1];
  Ids ua = ColumnsOf(a), ub = ColumnsOf(b);
  if (ua.empty() || ub.empty()) return false;
  if (Within(ua, joined) && Within(ub, next)) {
    *left = a;
    *right = b;
    return true;
  }
  if (Within(ub, joined) && Within(ua, next)) {
    *left = b;
    *right = a;
    return true;
  }
  return false;
}

// Whether some predicate connects `joined` and `next`.
bool Connected(const std::vector<ExprPtr>& predicates, const std::vector<bool>& used,
               const Ids& joined, const Ids& next) {
  for (size_t p = 0; p < predicates.size(); ++p) {
    if (used[p]) continue;
    Ids columns = ColumnsOf(predicates[p]);
    bool touches_joined = false, touches_next = false;
    for (ColumnId id : columns) {
      touches_joined = touches_joined || joined.count(id);
      touches_next = touches_next || next.count(id);
    }
    if (touches_joined && touches_next) return true;
  }
  return false;
}

// The estimated rows of joining `next` to `plan` on the key pairs the predicates give.
double JoinedRows(const PlanPtr& plan, const PlanPtr& next, const std::vector<ExprPtr>& predicates,
                  const std::vector<bool>& used, const Ids& joined) {
  Ids ids = IdsOf(*next);
  std::vector<ExprPtr> left_keys, right_keys;
  for (size_t p = 0; p < predicates.size(); ++p) {
    ExprPtr l, r;
    if (!used[p] && KeyPair(predicates[p], joined, ids, &l, &r)) {
      left_keys.push_back(l);
      right_keys.push_back(r);
    }
  }
  if (left_keys.empty()) return EstimateRows(*plan) * EstimateRows(*next);
  return EstimateRows(*MakeJoinNode(plan, next, left_keys, right_keys, JoinType::kInner));
}

PlanPtr ReorderInnerJoins(const PlanPtr& join) {
  std::vector<PlanPtr> inputs;
  std::vector<ExprPtr> predicates;
  Flatten(join, &inputs, &predicates);
  std::vector<double> rows;
  for (const auto& input : inputs) rows.push_back(EstimateRows(*input));
  std::vector<bool> placed(inputs.size(), false), used(predicates.size(), false);
  size_t first = static_cast<size_t>(std::max_element(rows.begin(), rows.end()) - rows.begin());
  PlanPtr plan = inputs[first];
  placed[first] = true;
  Ids joined = IdsOf(*plan);
  for (size_t step = 1; step < inputs.size(); ++step) {
    // The connected input whose join gives the fewest rows (then the smallest input); an
    // unconnected one (a cross product) only when nothing is connected.
    size_t best = inputs.size();
    bool best_connected = false;
    double best_rows = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (placed[i]) continue;
      bool connected = Connected(predicates, used, joined, IdsOf(*inputs[i]));
      double result = connected ? JoinedRows(plan, inputs[i], predicates, used, joined)
                                : rows[i] * EstimateRows(*plan);
      bool better = best == inputs.size() || (connected && !best_connected) ||
                    (connected == best_connected &&
                     (result < best_rows || (result == best_rows && rows[i] < rows[best])));
      if (better) {
        best = i;
        best_connected = connected;
        best_rows = result;
      }
    }
    Ids next = IdsOf(*inputs[best]);
    Ids both = joined;
    both.insert(next.begin(), next.end());
    std::vector<ExprPtr> left_keys, right_keys, condition;
    for (size_t p = 0; p < predicates.size(); ++p) {
      if (used[p] || !Within(ColumnsOf(predicates[p]), both)) continue;
      ExprPtr l, r;
      if (KeyPair(predicates[p], joined, next, &l, &r)) {
        left_keys.push_back(l);
        right_keys.push_back(r);
      } else {
        condition.push_back(predicates[p]);
      }
      used[p] = true;
    }
    plan = MakeJoinNode(plan, inputs[best], left_keys, right_keys, JoinType::kInner,
                        JoinConjuncts(condition));
    placed[best] = true;
    joined = std::move(both);
  }
  // Whatever no join could take (a predicate over no column at all) stays above.
  std::vector<ExprPtr> rest;
  for (size_t p = 0; p < predicates.size(); ++p)
    if (!used[p]) rest.push_back(predicates[p]);
  if (!rest.empty()) plan = MakeFilterNode(plan, JoinConjuncts(rest));
  // The columns in their original order, under their ids (references above are by id).
  return RestoreColumns(plan, join);
}

// `join`'s columns in their original order, under their ids, over `plan` (the same columns in
// another order).
PlanPtr RestoreColumns(const PlanPtr& plan, const PlanPtr& join) {
  if (plan->ids == join->ids) return plan;
  auto restore = std::make_shared<LogicalNode>();
  restore->kind = PlanKind::kProject;
  restore->children = {plan};
  restore->schema = join->schema;
  restore->ids = join->ids;
  for (size_t i = 0; i < join->ids.size(); ++i)
    restore->exprs.push_back(MakeColumnRef(join->schema->field(i).name, join->ids[i]));
  return restore;
}

// A left join whose right side is the larger becomes a right join with the sides swapped (and
// the other way round), so that the hash table is built on the smaller side.
PlanPtr SmallerBuildSide(const PlanPtr& join) {
  JoinType type = join->join_type;
  if (type != JoinType::kLeft && type != JoinType::kRight) return join;
  const PlanPtr& left = join->children[0];
  const PlanPtr& right = join->children[1];
  if (EstimateRows(*right) <= EstimateRows(*left)) return join;
  JoinType swapped = type == JoinType::kLeft ? JoinType::kRight : JoinType::kLeft;
  PlanPtr flipped =
      MakeJoinNode(right, left, join->right_keys, join->left_keys, swapped, join->condition);
  return RestoreColumns(flipped, join);
}

PlanPtr Reorder(const PlanPtr& plan) {
  if (IsInnerJoin(*plan)) return ReorderInnerJoins(plan);
  auto node = std::make_shared<LogicalNode>(*plan);
  for (auto& c : node->children) c = Reorder(c);
  if (node->kind == PlanKind::kJoin) return SmallerBuildSide(node);
  return node;
}

}  // namespace

PlanPtr ReorderJoins(const PlanPtr& plan) {
  return Reorder(plan);
}

}  // namespace tally
