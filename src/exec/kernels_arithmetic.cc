// + - * / % over int32/int64/decimal/double. Result types:
//   int op int          -> int64 (/ -> double)
//   decimal +,-,% x     -> decimal(18, max scale) (ints have scale 0)
//   decimal * x         -> decimal(18, s1 + s2)
//   anything with double, and every "/" -> double
// Integer and decimal results are exact; int64 overflow is an error. Division or modulo by
// zero gives NULL (as Spark does). "div" is SQL's integer division of two integers: truncated
// toward zero, and division by zero is an error (as in PostgreSQL).
#include <cmath>

#include "common/error.h"
#include "exec/kernel_util.h"
#include "exec/kernels.h"

namespace tally {
namespace {

enum class ArithOp { kAdd, kSub, kMul, kDiv, kMod, kIntDiv };

int ScaleOf(const DataType& t) {
  return t.id == TypeId::kDecimal ? t.scale : 0;
}

class ArithmeticExpr : public BoundExpr {
 public:
  ArithmeticExpr(DataType type, ArithOp op, BoundExprPtr left, BoundExprPtr right,
                 int64_t left_multiplier, int64_t right_multiplier, bool zero_is_error = false)
      : BoundExpr(type),
        zero_is_error_(zero_is_error),
        op_(op),
        left_(std::move(left)),
        right_(std::move(right)),
        left_multiplier_(left_multiplier),
        right_multiplier_(right_multiplier) {}

  Datum Evaluate(const Batch& batch) const override {
    Datum a = left_->Evaluate(batch);
    Datum b = right_->Evaluate(batch);
    std::vector<const Datum*> inputs = {&a, &b};
    size_t rows = RowsFor(inputs, batch.num_rows);
    if (zero_is_error_ && (op_ == ArithOp::kDiv || op_ == ArithOp::kMod)) {
      Values<double> y = ToDoubleValues(b, rows);
      for (size_t i = 0; i < rows; ++i)
        if (y[i] == 0 && !DatumIsNull(a, i) && !DatumIsNull(b, i)) ThrowError("division by zero");
    }
    ColumnPtr out = MakeFixedColumn(type(), rows);
    if (type().id == TypeId::kDouble)
      ComputeDouble(a, b, rows, out.get());
    else
      ComputeInt(a, b, rows, out.get());
    PropagateNulls(inputs, out.get());
    return Finish(out, AllScalar(inputs));
  }

 private:
  void ComputeDouble(const Datum& a, const Datum& b, size_t rows, Column* out) const {
    Values<double> x = ToDoubleValues(a, rows);
    Values<double> y = ToDoubleValues(b, rows);
    double* o = out->data<double>();
    switch (op_) {
      case ArithOp::kAdd:
        BinaryLoop(x, y, o, rows, [](double p, double q) { return p + q; });
        break;
      case ArithOp::kSub:
        BinaryLoop(x, y, o, rows, [](double p, double q) { return p - q; });
        break;
      case ArithOp::kMul:
        BinaryLoop(x, y, o, rows, [](double p, double q) { return p * q; });
        break;
      case ArithOp::kDiv:
        BinaryLoop(x, y, o, rows, [](double p, double q) { return q == 0 ? 0.0 : p / q; });
        for (size_t i = 0; i < rows; ++i)
          if (y[i] == 0) out->SetNull(i);
        break;
      case ArithOp::kMod:
        BinaryLoop(x, y, o, rows,
                   [](double p, double q) { return q == 0 ? 0.0 : std::fmod(p, q); });
        for (size_t i = 0; i < rows; ++i)
          if (y[i] == 0) out->SetNull(i);
        break;
      case ArithOp::kIntDiv:
        TALLY_ASSERT(false);
    }
  }

  void ComputeInt(const Datum& a, const Datum& b, size_t rows, Column* out) const {
    Values<int64_t> x = ToInt64Values(a, left_multiplier_, rows);
    Values<int64_t> y = ToInt64Values(b, right_multiplier_, rows);
    int64_t* o = out->data<int64_t>();
    // Overflow flags are collected per row so the loop stays branch-free; a flagged row only
    // matters when it is not NULL.
    std::vector<uint8_t> overflow(rows);
    uint8_t* f = overflow.data();
    bool any = false;
    auto run = [&](auto checked) {
      if (!x.scalar && !y.scalar) {
        for (size_t i = 0; i < rows; ++i) f[i] = checked(x.data[i], y.data[i], &o[i]);
      } else {
        for (size_t i = 0; i < rows; ++i) f[i] = checked(x[i], y[i], &o[i]);
      }
    };
    switch (op_) {
      case ArithOp::kAdd:
        run([](int64_t p, int64_t q, int64_t* r) -> uint8_t {
          return __builtin_add_overflow(p, q, r);
        });
        break;
      case ArithOp::kSub:
        run([](int64_t p, int64_t q, int64_t* r) -> uint8_t {
          return __builtin_sub_overflow(p, q, r);
        });
        break;
      case ArithOp::kMul:
        run([](int64_t p, int64_t q, int64_t* r) -> uint8_t {
          return __builtin_mul_overflow(p, q, r);
        });
        break;
      case ArithOp::kMod:
        run([](int64_t p, int64_t q, int64_t* r) -> uint8_t {
          *r = (q == 0 || (q == -1)) ? 0 : p % q;
          return 0;
        });
        for (size_t i = 0; i < rows; ++i)
          if (y[i] == 0) out->SetNull(i);
        break;
      case ArithOp::kIntDiv:
        run([](int64_t p, int64_t q, int64_t* r) -> uint8_t {
          if (q == 0) {
            *r = 0;
            return 2;  // division by zero
          }
          if (p == INT64_MIN && q == -1) return 1;
          *r = p / q;
          return 0;
        });
        break;
      case ArithOp::kDiv:
        TALLY_ASSERT(false);
    }
    for (size_t i = 0; i < rows; ++i) any |= f[i] != 0;
    if (any) {
      for (size_t i = 0; i < rows; ++i)
        if (f[i] && !DatumIsNull(a, i) && !DatumIsNull(b, i)) {
          if (f[i] == 2) ThrowError("division by zero");
          ThrowError("integer out of range: overflow in {} {} {}", x[i], OpName(), y[i]);
        }
    }
  }

  const char* OpName() const {
    switch (op_) {
      case ArithOp::kAdd:
        return "+";
      case ArithOp::kSub:
        return "-";
      case ArithOp::kMul:
        return "*";
      case ArithOp::kDiv:
        return "/";
      case ArithOp::kMod:
        return "%";
      case ArithOp::kIntDiv:
        return "/";
    }
    return "?";
  }

  bool zero_is_error_;  // SQL's / and %: division by zero fails (else NULL, as in Spark)
  ArithOp op_;
  BoundExprPtr left_, right_;
  int64_t left_multiplier_, right_multiplier_;
};

bool IsArithmeticType(const DataType& t) {
  return t.IsNumeric();
}

}  // namespace

BoundExprPtr MakeArithmetic(const std::string& name, BoundExprPtr left, BoundExprPtr right,
                            bool zero_is_error) {
  ArithOp op = name == "+"     ? ArithOp::kAdd
               : name == "-"   ? ArithOp::kSub
               : name == "*"   ? ArithOp::kMul
               : name == "/"   ? ArithOp::kDiv
               : name == "div" ? ArithOp::kIntDiv
                               : ArithOp::kMod;
  const DataType& lt = left->type();
  const DataType& rt = right->type();
  if (!IsArithmeticType(lt) || !IsArithmeticType(rt))
    ThrowError("operator {} needs numbers, got {} and {}", name, lt.ToString(), rt.ToString());
  if (op == ArithOp::kIntDiv) {
    auto integer = [](const DataType& t) {
      return t.id == TypeId::kInt32 || t.id == TypeId::kInt64;
    };
    if (!integer(lt) || !integer(rt))
      ThrowError("div needs integers, got {} and {}", lt.ToString(), rt.ToString());
    return std::make_shared<ArithmeticExpr>(DataType::Int64(), op, left, right, 1, 1,
                                            zero_is_error);
  }
  if (op == ArithOp::kDiv || lt.id == TypeId::kDouble || rt.id == TypeId::kDouble)
    return std::make_shared<ArithmeticExpr>(DataType::Double(), op, left, right, 1, 1,
                                            zero_is_error);
  bool decimal = lt.id == TypeId::kDecimal || rt.id == TypeId::kDecimal;
  if (!decimal)
    return std::make_shared<ArithmeticExpr>(DataType::Int64(), op, left, right, 1, 1,
                                            zero_is_error);
  int ls = ScaleOf(lt), rs = ScaleOf(rt);
  if (op == ArithOp::kMul) {
    if (ls + rs > 18) ThrowError("decimal product scale {} exceeds 18", ls + rs);
    return std::make_shared<ArithmeticExpr>(DataType::Decimal(18, ls + rs), op, left, right, 1, 1,
                                            zero_is_error);
  }
  int scale = std::max(ls, rs);
  return std::make_shared<ArithmeticExpr>(DataType::Decimal(18, scale), op, left, right,
                                          kPowersOfTen[scale - ls], kPowersOfTen[scale - rs],
                                          zero_is_error);
}

}  // namespace tally
