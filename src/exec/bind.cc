// The binder: resolves column names against a schema, checks and infers types, folds
// constant sub-expressions and picks a kernel for each call.
#include <fmt/format.h>

#include "common/error.h"
#include "exec/bound_expr.h"
#include "exec/column_util.h"
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

const std::string& ConstantString(const ExprNode& e, const std::string& fn) {
  if (e.kind != ExprKind::kLiteral || e.literal.type().id != TypeId::kString || e.literal.is_null())
    ThrowError("{} needs a constant string argument", fn);
  return e.literal.string_value();
}

void RequireArgs(const ExprNode& e, size_t n) {
  if (e.args.size() != n) ThrowError("{} takes {} argument(s), got {}", e.name, n, e.args.size());
}

BoundExprPtr BindCall(const ExprNode& e, const Schema& schema) {
  const std::string& fn = e.name;
  auto arg = [&](size_t i) { return Bind(*e.args[i], schema); };
  auto all_args = [&] {
    std::vector<BoundExprPtr> out;
    for (const auto& a : e.args) out.push_back(Bind(*a, schema));
    return out;
  };
  if (fn == "+" || fn == "-" || fn == "*" || fn == "/" || fn == "%") {
    RequireArgs(e, 2);
    return MakeArithmetic(fn, arg(0), arg(1));
  }
  if (fn == "negate") {
    RequireArgs(e, 1);
    return MakeArithmetic("-", MakeLiteralExpr(Scalar::Int32(0)), arg(0));
  }
  if (fn == "==" || fn == "!=" || fn == "<" || fn == "<=" || fn == ">" || fn == ">=") {
    RequireArgs(e, 2);
    return MakeComparison(fn, arg(0), arg(1));
  }
  if (fn == "and" || fn == "or") {
    RequireArgs(e, 2);
    return MakeLogical(fn, all_args());
  }
  if (fn == "not") {
    RequireArgs(e, 1);
    return MakeLogical(fn, all_args());
  }
  if (fn == "is_null" || fn == "is_not_null") {
    RequireArgs(e, 1);
    return MakeIsNull(arg(0), fn == "is_not_null");
  }
  if (fn == "coalesce") return MakeCoalesce(all_args());
  if (fn == "starts_with" || fn == "ends_with" || fn == "contains" || fn == "like") {
    RequireArgs(e, 2);
    return MakeStringPredicate(fn, arg(0), ConstantString(*e.args[1], fn));
  }
  if (fn == "year" || fn == "month" || fn == "day") {
    RequireArgs(e, 1);
    return MakeDatePart(fn, arg(0));
  }
  if (fn == "to_date") {
    RequireArgs(e, 1);
    return MakeCastExpr(arg(0), DataType::Date());
  }
  if (fn == "date_trunc") {
    RequireArgs(e, 2);
    return MakeDateTrunc(ConstantString(*e.args[0], fn), arg(1));
  }
  if (fn == "date_diff_days") {
    RequireArgs(e, 2);
    return MakeDateDiffDays(arg(0), arg(1));
  }
  ThrowError("unknown function {}()", fn);
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
    Datum d = bound->Evaluate(one);
    Scalar value = d.is_scalar() ? d.scalar : ColumnScalar(*d.column, 0);
    if (value.type() == bound->type()) return MakeLiteralExpr(std::move(value));
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
