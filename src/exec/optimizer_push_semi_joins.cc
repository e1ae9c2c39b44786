// Semi and anti join pushdown (see optimizer.h): a semi or anti join whose keys read only one
// input of the joins below it is applied to that input, so the rows it rules out never enter
// those joins.
#include <set>

#include "exec/optimizer.h"

namespace tally {
namespace {

bool IsFilteringJoin(const LogicalNode& node) {
  return node.kind == PlanKind::kJoin &&
         (node.join_type == JoinType::kSemi || node.join_type == JoinType::kAnti) &&
         !node.left_keys.empty() && node.condition == nullptr;
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

PlanPtr WithChild(const PlanPtr& node, size_t index, PlanPtr child) {
  auto copy = std::make_shared<LogicalNode>(*node);
  copy->children[index] = std::move(child);
  return copy;
}

// `filter` (a semi or anti join of `input` with filter->children[1] on `keys` over input's
// columns) placed as deep into `input` as it can go.
PlanPtr Sink(const PlanPtr& filter, const PlanPtr& input, std::vector<ExprPtr> keys) {
  std::set<ColumnId> read = IdsRead(keys);
  switch (input->kind) {
    case PlanKind::kProject: {
      // The keys in terms of the projection's input: its expressions substituted.
      const LogicalNode& project = *input;
      std::vector<ExprPtr> below;
      for (const auto& k : keys)
        below.push_back(ReplaceColumns(k, [&](const ExprPtr& column) -> ExprPtr {
          int at = project.IndexOf(static_cast<ColumnId>(column->column_id));
          return at < 0 ? column : StripAlias(project.exprs[static_cast<size_t>(at)]);
        }));
      return WithChild(input, 0, Sink(filter, input->children[0], std::move(below)));
    }
    case PlanKind::kFilter:
      return WithChild(input, 0, Sink(filter, input->children[0], std::move(keys)));
    case PlanKind::kJoin: {
      // Through an inner join into either side, through a left join into its preserved side:
      // the rows the filter drops would only have been dropped above.
      JoinType type = input->join_type;
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
  return MakeJoinNode(input, filter->children[1], std::move(keys), filter->right_keys,
                      filter->join_type);
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
  PlanPtr sunk = Sink(node, input, node->left_keys);
  // The semi/anti join kept its left input's ids, and the input keeps its ids: the same columns.
  return sunk;
}

}  // namespace

PlanPtr PushDownSemiJoins(const PlanPtr& plan) {
  return Push(plan);
}

}  // namespace tally
