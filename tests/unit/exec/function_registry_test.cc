// The function registry: overload resolution, implicit casts, errors, and the functions that
// came with it. Expected values are PostgreSQL 15's answers to the same calls (C.UTF-8).
#include <gtest/gtest.h>

#include "common/datetime.h"
#include "common/error.h"
#include "exec/function_registry.h"
#include "exec/kernels.h"
#include "test_util.h"

namespace tally {
namespace {

using namespace tally::testing;
using V = std::vector<std::string>;

std::string ErrorOf(const ExprPtr& e, const Schema& schema) {
  try {
    Bind(*e, schema);
  } catch (const Error& error) {
    return error.message();
  }
  return "(no error)";
}

Batch Texts() {
  return MakeBatch({{"s", Strings({"héllo", "abc", std::nullopt, ""})},
                    {"d", DictStrings({"Straße", "ǆemal", "Straße", std::nullopt})},
                    {"n", Int32s({2, 0, 1, -1})}});
}

TEST(FunctionRegistry, ImplicitCastCosts) {
  EXPECT_EQ(ImplicitCastCost(DataType::Int32(), DataType::Int32()), 0);
  EXPECT_EQ(ImplicitCastCost(DataType::Int32(), DataType::Int64()), 1);
  EXPECT_EQ(ImplicitCastCost(DataType::Int32(), DataType::Double()), 3);
  EXPECT_EQ(ImplicitCastCost(DataType::Int64(), DataType::Int32()), -1);  // narrowing
  EXPECT_EQ(ImplicitCastCost(DataType::Double(), DataType::Decimal(18, 2)), -1);
  EXPECT_EQ(ImplicitCastCost(DataType::Decimal(10, 2), DataType::Decimal(18, 4)), 1);
  // Only when the integer digits fit too.
  EXPECT_EQ(ImplicitCastCost(DataType::Decimal(18, 2), DataType::Decimal(18, 4)), -1);
  EXPECT_EQ(ImplicitCastCost(DataType::Decimal(18, 4), DataType::Decimal(18, 2)), -1);
  EXPECT_EQ(ImplicitCastCost(DataType::Date(), DataType::Timestamp()), 1);
  EXPECT_EQ(ImplicitCastCost(DataType::Timestamp(), DataType::Date()), -1);
  EXPECT_EQ(ImplicitCastCost(DataType::String(), DataType::Int64()), -1);
}

// A registry of its own: the cheapest signature wins, casts are inserted, ties are errors.
TEST(FunctionRegistry, PicksTheCheapestSignatureAndCasts) {
  FunctionRegistry r;
  auto type_name = [](const std::string&, std::vector<BoundExprPtr> a) {
    std::string names;
    for (const auto& x : a) names += x->type().ToString() + ";";
    return MakeLiteralExpr(Scalar::String(names));
  };
  r.AddScalar("f", {{Exact(DataType::Int64())}, false, type_name});
  r.AddScalar("f", {{Exact(DataType::Double())}, false, type_name});
  r.AddScalar("g", {{Exact(DataType::Int64())}, false, type_name});
  r.AddScalar("g", {{Exact(DataType::Decimal(18, 0))}, false, type_name});
  r.AddScalar("v", {{AnyString(), AnyNumeric()}, true, type_name});
  auto call = [&](const char* name, std::vector<BoundExprPtr> args) {
    return r.BindScalar(name, std::move(args))->ConstantValue()->string_value();
  };
  auto int32 = MakeColumnRefExpr(0, DataType::Int32());
  auto dbl = MakeColumnRefExpr(0, DataType::Double());
  auto str = MakeColumnRefExpr(0, DataType::String());
  EXPECT_EQ(call("f", {int32}), "int64;");  // int32 -> int64 is nearer than -> double
  EXPECT_EQ(call("f", {dbl}), "double;");
  EXPECT_EQ(call("v", {str, int32, dbl}), "string;int32;double;");  // the last one repeats
  try {
    call("g", {MakeColumnRefExpr(0, DataType::Int32())});
    // int32 -> int64 costs 1, int32 -> decimal 2: not a tie.
  } catch (const Error& e) {
    ADD_FAILURE() << e.message();
  }
  r.AddScalar("h", {{Exact(DataType::Int64())}, false, type_name});
  r.AddScalar("h", {{Exact(DataType::Int64())}, false, type_name});
  EXPECT_THROW(call("h", {int32}), Error);
  EXPECT_THROW(call("v", {str}), Error);  // variadic: at least the listed parameters
}

TEST(FunctionRegistry, ErrorsNameTheTypesAndTheSignatures) {
  Schema s = *Texts().schema;
  EXPECT_EQ(ErrorOf(F("upper", {C("n")}), s),
            "function upper(int32) does not exist (there is upper(string))");
  EXPECT_EQ(ErrorOf(F("+", {C("s"), C("n")}), s),
            "operator does not exist: string + int32 (there is +(number, number))");
  EXPECT_EQ(ErrorOf(F("no_such_thing", {C("s")}), s), "unknown function no_such_thing()");
  EXPECT_EQ(ErrorOf(F("sum", {C("n")}), s),
            "aggregate sum() is not allowed here (only in an aggregation)");
  // A LIKE pattern must be a constant.
  EXPECT_EQ(ErrorOf(F("like", {C("s"), C("s")}), s),
            "function like(string, string) does not exist (there is like(string, constant "
            "string))");
  EXPECT_THROW(BuiltinFunctions().MakeAggregate("sum", nullptr, 0), Error);
  DataType text = DataType::String();
  EXPECT_THROW(BuiltinFunctions().MakeAggregate("sum", &text, 0), Error);
  EXPECT_THROW(BuiltinFunctions().MakeAggregate("upper", &text, 0), Error);
  DataType int32 = DataType::Int32();
  EXPECT_EQ(BuiltinFunctions().MakeAggregate("avg", &int32, 0)->result_type(), DataType::Double());
  EXPECT_THROW(BuiltinFunctions().CheckWindow("lag", {}), Error);
  EXPECT_NO_THROW(BuiltinFunctions().CheckWindow("row_number", {}));
}

TEST(FunctionRegistry, StringConstantsTakeTheParameterType) {
  Batch b = MakeBatch({{"t", Dates({DaysFromCivil(2011, 3, 4)})}});
  // '2011-01-01' is a date for date_diff_days, as an untyped literal is in PostgreSQL.
  EXPECT_EQ(Eval(F("date_diff_days", {C("t"), L(Scalar::String("2011-01-01"))}), b), (V{"62"}));
  EXPECT_EQ(Eval(F("year", {L(Scalar::String("2011-12-09 12:50:00"))}), b), (V{"2011"}));
  EXPECT_THROW(Eval(F("year", {L(Scalar::String("not a date"))}), b), Error);
}

TEST(StringFunctions, UpperLowerLength) {
  Batch b = Texts();
  EXPECT_EQ(Eval(F("upper", {C("s")}), b), (V{"HÉLLO", "ABC", "NULL", ""}));
  EXPECT_EQ(Eval(F("lower", {L(Scalar::String("ÀÉÎ ΣΑΣ"))}), b),
            (V{"àéî σασ", "àéî σασ", "àéî σασ", "àéî σασ"}));
  // Dictionary input: transformed per entry, still a dictionary.
  ColumnPtr upper_d = Bind(*F("upper", {C("d")}), *b.schema)->EvaluateColumn(b);
  EXPECT_TRUE(upper_d->is_dictionary());
  EXPECT_EQ(Eval(F("upper", {C("d")}), b), (V{"STRAßE", "ǄEMAL", "STRAßE", "NULL"}));
  EXPECT_EQ(Eval(F("length", {C("s")}), b), (V{"5", "3", "NULL", "0"}));
  EXPECT_EQ(Eval(F("char_length", {C("d")}), b), (V{"6", "5", "6", "NULL"}));
}

TEST(StringFunctions, SubstringFollowsPostgres) {
  Batch b = Texts();
  auto sub = [](ExprPtr s, int64_t from, std::optional<int64_t> count) {
    std::vector<ExprPtr> args = {std::move(s), L(Scalar::Int64(from))};
    if (count) args.push_back(L(Scalar::Int64(*count)));
    return F("substring", args);
  };
  EXPECT_EQ(Eval(sub(C("s"), 0, 3), b), (V{"hé", "ab", "NULL", ""}));
  EXPECT_EQ(Eval(sub(C("s"), 2, std::nullopt), b), (V{"éllo", "bc", "NULL", ""}));
  EXPECT_EQ(Eval(sub(C("s"), -1, 2), b), (V{"", "", "NULL", ""}));
  EXPECT_EQ(Eval(sub(C("s"), 4, 100), b), (V{"lo", "", "NULL", ""}));
  // An int32 column position is cast to int64 by the registry.
  EXPECT_EQ(Eval(F("substr", {C("s"), C("n")}), b), (V{"éllo", "abc", "NULL", ""}));
  EXPECT_THROW(Eval(sub(C("s"), 1, -1), b), Error);  // negative substring length
}

TEST(NumericFunctions, AbsAndRound) {
  Batch b = MakeBatch({{"i", Int32s({-7, 125, std::nullopt})},
                       {"p", Decimals(2, {125, -125, 5})},  // 1.25 -1.25 0.05
                       {"x", Doubles({2.5, -2.5, 0.125})},
                       {"big", Int64s({INT64_MIN, 1, 2})}});
  EXPECT_EQ(Eval(F("abs", {C("i")}), b), (V{"7", "125", "NULL"}));
  EXPECT_EQ(Eval(F("abs", {C("p")}), b), (V{"1.25", "1.25", "0.05"}));
  EXPECT_THROW(Eval(F("abs", {C("big")}), b), Error);
  EXPECT_EQ(Eval(F("round", {C("p"), L(Scalar::Int32(1))}), b), (V{"1.3", "-1.3", "0.1"}));
  EXPECT_EQ(Eval(F("round", {C("p")}), b), (V{"1", "-1", "0"}));
  EXPECT_EQ(Eval(F("round", {C("i"), L(Scalar::Int32(-1))}), b), (V{"-10", "130", "NULL"}));
  EXPECT_EQ(ResultType(*F("round", {C("p"), L(Scalar::Int32(1))}), *b.schema),
            DataType::Decimal(18, 1));
  // float8 rounds half to even at 0 digits (rint), as PostgreSQL's round(double precision).
  EXPECT_EQ(Eval(F("round", {C("x")}), b), (V{"2", "-2", "0"}));
  EXPECT_EQ(Eval(F("round", {C("x"), L(Scalar::Int32(2))}), b), (V{"2.5", "-2.5", "0.13"}));
  Batch wide = MakeBatch({{"v", Decimals(0, {123450})}});
  EXPECT_EQ(Eval(F("round", {C("v"), L(Scalar::Int32(-2))}), wide), (V{"123500"}));
}

}  // namespace
}  // namespace tally
