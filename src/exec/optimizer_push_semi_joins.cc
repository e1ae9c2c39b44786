// Semi and anti join pushdown (see optimizer.h): a semi or anti join whose keys read only one
// input of the joins below it is applied to that input, so the rows it rules out never enter
// those joins.
#include <map>
#include <set>

#include "exec/cardinality.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

bool IsFilteringJoin(const LogicalNode& node) {
  if (node.kind != PlanKind::kJoin) return false;
  const auto& join = node.As<JoinNode>();
  return (join.type == JoinType::kSemi || join.type == JoinType::kAnti) &&
         !join.left_keys.empty() && join.condition == nullptr;
}

std::set<ColumnId> IdsRead(const std::vector<ExprPtr>& exprs) {
  std::set<ColumnId> ids;
  for (const auto& e : exprs) CollectColumnIds(*e, &ids);
  return ids;
}

bool Within(const std::set<ColumnId>& ids, const std::vector<ColumnId>& of) {
  std::set<ColumnId> set(of.begin(), of.end());
  for (ColumnId id : ids)
    if (!set.count(id)) return false;
  return true;
}

// `exprs` over a projection's output in terms of its input: its expressions substituted.
std::vector<ExprPtr> BelowProjection(const LogicalNode& project, std::vector<ExprPtr> exprs) {
  for (auto& e : exprs)
    e = ReplaceColumns(e, [&](const ExprPtr& column) -> ExprPtr {
      int at = project.IndexOf(static_cast<ColumnId>(column->column_id));
      return at < 0 ? column : StripAlias(project.As<ProjectNode>().exprs[static_cast<size_t>(at)]);
    });
  return exprs;
}

PlanPtr WithChild(const PlanPtr& node, size_t index, PlanPtr child) {
  NodePtr copy = node->Copy();
  copy->children[index] = std::move(child);
  return copy;
}

// `filter` (a semi or anti join of `input` with filter->children[1] on `keys` over input's
// columns) placed as deep into `input` as it can go.
PlanPtr Sink(const PlanPtr& filter, const PlanPtr& input, std::vector<ExprPtr> keys) {
  std::set<ColumnId> read = IdsRead(keys);
  switch (input->kind) {
    case PlanKind::kProject:
      return WithChild(input, 0,
                       Sink(filter, input->children[0], BelowProjection(*input, std::move(keys))));
    case PlanKind::kFilter:
      return WithChild(input, 0, Sink(filter, input->children[0], std::move(keys)));
    case PlanKind::kJoin: {
      // Through an inner join into either side, through a left join into its preserved side:
      // the rows the filter drops would only have been dropped above.
      JoinType type = input->As<JoinNode>().type;
      for (size_t side = 0; side < 2; ++side) {
        bool allowed = type == JoinType::kInner || (type == JoinType::kLeft && side == 0);
        if (allowed && Within(read, input->children[side]->ids))
          return WithChild(input, side, Sink(filter, input->children[side], std::move(keys)));
      }
      break;
    }
    default:
      break;
  }
  const auto& join = filter->As<JoinNode>();
  return MakeJoinNode(input, filter->children[1], std::move(keys), join.right_keys, join.type);
}

PlanPtr Push(const PlanPtr& plan) {
  PlanPtr node = plan;
  for (size_t i = 0; i < plan->children.size(); ++i) {
    PlanPtr child = Push(plan->children[i]);
    if (child != plan->children[i]) node = WithChild(node, i, child);
  }
  if (!IsFilteringJoin(*node)) return node;
  const PlanPtr& input = node->children[0];
  // Only when it moves: a filter that stays keeps its node (and its ids).
  bool moves = input->kind == PlanKind::kProject || input->kind == PlanKind::kFilter ||
               input->kind == PlanKind::kJoin;
  if (!moves) return node;
  PlanPtr sunk = Sink(node, input, node->As<JoinNode>().left_keys);
  // The semi/anti join kept its left input's ids, and the input keeps its ids: the same columns.
  return sunk;
}

// ---- Aggregates reduced to the join keys of the other side ----

// The smallest part of `plan` that provides every value `keys` can take: through inner joins
// into the side that has the key columns, through filters and projections (every key value of
// the output is one of that part's). Returns the part and the keys over its columns.
std::pair<PlanPtr, std::vector<ExprPtr>> KeySource(const PlanPtr& plan, std::vector<ExprPtr> keys) {
  std::set<ColumnId> read = IdsRead(keys);
  if (plan->kind == PlanKind::kFilter || plan->kind == PlanKind::kSort)
    return KeySource(plan->children[0], std::move(keys));
  if (plan->kind == PlanKind::kProject)
    return KeySource(plan->children[0], BelowProjection(*plan, std::move(keys)));
  if (plan->kind == PlanKind::kJoin && plan->As<JoinNode>().type == JoinType::kInner)
    for (size_t side = 0; side < 2; ++side)
      if (Within(read, plan->children[side]->ids))
        return KeySource(plan->children[side], std::move(keys));
  return {plan, std::move(keys)};
}

// When one input of a join is an aggregation grouped by that side's join keys (a decorrelated
// subquery: per part, the average quantity of its lines) and the join drops the groups whose
// keys the other side lacks, the aggregation reads only the rows whose keys the other side has:
// a semi join with the part of the other side that provides its keys (TPC-H q17: the average
// of 180 parts' lines instead of all 200,000 parts'). Returns nullptr when that does not apply.
PlanPtr ReducedAggregate(const PlanPtr& side, const std::vector<ExprPtr>& side_keys,
                         const PlanPtr& other, const std::vector<ExprPtr>& other_keys) {
  // Projections over the aggregation: the keys in terms of the aggregation's output.
  std::vector<PlanPtr> projects;
  PlanPtr node = side;
  std::vector<ExprPtr> keys = side_keys;
  while (node->kind == PlanKind::kProject) {
    keys = BelowProjection(*node, std::move(keys));
    projects.push_back(node);
    node = node->children[0];
  }
  if (node->kind != PlanKind::kAggregate) return nullptr;
  const auto& group_keys = node->As<AggregateNode>().keys;
  if (group_keys.empty()) return nullptr;
  // Each key must be a grouping column: then the group's key is the key its rows have.
  std::vector<ExprPtr> input_keys;
  for (const auto& k : keys) {
    if (k->kind != ExprKind::kColumn) return nullptr;
    int at = node->IndexOf(static_cast<ColumnId>(k->column_id));
    if (at < 0 || static_cast<size_t>(at) >= group_keys.size()) return nullptr;
    input_keys.push_back(StripAlias(group_keys[static_cast<size_t>(at)]));
  }
  auto [source, source_keys] = KeySource(other, other_keys);
  const PlanPtr& input = node->children[0];
  // Worth a second computation of the source only when it is much smaller than the input.
  if (EstimateRows(*source) * 4 > EstimateRows(*input)) return nullptr;
  std::map<ColumnId, ColumnId> remap;
  PlanPtr copy = Reinstantiate(source, &remap);
  for (auto& k : source_keys) k = RemapColumns(k, remap);
  PlanPtr reduced =
      WithChild(node, 0, MakeJoinNode(input, copy, input_keys, source_keys, JoinType::kSemi));
  for (auto p = projects.rbegin(); p != projects.rend(); ++p) reduced = WithChild(*p, 0, reduced);
  return reduced;
}

PlanPtr Reduce(const PlanPtr& plan) {
  PlanPtr node = plan;
  for (size_t i = 0; i < plan->children.size(); ++i) {
    PlanPtr child = Reduce(plan->children[i]);
    if (child != plan->children[i]) node = WithChild(node, i, child);
  }
  if (node->kind != PlanKind::kJoin || node->As<JoinNode>().left_keys.empty()) return node;
  const auto join = std::static_pointer_cast<const JoinNode>(node);
  JoinType type = join->type;
  // Which side's unmatched rows the join drops.
  bool drops_left = type == JoinType::kInner || type == JoinType::kRight || type == JoinType::kSemi;
  bool drops_right =
      type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRightSemi;
  if (drops_left)
    if (PlanPtr reduced = ReducedAggregate(join->children[0], join->left_keys, join->children[1],
                                           join->right_keys))
      node = WithChild(node, 0, reduced);
  if (drops_right)
    if (PlanPtr reduced = ReducedAggregate(node->children[1], join->right_keys, node->children[0],
                                           join->left_keys))
      node = WithChild(node, 1, reduced);
  return node;
}

}  // namespace

PlanPtr PushDownSemiJoins(const PlanPtr& plan) {
  return Push(plan);
}

PlanPtr ReduceAggregatesByJoinKeys(const PlanPtr& plan) {
  return Reduce(plan);
}

}  // namespace tally
