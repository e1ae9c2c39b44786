#pragma once
// Expressions: the front-end-neutral tree that the DataFrame API (and later SQL) build. A column
// is referenced by name until the plan node it is used in resolves it to the column id of an
// input column (logical_plan.h); the name stays for display. Binding against a schema
// (bound_expr.h) then picks types and vectorized evaluators.
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/scalar.h"
#include "common/types.h"

namespace tally {

// A column of a plan node's output, unique within the process (logical_plan.h).
using ColumnId = uint32_t;

enum class ExprKind : uint8_t {
  kColumn,     // name; column_id once resolved
  kLiteral,    // literal
  kCall,       // name(args): scalar functions and operators ("+", "==", "and", ...)
  kCast,       // args[0] cast to cast_type
  kCase,       // args = [cond1, value1, cond2, value2, ..., else?]; has_else
  kAlias,      // args[0] named `name`
  kAggregate,  // name(args) with optional parameter (quantile p)
  kWindow,     // name(args) with parameter (lag/lead offset)
  // A column of an enclosing query, read by a correlated subquery: column_id names it and
  // cast_type is its type. Only the subquery side of a DependentJoinNode holds these; the
  // decorrelation pass (optimizer.h) replaces them before anything executes.
  kOuterColumn,
};

struct ExprNode;
using ExprPtr = std::shared_ptr<const ExprNode>;

struct ExprNode {
  ExprKind kind = ExprKind::kLiteral;
  std::string name;
  Scalar literal;
  DataType cast_type;
  std::vector<ExprPtr> args;
  bool has_else = false;
  double param = 0;
  int64_t column_id = -1;  // kColumn: the input column, -1 while only the name is known

  // Readable form, also used as the default output column name: "(quantity * unit_price)".
  std::string ToString() const;
  // The alias when there is one, the column name for a plain column, else ToString().
  std::string OutputName() const;
};

ExprPtr MakeColumnRef(std::string name);
// A reference to column `id` (shown as `name`).
ExprPtr MakeColumnRef(std::string name, ColumnId id);
// A reference to column `id` of an enclosing query (kOuterColumn).
ExprPtr MakeOuterColumnRef(std::string name, ColumnId id, DataType type);
ExprPtr MakeLiteral(Scalar value);
ExprPtr MakeCall(std::string name, std::vector<ExprPtr> args);
// `truncate` (kept in param as 1): a double cast to an integer or decimal truncates toward zero.
ExprPtr MakeCast(ExprPtr child, DataType type, bool truncate = false);
ExprPtr MakeAlias(ExprPtr child, std::string name);
ExprPtr MakeCase(std::vector<ExprPtr> conditions_and_values, bool has_else);
ExprPtr MakeAggregateCall(std::string name, std::vector<ExprPtr> args, double param = 0);
ExprPtr MakeWindowCall(std::string name, std::vector<ExprPtr> args, double param = 0);

// Names of all columns the expression reads.
void CollectColumnNames(const ExprNode& expr, std::set<std::string>* names);
// Ids of all resolved columns the expression reads (not the enclosing query's: those are
// CollectOuterColumnIds').
void CollectColumnIds(const ExprNode& expr, std::set<ColumnId>* ids);
void CollectOuterColumnIds(const ExprNode& expr, std::set<ColumnId>* ids);
bool ContainsAggregate(const ExprNode& expr);
bool ContainsWindow(const ExprNode& expr);
// The expression under any aliases.
const ExprNode& StripAlias(const ExprNode& expr);
ExprPtr StripAlias(const ExprPtr& expr);

// A canonical text of an expression, column ids included: equal for the same computation.
std::string ExprKey(const ExprNode& expr);

// The operands of a top-level chain of "and" calls, left to right (the expression itself when it
// is not one).
std::vector<ExprPtr> SplitConjuncts(const ExprPtr& predicate);
// The "and" of the conjuncts in order; nullptr when there are none.
ExprPtr JoinConjuncts(const std::vector<ExprPtr>& conjuncts);
// `expr` with every column reference replaced by replace(column) (nodes without column
// references are shared, not copied).
ExprPtr ReplaceColumns(const ExprPtr& expr,
                       const std::function<ExprPtr(const ExprPtr& column)>& replace);

}  // namespace tally
