// Functions computed one row at a time on Scalars: the less common string, date and comparison
// functions (position, trim, replace, split_part, regexp_replace, to_char, extract's rarer
// fields, greatest, least...), where a per-row call costs little next to the work of the
// function itself. The hot functions (comparisons, arithmetic, year/month/day, LIKE) have
// vectorized kernels of their own.
#include "exec/kernels_row_function.h"

#include "exec/kernel_util.h"

namespace tally {
namespace {

void AppendScalar(const Scalar& v, Column* out) {
  if (v.is_null()) {
    out->AppendNull();
    return;
  }
  switch (out->type().id) {
    case TypeId::kBool:
      out->Append<uint8_t>(v.bool_value() ? 1 : 0);
      return;
    case TypeId::kInt32:
    case TypeId::kDate:
      out->Append<int32_t>(static_cast<int32_t>(v.int_value()));
      return;
    case TypeId::kInt64:
    case TypeId::kDecimal:
    case TypeId::kTimestamp:
      out->Append<int64_t>(v.int_value());
      return;
    case TypeId::kDouble:
      out->Append<double>(v.double_value());
      return;
    case TypeId::kString:
      out->AppendString(v.string_value());
      return;
  }
}

class RowFunctionExpr : public BoundExpr {
 public:
  RowFunctionExpr(DataType type, std::vector<BoundExprPtr> args, RowFunction fn, bool strict)
      : BoundExpr(type), args_(std::move(args)), fn_(std::move(fn)), strict_(strict) {}

  Datum Evaluate(const Batch& batch) const override {
    std::vector<Datum> inputs;
    std::vector<const Datum*> pointers;
    for (const auto& a : args_) inputs.push_back(a->Evaluate(batch));
    for (const auto& d : inputs) pointers.push_back(&d);
    bool all_scalar = AllScalar(pointers);
    size_t rows = all_scalar ? 1 : batch.num_rows;
    ColumnPtr out = Column::Make(type());
    std::vector<Scalar> values(inputs.size());
    for (size_t r = 0; r < rows; ++r) {
      bool any_null = false;
      for (size_t i = 0; i < inputs.size(); ++i) {
        values[i] = inputs[i].is_scalar() ? inputs[i].scalar : ColumnScalar(*inputs[i].column, r);
        any_null = any_null || values[i].is_null();
      }
      if (strict_ && any_null) {
        out->AppendNull();
        continue;
      }
      AppendScalar(fn_(values), out.get());
    }
    return Finish(out, all_scalar);
  }

 private:
  std::vector<BoundExprPtr> args_;
  RowFunction fn_;
  bool strict_;
};

}  // namespace

BoundExprPtr MakeRowFunction(DataType type, std::vector<BoundExprPtr> args, RowFunction fn,
                             bool strict) {
  return std::make_shared<RowFunctionExpr>(type, std::move(args), std::move(fn), strict);
}

}  // namespace tally
