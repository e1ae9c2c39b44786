// and/or/not with SQL three-valued logic, is [not] null, coalesce, case-when.
#include "common/error.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

class AndOrExpr : public BoundExpr {
 public:
  AndOrExpr(bool is_and, BoundExprPtr left, BoundExprPtr right)
      : BoundExpr(DataType::Bool()),
        is_and_(is_and),
        left_(std::move(left)),
        right_(std::move(right)) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum a = left_->Evaluate(batch);
    Datum b = right_->Evaluate(batch);
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
      // NULL unless the known side decides: false AND NULL = false, true OR NULL = true.
      uint8_t decisive = is_and_ ? 0 : 1;
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
  Datum Evaluate(const Batch& batch) const override {
    std::vector<Datum> values;
    std::vector<const Datum*> inputs;
    for (const auto& a : args_) values.push_back(a->Evaluate(batch));
    for (const auto& v : values) inputs.push_back(&v);
    size_t rows = RowsFor(inputs, batch.num_rows);
    std::vector<int32_t> choice(rows, -1);
    for (size_t i = 0; i < rows; ++i)
      for (size_t k = 0; k < values.size(); ++k)
        if (!DatumIsNull(values[k], i)) {
          choice[i] = static_cast<int32_t>(k);
          break;
        }
    return Finish(SelectRows(type(), values, choice, rows), AllScalar(inputs));
  }

 private:
  std::vector<BoundExprPtr> args_;
};

class CaseExpr : public BoundExpr {
 public:
  CaseExpr(DataType type, std::vector<BoundExprPtr> conditions, std::vector<BoundExprPtr> values)
      : BoundExpr(type), conditions_(std::move(conditions)), values_(std::move(values)) {}
  Datum Evaluate(const Batch& batch) const override {
    std::vector<Datum> conds, values;
    std::vector<const Datum*> inputs;
    for (const auto& c : conditions_) conds.push_back(c->Evaluate(batch));
    for (const auto& v : values_) values.push_back(v->Evaluate(batch));
    for (const auto& v : conds) inputs.push_back(&v);
    for (const auto& v : values) inputs.push_back(&v);
    size_t rows = RowsFor(inputs, batch.num_rows);
    bool has_else = values.size() > conds.size();
    std::vector<int32_t> choice(rows, has_else ? static_cast<int32_t>(conds.size()) : -1);
    // Conditions from last to first, so the first true one wins.
    for (size_t k = conds.size(); k-- > 0;) {
      Values<uint8_t> c = RawValues<uint8_t>(conds[k]);
      for (size_t i = 0; i < rows; ++i)
        if (c[i] && !DatumIsNull(conds[k], i)) choice[i] = static_cast<int32_t>(k);
    }
    return Finish(SelectRows(type(), values, choice, rows), AllScalar(inputs));
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
