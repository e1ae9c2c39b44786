// Column pruning: every operator asks its input for the columns (ids) it needs, so scans read
// only those (a Parquet scan then decodes only their column chunks), projections compute only
// what is read and aggregations drop aggregates nobody reads. A filter that ends up right above
// a scan moves into it, where row groups are skipped by their min/max statistics.
#include <set>

#include "common/error.h"
#include "exec/optimizer.h"

namespace tally {
namespace {

using Ids = std::set<ColumnId>;

void AddColumns(const ExprPtr& e, Ids* ids) {
  if (e) CollectColumnIds(*e, ids);
}

// The node's output columns restricted to `keep` (in order), as schema fields and ids.
void KeepOutputs(LogicalNode* node, const std::vector<bool>& keep) {
  std::vector<Field> fields;
  std::vector<ColumnId> ids;
  for (size_t i = 0; i < keep.size(); ++i)
    if (keep[i]) {
      fields.push_back(node->schema->field(i));
      ids.push_back(node->ids[i]);
    }
  node->schema = std::make_shared<Schema>(fields);
  node->ids = ids;
}

// A node that passes its only input's columns on: its output is now the input's.
void PassThrough(LogicalNode* node) {
  node->schema = node->children[0]->schema;
  node->ids = node->children[0]->ids;
}

// A scan's columns read only for its pushed-down filter, dropped right after it by a projection
// of column references (which copies nothing and keeps the ids), so that the operators above do
// not carry them (a join gathering a comment column for every row it emits).
PlanPtr DropFilterOnlyColumns(const std::shared_ptr<ScanNode>& scan, const Ids& required) {
  std::vector<bool> pass(scan->ids.size());
  size_t passed = 0;
  for (size_t i = 0; i < scan->ids.size(); ++i) {
    pass[i] = required.count(scan->ids[i]) > 0;
    passed += pass[i];
  }
  if (!scan->filter || passed == scan->ids.size() || passed == 0) return scan;
  auto project = std::make_shared<ProjectNode>();
  project->children = {scan};
  project->schema = scan->schema;
  project->ids = scan->ids;
  for (size_t i = 0; i < scan->ids.size(); ++i)
    if (pass[i]) project->exprs.push_back(MakeColumnRef(scan->schema->field(i).name, scan->ids[i]));
  KeepOutputs(project.get(), pass);
  return project;
}

// The required columns and those the node's own expressions read.
Ids WithColumnsOf(const LogicalNode& node, const Ids& required) {
  Ids need = required;
  for (const auto& e : node.Expressions()) AddColumns(e, &need);
  return need;
}

// Rewrites `plan` so that it produces at least the `required` columns, reading fewer.
PlanPtr Prune(const PlanPtr& plan, const Ids& required) {
  NodePtr node = plan->Copy();
  switch (plan->kind) {
    case PlanKind::kScan: {
      const auto& old = plan->As<ScanNode>();
      auto scan = std::static_pointer_cast<ScanNode>(node);
      Ids need = WithColumnsOf(old, required);
      std::vector<bool> keep(old.ids.size());
      std::vector<int> columns;
      for (size_t i = 0; i < old.ids.size(); ++i) {
        keep[i] = need.count(old.ids[i]) > 0;
        if (keep[i]) columns.push_back(old.columns[i]);
      }
      if (columns.empty() && !old.columns.empty()) {
        // Something must still carry the row count (count(*) reads no column).
        keep[0] = true;
        columns.push_back(old.columns[0]);
      }
      KeepOutputs(scan.get(), keep);
      scan->columns = columns;
      return DropFilterOnlyColumns(scan, required);
    }
    case PlanKind::kFilter: {
      const ExprPtr& predicate = plan->As<FilterNode>().predicate;
      PlanPtr child = Prune(plan->children[0], WithColumnsOf(*plan, required));
      if (child->kind == PlanKind::kScan) {
        auto scan = CopyAs<ScanNode>(child);
        scan->filter = scan->filter ? MakeCall("and", {scan->filter, predicate}) : predicate;
        return scan;
      }
      node->children = {child};
      PassThrough(node.get());
      return node;
    }
    case PlanKind::kProject: {
      const auto& exprs = plan->As<ProjectNode>().exprs;
      std::vector<bool> keep(plan->ids.size());
      std::vector<ExprPtr> kept;
      Ids need;
      for (size_t i = 0; i < plan->ids.size(); ++i) {
        keep[i] = required.count(plan->ids[i]) > 0;
        if (!keep[i]) continue;
        kept.push_back(exprs[i]);
        AddColumns(exprs[i], &need);
      }
      KeepOutputs(node.get(), keep);
      node->As<ProjectNode>().exprs = kept;
      node->children = {Prune(plan->children[0], need)};
      return node;
    }
    case PlanKind::kAggregate: {
      // Every key stays (it decides the groups); aggregates nobody reads go.
      const auto& old = plan->As<AggregateNode>();
      size_t keys = old.keys.size();
      std::vector<bool> keep(plan->ids.size(), true);
      std::vector<ExprPtr> aggregates;
      Ids need;
      for (const auto& e : old.keys) AddColumns(e, &need);
      for (size_t a = 0; a < old.aggregates.size(); ++a) {
        keep[keys + a] = required.count(plan->ids[keys + a]) > 0;
        if (!keep[keys + a]) continue;
        aggregates.push_back(old.aggregates[a]);
        AddColumns(old.aggregates[a], &need);
      }
      KeepOutputs(node.get(), keep);
      node->As<AggregateNode>().aggregates = aggregates;
      node->children = {Prune(plan->children[0], need)};
      return node;
    }
    case PlanKind::kSort:
    case PlanKind::kLimit: {
      node->children = {Prune(plan->children[0], WithColumnsOf(*plan, required))};
      PassThrough(node.get());
      return node;
    }
    case PlanKind::kWindow: {
      Ids need = WithColumnsOf(*plan, required);
      need.erase(plan->ids.back());
      PlanPtr child = Prune(plan->children[0], need);
      node->children = {child};
      std::vector<Field> fields = child->schema->fields();
      fields.push_back(plan->schema->fields().back());
      node->schema = std::make_shared<Schema>(fields);
      node->ids = child->ids;
      node->ids.push_back(plan->ids.back());
      return node;
    }
    case PlanKind::kJoin: {
      JoinType type = plan->As<JoinNode>().type;
      Ids need = WithColumnsOf(*plan, required);
      PlanPtr left = Prune(plan->children[0], need);
      PlanPtr right = Prune(plan->children[1], need);
      node->children = {left, right};
      std::vector<Field> fields;
      std::vector<ColumnId> ids = left->ids;
      if (KeepsOnlyRightColumns(type))
        ids = right->ids;
      else if (KeepsRightColumns(type))
        ids.insert(ids.end(), right->ids.begin(), right->ids.end());
      if (type == JoinType::kMark) ids.push_back(plan->ids.back());
      for (ColumnId id : ids)
        fields.push_back(plan->schema->field(static_cast<size_t>(plan->IndexOf(id))));
      node->schema = std::make_shared<Schema>(fields);
      node->ids = ids;
      return node;
    }
    case PlanKind::kDistinct:
    case PlanKind::kUnion: {
      // Every column matters: distinct compares whole rows, union matches by position.
      node->children.clear();
      for (const auto& c : plan->children)
        node->children.push_back(Prune(c, Ids(c->ids.begin(), c->ids.end())));
      return node;
    }
    case PlanKind::kDependentJoin:
      ThrowError("internal error: a correlated subquery is pruned before it is decorrelated");
  }
  return node;
}

}  // namespace

PlanPtr PruneColumns(const PlanPtr& plan) {
  return Prune(plan, Ids(plan->ids.begin(), plan->ids.end()));
}

}  // namespace tally
