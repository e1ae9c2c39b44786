#include <gtest/gtest.h>

#include "common/datetime.h"
#include "common/error.h"
#include "exec/kernels.h"
#include "test_util.h"

namespace tally {
namespace {

using namespace tally::testing;
using V = std::vector<std::string>;

Batch Numbers() {
  return MakeBatch({{"i", Int32s({1, 2, std::nullopt, -7})},
                    {"j", Int32s({10, 0, 5, 2})},
                    {"l", Int64s({100, 200, 300, INT64_MAX})},
                    {"d", Doubles({0.5, 1.5, 2.0, std::nullopt})},
                    {"p", Decimals(2, {125, 250, -100, 5})},  // 1.25 2.50 -1.00 0.05
                    {"q", Decimals(3, {1000, 1, 2, 3})}});    // 1.000 0.001 0.002 0.003
}

TEST(Arithmetic, ResultTypes) {
  Schema s = *Numbers().schema;
  EXPECT_EQ(ResultType(*F("+", {C("i"), C("j")}), s), DataType::Int64());
  EXPECT_EQ(ResultType(*F("*", {C("p"), C("i")}), s), DataType::Decimal(18, 2));
  EXPECT_EQ(ResultType(*F("*", {C("p"), C("q")}), s), DataType::Decimal(18, 5));
  EXPECT_EQ(ResultType(*F("+", {C("p"), C("q")}), s), DataType::Decimal(18, 3));
  EXPECT_EQ(ResultType(*F("+", {C("p"), C("d")}), s), DataType::Double());
  EXPECT_EQ(ResultType(*F("/", {C("i"), C("j")}), s), DataType::Double());
}

TEST(Arithmetic, Values) {
  Batch b = Numbers();
  EXPECT_EQ(Eval(F("+", {C("i"), C("j")}), b), (V{"11", "2", "NULL", "-5"}));
  EXPECT_EQ(Eval(F("*", {C("p"), C("i")}), b), (V{"1.25", "5.00", "NULL", "-0.35"}));
  EXPECT_EQ(Eval(F("*", {C("p"), C("q")}), b), (V{"1.25000", "0.00250", "-0.00200", "0.00015"}));
  EXPECT_EQ(Eval(F("+", {C("p"), C("q")}), b), (V{"2.250", "2.501", "-0.998", "0.053"}));
  EXPECT_EQ(Eval(F("/", {C("i"), C("j")}), b), (V{"0.1", "NULL", "NULL", "-3.5"}));
  EXPECT_EQ(Eval(F("%", {C("j"), L(Scalar::Int32(3))}), b), (V{"1", "0", "2", "2"}));
  EXPECT_EQ(Eval(F("-", {L(Scalar::Int32(1)), C("d")}), b), (V{"0.5", "-0.5", "-1", "NULL"}));
  EXPECT_THROW(Eval(F("+", {C("l"), C("j")}), b), Error);
  // year*100+month shape on ints.
  EXPECT_EQ(Eval(F("+", {F("*", {L(Scalar::Int32(2010)), L(Scalar::Int32(100))}), C("j")}), b),
            (V{"201010", "201000", "201005", "201002"}));
}

TEST(Compare, AcrossTypesAndNulls) {
  Batch b = Numbers();
  EXPECT_EQ(Eval(F(">", {C("p"), C("i")}), b), (V{"true", "true", "NULL", "true"}));
  EXPECT_EQ(Eval(F("==", {C("q"), L(Scalar::Int32(1))}), b),
            (V{"true", "false", "false", "false"}));
  EXPECT_EQ(Eval(F("<", {C("d"), L(Scalar::Decimal(150, 18, 2))}), b),
            (V{"true", "false", "false", "NULL"}));
  EXPECT_EQ(Eval(F(">=", {L(Scalar::Int32(2)), C("i")}), b), (V{"true", "true", "NULL", "true"}));
}

TEST(Compare, StringsFlatAndDictionary) {
  for (bool dict : {false, true}) {
    std::vector<std::optional<std::string>> v = {"C536379", "536365", std::nullopt, "C1", "536365"};
    Batch b = MakeBatch({{"s", dict ? DictStrings(v) : Strings(v)}});
    EXPECT_EQ(Eval(F("==", {C("s"), L(Scalar::String("536365"))}), b),
              (V{"false", "true", "NULL", "false", "true"}));
    EXPECT_EQ(Eval(F("starts_with", {C("s"), L(Scalar::String("C"))}), b),
              (V{"true", "false", "NULL", "true", "false"}));
    EXPECT_EQ(Eval(F("like", {C("s"), L(Scalar::String("C_"))}), b),
              (V{"false", "false", "NULL", "true", "false"}));
    EXPECT_EQ(Eval(F("like", {C("s"), L(Scalar::String("%36%"))}), b),
              (V{"true", "true", "NULL", "false", "true"}));
    EXPECT_EQ(Eval(F("<", {L(Scalar::String("5")), C("s")}), b),
              (V{"true", "true", "NULL", "true", "true"}));
  }
}

TEST(Like, Patterns) {
  EXPECT_TRUE(LikeMatch("abc", "a%c"));
  EXPECT_TRUE(LikeMatch("abc", "%"));
  EXPECT_TRUE(LikeMatch("", "%"));
  EXPECT_FALSE(LikeMatch("abc", "a_"));
  EXPECT_TRUE(LikeMatch("abcbc", "a%bc"));
  EXPECT_FALSE(LikeMatch("abcb", "a%bc"));
  EXPECT_TRUE(LikeMatch("a_b", "a_b"));
}

// LIKE through the kernel (which turns the common shapes into prefix, suffix, substring and
// equality tests) gives LikeMatch's answer on random strings and patterns over a small
// alphabet (many near misses).
TEST(Like, PercentOnlyPatternsMatchAsLikeMatch) {
  uint64_t seed = 42;
  auto next = [&] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(seed >> 33);
  };
  std::vector<std::optional<std::string>> texts;
  for (int i = 0; i < 400; ++i) {
    std::string t;
    for (size_t n = next() % 9; n > 0; --n) t += "abc"[next() % 3];
    texts.push_back(t);
  }
  Batch b = MakeBatch({{"s", Strings(texts)}});
  for (int p = 0; p < 300; ++p) {
    std::string pattern;
    for (size_t n = 1 + next() % 6; n > 0; --n) pattern += "ab%c%"[next() % 5];
    V want;
    for (const auto& t : texts) want.push_back(LikeMatch(*t, pattern) ? "true" : "false");
    EXPECT_EQ(Eval(F("like", {C("s"), L(Scalar::String(pattern))}), b), want) << pattern;
  }
}

TEST(Logic, ThreeValued) {
  Batch b = MakeBatch(
      {{"x", FixedColumn<uint8_t>(DataType::Bool(),
                                  {1, 1, 1, 0, 0, 0, std::nullopt, std::nullopt, std::nullopt})},
       {"y", FixedColumn<uint8_t>(DataType::Bool(),
                                  {1, 0, std::nullopt, 1, 0, std::nullopt, 1, 0, std::nullopt})}});
  EXPECT_EQ(Eval(F("and", {C("x"), C("y")}), b),
            (V{"true", "false", "NULL", "false", "false", "false", "NULL", "false", "NULL"}));
  EXPECT_EQ(Eval(F("or", {C("x"), C("y")}), b),
            (V{"true", "true", "true", "true", "false", "NULL", "true", "NULL", "NULL"}));
  EXPECT_EQ(Eval(F("not", {C("x")}), b),
            (V{"false", "false", "false", "true", "true", "true", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(Eval(F("is_null", {C("x")}), b),
            (V{"false", "false", "false", "false", "false", "false", "true", "true", "true"}));
}

TEST(Functions, CoalesceAndCase) {
  Batch b = Numbers();
  EXPECT_EQ(Eval(F("coalesce", {C("i"), C("j")}), b), (V{"1", "2", "5", "-7"}));
  EXPECT_EQ(Eval(F("coalesce", {C("d"), L(Scalar::Int32(9))}), b), (V{"0.5", "1.5", "2", "9"}));
  // A later argument is computed only where every earlier one is NULL: l * 2 overflows in the
  // last row, which i decides.
  EXPECT_EQ(Eval(F("coalesce", {C("i"), F("*", {C("l"), L(Scalar::Int32(2))})}), b),
            (V{"1", "2", "600", "-7"}));
  EXPECT_EQ(Eval(F("coalesce", {C("j"), F("*", {C("l"), L(Scalar::Int32(2))})}), b),
            (V{"10", "0", "5", "2"}));
  auto cw = MakeCase(
      {F(">", {C("i"), L(Scalar::Int32(1))}), L(Scalar::String("big")),
       F("<", {C("i"), L(Scalar::Int32(0))}), L(Scalar::String("neg")), L(Scalar::String("other"))},
      true);
  EXPECT_EQ(Eval(cw, b), (V{"other", "big", "other", "neg"}));
  auto no_else = MakeCase({F(">", {C("j"), L(Scalar::Int32(4))}), C("p")}, false);
  EXPECT_EQ(Eval(no_else, b), (V{"1.25", "NULL", "-1.00", "NULL"}));
}

TEST(Functions, Dates) {
  int32_t d1 = DaysFromCivil(2010, 12, 1), d2 = DaysFromCivil(2011, 2, 28);
  int64_t t1 = int64_t{d1} * kMicrosPerDay + 8LL * 3600 * kMicrosPerSecond;
  Batch b = MakeBatch({{"ts", FixedColumn<int64_t>(DataType::Timestamp(), {t1, std::nullopt})},
                       {"d", FixedColumn<int32_t>(DataType::Date(), {d2, d1})}});
  EXPECT_EQ(Eval(F("year", {C("ts")}), b), (V{"2010", "NULL"}));
  EXPECT_EQ(Eval(F("month", {C("d")}), b), (V{"2", "12"}));
  EXPECT_EQ(Eval(F("day", {C("d")}), b), (V{"28", "1"}));
  EXPECT_EQ(Eval(F("to_date", {C("ts")}), b), (V{"2010-12-01", "NULL"}));
  EXPECT_EQ(Eval(F("date_trunc", {L(Scalar::String("month")), C("d")}), b),
            (V{"2011-02-01", "2010-12-01"}));
  EXPECT_EQ(Eval(F("date_trunc", {L(Scalar::String("day")), C("ts")}), b),
            (V{"2010-12-01 00:00:00", "NULL"}));
  EXPECT_EQ(Eval(F("date_diff_days", {C("d"), C("ts")}), b), (V{"89", "NULL"}));
  EXPECT_EQ(Eval(F(">=", {C("d"), L(Scalar::String("2011-01-01"))}), b), (V{"true", "false"}));
  EXPECT_EQ(Eval(F("<", {C("ts"), C("d")}), b), (V{"true", "NULL"}));
}

TEST(Cast, BetweenTypes) {
  Batch b = MakeBatch(
      {{"s", Strings({"1.5", " 2 ", std::nullopt})}, {"p", Decimals(3, {1555, -2500, 0})}});
  EXPECT_EQ(Eval(MakeCast(C("s"), DataType::Decimal(10, 2)), b), (V{"1.50", "2.00", "NULL"}));
  EXPECT_EQ(Eval(MakeCast(C("s"), DataType::Double()), b), (V{"1.5", "2", "NULL"}));
  EXPECT_THROW(Eval(MakeCast(C("s"), DataType::Int32()), b), Error);
  EXPECT_EQ(Eval(MakeCast(C("p"), DataType::Double()), b), (V{"1.555", "-2.5", "0"}));
  EXPECT_EQ(Eval(MakeCast(C("p"), DataType::Decimal(10, 2)), b), (V{"1.56", "-2.50", "0.00"}));
  EXPECT_EQ(Eval(MakeCast(C("p"), DataType::Int64()), b), (V{"1", "-2", "0"}));
  EXPECT_EQ(Eval(MakeCast(C("p"), DataType::String()), b), (V{"1.555", "-2.500", "0.000"}));
  EXPECT_EQ(Eval(MakeCast(L(Scalar::Int32(3)), DataType::Decimal(5, 1)), b),
            (V{"3.0", "3.0", "3.0"}));
}

TEST(Bind, UnknownColumnIsNamed) {
  Batch b = Numbers();
  try {
    Bind(*C("nope"), *b.schema);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
  }
}

}  // namespace
}  // namespace tally
