// and/or/not with SQL three-valued logic, is [not] null, coalesce, case-when.
#include <algorithm>
#include <cstring>

#include "common/error.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

// `part`'s rows placed at `rows` (ascending) of a column of `total` rows, NULL elsewhere.
ColumnPtr ScatterRows(const Column& part, const std::vector<uint32_t>& rows, size_t total) {
  if (part.type().id == TypeId::kString) {
    auto out = Column::Make(part.type());
    size_t j = 0;
    for (size_t i = 0; i < total; ++i) {
      if (j < rows.size() && rows[j] == i) {
        if (part.IsNull(j))
          out->AppendNull();
        else
          out->AppendString(part.GetString(j));
        ++j;
      } else {
        out->AppendNull();
      }
    }
    return out;
  }
  ColumnPtr out = MakeFixedColumn(part.type(), total);
  const size_t width = part.type().FixedWidth();
  const uint8_t* src = part.data<uint8_t>();
  uint8_t* dst = out->data<uint8_t>();
  size_t j = 0;
  for (size_t i = 0; i < total; ++i) {
    if (j < rows.size() && rows[j] == i) {
      std::memcpy(dst + i * width, src + j * width, width);
      if (part.IsNull(j)) out->SetNull(i);
      ++j;
    } else {
      out->SetNull(i);
    }
  }
  return out;
}

// Evaluates `expr` for the listed rows of `batch` (ascending), so that an error only the other
// rows would raise (an overflow behind a CASE or AND guard) never fires. The result is a scalar
// or has batch.num_rows rows; values outside `rows` are not to be used.
Datum EvaluateRows(const BoundExpr& expr, const Batch& batch, const std::vector<uint32_t>& rows) {
  if (rows.size() == batch.num_rows) return expr.Evaluate(batch);
  if (const Scalar* constant = expr.ConstantValue()) return Datum(*constant);
  if (rows.empty()) return Datum(Scalar::Null(expr.type()));
  // All rows at once is fastest (no gathering of the admitted rows) and almost always fine:
  // only when that fails is the expression computed again on exactly the admitted rows, where
  // the error may not arise.
  try {
    return expr.Evaluate(batch);
  } catch (const Error&) {
  }
  Batch part = batch;
  part.num_rows = rows.size();
  part.selection = SelectRows(batch, rows);
  Datum d = expr.Evaluate(part);
  if (d.is_scalar()) return d;
  return Datum(ScatterRows(*d.column, rows, batch.num_rows));
}

bool DatumIsTrue(const Datum& d, size_t i) {
  if (d.is_scalar()) return !d.scalar.is_null() && d.scalar.bool_value();
  return !d.column->IsNull(i) && d.column->data<uint8_t>()[i] != 0;
}

class AndOrExpr : public BoundExpr {
 public:
  AndOrExpr(bool is_and, BoundExprPtr left, BoundExprPtr right)
      : BoundExpr(DataType::Bool()),
        is_and_(is_and),
        left_(std::move(left)),
        right_(std::move(right)) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum a = left_->Evaluate(batch);
    // The right side only where the left does not decide (false AND x, true OR x), like SQL's
    // guards: "x < 100 AND x * 1e17 > 0" never computes the overflowing product.
    const uint8_t decisive = is_and_ ? 0 : 1;
    Datum b;
    if (a.is_scalar()) {
      if (!a.scalar.is_null() && (a.scalar.bool_value() ? 1 : 0) == decisive)
        return Datum(Scalar::Bool(decisive != 0));
      b = right_->Evaluate(batch);
    } else {
      std::vector<uint32_t> undecided;
      const uint8_t* x = a.column->data<uint8_t>();
      for (size_t i = 0; i < batch.num_rows; ++i)
        if (a.column->IsNull(i) || x[i] != decisive) undecided.push_back(static_cast<uint32_t>(i));
      b = EvaluateRows(*right_, batch, undecided);
    }
    std::vector<const Datum*> inputs = {&a, &b};
    size_t rows = RowsFor(inputs, batch.num_rows);
    ColumnPtr out = MakeFixedColumn(DataType::Bool(), rows);
    Values<uint8_t> x = RawValues<uint8_t>(a), y = RawValues<uint8_t>(b);
    uint8_t* o = out->data<uint8_t>();
    if (is_and_)
      BinaryLoop(x, y, o, rows, [](uint8_t p, uint8_t q) -> uint8_t { return p & q; });
    else
      BinaryLoop(x, y, o, rows, [](uint8_t p, uint8_t q) -> uint8_t { return p | q; });
    if (DatumHasNulls(a) || DatumHasNulls(b)) {
      // NULL unless the known side decides: false AND NULL = false, true OR NULL = true (the
      // right side is NULL, not computed, where the left decided).
      for (size_t i = 0; i < rows; ++i) {
        bool an = DatumIsNull(a, i), bn = DatumIsNull(b, i);
        if (!an && !bn) continue;
        if ((!an && x[i] == decisive) || (!bn && y[i] == decisive)) {
          o[i] = decisive;
        } else {
          out->SetNull(i);
        }
      }
    }
    return Finish(out, AllScalar(inputs));
  }

 private:
  bool is_and_;
  BoundExprPtr left_, right_;
};

class NotExpr : public BoundExpr {
 public:
  explicit NotExpr(BoundExprPtr child) : BoundExpr(DataType::Bool()), child_(std::move(child)) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    std::vector<const Datum*> inputs = {&a};
    size_t rows = RowsFor(inputs, batch.num_rows);
    ColumnPtr out = MakeFixedColumn(DataType::Bool(), rows);
    Values<uint8_t> x = RawValues<uint8_t>(a);
    uint8_t* o = out->data<uint8_t>();
    for (size_t i = 0; i < rows; ++i) o[i] = x[i] ^ 1;
    PropagateNulls(inputs, out.get());
    return Finish(out, AllScalar(inputs));
  }

 private:
  BoundExprPtr child_;
};

class IsNullExpr : public BoundExpr {
 public:
  IsNullExpr(BoundExprPtr child, bool negate)
      : BoundExpr(DataType::Bool()), child_(std::move(child)), negate_(negate) {}
  Datum Evaluate(const Batch& batch) const override {
    Datum a = child_->Evaluate(batch);
    if (a.is_scalar()) return Datum(Scalar::Bool(a.scalar.is_null() != negate_));
    size_t rows = batch.num_rows;
    ColumnPtr out = MakeFixedColumn(DataType::Bool(), rows);
    uint8_t* o = out->data<uint8_t>();
    const Column& c = *a.column;
    uint8_t when_valid = negate_ ? 1 : 0;
    for (size_t i = 0; i < rows; ++i) o[i] = when_valid;
    if (c.HasNulls())
      for (size_t i = 0; i < rows; ++i)
        if (c.IsNull(i)) o[i] = when_valid ^ 1;
    return Datum(out);
  }

 private:
  BoundExprPtr child_;
  bool negate_;
};

// Picks, per row, the value of the first chosen input; `choice[i]` = input index or -1 (NULL).
ColumnPtr SelectRows(const DataType& type, const std::vector<Datum>& values,
                     const std::vector<int32_t>& choice, size_t rows) {
  if (type.id == TypeId::kString) {
    auto out = Column::Make(type);
    for (size_t i = 0; i < rows; ++i) {
      int32_t k = choice[i];
      if (k < 0 || DatumIsNull(values[k], i)) {
        out->AppendNull();
      } else {
        const Datum& d = values[k];
        out->AppendString(d.is_scalar() ? std::string_view(d.scalar.string_value())
                                        : d.column->GetString(i));
      }
    }
    return out;
  }
  ColumnPtr out = MakeFixedColumn(type, rows);
  size_t width = type.FixedWidth();
  std::vector<ColumnPtr> columns;
  for (const auto& d : values)
    columns.push_back(d.is_scalar() ? BroadcastScalar(d.scalar, 1) : d.column);
  uint8_t* dst = out->data<uint8_t>();
  for (size_t i = 0; i < rows; ++i) {
    int32_t k = choice[i];
    if (k < 0 || DatumIsNull(values[k], i)) {
      out->SetNull(i);
      continue;
    }
    size_t src_row = values[k].is_scalar() ? 0 : i;
    std::memcpy(dst + i * width, columns[k]->data<uint8_t>() + src_row * width, width);
  }
  return out;
}

class CoalesceExpr : public BoundExpr {
 public:
  CoalesceExpr(DataType type, std::vector<BoundExprPtr> args)
      : BoundExpr(type), args_(std::move(args)) {}
  // Each argument only on the rows every earlier one left NULL: an argument is never computed
  // for rows an earlier one decided (nor at all once every row is decided).
  Datum Evaluate(const Batch& batch) const override {
    const size_t rows = batch.num_rows;
    if (rows == 0) return Datum(Column::Make(type()));
    std::vector<Datum> values;
    std::vector<int32_t> choice(rows, -1);
    std::vector<uint32_t> pending(rows);
    for (size_t i = 0; i < rows; ++i) pending[i] = static_cast<uint32_t>(i);
    for (size_t k = 0; k < args_.size() && !pending.empty(); ++k) {
      values.push_back(EvaluateRows(*args_[k], batch, pending));
      std::vector<uint32_t> still_null;
      for (uint32_t i : pending) {
        if (DatumIsNull(values[k], i))
          still_null.push_back(i);
        else
          choice[i] = static_cast<int32_t>(k);
      }
      pending.swap(still_null);
    }
    std::vector<const Datum*> inputs;
    for (const auto& v : values) inputs.push_back(&v);
    bool all_scalar = AllScalar(inputs);
    return Finish(SelectRows(type(), values, choice, all_scalar ? std::min<size_t>(rows, 1) : rows),
                  all_scalar);
  }

 private:
  std::vector<BoundExprPtr> args_;
};

class CaseExpr : public BoundExpr {
 public:
  CaseExpr(DataType type, std::vector<BoundExprPtr> conditions, std::vector<BoundExprPtr> values)
      : BoundExpr(type), conditions_(std::move(conditions)), values_(std::move(values)) {}
  // Each condition on the rows no earlier one chose, each value on the rows its branch chose:
  // a value behind a condition is never computed for rows the condition excludes.
  Datum Evaluate(const Batch& batch) const override {
    const size_t rows = batch.num_rows;
    const bool has_else = values_.size() > conditions_.size();
    std::vector<uint32_t> undecided(rows);
    for (size_t i = 0; i < rows; ++i) undecided[i] = static_cast<uint32_t>(i);
    std::vector<int32_t> choice(rows, -1);
    std::vector<std::vector<uint32_t>> chosen(values_.size());
    for (size_t k = 0; k < conditions_.size() && !undecided.empty(); ++k) {
      Datum c = EvaluateRows(*conditions_[k], batch, undecided);
      // A constant value needs no list of its rows.
      const bool list_rows = values_[k]->ConstantValue() == nullptr;
      size_t kept = 0;
      for (uint32_t row : undecided) {
        if (DatumIsTrue(c, row)) {
          choice[row] = static_cast<int32_t>(k);
          if (list_rows) chosen[k].push_back(row);
        } else {
          undecided[kept++] = row;
        }
      }
      undecided.resize(kept);
    }
    if (has_else) {
      for (uint32_t row : undecided) choice[row] = static_cast<int32_t>(conditions_.size());
      chosen.back() = std::move(undecided);
    }
    std::vector<Datum> values;
    for (size_t k = 0; k < values_.size(); ++k)
      values.push_back(EvaluateRows(*values_[k], batch, chosen[k]));
    return Datum(SelectRows(type(), values, choice, rows));
  }

 private:
  std::vector<BoundExprPtr> conditions_, values_;
};

BoundExprPtr CastTo(BoundExprPtr e, const DataType& type) {
  if (e->type() == type) return e;
  return MakeCastExpr(std::move(e), type);
}

// NULL constants take the type of the other values.
DataType CommonTypeOf(const std::vector<BoundExprPtr>& exprs) {
  std::vector<DataType> types;
  for (const auto& e : exprs) {
    const Scalar* c = e->ConstantValue();
    if (c == nullptr || !c->is_null()) types.push_back(e->type());
  }
  if (types.empty()) return exprs[0]->type();
  return CommonType(types);
}

void RequireBool(const BoundExprPtr& e, const char* what) {
  if (e->type().id != TypeId::kBool)
    ThrowError("{} needs a boolean, got {}", what, e->type().ToString());
}

}  // namespace

BoundExprPtr MakeLogical(const std::string& op, std::vector<BoundExprPtr> args) {
  for (const auto& a : args) RequireBool(a, op.c_str());
  if (op == "not") return std::make_shared<NotExpr>(args[0]);
  return std::make_shared<AndOrExpr>(op == "and", args[0], args[1]);
}

BoundExprPtr MakeIsNull(BoundExprPtr child, bool negate) {
  return std::make_shared<IsNullExpr>(std::move(child), negate);
}

BoundExprPtr MakeCoalesce(std::vector<BoundExprPtr> args) {
  if (args.empty()) ThrowError("coalesce needs at least one argument");
  DataType type = CommonTypeOf(args);
  for (auto& a : args) a = CastTo(a, type);
  return std::make_shared<CoalesceExpr>(type, std::move(args));
}

BoundExprPtr MakeCaseWhen(std::vector<BoundExprPtr> args, bool has_else) {
  std::vector<BoundExprPtr> conditions, values;
  size_t pairs = (args.size() - (has_else ? 1 : 0)) / 2;
  for (size_t i = 0; i < pairs; ++i) {
    RequireBool(args[2 * i], "case-when condition");
    conditions.push_back(args[2 * i]);
    values.push_back(args[2 * i + 1]);
  }
  if (has_else) values.push_back(args.back());
  DataType type = CommonTypeOf(values);
  for (auto& v : values) v = CastTo(v, type);
  return std::make_shared<CaseExpr>(type, std::move(conditions), std::move(values));
}

}  // namespace tally
