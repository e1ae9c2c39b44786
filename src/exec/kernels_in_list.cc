// x IN (v1, ..., vn) over constant values. Written out as (x = v1) OR ... OR (x = vn), x would
// be computed n times per row (TPC-H q22 computes substring(c_phone from 1 for 2) against seven
// codes); here it is computed once per batch and the comparisons run on that column, joined by
// the same three-valued OR: true when x equals a value; else NULL when x or a value is NULL;
// else false.
#include "common/error.h"
#include "exec/column_util.h"
#include "exec/function_registry.h"
#include "exec/kernels.h"

namespace tally {
namespace {

class InListExpr : public BoundExpr {
 public:
  // `test`: the OR of the comparisons, over a batch whose one column is x.
  InListExpr(BoundExprPtr value, BoundExprPtr test)
      : BoundExpr(DataType::Bool()), value_(std::move(value)), test_(std::move(test)) {}

  Datum Evaluate(const Batch& batch) const override {
    Batch x;
    x.num_rows = batch.num_rows;
    x.columns = {value_->EvaluateColumn(batch)};
    return test_->Evaluate(x);
  }

 private:
  BoundExprPtr value_, test_;
};

}  // namespace

BoundExprPtr MakeInList(std::vector<BoundExprPtr> args) {
  if (args.size() < 2) ThrowError("#in_list needs a value and at least one item");
  // The OR of the comparisons over `value` (the argument itself, or the column x stands for).
  auto any_equal = [&](const BoundExprPtr& value) {
    BoundExprPtr test;
    for (size_t i = 1; i < args.size(); ++i) {
      BoundExprPtr equal = BuiltinFunctions().BindScalar("==", {value, args[i]});
      test = test ? MakeLogical("or", {test, equal}) : equal;
    }
    return test;
  };
  for (size_t i = 1; i < args.size(); ++i)
    if (!args[i]->ConstantValue()) {
      // An item that could not be computed in advance (it fails: an overflow) fails when a
      // row reaches it, as in the OR it stands for.
      return any_equal(args[0]);
    }
  return std::make_shared<InListExpr>(args[0], any_equal(MakeColumnRefExpr(0, args[0]->type())));
}

}  // namespace tally
