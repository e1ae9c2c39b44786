#pragma once
// Unbound expressions: the front-end-neutral tree that the DataFrame API (and later SQL) build.
// Columns are referenced by name; binding against a schema (exec/bind.h) resolves names and
// types and produces vectorized evaluators.
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/scalar.h"
#include "common/types.h"

namespace tally {

enum class ExprKind : uint8_t {
  kColumn,     // name
  kLiteral,    // literal
  kCall,       // name(args): scalar functions and operators ("+", "==", "and", ...)
  kCast,       // args[0] cast to cast_type
  kCase,       // args = [cond1, value1, cond2, value2, ..., else?]; has_else
  kAlias,      // args[0] named `name`
  kAggregate,  // name(args) with optional parameter (quantile p)
  kWindow,     // name(args) with parameter (lag/lead offset)
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

  // Readable form, also used as the default output column name: "(quantity * unit_price)".
  std::string ToString() const;
  // The alias when there is one, the column name for a plain column, else ToString().
  std::string OutputName() const;
};

ExprPtr MakeColumnRef(std::string name);
ExprPtr MakeLiteral(Scalar value);
ExprPtr MakeCall(std::string name, std::vector<ExprPtr> args);
ExprPtr MakeCast(ExprPtr child, DataType type);
ExprPtr MakeAlias(ExprPtr child, std::string name);
ExprPtr MakeCase(std::vector<ExprPtr> conditions_and_values, bool has_else);
ExprPtr MakeAggregateCall(std::string name, std::vector<ExprPtr> args, double param = 0);
ExprPtr MakeWindowCall(std::string name, std::vector<ExprPtr> args, double param = 0);

// Names of all columns the expression reads.
void CollectColumnNames(const ExprNode& expr, std::set<std::string>* names);
bool ContainsAggregate(const ExprNode& expr);
bool ContainsWindow(const ExprNode& expr);
// The expression under any aliases.
const ExprNode& StripAlias(const ExprNode& expr);
ExprPtr StripAlias(const ExprPtr& expr);

// The operands of a top-level chain of "and" calls, left to right (the expression itself when it
// is not one).
std::vector<ExprPtr> SplitConjuncts(const ExprPtr& predicate);
// The "and" of the conjuncts in order; nullptr when there are none.
ExprPtr JoinConjuncts(const std::vector<ExprPtr>& conjuncts);
// `expr` with every column reference replaced by replace(name) (nodes without column references
// are shared, not copied).
ExprPtr ReplaceColumns(const ExprPtr& expr,
                       const std::function<ExprPtr(const std::string& name)>& replace);

}  // namespace tally
