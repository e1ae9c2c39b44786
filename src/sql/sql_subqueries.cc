// Subqueries, decorrelated into joins as they are bound:
// - [NOT] EXISTS (...) and x IN (...) as WHERE conjuncts: semi and anti joins on the correlated
//   equalities (other correlated conditions become the join's condition);
// - x [NOT] IN (...) elsewhere: a mark join (true / false / NULL as SQL's IN is), whose mark
//   takes the subquery's place;
// - scalar subqueries: uncorrelated ones are computed once, while the query is bound, and become
//   a constant; correlated ones group by their correlated columns and join on them (a left join,
//   so an outer row without a group sees NULL, or 0 for a count).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/error.h"
#include "exec/column_util.h"
#include "exec/executor.h"
#include "sql/sql_binder_internal.h"

namespace tally {
namespace {

std::set<ColumnId> ColumnsOf(const ExprPtr& e) {
  std::set<ColumnId> ids;
  CollectColumnIds(*e, &ids);
  return ids;
}

bool Within(const std::set<ColumnId>& used, const std::vector<ColumnId>& ids) {
  for (ColumnId id : used)
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) return false;
  return true;
}

// The correlated conjuncts of a subquery as a join's keys (outer expression = subquery column)
// and condition (the rest).
void SplitCorrelation(const std::vector<ExprPtr>& conjuncts, const LogicalNode& outer,
                      const LogicalNode& sub, std::vector<ExprPtr>* outer_keys,
                      std::vector<ExprPtr>* sub_keys, std::vector<ExprPtr>* condition) {
  for (const auto& c : conjuncts) {
    if (c->kind == ExprKind::kCall && c->name == "==") {
      auto a = ColumnsOf(c->args[0]), b = ColumnsOf(c->args[1]);
      if (!a.empty() && !b.empty()) {
        if (Within(a, outer.ids) && Within(b, sub.ids)) {
          outer_keys->push_back(c->args[0]);
          sub_keys->push_back(c->args[1]);
          continue;
        }
        if (Within(b, outer.ids) && Within(a, sub.ids)) {
          outer_keys->push_back(c->args[1]);
          sub_keys->push_back(c->args[0]);
          continue;
        }
      }
    }
    condition->push_back(c);
  }
}

void AddHiddenColumn(const PlanPtr& plan, size_t index, Scope* scope) {
  scope->columns.push_back({"", plan->schema->field(index).name, plan->ids[index],
                            plan->schema->field(index).type, true});
}

}  // namespace

std::string SubLinkOperator(const Json& link) {
  std::string op = link.contains("operName") ? StringValue(link["operName"].back()) : "=";
  return op == "!=" ? "<>" : op;
}

// x op ANY (subquery) and x op ALL (subquery) for op other than = ANY and <> ALL, uncorrelated:
// the subquery is reduced once to its row count, non-NULL count, minimum and maximum, which
// decide the comparison with SQL's rules (ANY over no rows is false and ALL true; where no
// row decides it and the subquery has a NULL, the answer is NULL).
ExprPtr QueryBinder::QuantifiedComparison(const Json& node, const ExprContext& ctx) {
  const Json& link = NodeBody(node);
  int at = LocationOf(node);
  bool any = link.value("subLinkType", "") == "ANY_SUBLINK";
  std::string op = SubLinkOperator(link);
  static const std::set<std::string> kOperators = {"=", "<>", "<", "<=", ">", ">="};
  if (!kOperators.count(op))
    NotSupported(at, fmt::format("operator {} with {}", op, any ? "ANY" : "ALL"));
  BoundSubquery sub = Subquery(link["subselect"], ctx.scope);
  if (sub.items != 1) Fail(at, "subquery has too many columns");
  if (!sub.conjuncts.empty())
    NotSupported(at, fmt::format("correlated {} {} (subquery)", op, any ? "ANY" : "ALL"));
  const PlanPtr& plan = sub.plan;
  ExprPtr item = MakeColumnRef(plan->schema->field(0).name, plan->ids[0]);
  Table summary =
      ExecuteKeepingShared(MakeAggregateNode(plan, {},
                                             {MakeAlias(MakeAggregateCall("count_star", {}), "n"),
                                              MakeAlias(MakeAggregateCall("count", {item}), "v"),
                                              MakeAlias(MakeAggregateCall("min", {item}), "lo"),
                                              MakeAlias(MakeAggregateCall("max", {item}), "hi")}));
  int64_t rows = summary.GetScalar(0, 0).int_value();
  bool has_null = summary.GetScalar(0, 1).int_value() < rows;
  ExprPtr lo = MakeLiteral(summary.GetScalar(0, 2)), hi = MakeLiteral(summary.GetScalar(0, 3));
  if (rows == 0) return MakeLiteral(Scalar::Bool(!any));
  ExprPtr x = Expr(link["testexpr"], ctx);
  auto compare = [&](const std::string& o, ExprPtr bound) {
    const char* name = o == "=" ? "==" : o == "<>" ? "!=" : o.c_str();
    ExprPtr out = MakeCall(name, {x, bound});
    TypeOf(out, ctx, at);
    return out;
  };
  ExprPtr unknown_or_false =
      has_null ? MakeLiteral(Scalar::Null(DataType::Bool())) : MakeLiteral(Scalar::Bool(false));
  ExprPtr unknown_or_true =
      has_null ? MakeLiteral(Scalar::Null(DataType::Bool())) : MakeLiteral(Scalar::Bool(true));
  ExprPtr yes = MakeLiteral(Scalar::Bool(true)), no = MakeLiteral(Scalar::Bool(false));
  ExprPtr out;
  if (op == "=" || op == "<>") {
    // Some value differs from x exactly when the minimum or the maximum does.
    ExprPtr differs = MakeCall("or", {compare("<>", lo), compare("<>", hi)});
    // = ALL: false where one differs; otherwise NULL with a NULL, else x = lo (NULL for x NULL).
    // <> ANY: true where one differs; otherwise NULL with a NULL, else false (NULL for x NULL).
    if (op == "=")
      out = MakeCase(
          {differs, no, MakeLiteral(Scalar::Bool(has_null)), unknown_or_false, compare("=", lo)},
          true);
    else
      out = MakeCase(
          {differs, yes, MakeLiteral(Scalar::Bool(has_null)), unknown_or_true, compare("<>", lo)},
          true);
  } else {
    bool less = op[0] == '<';
    // ANY compares with the most favourable value, ALL with the least.
    ExprPtr bound = any == less ? hi : lo;
    ExprPtr test = compare(op, bound);
    if (any)
      out = MakeCase({test, yes, MakeCall("is_null", {x}),
                      MakeLiteral(Scalar::Null(DataType::Bool())), unknown_or_false},
                     true);
    else
      out = MakeCase({MakeCall("not", {test}), no, MakeCall("is_null", {x}),
                      MakeLiteral(Scalar::Null(DataType::Bool())), unknown_or_true},
                     true);
  }
  TypeOf(out, ctx, at);
  return out;
}

BoundSubquery QueryBinder::Subquery(const Json& select, const Scope* outer) {
  CorrelationFrame frame;
  frame.outer = outer;
  frames_.push_back(&frame);
  PlanPtr plan;
  try {
    plan = Query(select, outer, &frame);
  } catch (...) {
    frames_.pop_back();
    throw;
  }
  frames_.pop_back();
  BoundSubquery bound;
  bound.plan = plan;
  bound.conjuncts = frame.conjuncts;
  bound.aggregated = frame.aggregated;
  bound.bare_count = frame.bare_count;
  bound.count_inside = frame.count_inside;
  bound.grouped = frame.grouped;
  // The select items are the columns before the correlated ones.
  std::set<ColumnId> correlated;
  for (const auto& c : frame.conjuncts)
    for (ColumnId id : ColumnsOf(c))
      if (std::find(plan->ids.begin(), plan->ids.end(), id) != plan->ids.end())
        correlated.insert(id);
  bound.items = plan->ids.size() - correlated.size();
  return bound;
}

bool QueryBinder::FilterBySubquery(const Json& conjunct, Scope* scope, PlanPtr* plan) {
  const Json* node = &conjunct;
  bool negated = false;
  if (NodeType(*node) == "BoolExpr" && NodeBody(*node).value("boolop", "") == "NOT_EXPR") {
    negated = true;
    node = &NodeBody(*node)["args"][0];
  }
  if (NodeType(*node) != "SubLink") return false;
  const Json& link = NodeBody(*node);
  std::string type = link.value("subLinkType", "");
  int at = LocationOf(*node);
  bool exists = type == "EXISTS_SUBLINK";
  bool in = type == "ANY_SUBLINK" && SubLinkOperator(link) == "=";
  // NOT IN keeps SQL's NULL rules through a mark join (SubqueryExpr).
  if (!exists && !(in && !negated)) return false;
  BoundSubquery sub = Subquery(link["subselect"], scope);
  if (sub.aggregated && !sub.conjuncts.empty())
    NotSupported(at, "correlated EXISTS and IN subqueries that aggregate");
  std::vector<ExprPtr> outer_keys, sub_keys, condition;
  SplitCorrelation(sub.conjuncts, **plan, *sub.plan, &outer_keys, &sub_keys, &condition);
  if (in) {
    if (sub.items != 1) Fail(at, "subquery has too many columns");
    ExprContext ctx{scope, false, "WHERE", plan};
    outer_keys.push_back(Expr(link["testexpr"], ctx));
    sub_keys.push_back(MakeColumnRef(sub.plan->schema->field(0).name, sub.plan->ids[0]));
  } else if (outer_keys.empty() && condition.empty()) {
    // Uncorrelated EXISTS: whether the subquery has a row, found once.
    bool found = ExecuteKeepingShared(MakeLimitNode(sub.plan, 1)).num_rows() > 0;
    if (found == negated) *plan = MakeFilterNode(*plan, MakeLiteral(Scalar::Bool(false)));
    return true;
  }
  try {
    *plan = MakeJoinNode(*plan, sub.plan, outer_keys, sub_keys,
                         negated ? JoinType::kAnti : JoinType::kSemi, JoinConjuncts(condition));
  } catch (const Error& e) {
    Fail(at, e.message());
  }
  return true;
}

ExprPtr QueryBinder::SubqueryExpr(const Json& node, const ExprContext& ctx) {
  const Json& link = NodeBody(node);
  std::string type = link.value("subLinkType", "");
  int at = LocationOf(node);
  if (type == "EXISTS_SUBLINK") NotSupported(at, "EXISTS inside an expression");
  if (type != "EXPR_SUBLINK" && type != "ANY_SUBLINK" && type != "ALL_SUBLINK")
    NotSupported(at, "this kind of subquery");
  // x = ANY (...) is x IN (...), and x <> ALL (...) is NOT (x IN (...)): a mark join; other
  // quantified comparisons are decided by the subquery's count, minimum and maximum.
  bool in = type == "ANY_SUBLINK" && SubLinkOperator(link) == "=";
  bool not_in = type == "ALL_SUBLINK" && SubLinkOperator(link) == "<>";
  if (type != "EXPR_SUBLINK" && !in && !not_in) return QuantifiedComparison(node, ctx);
  BoundSubquery sub = Subquery(link["subselect"], ctx.scope);
  if (sub.items != 1)
    Fail(at, type == "EXPR_SUBLINK" ? "subquery must return only one column"
                                    : "subquery has too many columns");
  const PlanPtr& plan = sub.plan;
  bool correlated = !sub.conjuncts.empty();

  if (type == "EXPR_SUBLINK" && !correlated) {
    // Computed once: a constant for the query (NULL without rows).
    Table rows = ExecuteKeepingShared(MakeLimitNode(plan, 2));
    if (rows.num_rows() > 1)
      Fail(at, "more than one row returned by a subquery used as an expression");
    DataType type_of = plan->schema->field(0).type;
    return MakeLiteral(rows.num_rows() == 0 ? Scalar::Null(type_of) : rows.GetScalar(0, 0));
  }
  if (!ctx.plan) NotSupported(at, fmt::format("correlated subqueries in {}", ctx.clause));
  std::vector<ExprPtr> outer_keys, sub_keys, condition;
  SplitCorrelation(sub.conjuncts, **ctx.plan, *plan, &outer_keys, &sub_keys, &condition);

  if (in || not_in) {
    // x IN (subquery) as a value: the mark of a mark join. Its NULL rules look at the whole
    // right side, so a correlated one (whose NULLs count per outer row) is not taken.
    if (correlated) NotSupported(at, "correlated NOT IN and IN subqueries inside expressions");
    outer_keys.push_back(Expr(link["testexpr"], ctx));
    sub_keys.push_back(MakeColumnRef(plan->schema->field(0).name, plan->ids[0]));
    try {
      *ctx.plan = MakeJoinNode(*ctx.plan, plan, outer_keys, sub_keys, JoinType::kMark,
                               JoinConjuncts(condition));
    } catch (const Error& e) {
      Fail(at, e.message());
    }
    const PlanPtr& joined = *ctx.plan;
    AddHiddenColumn(joined, joined->ids.size() - 1, ctx.scope);
    ExprPtr mark = MakeColumnRef("mark", joined->ids.back());
    return not_in ? MakeCall("not", {mark}) : mark;
  }

  // A correlated scalar subquery: one row per correlated key (it groups by it), joined left.
  if (!condition.empty() || outer_keys.empty())
    NotSupported(at, "scalar subqueries correlated by anything but equalities");
  PlanPtr sub_plan = plan;
  if (!sub.aggregated) {
    // Without an aggregate the subquery must give at most one row per outer row: its rows are
    // grouped by the correlated columns, and a group of two rows or more fails as in
    // PostgreSQL.
    std::vector<ExprPtr> keys;
    for (size_t i = sub.items; i < plan->ids.size(); ++i)
      keys.push_back(MakeAlias(MakeColumnRef(plan->schema->field(i).name, plan->ids[i]),
                               plan->schema->field(i).name));
    ExprPtr item = MakeColumnRef(plan->schema->field(0).name, plan->ids[0]);
    PlanPtr grouped = MakeAggregateNode(plan, keys,
                                        {MakeAlias(MakeAggregateCall("first", {item}), "#value"),
                                         MakeAlias(MakeAggregateCall("count_star", {}), "#rows")});
    size_t n = keys.size();
    ExprPtr many =
        MakeCall(">", {MakeColumnRef("#rows", grouped->ids[n + 1]), MakeLiteral(Scalar::Int64(1))});
    std::vector<ExprPtr> outputs = {MakeAlias(
        MakeCall("fail_if",
                 {many,
                  MakeLiteral(Scalar::String("more than one row returned by a subquery used as an "
                                             "expression")),
                  MakeColumnRef("#value", grouped->ids[n])}),
        plan->schema->field(0).name)};
    std::map<ColumnId, ColumnId> remap;
    for (size_t k = 0; k < n; ++k) {
      outputs.push_back(MakeAlias(MakeColumnRef(grouped->schema->field(k).name, grouped->ids[k]),
                                  grouped->schema->field(k).name));
    }
    sub_plan = MakeProjectNode(grouped, outputs, false);
    for (size_t k = 0; k < n; ++k) remap[plan->ids[sub.items + k]] = sub_plan->ids[1 + k];
    for (auto& key : sub_keys) key = RemapColumns(key, remap);
  }
  if (sub.grouped) NotSupported(at, "correlated scalar subqueries with GROUP BY or HAVING");
  // One row per outer row: each correlated equality must compare a plain column of the
  // subquery (the groups are its values).
  for (const auto& k : sub_keys)
    if (StripAlias(*k).kind != ExprKind::kColumn ||
        sub_keys.size() + sub.items != sub_plan->ids.size())
      NotSupported(at, "scalar subqueries correlated by expressions of several columns");
  if (sub.count_inside && !sub.bare_count)
    NotSupported(at, "a correlated scalar subquery computing with count() (only count() itself)");
  try {
    *ctx.plan = MakeJoinNode(*ctx.plan, sub_plan, outer_keys, sub_keys, JoinType::kLeft);
  } catch (const Error& e) {
    Fail(at, e.message());
  }
  const PlanPtr& joined = *ctx.plan;
  // The value is the first of the subquery's columns in the join's output.
  size_t value = joined->ids.size() - sub_plan->ids.size();
  AddHiddenColumn(joined, value, ctx.scope);
  ExprPtr ref = MakeColumnRef(joined->schema->field(value).name, joined->ids[value]);
  if (sub.bare_count) return MakeCall("coalesce", {ref, MakeLiteral(Scalar::Int64(0))});
  return ref;
}

}  // namespace tally
