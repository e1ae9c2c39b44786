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
  Datum Evaluate(const Batch& batch) const override {
    return Datum(batch.columns[static_cast<size_t>(index_)]);
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

std::string AvailableColumns(const Schema& schema) {
  std::string out;
  for (const auto& f : schema.fields()) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

BoundExprPtr BindCall(const ExprNode& e, const Schema& schema) {
  std::vector<BoundExprPtr> args;
  for (const auto& a : e.args) args.push_back(Bind(*a, schema));
  return BuiltinFunctions().BindScalar(e.name, std::move(args));
}

BoundExprPtr BindUnfolded(const ExprNode& e, const Schema& schema) {
  switch (e.kind) {
    case ExprKind::kColumn: {
      int index = schema.IndexOf(e.name);
      if (index < 0)
        ThrowError("unknown column \"{}\" (available: {})", e.name, AvailableColumns(schema));
      return std::make_shared<ColumnRefExpr>(index, schema.field(static_cast<size_t>(index)).type);
    }
    case ExprKind::kLiteral:
      return MakeLiteralExpr(e.literal);
    case ExprKind::kAlias:
      return Bind(*e.args[0], schema);
    case ExprKind::kCast:
      return MakeCastExpr(Bind(*e.args[0], schema), e.cast_type);
    case ExprKind::kCase: {
      std::vector<BoundExprPtr> args;
      for (const auto& a : e.args) args.push_back(Bind(*a, schema));
      return MakeCaseWhen(std::move(args), e.has_else);
    }
    case ExprKind::kCall:
      return BindCall(e, schema);
    case ExprKind::kAggregate:
      ThrowError("aggregate {} is only allowed in agg()", e.ToString());
    case ExprKind::kWindow:
      ThrowError("window function {} is only allowed in with_window()", e.ToString());
  }
  ThrowError("cannot bind {}", e.ToString());
}

bool IsConstantTree(const ExprNode& e) {
  if (e.kind == ExprKind::kColumn || e.kind == ExprKind::kAggregate || e.kind == ExprKind::kWindow)
    return false;
  for (const auto& a : e.args)
    if (!IsConstantTree(*a)) return false;
  return true;
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
  BoundExprPtr bound = BindUnfolded(expr, schema);
  if (expr.kind != ExprKind::kLiteral && IsConstantTree(expr) && !bound->ConstantValue()) {
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
