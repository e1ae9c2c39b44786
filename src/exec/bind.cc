// The binder: resolves column names against a schema, checks and infers types, folds
// constant sub-expressions and finds each call's kernel in the function registry.
#include <fmt/format.h>

#include "common/error.h"
#include "exec/bound_expr.h"
#include "exec/column_util.h"
#include "exec/function_registry.h"
#include "exec/kernels.h"

namespace tally {
namespace {

class ColumnRefExpr : public BoundExpr {
 public:
  ColumnRefExpr(int index, DataType type) : BoundExpr(type), index_(index) {}
  // Under a selection, the selected rows are copied (only the columns an expression reads are).
  Datum Evaluate(const Batch& batch) const override {
    const ColumnPtr& column = batch.columns[static_cast<size_t>(index_)];
    return Datum(batch.selection ? column->Take(*batch.selection) : column);
  }
  int ColumnIndex() const override { return index_; }

 private:
  int index_;
};

class LiteralExpr : public BoundExpr {
 public:
  explicit LiteralExpr(Scalar v) : BoundExpr(v.type()), value_(std::move(v)) {}
  Datum Evaluate(const Batch&) const override { return Datum(value_); }
  const Scalar* ConstantValue() const override { return &value_; }

 private:
  Scalar value_;
};

// A correlated subquery's reference to its enclosing query: it has a type (so the subquery's
// expressions can be typed as they are bound) but no value until decorrelation turns it into a
// column of the joined input.
class OuterColumnExpr : public BoundExpr {
 public:
  OuterColumnExpr(std::string name, DataType type) : BoundExpr(type), name_(std::move(name)) {}
  Datum Evaluate(const Batch&) const override {
    ThrowError("internal error: the correlated reference \"{}\" was not decorrelated", name_);
  }

 private:
  std::string name_;
};

std::string AvailableColumns(const Schema& schema) {
  std::string out;
  for (const auto& f : schema.fields()) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

BoundExprPtr BindFolding(const ExprNode& e, const Schema& schema, bool* constant);

// The arguments bound; *constant stays true while none of them reads a column.
std::vector<BoundExprPtr> BindArgs(const ExprNode& e, const Schema& schema, bool* constant) {
  std::vector<BoundExprPtr> args;
  for (const auto& a : e.args) {
    bool arg_constant = true;
    args.push_back(BindFolding(*a, schema, &arg_constant));
    *constant = *constant && arg_constant;
  }
  return args;
}

// `e` bound without folding it (its arguments are folded); *constant: whether it reads no
// column.
BoundExprPtr BindUnfolded(const ExprNode& e, const Schema& schema, bool* constant) {
  *constant = true;
  switch (e.kind) {
    case ExprKind::kColumn: {
      *constant = false;
      int index = schema.IndexOf(e.name);
      if (index < 0)
        ThrowError("unknown column \"{}\" (available: {})", e.name, AvailableColumns(schema));
      return std::make_shared<ColumnRefExpr>(index, schema.field(static_cast<size_t>(index)).type);
    }
    case ExprKind::kOuterColumn:
      *constant = false;
      return std::make_shared<OuterColumnExpr>(e.name, e.cast_type);
    case ExprKind::kLiteral:
      return MakeLiteralExpr(e.literal);
    case ExprKind::kAlias:
      return BindFolding(*e.args[0], schema, constant);
    case ExprKind::kCast:
      return MakeCastExpr(BindFolding(*e.args[0], schema, constant), e.cast_type, e.param != 0);
    case ExprKind::kCase:
      return MakeCaseWhen(BindArgs(e, schema, constant), e.has_else);
    case ExprKind::kCall:
      return BuiltinFunctions().BindScalar(e.name, BindArgs(e, schema, constant));
    case ExprKind::kAggregate:
      ThrowError("aggregate {} is only allowed in agg()", e.ToString());
    case ExprKind::kWindow:
      ThrowError("window function {} is only allowed in with_window()", e.ToString());
  }
  ThrowError("cannot bind {}", e.ToString());
}

// `e` bound, and computed once when it reads no column (a constant sub-expression becomes a
// literal). Each node learns whether it is constant from its arguments, so binding a deep
// expression stays linear in its size.
BoundExprPtr BindFolding(const ExprNode& e, const Schema& schema, bool* constant) {
  BoundExprPtr bound = BindUnfolded(e, schema, constant);
  if (e.kind != ExprKind::kLiteral && *constant && !bound->ConstantValue()) {
    Batch one;
    one.num_rows = 1;
    try {
      Datum d = bound->Evaluate(one);
      Scalar value = d.is_scalar() ? d.scalar : ColumnScalar(*d.column, 0);
      if (value.type() == bound->type()) return MakeLiteralExpr(std::move(value));
    } catch (const Error&) {
      // Left to run time, where only the rows that reach it count (a guarded overflow).
    }
  }
  return bound;
}

}  // namespace

BoundExprPtr MakeLiteralExpr(Scalar value) {
  return std::make_shared<LiteralExpr>(std::move(value));
}

BoundExprPtr MakeColumnRefExpr(int index, DataType type) {
  return std::make_shared<ColumnRefExpr>(index, type);
}

ColumnPtr BoundExpr::EvaluateColumn(const Batch& batch) const {
  Datum d = Evaluate(batch);
  if (d.is_scalar()) return BroadcastScalar(d.scalar, batch.num_rows);
  return d.column;
}

BoundExprPtr Bind(const ExprNode& expr, const Schema& schema) {
  bool constant;
  return BindFolding(expr, schema, &constant);
}

DataType ResultType(const ExprNode& expr, const Schema& schema) {
  return Bind(expr, schema)->type();
}

DataType CommonType(const std::vector<DataType>& types) {
  TALLY_ASSERT(!types.empty());
  DataType result = types[0];
  for (size_t i = 1; i < types.size(); ++i) {
    const DataType& t = types[i];
    if (t == result) continue;
    if (result.IsNumeric() && t.IsNumeric()) {
      if (result.id == TypeId::kDouble || t.id == TypeId::kDouble) {
        result = DataType::Double();
      } else if (result.id == TypeId::kDecimal || t.id == TypeId::kDecimal) {
        int scale = std::max(result.id == TypeId::kDecimal ? result.scale : 0,
                             t.id == TypeId::kDecimal ? t.scale : 0);
        result = DataType::Decimal(18, scale);
      } else {
        result = DataType::Int64();
      }
      continue;
    }
    bool rt = result.id == TypeId::kDate || result.id == TypeId::kTimestamp;
    bool tt = t.id == TypeId::kDate || t.id == TypeId::kTimestamp;
    if (rt && tt) {
      result = DataType::Timestamp();
      continue;
    }
    ThrowError("no common type for {} and {}", result.ToString(), t.ToString());
  }
  return result;
}

}  // namespace tally
