// An uncorrelated scalar subquery that repeats its enclosing query's FROM and WHERE: TPC-H q11
// compares each part's value with a fraction of the total over the same three-table join. The
// repeated part is computed once: both places read one SharedPlanSource (exec/shared_plan.h),
// which the subquery's computation (while the statement is bound) fills and keeps for the
// statement's own execution.
#include <set>

#include "exec/shared_plan.h"
#include "sql/sql_binder_internal.h"

namespace tally {
namespace {

// Whether two sources read the same data: the same object, or the same files.
bool SameSource(const DataSource& a, const DataSource& b) {
  if (&a == &b) return true;
  std::vector<std::string> files = a.InputFiles();
  return !files.empty() && files == b.InputFiles() && a.Describe() == b.Describe();
}

// Whether `a` computes what `b` does, column for column: the same operators with the same
// arguments over the same sources, only the column ids differing. `ids` collects a's ids ->
// b's.
bool SameComputation(const LogicalNode& a, const LogicalNode& b,
                     std::map<ColumnId, ColumnId>* ids) {
  if (a.kind != b.kind || a.children.size() != b.children.size() || a.ids.size() != b.ids.size())
    return false;
  for (size_t i = 0; i < a.children.size(); ++i)
    if (!SameComputation(*a.children[i], *b.children[i], ids)) return false;
  if (a.kind == PlanKind::kDependentJoin) return false;
  if (a.kind == PlanKind::kScan) {
    const auto &sa = a.As<ScanNode>(), &sb = b.As<ScanNode>();
    if (sa.columns != sb.columns || !SameSource(*sa.source, *sb.source)) return false;
  }
  std::vector<ExprPtr> ea = a.Expressions(), eb = b.Expressions();
  if (ea.size() != eb.size()) return false;
  for (size_t i = 0; i < ea.size(); ++i)
    if (ExprKey(*RemapColumns(ea[i], *ids)) != ExprKey(*eb[i])) return false;
  for (size_t i = 0; i < a.ids.size(); ++i) {
    if (a.schema->field(i).type != b.schema->field(i).type) return false;
    auto [at, added] = ids->emplace(a.ids[i], b.ids[i]);
    if (!added && at->second != b.ids[i]) return false;
  }
  return true;
}

// Whether computing `plan` costs more than reading its result again: it joins or aggregates.
bool Costly(const LogicalNode& plan) {
  if (plan.kind == PlanKind::kJoin || plan.kind == PlanKind::kAggregate) return true;
  for (const auto& c : plan.children)
    if (Costly(*c)) return true;
  return false;
}

// `plan`, its columns renamed where a name repeats (a shared result's scans name its columns):
// the second "k" becomes "k#2".
PlanPtr UniquelyNamed(const PlanPtr& plan) {
  std::set<std::string> seen;
  std::vector<ExprPtr> columns;
  bool renamed = false;
  for (size_t i = 0; i < plan->ids.size(); ++i) {
    const std::string& name = plan->schema->field(i).name;
    std::string unique = name;
    for (int n = 2; !seen.insert(unique).second; ++n) unique = name + "#" + std::to_string(n);
    renamed = renamed || unique != name;
    columns.push_back(MakeAlias(MakeColumnRef(name, plan->ids[i]), unique));
  }
  return renamed ? MakeProjectNode(plan, columns) : plan;
}

// The column names a statement writes anywhere (its subqueries too), or nothing with `*` set
// when it uses a star, which reads columns it does not name.
std::set<std::string> NamesWritten(const Json& statement, bool* star) {
  std::set<std::string> names;
  std::vector<const Json*> pending = {&statement};
  while (!pending.empty()) {
    const Json& node = *pending.back();
    pending.pop_back();
    if (node.is_object() && node.contains("ColumnRef")) {
      const Json& fields = node["ColumnRef"]["fields"];
      if (!fields.empty() && fields.back().contains("A_Star"))
        *star = true;
      else if (!fields.empty())
        names.insert(StringValue(fields.back()));
      continue;
    }
    if (node.is_object() || node.is_array())
      for (const auto& value : node) pending.push_back(&value);
  }
  return names;
}

// Whether `plan` has columns that bound expressions read by id only (the value of a subquery
// in the select list, the mark of an IN): those must all stay.
bool HasHiddenColumns(const LogicalNode& plan) {
  if (plan.kind == PlanKind::kDependentJoin ||
      (plan.kind == PlanKind::kJoin && plan.As<JoinNode>().type == JoinType::kMark))
    return true;
  for (const auto& c : plan.children)
    if (HasHiddenColumns(*c)) return true;
  return false;
}

// Whether every column `plan`'s operators read is one their inputs give.
bool ReadsOnlyItsInputs(const LogicalNode& plan) {
  std::set<ColumnId> given, read;
  for (const auto& c : plan.children) {
    if (!ReadsOnlyItsInputs(*c)) return false;
    given.insert(c->ids.begin(), c->ids.end());
  }
  if (plan.kind == PlanKind::kScan) return true;  // its filter reads its own columns
  for (const auto& e : plan.Expressions()) CollectColumnIds(*e, &read);
  for (ColumnId id : read)
    if (!given.count(id)) return false;
  return true;
}

// A scan of `source` whose columns keep the ids `ids`.
PlanPtr ScanWithIds(const DataSourcePtr& source, const std::vector<ColumnId>& ids) {
  NodePtr scan = MakeScanNode(source)->Copy();
  scan->ids = ids;
  return scan;
}

}  // namespace

PlanPtr QueryBinder::ShareEnclosingInput(const PlanPtr& subquery) {
  if (from_plans_.empty()) return subquery;
  PlanPtr& enclosing = *from_plans_.back().plan;
  // (A FROM and WHERE that read a query further out cannot be computed on their own.)
  if (!Costly(*enclosing) || !OuterColumnsOf(*enclosing).empty()) return subquery;
  // The shared result keeps the columns the statement names (a FROM of wide tables would
  // otherwise be read and kept whole), unless a star or hidden columns need them all.
  bool star = false;
  std::set<std::string> names = NamesWritten(*from_plans_.back().select, &star);
  std::vector<size_t> kept;
  for (size_t i = 0; i < enclosing->ids.size(); ++i)
    if (star || HasHiddenColumns(*enclosing) || names.count(enclosing->schema->field(i).name))
      kept.push_back(i);
  auto kept_ids = [&](const LogicalNode& node) {
    std::vector<ColumnId> ids;
    for (size_t i : kept) ids.push_back(node.ids[i]);
    return ids;
  };
  std::shared_ptr<SharedPlanSource> shared;
  std::function<PlanPtr(const PlanPtr&)> replace = [&](const PlanPtr& node) -> PlanPtr {
    std::map<ColumnId, ColumnId> ids;
    if (!shared && SameComputation(*node, *enclosing, &ids)) {
      std::vector<ExprPtr> columns;
      for (size_t i : kept)
        columns.push_back(MakeColumnRef(enclosing->schema->field(i).name, enclosing->ids[i]));
      shared = std::make_shared<SharedPlanSource>(
          "the enclosing query's input",
          UniquelyNamed(kept.size() == enclosing->ids.size()
                            ? enclosing
                            : MakeProjectNode(enclosing, columns, false)));
      return ScanWithIds(shared, kept_ids(*node));
    }
    NodePtr copy;
    for (size_t i = 0; i < node->children.size(); ++i) {
      PlanPtr child = replace(node->children[i]);
      if (child == node->children[i]) continue;
      if (!copy) copy = node->Copy();
      copy->children[i] = child;
    }
    return copy ? PlanPtr(copy) : node;
  };
  PlanPtr out = replace(subquery);
  if (!shared || !ReadsOnlyItsInputs(*out)) return subquery;
  enclosing = ScanWithIds(shared, kept_ids(*enclosing));
  return out;
}

}  // namespace tally
