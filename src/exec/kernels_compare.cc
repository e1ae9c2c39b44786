// Comparisons: numbers across types (exact for ints/decimals by aligning scales; double when
// either side is double), strings (bytewise), dates, timestamps (a date compares as its
// midnight), bools. A string literal compared with a date/timestamp/number is parsed as that
// type when binding. For dictionary strings against a constant the comparison runs once per
// dictionary entry and the result is mapped through the indices.
#include <string_view>

#include "common/datetime.h"
#include "common/error.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };
enum class CmpMode { kInt32, kInt64, kDouble, kString, kBool };

template <typename T>
inline uint8_t Compare(CmpOp op, T a, T b) {
  switch (op) {
    case CmpOp::kEq:
      return a == b;
    case CmpOp::kNe:
      return a != b;
    case CmpOp::kLt:
      return a < b;
    case CmpOp::kLe:
      return a <= b;
    case CmpOp::kGt:
      return a > b;
    case CmpOp::kGe:
      return a >= b;
  }
  return 0;
}

template <typename T>
void CompareLoop(CmpOp op, const Values<T>& x, const Values<T>& y, uint8_t* o, size_t rows) {
  switch (op) {
    case CmpOp::kEq:
      BinaryLoop(x, y, o, rows, [](T a, T b) -> uint8_t { return a == b; });
      break;
    case CmpOp::kNe:
      BinaryLoop(x, y, o, rows, [](T a, T b) -> uint8_t { return a != b; });
      break;
    case CmpOp::kLt:
      BinaryLoop(x, y, o, rows, [](T a, T b) -> uint8_t { return a < b; });
      break;
    case CmpOp::kLe:
      BinaryLoop(x, y, o, rows, [](T a, T b) -> uint8_t { return a <= b; });
      break;
    case CmpOp::kGt:
      BinaryLoop(x, y, o, rows, [](T a, T b) -> uint8_t { return a > b; });
      break;
    case CmpOp::kGe:
      BinaryLoop(x, y, o, rows, [](T a, T b) -> uint8_t { return a >= b; });
      break;
  }
}

CmpOp Flip(CmpOp op) {
  switch (op) {
    case CmpOp::kLt:
      return CmpOp::kGt;
    case CmpOp::kLe:
      return CmpOp::kGe;
    case CmpOp::kGt:
      return CmpOp::kLt;
    case CmpOp::kGe:
      return CmpOp::kLe;
    default:
      return op;
  }
}

class CompareExpr : public BoundExpr {
 public:
  CompareExpr(CmpOp op, CmpMode mode, BoundExprPtr left, BoundExprPtr right, int64_t lm, int64_t rm)
      : BoundExpr(DataType::Bool()),
        op_(op),
        mode_(mode),
        left_(std::move(left)),
        right_(std::move(right)),
        left_multiplier_(lm),
        right_multiplier_(rm) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum a = left_->Evaluate(batch);
    Datum b = right_->Evaluate(batch);
    std::vector<const Datum*> inputs = {&a, &b};
    size_t rows = RowsFor(inputs, batch.num_rows);
    ColumnPtr out = MakeFixedColumn(DataType::Bool(), rows);
    uint8_t* o = out->data<uint8_t>();
    switch (mode_) {
      case CmpMode::kInt32:
        CompareLoop(op_, RawValues<int32_t>(a), RawValues<int32_t>(b), o, rows);
        break;
      case CmpMode::kBool:
        CompareLoop(op_, RawValues<uint8_t>(a), RawValues<uint8_t>(b), o, rows);
        break;
      case CmpMode::kInt64:
        CompareLoop(op_, ToInt64Values(a, left_multiplier_, rows),
                    ToInt64Values(b, right_multiplier_, rows), o, rows);
        break;
      case CmpMode::kDouble:
        CompareLoop(op_, ToDoubleValues(a, rows), ToDoubleValues(b, rows), o, rows);
        break;
      case CmpMode::kString:
        CompareStrings(a, b, rows, o);
        break;
    }
    PropagateNulls(inputs, out.get());
    return Finish(out, AllScalar(inputs));
  }

 private:
  void CompareStrings(const Datum& a, const Datum& b, size_t rows, uint8_t* o) const {
    if (a.is_scalar() && b.is_scalar()) {
      std::string_view x = a.scalar.is_null() ? std::string_view() : a.scalar.string_value();
      std::string_view y = b.scalar.is_null() ? std::string_view() : b.scalar.string_value();
      o[0] = Compare(op_, x, y);
      return;
    }
    if (a.is_scalar() || b.is_scalar()) {
      const Column& c = a.is_scalar() ? *b.column : *a.column;
      const Scalar& s = a.is_scalar() ? a.scalar : b.scalar;
      // Both branches are views: `? "" : string_value()` would copy into a temporary string
      // that dies at the end of the statement, leaving a dangling view for long strings.
      std::string_view value = s.is_null() ? std::string_view() : s.string_value();
      CmpOp op = a.is_scalar() ? Flip(op_) : op_;
      if (c.is_dictionary()) {
        const Column& dict = *c.dictionary();
        std::vector<uint8_t> per_entry(dict.size());
        for (size_t k = 0; k < dict.size(); ++k)
          per_entry[k] = Compare(op, dict.GetString(k), value);
        const int32_t* idx = c.data<int32_t>();
        for (size_t i = 0; i < rows; ++i) o[i] = per_entry[static_cast<size_t>(idx[i])];
      } else {
        for (size_t i = 0; i < rows; ++i) o[i] = Compare(op, c.GetString(i), value);
      }
      return;
    }
    const Column& x = *a.column;
    const Column& y = *b.column;
    for (size_t i = 0; i < rows; ++i) o[i] = Compare(op_, x.GetString(i), y.GetString(i));
  }

  CmpOp op_;
  CmpMode mode_;
  BoundExprPtr left_, right_;
  int64_t left_multiplier_, right_multiplier_;
};

// A string constant compared with a non-string: parse it as the other side's type.
BoundExprPtr CoerceStringLiteral(const BoundExprPtr& e, const DataType& other) {
  const Scalar* c = e->ConstantValue();
  if (c == nullptr || e->type().id != TypeId::kString || other.id == TypeId::kString) return e;
  if (c->is_null()) return MakeLiteralExpr(Scalar::Null(other));
  return MakeLiteralExpr(Scalar::Parse(other, c->string_value()));
}

int ScaleOf(const DataType& t) {
  return t.id == TypeId::kDecimal ? t.scale : 0;
}
bool IsInteger(const DataType& t) {
  return t.id == TypeId::kInt32 || t.id == TypeId::kInt64 || t.id == TypeId::kDecimal;
}

}  // namespace

BoundExprPtr MakeComparison(const std::string& name, BoundExprPtr left, BoundExprPtr right) {
  CmpOp op = name == "=="   ? CmpOp::kEq
             : name == "!=" ? CmpOp::kNe
             : name == "<"  ? CmpOp::kLt
             : name == "<=" ? CmpOp::kLe
             : name == ">"  ? CmpOp::kGt
                            : CmpOp::kGe;
  left = CoerceStringLiteral(left, right->type());
  right = CoerceStringLiteral(right, left->type());
  const DataType& lt = left->type();
  const DataType& rt = right->type();
  auto make = [&](CmpMode mode, int64_t lm, int64_t rm) -> BoundExprPtr {
    return std::make_shared<CompareExpr>(op, mode, left, right, lm, rm);
  };
  if (lt.id == TypeId::kString && rt.id == TypeId::kString) return make(CmpMode::kString, 1, 1);
  if (lt.id == TypeId::kBool && rt.id == TypeId::kBool) return make(CmpMode::kBool, 1, 1);
  if ((lt.id == TypeId::kInt32 && rt.id == TypeId::kInt32) ||
      (lt.id == TypeId::kDate && rt.id == TypeId::kDate))
    return make(CmpMode::kInt32, 1, 1);
  if (lt.id == TypeId::kTimestamp || rt.id == TypeId::kTimestamp) {
    auto multiplier = [&](const DataType& t) -> int64_t {
      if (t.id == TypeId::kDate) return kMicrosPerDay;
      if (t.id == TypeId::kTimestamp) return 1;
      ThrowError("cannot compare {} with {}", lt.ToString(), rt.ToString());
    };
    return make(CmpMode::kInt64, multiplier(lt), multiplier(rt));
  }
  if (lt.IsNumeric() && rt.IsNumeric()) {
    if (lt.id == TypeId::kDouble || rt.id == TypeId::kDouble) return make(CmpMode::kDouble, 1, 1);
    if (IsInteger(lt) && IsInteger(rt)) {
      int scale = std::max(ScaleOf(lt), ScaleOf(rt));
      return make(CmpMode::kInt64, kPowersOfTen[scale - ScaleOf(lt)],
                  kPowersOfTen[scale - ScaleOf(rt)]);
    }
  }
  ThrowError("cannot compare {} with {}", lt.ToString(), rt.ToString());
}

}  // namespace tally
