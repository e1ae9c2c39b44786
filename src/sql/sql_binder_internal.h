#pragma once
// The binder's insides, shared by its files (sql_binder.cc: queries and FROM; sql_expressions.cc:
// expressions). Not for use outside src/sql.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exec/logical_plan.h"
#include "io/csv/csv_options.h"
#include "sql/sql_binder.h"
#include "sql/sql_scope.h"

namespace tally {

// Where an expression is bound: its scope and what the clause allows.
struct ExprContext {
  Scope* scope = nullptr;
  bool aggregates_allowed = false;
  const char* clause = "";  // "WHERE", "GROUP BY"... for messages
  // The plan the scope's columns come from: a correlated subquery joins onto it (the join's
  // new columns are added to the scope, hidden). Null where subqueries cannot join (HAVING,
  // ORDER BY, join conditions): there only uncorrelated scalar subqueries are allowed.
  PlanPtr* plan = nullptr;
  bool windows_allowed = false;  // the select list and ORDER BY
};

// A window call of the query being bound: bound in place as a column (`placeholder`) that the
// window node made for it replaces once the query's windows are planned.
struct WindowCall {
  ExprPtr function;  // a kWindow call
  std::vector<ExprPtr> partition;
  std::vector<SortSpec> order;
  WindowFrame frame;
  ColumnId placeholder = 0;
};

// A subquery being bound: its references to the enclosing query (and only to that one) become
// kOuterColumn references, which the decorrelation pass (exec/optimizer.h) resolves.
struct CorrelationFrame {
  const Scope* outer = nullptr;  // where its correlated references resolve
};

// A bound subquery: its plan (reading the enclosing query's columns when correlated).
struct BoundSubquery {
  PlanPtr plan;
  bool correlated = false;
};

// A constant interval: `interval '90' day`, `interval '3 months'`.
struct IntervalValue {
  int64_t months = 0;
  int64_t days = 0;
};

class QueryBinder {
 public:
  QueryBinder(const std::string& text, const SqlCatalog& catalog, const SqlViews* views,
              const Json* statement)
      : text_(text),
        catalog_(catalog),
        views_(views),
        statement_(statement),
        stack_base_(StackPosition()) {}

  // A SelectStmt (with set operations, WITH, ORDER BY, LIMIT) as a plan of its output columns.
  PlanPtr Query(const Json& stmt, const Scope* outer);
  BoundSubquery Subquery(const Json& select, const Scope* outer);
  // A top-level WHERE conjunct that is [NOT] EXISTS (...) or x IN (...): applied to `plan` as a
  // semi or anti join; false when `conjunct` is not one.
  bool FilterBySubquery(const Json& conjunct, Scope* scope, PlanPtr* plan);
  ExprPtr Expr(const Json& node, const ExprContext& ctx);
  // The type of a bound expression in its context; a type error throws at `location`.
  DataType TypeOf(const ExprPtr& expr, const ExprContext& ctx, int location);

  [[noreturn]] void Fail(int location, const std::string& message, const std::string& hint = "");
  [[noreturn]] void NotSupported(int location, const std::string& what);
  // A TypeName node as the engine's type (int4 -> int32, numeric(p, s) -> decimal, ...).
  DataType TypeName(const Json& type_name);

 private:
  PlanPtr Select(const Json& s, const Scope* outer);
  ExprPtr SubqueryExpr(const Json& sublink, const ExprContext& ctx);
  // A correlated subquery's value, joined onto the plan of ctx (its first column).
  ExprPtr CorrelatedScalar(const PlanPtr& subquery, const ExprContext& ctx, int at);
  ExprPtr StringAgg(const Json& node, std::vector<ExprPtr> args, const ExprContext& inner,
                    const ExprContext& ctx);
  ExprPtr QuantifiedComparison(const Json& sublink, const ExprContext& ctx);
  ExprPtr CorrelatedQuantifiedComparison(const Json& sublink, const ExprContext& ctx,
                                         const PlanPtr& subquery, const std::string& op, bool any);
  PlanPtr SetOperation(const Json& s, const Scope* outer);
  // LIMIT and OFFSET of a query (s: a SelectStmt body) over its plan.
  PlanPtr LimitOffset(const Json& s, PlanPtr plan);
  // A VALUES list as a table of constants (columns column1, column2, ...).
  PlanPtr Values(const Json& s);
  PlanPtr From(const Json& from_clause, const Scope* outer, Scope* scope);
  PlanPtr FromItem(const Json& item, const Scope* outer, Scope* scope);
  PlanPtr Join(const Json& join, const Scope* outer, Scope* scope);
  PlanPtr NamedRelation(const Json& range_var, Scope* scope);
  PlanPtr FromSubquery(const Json& range_subselect, const Scope* outer, Scope* scope);
  // read_parquet('file, directory or glob') and read_csv('file') in FROM.
  PlanPtr TableFunction(const Json& range_function, Scope* scope);
  // read_csv's options after the file name (the delimiter detected when not given).
  CsvOptions ReadCsvOptions(const std::string& function, const Json& args, const std::string& path);

  ExprPtr Column(const Json& column_ref, const ExprContext& ctx);
  ExprPtr Constant(const Json& a_const);
  ExprPtr Cast(const Json& type_cast, const ExprContext& ctx);
  ExprPtr Operator(const Json& a_expr, const ExprContext& ctx);
  ExprPtr Function(const Json& func_call, const ExprContext& ctx);
  ExprPtr Case(const Json& case_expr, const ExprContext& ctx);
  ExprPtr LikePattern(const Json& pattern, const ExprContext& ctx);
  ExprPtr OrderedSetAggregate(const Json& func_call, const std::vector<ExprPtr>& args,
                              const ExprContext& inner, const ExprContext& ctx);
  ExprPtr DateArithmetic(const ExprPtr& base, const IntervalValue& interval, bool subtract,
                         const ExprContext& ctx, int location);
  std::optional<IntervalValue> Interval(const Json& node);
  ExprPtr WindowFunction(const Json& func_call, const ExprContext& ctx);
  WindowFrame Frame(const Json& window_def);
  SortSpec SortKey(const Json& sort_by, const ExprContext& ctx);
  // The windows of `calls` over `plan`; `items` then read the windows' columns.
  PlanPtr PlanWindows(PlanPtr plan, const std::vector<WindowCall>& calls,
                      std::map<ColumnId, ColumnId>* placeholders);

  const std::string& text_;
  const SqlCatalog& catalog_;
  const SqlViews* views_;
  // WITH clauses in force, innermost last (each bound where it is used).
  struct Cte {
    std::string name;
    const Json* query;
    const Json* owner;         // the SelectStmt whose WITH clause has it
    std::string materialized;  // PostgreSQL's [NOT] MATERIALIZED: "Always", "Never" or ""
  };
  std::vector<std::vector<Cte>> ctes_;
  // The plan of a CTE or view that the statement reads in several places: bound once and
  // computed once (exec/shared_plan.h) when costly; `bind` binds it for one place. `key` names
  // it among the statement's relations, `references`: how often the statement reads it.
  PlanPtr Relation(const std::string& key, const std::string& name, int references,
                   const std::string& materialized, const std::function<PlanPtr()>& bind);
  // The statement being bound (a view's own statement for a view of the warehouse).
  const Json* statement_ = nullptr;
  // By key: the shared source of a relation read in several places, or null when each place
  // binds its own copy.
  std::map<std::string, std::shared_ptr<const DataSource>> shared_;
  // Subqueries being bound, innermost last.
  std::vector<CorrelationFrame*> frames_;
  // Binding recurses with the nesting of the statement: past this much stack it stops with
  // PostgreSQL's "stack depth limit exceeded" at PostgreSQL's default depth, 2 MB (the
  // optimizer and executor recurse as deep, with smaller frames).
  static constexpr std::ptrdiff_t kMaxStackBytes = 2 << 20;
  static std::uintptr_t StackPosition() {
    return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  }
  std::uintptr_t stack_base_;
  // Views of the warehouse being bound, one inside another (a view that reads itself stops).
  static constexpr int kMaxViewDepth = 32;
  int view_depth_ = 0;
  // The window calls and WINDOW clause of the SELECT being bound.
  std::vector<WindowCall>* windows_ = nullptr;
  const Json* window_clause_ = nullptr;
};

// The one key and body of a parse node ({"ColumnRef": {...}} -> "ColumnRef", {...}).
const std::string& NodeType(const Json& node);
const Json& NodeBody(const Json& node);
// A node's "location" (byte offset in the text), or -1.
int LocationOf(const Json& node);
// The text of a {"String": {"sval": ...}} node.
std::string StringValue(const Json& node);
// The operator of a quantified subquery (x op ANY|ALL (...)); "=" for x IN (...).
std::string SubLinkOperator(const Json& link);
// The integer written at byte `at` of `text` ("-7", "- 7", "0"); 0 when there is none.
int64_t IntegerAt(const std::string& text, int at);
// An integer constant node's value (libpg_query's JSON leaves out negative values and 0).
int64_t IntegerValue(const Json& a_const_node, const std::string& text);
// A SortBy node's direction and NULL placement (PostgreSQL's default: NULLs last ascending).
void SortDirection(const Json& sort_by, bool* ascending, bool* nulls_first);
// `s` in lower case (ASCII).
std::string Lower(std::string s);
// The name PostgreSQL gives an unaliased select item ("?column?" when it has none).
std::string FigureColumnName(const Json& node);

}  // namespace tally
