// Subqueries. Uncorrelated ones: a scalar subquery is computed once, while the query is bound,
// and becomes a constant; [NOT] EXISTS likewise; IN as a WHERE conjunct is a semi join, and
// elsewhere (NOT IN too) a mark join, whose mark is true / false / NULL as SQL's IN is.
// Correlated ones (reading the enclosing query's columns) become a DependentJoinNode that the
// optimizer's decorrelation pass turns into joins: EXISTS, NOT EXISTS and IN in WHERE keep or
// drop the enclosing rows; a scalar subquery adds its value; EXISTS and [NOT] IN elsewhere are
// scalar subqueries over aggregates that give SQL's three-valued answer.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/error.h"
#include "exec/column_util.h"
#include "exec/executor.h"
#include "sql/sql_binder_internal.h"
#include "sql/sql_parse.h"

namespace tally {
namespace {

// `expr` (over `plan`, the enclosing query) as read from inside a subquery.
ExprPtr AsOuter(const ExprPtr& expr, const LogicalNode& plan) {
  return ReplaceColumns(expr, [&](const ExprPtr& column) -> ExprPtr {
    int at = plan.IndexOf(static_cast<ColumnId>(column->column_id));
    if (at < 0) return column;
    return MakeOuterColumnRef(column->name, static_cast<ColumnId>(column->column_id),
                              plan.schema->field(static_cast<size_t>(at)).type);
  });
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
  if (sub.plan->ids.size() != 1) Fail(at, "subquery has too many columns");
  const PlanPtr& plan = sub.plan;
  ExprPtr item = MakeColumnRef(plan->schema->field(0).name, plan->ids[0]);
  if (sub.correlated) return CorrelatedQuantifiedComparison(node, ctx, plan, op, any);
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

// A correlated x op ANY|ALL (subquery): the same rules, per evaluation, as a scalar subquery
// over the subquery's count, non-NULL count, minimum and maximum.
ExprPtr QueryBinder::CorrelatedQuantifiedComparison(const Json& node, const ExprContext& ctx,
                                                    const PlanPtr& plan, const std::string& op,
                                                    bool any) {
  int at = LocationOf(node);
  if (!ctx.plan) NotSupported(at, fmt::format("correlated subqueries in {}", ctx.clause));
  ExprPtr item = MakeColumnRef(plan->schema->field(0).name, plan->ids[0]);
  PlanPtr summary = MakeAggregateNode(plan, {},
                                      {MakeAlias(MakeAggregateCall("count_star", {}), "#rows"),
                                       MakeAlias(MakeAggregateCall("count", {item}), "#values"),
                                       MakeAlias(MakeAggregateCall("min", {item}), "#lo"),
                                       MakeAlias(MakeAggregateCall("max", {item}), "#hi")});
  auto ref = [&](size_t i) {
    return MakeColumnRef(summary->schema->field(i).name, summary->ids[i]);
  };
  ExprPtr x = AsOuter(Expr(NodeBody(node)["testexpr"], ctx), **ctx.plan);
  auto compare = [&](const std::string& o, ExprPtr bound) {
    return MakeCall(o == "=" ? "==" : o == "<>" ? "!=" : o, {x, std::move(bound)});
  };
  ExprPtr none = MakeCall("==", {ref(0), MakeLiteral(Scalar::Int64(0))});
  ExprPtr has_null = MakeCall("<", {ref(1), ref(0)});
  ExprPtr yes = MakeLiteral(Scalar::Bool(true)), no = MakeLiteral(Scalar::Bool(false));
  ExprPtr unknown = MakeLiteral(Scalar::Null(DataType::Bool()));
  ExprPtr answer;
  if (op == "=" || op == "<>") {
    // = ALL / <> ANY: decided by whether some value differs from x (the minimum or maximum does).
    ExprPtr differs = MakeCall("or", {compare("<>", ref(2)), compare("<>", ref(3))});
    bool all = op == "=";
    answer = MakeCase(
        {none, all ? yes : no, differs, all ? no : yes, has_null, unknown, compare(op, ref(2))},
        true);
  } else {
    // ANY compares with the most favourable value, ALL with the least.
    ExprPtr test = compare(op, any == (op[0] == '<') ? ref(3) : ref(2));
    ExprPtr x_null = MakeCall("is_null", {x});
    if (any)
      answer = MakeCase({none, no, test, yes, x_null, unknown, has_null, unknown, no}, true);
    else
      answer = MakeCase(
          {none, yes, MakeCall("not", {test}), no, x_null, unknown, has_null, unknown, yes}, true);
  }
  try {
    return CorrelatedScalar(MakeProjectNode(summary, {MakeAlias(answer, "?column?")}), ctx, at);
  } catch (const SqlError&) {
    throw;
  } catch (const Error& e) {
    Fail(at, e.message());
  }
}

BoundSubquery QueryBinder::Subquery(const Json& select, const Scope* outer) {
  CorrelationFrame frame;
  frame.outer = outer;
  frames_.push_back(&frame);
  PlanPtr plan;
  try {
    plan = Query(select, outer);
  } catch (...) {
    frames_.pop_back();
    throw;
  }
  frames_.pop_back();
  return {plan, !OuterColumnsOf(*plan).empty()};
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
  try {
    if (in) {
      if (sub.plan->ids.size() != 1) Fail(at, "subquery has too many columns");
      ExprContext ctx{scope, false, "WHERE", plan};
      ExprPtr test = Expr(link["testexpr"], ctx);
      ExprPtr item = MakeColumnRef(sub.plan->schema->field(0).name, sub.plan->ids[0]);
      if (!sub.correlated) {
        *plan = MakeJoinNode(*plan, sub.plan, {test}, {item}, JoinType::kSemi);
        return true;
      }
      // x IN (correlated subquery) is EXISTS (subquery WHERE item = x) here, where only true
      // keeps a row.
      sub.plan = MakeFilterNode(sub.plan, MakeCall("==", {item, AsOuter(test, **plan)}));
    } else if (!sub.correlated) {
      // Uncorrelated EXISTS: whether the subquery has a row, found once.
      bool found = ExecuteKeepingShared(MakeLimitNode(sub.plan, 1)).num_rows() > 0;
      if (found == negated) *plan = MakeFilterNode(*plan, MakeLiteral(Scalar::Bool(false)));
      return true;
    }
    *plan = MakeDependentJoinNode(*plan, sub.plan,
                                  negated ? SubqueryKind::kNotExists : SubqueryKind::kExists);
  } catch (const SqlError&) {
    throw;
  } catch (const Error& e) {
    Fail(at, e.message());
  }
  return true;
}

ExprPtr QueryBinder::CorrelatedScalar(const PlanPtr& subquery, const ExprContext& ctx, int at) {
  if (!ctx.plan) NotSupported(at, fmt::format("correlated subqueries in {}", ctx.clause));
  *ctx.plan = MakeDependentJoinNode(*ctx.plan, subquery, SubqueryKind::kScalar,
                                    subquery->schema->field(0).name);
  const PlanPtr& joined = *ctx.plan;
  AddHiddenColumn(joined, joined->ids.size() - 1, ctx.scope);
  return MakeColumnRef(joined->schema->fields().back().name, joined->ids.back());
}

ExprPtr QueryBinder::SubqueryExpr(const Json& node, const ExprContext& ctx) {
  const Json& link = NodeBody(node);
  std::string type = link.value("subLinkType", "");
  int at = LocationOf(node);
  if (type != "EXPR_SUBLINK" && type != "ANY_SUBLINK" && type != "ALL_SUBLINK" &&
      type != "EXISTS_SUBLINK")
    NotSupported(at, "this kind of subquery");
  // x = ANY (...) is x IN (...), and x <> ALL (...) is NOT (x IN (...)): a mark join; other
  // quantified comparisons are decided by the subquery's count, minimum and maximum.
  bool in = type == "ANY_SUBLINK" && SubLinkOperator(link) == "=";
  bool not_in = type == "ALL_SUBLINK" && SubLinkOperator(link) == "<>";
  bool exists = type == "EXISTS_SUBLINK";
  if (type != "EXPR_SUBLINK" && !exists && !in && !not_in) return QuantifiedComparison(node, ctx);
  BoundSubquery sub = Subquery(link["subselect"], ctx.scope);
  const PlanPtr& plan = sub.plan;
  if (!exists && plan->ids.size() != 1)
    Fail(at, type == "EXPR_SUBLINK" ? "subquery must return only one column"
                                    : "subquery has too many columns");
  try {
    if (exists) {
      if (!sub.correlated)
        return MakeLiteral(
            Scalar::Bool(ExecuteKeepingShared(MakeLimitNode(plan, 1)).num_rows() > 0));
      // EXISTS as a value: whether the subquery counts a row (false over none).
      PlanPtr counted =
          MakeAggregateNode(plan, {}, {MakeAlias(MakeAggregateCall("count_star", {}), "#rows")});
      return CorrelatedScalar(
          MakeProjectNode(counted,
                          {MakeAlias(MakeCall(">", {MakeColumnRef("#rows", counted->ids[0]),
                                                    MakeLiteral(Scalar::Int64(0))}),
                                     "exists")}),
          ctx, at);
    }
    if (type == "EXPR_SUBLINK" && !sub.correlated) {
      // Computed once: a constant for the query (NULL without rows).
      Table rows = ExecuteKeepingShared(MakeLimitNode(plan, 2));
      if (rows.num_rows() > 1)
        Fail(at, "more than one row returned by a subquery used as an expression");
      DataType type_of = plan->schema->field(0).type;
      return MakeLiteral(rows.num_rows() == 0 ? Scalar::Null(type_of) : rows.GetScalar(0, 0));
    }
    if (type == "EXPR_SUBLINK") return CorrelatedScalar(plan, ctx, at);
    if (!ctx.plan) NotSupported(at, fmt::format("subqueries in {}", ctx.clause));
    ExprPtr x = Expr(link["testexpr"], ctx);
    ExprPtr item = MakeColumnRef(plan->schema->field(0).name, plan->ids[0]);
    if (!sub.correlated) {
      // x IN (subquery) as a value: the mark of a mark join.
      *ctx.plan = MakeJoinNode(*ctx.plan, plan, {x}, {item}, JoinType::kMark);
      const PlanPtr& joined = *ctx.plan;
      AddHiddenColumn(joined, joined->ids.size() - 1, ctx.scope);
      ExprPtr mark = MakeColumnRef("mark", joined->ids.back());
      return not_in ? MakeCall("not", {mark}) : mark;
    }
    // A correlated x IN (subquery) as a value, per evaluation: true when some item equals x;
    // else NULL when an item or x is NULL (over at least one row); else false (also over no
    // rows: every bool_or below is NULL then).
    ExprPtr outer_x = AsOuter(x, **ctx.plan);
    PlanPtr summary = MakeAggregateNode(
        plan, {},
        {MakeAlias(MakeAggregateCall("bool_or", {MakeCall("==", {item, outer_x})}), "#hit"),
         MakeAlias(MakeAggregateCall("bool_or", {MakeCall("is_null", {item})}), "#null_item"),
         MakeAlias(MakeAggregateCall("bool_or", {MakeCall("is_null", {outer_x})}), "#null_x")});
    auto ref = [&](size_t i) {
      return MakeColumnRef(summary->schema->field(i).name, summary->ids[i]);
    };
    ExprPtr answer =
        MakeCase({ref(0), MakeLiteral(Scalar::Bool(true)), MakeCall("or", {ref(1), ref(2)}),
                  MakeLiteral(Scalar::Null(DataType::Bool())), MakeLiteral(Scalar::Bool(false))},
                 true);
    ExprPtr value = CorrelatedScalar(MakeProjectNode(summary, {MakeAlias(answer, "in")}), ctx, at);
    return not_in ? MakeCall("not", {value}) : value;
  } catch (const SqlError&) {
    throw;
  } catch (const Error& e) {
    Fail(at, e.message());
  }
}

}  // namespace tally
