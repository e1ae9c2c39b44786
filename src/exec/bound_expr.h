#pragma once
// Bound expressions: typed, vectorized evaluators produced by binding an ExprNode against a
// schema. Evaluate() computes a whole column for a batch in tight loops; literals stay scalars
// (a Datum) so kernels can broadcast them without materializing a column.
#include <memory>
#include <string>
#include <vector>

#include "common/scalar.h"
#include "exec/expr.h"
#include "vector/batch.h"

namespace tally {

// The value of an expression over a batch: a column, or one scalar for every row.
struct Datum {
  ColumnPtr column;
  Scalar scalar;

  Datum() = default;
  explicit Datum(ColumnPtr c) : column(std::move(c)) {}
  explicit Datum(Scalar s) : scalar(std::move(s)) {}
  bool is_scalar() const { return column == nullptr; }
};

class BoundExpr {
 public:
  explicit BoundExpr(DataType type) : type_(type) {}
  virtual ~BoundExpr() = default;

  const DataType& type() const { return type_; }
  // Thread-safe: evaluators hold no mutable state.
  virtual Datum Evaluate(const Batch& batch) const = 0;
  // Evaluate() with scalars broadcast to a column of batch.num_rows rows.
  ColumnPtr EvaluateColumn(const Batch& batch) const;
  // The constant value when the expression does not depend on the input.
  virtual const Scalar* ConstantValue() const { return nullptr; }
  // The input column index when the expression is a plain column reference, else -1.
  virtual int ColumnIndex() const { return -1; }

 private:
  DataType type_;
};

using BoundExprPtr = std::shared_ptr<const BoundExpr>;

// Resolves names and types; throws tally::Error (naming the column or function) on failure.
// Aggregate and window calls are rejected here: operators bind their arguments instead.
BoundExprPtr Bind(const ExprNode& expr, const Schema& schema);
// The output type of `expr` over `schema` (binds it).
DataType ResultType(const ExprNode& expr, const Schema& schema);

// A smallest type that values of all `types` convert to exactly (numeric widening, date ->
// timestamp); throws when there is none. Used by case/coalesce/union.
DataType CommonType(const std::vector<DataType>& types);

}  // namespace tally
