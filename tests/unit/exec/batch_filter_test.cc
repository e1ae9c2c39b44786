#include "exec/batch_filter.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "test_util.h"

namespace tally {
namespace {

using namespace tally::testing;
using V = std::vector<std::string>;

Batch Rows() {
  return MakeBatch({{"i", Int32s({1, 2, std::nullopt, 4, 5, 6})},
                    {"l", Int64s({10, INT64_MAX, 30, 40, INT64_MAX, 60})},
                    {"s", Strings({"a", "b", "c", "d", "e", "f"})}});
}

V Column(const Batch& b, size_t c) {
  return Texts(*Compacted(b).columns[c]);
}

TEST(BatchFilter, KeepsThePassingRowsWithoutCopyingColumns) {
  Batch in = Rows();
  BatchFilter filter(F(">", {C("i"), L(Scalar::Int32(1))}), *in.schema);
  Batch out = filter.Apply(in);
  ASSERT_EQ(out.num_rows, 4u);  // 2, 4, 5, 6 (NULL is not true)
  ASSERT_NE(out.selection, nullptr);
  for (size_t c = 0; c < in.num_columns(); ++c) EXPECT_EQ(out.columns[c], in.columns[c]);
  EXPECT_EQ(Column(out, 0), (V{"2", "4", "5", "6"}));
  EXPECT_EQ(Column(out, 2), (V{"b", "d", "e", "f"}));
}

TEST(BatchFilter, LaterConjunctsSeeOnlyTheRowsKept) {
  // l * 2 overflows on the rows where l is INT64_MAX, which the first conjunct removes.
  Batch in = Rows();
  auto predicate =
      F("and", {F("<", {C("l"), L(Scalar::Int64(1000))}),
                F(">", {F("*", {C("l"), L(Scalar::Int64(2))}), L(Scalar::Int64(50))})});
  EXPECT_THROW(Eval(F("*", {C("l"), L(Scalar::Int64(2))}), in), Error);
  Batch out = BatchFilter(predicate, *in.schema).Apply(in);
  EXPECT_EQ(Column(out, 2), (V{"c", "d", "f"}));
}

TEST(BatchFilter, ComposesWithASelectionAlreadyThere) {
  Batch in = Rows();
  Batch first = BatchFilter(F("!=", {C("s"), L(Scalar::String("b"))}), *in.schema).Apply(in);
  Batch second = BatchFilter(F(">=", {C("l"), L(Scalar::Int64(40))}), *in.schema).Apply(first);
  EXPECT_EQ(Column(second, 2), (V{"d", "e", "f"}));
  EXPECT_EQ(second.columns[1], in.columns[1]);
}

TEST(BatchFilter, AllOrNoRows) {
  Batch in = Rows();
  Batch all = BatchFilter(F("!=", {C("s"), L(Scalar::String("z"))}), *in.schema).Apply(in);
  EXPECT_EQ(all.num_rows, in.num_rows);
  EXPECT_EQ(all.selection, nullptr);
  Batch none = BatchFilter(F(">", {C("i"), L(Scalar::Int32(99))}), *in.schema).Apply(in);
  EXPECT_EQ(none.num_rows, 0u);
  EXPECT_EQ(none.selection, nullptr);
  for (const auto& c : none.columns) EXPECT_EQ(c->size(), 0u);
  Batch never = BatchFilter(L(Scalar::Null(DataType::Bool())), *in.schema).Apply(in);
  EXPECT_EQ(never.num_rows, 0u);
}

TEST(Compacted, CopiesOnlyTheColumnsAskedFor) {
  Batch in = Rows();
  Batch selected = BatchFilter(F("<", {C("i"), L(Scalar::Int32(5))}), *in.schema).Apply(in);
  std::vector<uint8_t> used = {0, 0, 1};
  Batch plain = Compacted(selected, &used);
  EXPECT_EQ(plain.selection, nullptr);
  EXPECT_EQ(plain.num_rows, 3u);
  EXPECT_EQ(plain.columns[0]->size(), 0u);
  EXPECT_EQ(plain.columns[1]->size(), 0u);
  EXPECT_EQ(Texts(*plain.columns[2]), (V{"a", "b", "d"}));
}

TEST(Selection, ExpressionsReadTheSelectedRows) {
  Batch in = Rows();
  Batch selected = BatchFilter(F(">", {C("i"), L(Scalar::Int32(3))}), *in.schema).Apply(in);
  EXPECT_EQ(Eval(F("concat", {C("s"), C("s")}), selected), (V{"dd", "ee", "ff"}));
  EXPECT_EQ(Eval(F("+", {C("i"), L(Scalar::Int32(1))}), selected), (V{"5", "6", "7"}));
}

}  // namespace
}  // namespace tally
