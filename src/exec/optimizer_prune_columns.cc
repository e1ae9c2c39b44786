// Column pruning: every operator asks its input for the columns it needs, so scans read only
// those (a Parquet scan then decodes only their column chunks). A filter that ends up right
// above a scan moves into it, where row groups are skipped by their min/max statistics.
#include <set>

#include "common/error.h"
#include "exec/optimizer.h"

namespace tally {

namespace {

using Names = std::set<std::string>;

void AddColumns(const ExprPtr& e, Names* names) {
  CollectColumnNames(*e, names);
}

// Rewrites `plan` so it produces at least `required` columns (by name), reading fewer.
PlanPtr Prune(const PlanPtr& plan, const Names& required) {
  auto node = std::make_shared<LogicalNode>(*plan);
  switch (plan->kind) {
    case PlanKind::kScan: {
      Names need = required;
      if (plan->filter) AddColumns(plan->filter, &need);
      const Schema& src = *plan->source->schema();
      std::vector<int> cols;
      std::vector<Field> fields;
      for (int c : plan->columns)
        if (need.count(src.field(static_cast<size_t>(c)).name)) {
          cols.push_back(c);
          fields.push_back(src.field(static_cast<size_t>(c)));
        }
      if (cols.empty() && !plan->columns.empty()) {
        // Something must still carry the row count (count(*) reads no column).
        cols.push_back(plan->columns[0]);
        fields.push_back(src.field(static_cast<size_t>(plan->columns[0])));
      }
      node->columns = cols;
      node->schema = std::make_shared<Schema>(fields);
      return node;
    }
    case PlanKind::kFilter: {
      // A filter right above a scan moves into it (for row-group skipping).
      Names need = required;
      AddColumns(plan->exprs[0], &need);
      PlanPtr child = Prune(plan->children[0], need);
      if (child->kind == PlanKind::kScan) {
        auto scan = std::make_shared<LogicalNode>(*child);
        scan->filter =
            scan->filter ? MakeCall("and", {scan->filter, plan->exprs[0]}) : plan->exprs[0];
        return scan;
      }
      node->children = {child};
      node->schema = child->schema;
      return node;
    }
    case PlanKind::kProject: {
      std::vector<ExprPtr> kept;
      std::vector<Field> fields;
      Names need;
      for (size_t i = 0; i < plan->exprs.size(); ++i)
        if (required.count(plan->schema->field(i).name)) {
          kept.push_back(plan->exprs[i]);
          fields.push_back(plan->schema->field(i));
          AddColumns(plan->exprs[i], &need);
        }
      node->exprs = kept;
      node->schema = std::make_shared<Schema>(fields);
      node->children = {Prune(plan->children[0], need)};
      return node;
    }
    case PlanKind::kAggregate: {
      Names need;
      for (const auto& e : plan->exprs) AddColumns(e, &need);
      for (const auto& e : plan->aggregates) AddColumns(e, &need);
      node->children = {Prune(plan->children[0], need)};
      return node;
    }
    case PlanKind::kSort:
    case PlanKind::kLimit:
    case PlanKind::kWindow: {
      Names need = required;
      for (const auto& k : plan->sort_keys) AddColumns(k.expr, &need);
      for (const auto& p : plan->partition_by) AddColumns(p, &need);
      if (plan->window_function) AddColumns(plan->window_function, &need);
      need.erase(plan->window_name);
      PlanPtr child = Prune(plan->children[0], need);
      node->children = {child};
      if (plan->kind == PlanKind::kWindow) {
        std::vector<Field> fields = child->schema->fields();
        fields.push_back(plan->schema->fields().back());
        node->schema = std::make_shared<Schema>(fields);
      } else {
        node->schema = child->schema;
      }
      return node;
    }
    case PlanKind::kJoin: {
      Names left_need, right_need;
      const Schema& ls = *plan->children[0]->schema;
      const Schema& rs = *plan->children[1]->schema;
      for (const auto& k : plan->join_keys) {
        left_need.insert(k);
        right_need.insert(k);
      }
      // Output names map back to child columns (right ones may carry "_right" suffixes), so
      // keep every column whose output is required.
      size_t out = plan->join_keys.size();
      Names keys(plan->join_keys.begin(), plan->join_keys.end());
      for (const auto& f : ls.fields())
        if (!keys.count(f.name)) {
          if (required.count(plan->schema->field(out).name)) left_need.insert(f.name);
          ++out;
        }
      bool renamed_needed = false;
      for (const auto& f : rs.fields())
        if (!keys.count(f.name)) {
          const std::string& output = plan->schema->field(out).name;
          if (required.count(output)) {
            right_need.insert(f.name);
            renamed_needed = renamed_needed || output != f.name;
          }
          ++out;
        }
      // A needed right column renamed for a clash ("x_right") keeps its name only if what it
      // clashed with stays: then keep both sides whole (pruning the left "x" renamed it "x").
      if (renamed_needed) {
        for (const auto& f : ls.fields()) left_need.insert(f.name);
        for (const auto& f : rs.fields()) right_need.insert(f.name);
      }
      PlanPtr left = Prune(plan->children[0], left_need);
      PlanPtr right = Prune(plan->children[1], right_need);
      return MakeJoinNode(left, right, plan->join_keys, plan->join_type);
    }
    case PlanKind::kDistinct:
    case PlanKind::kUnion: {
      // Every column matters: distinct compares whole rows, union matches by position.
      node->children.clear();
      for (const auto& c : plan->children) {
        Names all;
        for (const auto& f : c->schema->fields()) all.insert(f.name);
        node->children.push_back(Prune(c, all));
      }
      return node;
    }
  }
  return node;
}

}  // namespace

PlanPtr PruneColumns(const PlanPtr& plan) {
  Names all;
  for (const auto& f : plan->schema->fields()) all.insert(f.name);
  return Prune(plan, all);
}

}  // namespace tally
