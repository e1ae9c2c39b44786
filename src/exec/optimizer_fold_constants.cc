// Constant folding (see optimizer.h): constant sub-expressions become literals once, in the plan,
// and filters lose conjuncts that are constant true.
#include "common/error.h"
#include "exec/bound_expr.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

bool IsConstantTree(const ExprNode& e) {
  if (e.kind == ExprKind::kColumn || e.kind == ExprKind::kOuterColumn ||
      e.kind == ExprKind::kAggregate || e.kind == ExprKind::kWindow)
    return false;
  for (const auto& a : e.args)
    if (!IsConstantTree(*a)) return false;
  return true;
}

ExprPtr Fold(const ExprPtr& e) {
  if (e->kind == ExprKind::kLiteral || e->kind == ExprKind::kColumn ||
      e->kind == ExprKind::kOuterColumn)
    return e;
  if (e->kind != ExprKind::kAlias && IsConstantTree(*e)) {
    try {
      BoundExprPtr bound = Bind(*e, Schema());
      if (const Scalar* value = bound->ConstantValue()) return MakeLiteral(*value);
    } catch (const Error&) {
      // Left for run time: the rows that reach it decide whether it fails (a guarded overflow).
    }
  }
  if (e->args.empty()) return e;
  std::vector<ExprPtr> args;
  bool changed = false;
  for (const auto& a : e->args) {
    args.push_back(Fold(a));
    changed = changed || args.back() != a;
  }
  if (!changed) return e;
  auto copy = std::make_shared<ExprNode>(*e);
  copy->args = std::move(args);
  return copy;
}

// Folds an expression that names an output column, keeping the name it had.
ExprPtr FoldNamed(const ExprPtr& e) {
  ExprPtr folded = Fold(e);
  if (folded == e || e->kind == ExprKind::kAlias || e->kind == ExprKind::kColumn) return folded;
  return MakeAlias(folded, e->OutputName());
}

bool IsTrue(const ExprPtr& e) {
  return e->kind == ExprKind::kLiteral && !e->literal.is_null() &&
         e->literal.type().id == TypeId::kBool && e->literal.bool_value();
}

// The folded conjuncts of a predicate without the constant-true ones; nullptr when none is left.
ExprPtr FoldPredicate(const ExprPtr& predicate) {
  std::vector<ExprPtr> kept;
  for (const auto& c : SplitConjuncts(predicate)) {
    ExprPtr folded = Fold(c);
    if (!IsTrue(folded)) kept.push_back(folded);
  }
  return JoinConjuncts(kept);
}

std::vector<SortSpec> FoldSortKeys(const std::vector<SortSpec>& keys) {
  std::vector<SortSpec> out = keys;
  for (auto& k : out) k.expr = Fold(k.expr);
  return out;
}

PlanPtr FoldPlan(const PlanPtr& plan) {
  NodePtr node = plan->Copy();
  for (auto& c : node->children) c = FoldPlan(c);
  switch (plan->kind) {
    case PlanKind::kScan: {
      auto& scan = node->As<ScanNode>();
      if (scan.filter) scan.filter = FoldPredicate(scan.filter);
      break;
    }
    case PlanKind::kFilter: {
      auto& filter = node->As<FilterNode>();
      ExprPtr predicate = FoldPredicate(filter.predicate);
      if (!predicate) return node->children[0];
      filter.predicate = predicate;
      break;
    }
    case PlanKind::kProject:
    case PlanKind::kAggregate:
      node->RewriteExpressions(FoldNamed);
      break;
    case PlanKind::kSort: {
      auto& sort = node->As<SortNode>();
      sort.keys = FoldSortKeys(sort.keys);
      break;
    }
    case PlanKind::kWindow: {
      auto& window = node->As<WindowNode>();
      window.order_by = FoldSortKeys(window.order_by);
      for (auto& p : window.partition_by) p = Fold(p);
      break;
    }
    case PlanKind::kJoin: {
      auto& join = node->As<JoinNode>();
      if (join.condition) join.condition = FoldPredicate(join.condition);
      break;
    }
    case PlanKind::kLimit:
    case PlanKind::kDistinct:
    case PlanKind::kUnion:
    case PlanKind::kDependentJoin:
      break;
  }
  return node;
}

}  // namespace

PlanPtr FoldConstants(const PlanPtr& plan) {
  return FoldPlan(plan);
}

}  // namespace tally
