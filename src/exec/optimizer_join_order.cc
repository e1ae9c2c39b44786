// Join ordering (see optimizer.h): a tree of inner joins is flattened into its inputs and its
// predicates (key equalities and conditions), then rebuilt as the tree of least estimated cost
// (every tree, by dynamic programming over subsets, up to ten inputs; greedily and left-deep
// beyond), joining only parts a predicate connects while there are such, so that no cross
// product appears where the predicates allow none.
#include <algorithm>
#include <bit>
#include <set>

#include "exec/cardinality.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

using Ids = std::set<ColumnId>;

PlanPtr Reorder(const PlanPtr& plan);
PlanPtr RestoreColumns(const PlanPtr& plan, const PlanPtr& join);

bool IsInnerJoin(const LogicalNode& node) {
  return node.kind == PlanKind::kJoin && node.As<JoinNode>().type == JoinType::kInner;
}

// The inputs and predicates of the tree of inner joins rooted at `join`.
void Flatten(const PlanPtr& node, std::vector<PlanPtr>* inputs, std::vector<ExprPtr>* predicates) {
  if (!IsInnerJoin(*node)) {
    inputs->push_back(Reorder(node));
    return;
  }
  Flatten(node->children[0], inputs, predicates);
  Flatten(node->children[1], inputs, predicates);
  const auto& join = node->As<JoinNode>();
  for (size_t i = 0; i < join.left_keys.size(); ++i)
    predicates->push_back(MakeCall("==", {join.left_keys[i], join.right_keys[i]}));
  if (join.condition)
    for (const auto& c : SplitConjuncts(join.condition)) predicates->push_back(c);
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
bool Connected(const std::vector<ExprPtr>& predicates, const Ids& joined, const Ids& next) {
  for (const auto& predicate : predicates) {
    Ids columns = ColumnsOf(predicate);
    bool touches_joined = false, touches_next = false;
    for (ColumnId id : columns) {
      touches_joined = touches_joined || joined.count(id);
      touches_next = touches_next || next.count(id);
    }
    if (touches_joined && touches_next) return true;
  }
  return false;
}

// `left` (over the columns `left_ids`) joined with `right`: the predicates over both that
// read each are its keys (equalities with one side over each) and its condition.
PlanPtr JoinNext(const PlanPtr& left, const Ids& left_ids, const PlanPtr& right,
                 const std::vector<ExprPtr>& predicates) {
  Ids right_ids = IdsOf(*right);
  Ids both = left_ids;
  both.insert(right_ids.begin(), right_ids.end());
  std::vector<ExprPtr> left_keys, right_keys, condition;
  for (const auto& predicate : predicates) {
    Ids columns = ColumnsOf(predicate);
    if (Within(columns, left_ids) || Within(columns, right_ids) || !Within(columns, both)) continue;
    ExprPtr l, r;
    if (KeyPair(predicate, left_ids, right_ids, &l, &r)) {
      left_keys.push_back(l);
      right_keys.push_back(r);
    } else {
      condition.push_back(predicate);
    }
  }
  return MakeJoinNode(left, right, left_keys, right_keys, JoinType::kInner,
                      JoinConjuncts(condition));
}

// Whether an equality of a column of each side connects them (a hash join's key).
bool KeyConnected(const std::vector<ExprPtr>& predicates, const Ids& left, const Ids& right) {
  ExprPtr l, r;
  for (const auto& predicate : predicates)
    if (KeyPair(predicate, left, right, &l, &r)) return true;
  return false;
}

// Joins of up to this many inputs are ordered by dynamic programming over all their subsets;
// more, greedily.
constexpr size_t kMaxExhaustiveInputs = 10;

// The join tree of least cost, by dynamic programming over the subsets of the inputs: for
// every set the cheapest way to join two parts of it, the second part built into the hash
// table (so a filtered dimension chain such as supplier with its nation is joined first and
// built as one table), joining only parts that a key equality connects (inputs that need a
// cross product are left to the greedy order). The cost of a tree is the rows of every
// intermediate result plus the rows of every hash table built.
PlanPtr ExhaustiveOrder(const std::vector<PlanPtr>& inputs, const std::vector<ExprPtr>& predicates,
                        std::vector<PlanPtr>* candidates) {
  size_t n = inputs.size();
  struct Best {
    PlanPtr plan;
    Ids ids;
    double rows = 0;
    double cost = 0;
  };
  std::vector<Best> best(size_t{1} << n);
  for (size_t i = 0; i < n; ++i)
    best[size_t{1} << i] = {inputs[i], IdsOf(*inputs[i]), EstimateRows(*inputs[i]), 0};
  // A set's parts have smaller numbers than the set: they are complete before it.
  for (size_t set = 1; set < best.size(); ++set) {
    if (std::popcount(set) < 2) continue;
    for (size_t right = (set - 1) & set; right > 0; right = (right - 1) & set) {
      const Best& l = best[set & ~right];
      const Best& r = best[right];
      // Only parts that are themselves joined without a cross product, and connected.
      if (!l.plan || !r.plan || !KeyConnected(predicates, l.ids, r.ids)) continue;
      PlanPtr plan = JoinNext(l.plan, l.ids, r.plan, predicates);
      candidates->push_back(plan);  // estimates are remembered by address: keep it alive
      double rows = EstimateRows(*plan);
      double cost = l.cost + r.cost + rows + r.rows;
      Best& target = best[set];
      if (!target.plan || cost < target.cost) {
        Ids ids = l.ids;
        ids.insert(r.ids.begin(), r.ids.end());
        target = {plan, std::move(ids), rows, cost};
      }
    }
  }
  return best.back().plan;  // null when the inputs need a cross product
}

// The greedy order for many inputs: the largest input is probed, and each step joins the
// connected input whose join gives the fewest rows (then the smallest input).
PlanPtr GreedyOrder(const std::vector<PlanPtr>& inputs, const std::vector<double>& rows,
                    const std::vector<ExprPtr>& predicates, std::vector<PlanPtr>* candidates) {
  std::vector<bool> placed(inputs.size(), false);
  size_t first = static_cast<size_t>(std::max_element(rows.begin(), rows.end()) - rows.begin());
  PlanPtr plan = inputs[first];
  placed[first] = true;
  for (size_t step = 1; step < inputs.size(); ++step) {
    Ids joined = IdsOf(*plan);
    size_t best = inputs.size();
    bool best_connected = false;
    double best_rows = 0;
    PlanPtr best_plan;
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (placed[i]) continue;
      bool connected = Connected(predicates, joined, IdsOf(*inputs[i]));
      PlanPtr candidate = JoinNext(plan, joined, inputs[i], predicates);
      candidates->push_back(candidate);  // estimates are remembered by address
      double result = EstimateRows(*candidate);
      bool better = best == inputs.size() || (connected && !best_connected) ||
                    (connected == best_connected &&
                     (result < best_rows || (result == best_rows && rows[i] < rows[best])));
      if (better) {
        best = i;
        best_connected = connected;
        best_rows = result;
        best_plan = candidate;
      }
    }
    plan = best_plan;
    placed[best] = true;
  }
  return plan;
}

PlanPtr ReorderInnerJoins(const PlanPtr& join) {
  std::vector<PlanPtr> inputs;
  std::vector<ExprPtr> predicates;
  Flatten(join, &inputs, &predicates);
  // The candidate plans share their subtrees: their estimates are remembered, by address, so
  // every candidate stays alive while the cache does.
  std::vector<PlanPtr> candidates;
  EstimateCache cache;
  std::vector<double> rows;
  for (const auto& input : inputs) rows.push_back(EstimateRows(*input));
  PlanPtr plan;
  if (inputs.size() <= kMaxExhaustiveInputs)
    plan = ExhaustiveOrder(inputs, predicates, &candidates);
  if (!plan) plan = GreedyOrder(inputs, rows, predicates, &candidates);
  // Whatever no join could take (a predicate over no column at all) stays above.
  std::vector<ExprPtr> rest;
  for (const auto& predicate : predicates)
    if (ColumnsOf(predicate).empty()) rest.push_back(predicate);
  if (!rest.empty()) plan = MakeFilterNode(plan, JoinConjuncts(rest));
  // The columns in their original order, under their ids (references above are by id).
  return RestoreColumns(plan, join);
}

// `join`'s columns in their original order, under their ids, over `plan` (the same columns in
// another order).
PlanPtr RestoreColumns(const PlanPtr& plan, const PlanPtr& join) {
  if (plan->ids == join->ids) return plan;
  auto restore = std::make_shared<ProjectNode>();
  restore->children = {plan};
  restore->schema = join->schema;
  restore->ids = join->ids;
  for (size_t i = 0; i < join->ids.size(); ++i)
    restore->exprs.push_back(MakeColumnRef(join->schema->field(i).name, join->ids[i]));
  return restore;
}

// A left join whose right side is the larger becomes a right join with the sides swapped (and
// the other way round), and a semi or anti join a right semi or right anti join, so that the
// hash table is built on the smaller side.
PlanPtr SmallerBuildSide(const PlanPtr& plan) {
  const auto& join = plan->As<JoinNode>();
  JoinType type = join.type;
  if (type == JoinType::kSemi || type == JoinType::kAnti) {
    const PlanPtr& kept = join.children[0];
    const PlanPtr& tested = join.children[1];
    if (EstimateRows(*tested) <= EstimateRows(*kept)) return plan;
    return MakeJoinNode(tested, kept, join.right_keys, join.left_keys,
                        type == JoinType::kSemi ? JoinType::kRightSemi : JoinType::kRightAnti,
                        join.condition);
  }
  if (type != JoinType::kLeft && type != JoinType::kRight) return plan;
  const PlanPtr& left = join.children[0];
  const PlanPtr& right = join.children[1];
  if (EstimateRows(*right) <= EstimateRows(*left)) return plan;
  JoinType swapped = type == JoinType::kLeft ? JoinType::kRight : JoinType::kLeft;
  PlanPtr flipped =
      MakeJoinNode(right, left, join.right_keys, join.left_keys, swapped, join.condition);
  return RestoreColumns(flipped, plan);
}

PlanPtr Reorder(const PlanPtr& plan) {
  if (IsInnerJoin(*plan)) return ReorderInnerJoins(plan);
  NodePtr node = plan->Copy();
  for (auto& c : node->children) c = Reorder(c);
  if (node->kind == PlanKind::kJoin) return SmallerBuildSide(node);
  return node;
}

}  // namespace

PlanPtr ReorderJoins(const PlanPtr& plan) {
  return Reorder(plan);
}

}  // namespace tally
