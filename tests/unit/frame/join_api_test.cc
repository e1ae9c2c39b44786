// DataFrame::join by key names (SQL's USING, as Spark names the outputs) and join_on.
#include <gtest/gtest.h>

#include "../exec/test_util.h"
#include "frame/dataframe.h"

namespace tally {
namespace {

using namespace testing;

DataFrame Left() {
  Batch b = MakeBatch({{"k", Int64s({1, 2, std::nullopt})}, {"l", Strings({"a", "b", "n"})}});
  return DataFrame::FromTable(Table(b.schema, {b}));
}

DataFrame Right() {
  Batch b = MakeBatch({{"k", Int64s({2, 3})}, {"r", Strings({"x", "y"})}});
  return DataFrame::FromTable(Table(b.schema, {b}));
}

std::vector<std::string> Rows(const DataFrame& frame) {
  return SortedRows(frame.collect());
}

TEST(JoinApi, TheKeyIsTheLeftsInLeftJoins) {
  DataFrame j = Left().join(Right(), {"k"}, JoinType::kLeft);
  EXPECT_EQ(j.schema()->ToString(), Left().join(Right(), {"k"}).schema()->ToString());
  EXPECT_EQ(Rows(j), (std::vector<std::string>{"1|a|NULL", "2|b|x", "NULL|n|NULL"}));
}

TEST(JoinApi, TheKeyIsTheRightsInRightJoins) {
  EXPECT_EQ(Rows(Left().join(Right(), {"k"}, JoinType::kRight)),
            (std::vector<std::string>{"2|b|x", "3|NULL|y"}));
}

TEST(JoinApi, TheKeyIsWhicheverSideHasOneInFullJoins) {
  EXPECT_EQ(Rows(Left().join(Right(), {"k"}, JoinType::kFull)),
            (std::vector<std::string>{"1|a|NULL", "2|b|x", "3|NULL|y", "NULL|n|NULL"}));
}

TEST(JoinApi, SemiAndAntiJoinsKeepTheLeftsColumns) {
  DataFrame semi = Left().join(Right(), {"k"}, JoinType::kSemi);
  EXPECT_EQ(semi.schema()->size(), 2u);
  EXPECT_EQ(Rows(semi), (std::vector<std::string>{"2|b"}));
  EXPECT_EQ(Rows(Left().join(Right(), {"k"}, JoinType::kAnti)),
            (std::vector<std::string>{"1|a", "NULL|n"}));
}

TEST(JoinApi, JoinOnAConditionUsesEachSidesColumns) {
  DataFrame l = Left(), r = Right();
  // Both sides have "k": column() names which one.
  DataFrame j = l.join_on(r, l.column("k") == r.column("k") || l.column("l") == "a");
  EXPECT_EQ(j.schema()->size(), 4u);
  EXPECT_EQ(Rows(j), (std::vector<std::string>{"1|a|2|x", "1|a|3|y", "2|b|2|x"}));
  EXPECT_THROW(l.column("nope"), Error);
}

TEST(JoinApi, EqualitiesOfAJoinConditionBecomeHashKeys) {
  DataFrame l = Left(), r = Right();
  std::string plan = l.join_on(r, l.column("k") == r.column("k")).explain();
  EXPECT_NE(plan.find("k = k"), std::string::npos) << plan;
}

}  // namespace
}  // namespace tally
