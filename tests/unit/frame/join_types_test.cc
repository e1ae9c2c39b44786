// Every join type, with and without a condition besides the keys, in memory and past the memory
// budget, against a nested-loop reference that follows SQL: NULL keys match nothing, unmatched
// outer rows get NULLs, a mark is true / false / NULL as `x IN (...)` is.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>

#include "../exec/test_util.h"
#include "common/error.h"
#include "exec/executor.h"
#include "exec/optimizer.h"
#include "frame/dataframe.h"
#include "spill_test_util.h"

namespace tally {
namespace {

using namespace tally::testing;
using Value = std::optional<int64_t>;
struct Row {
  Value k, v;
};

std::vector<Row> RandomRows(std::mt19937& rng, size_t n, int keys) {
  std::vector<Row> rows;
  std::uniform_int_distribution<int> key(0, keys), value(0, 99);
  for (size_t i = 0; i < n; ++i) {
    int k = key(rng);
    rows.push_back({k == keys ? Value() : Value(k), value(rng) < 5 ? Value() : Value(value(rng))});
  }
  return rows;
}

DataFrame Frame(const std::vector<Row>& rows, const std::string& k, const std::string& v) {
  std::vector<std::optional<int64_t>> ks, vs;
  for (const auto& r : rows) {
    ks.push_back(r.k);
    vs.push_back(r.v);
  }
  Batch b = MakeBatch({{k, Int64s(ks)}, {v, Int64s(vs)}});
  return DataFrame::FromTable(Table(b.schema, {b}));
}

std::string Text(const Value& v) {
  return v ? std::to_string(*v) : "NULL";
}

// The condition besides the keys: lv < rv (NULL when either is NULL, which is not a match).
bool ConditionHolds(const Row& l, const Row& r, bool with_condition) {
  if (!with_condition) return true;
  return l.v && r.v && *l.v < *r.v;
}

std::vector<std::string> Reference(const std::vector<Row>& left, const std::vector<Row>& right,
                                   JoinType type, bool with_condition) {
  std::vector<std::string> out;
  std::vector<bool> right_matched(right.size(), false);
  bool right_null_key = false;
  for (const auto& r : right) right_null_key = right_null_key || !r.k;
  for (const auto& l : left) {
    bool matched = false;
    for (size_t j = 0; j < right.size(); ++j) {
      const Row& r = right[j];
      if (!l.k || !r.k || *l.k != *r.k || !ConditionHolds(l, r, with_condition)) continue;
      matched = true;
      right_matched[j] = true;
      if (KeepsRightColumns(type))
        out.push_back(Text(l.k) + "|" + Text(l.v) + "|" + Text(r.k) + "|" + Text(r.v));
    }
    std::string left_text = Text(l.k) + "|" + Text(l.v);
    if (!matched && (type == JoinType::kLeft || type == JoinType::kFull))
      out.push_back(left_text + "|NULL|NULL");
    if (type == JoinType::kSemi && matched) out.push_back(left_text);
    if (type == JoinType::kAnti && !matched) out.push_back(left_text);
    if (type == JoinType::kMark) {
      std::string mark = matched                    ? "true"
                         : right.empty()            ? "false"
                         : (!l.k || right_null_key) ? "NULL"
                                                    : "false";
      out.push_back(left_text + "|" + mark);
    }
  }
  if (type == JoinType::kRight || type == JoinType::kFull)
    for (size_t j = 0; j < right.size(); ++j)
      if (!right_matched[j])
        out.push_back("NULL|NULL|" + Text(right[j].k) + "|" + Text(right[j].v));
  if (KeepsOnlyRightColumns(type))
    for (size_t j = 0; j < right.size(); ++j)
      if (right_matched[j] == (type == JoinType::kRightSemi))
        out.push_back(Text(right[j].k) + "|" + Text(right[j].v));
  std::sort(out.begin(), out.end());
  return out;
}

PlanPtr JoinPlan(const DataFrame& l, const DataFrame& r, JoinType type, bool with_condition) {
  ExprPtr condition =
      with_condition ? MakeCall("<", {MakeColumnRef("lv"), MakeColumnRef("rv")}) : nullptr;
  return MakeJoinNode(l.plan(), r.plan(), {MakeColumnRef("lk")}, {MakeColumnRef("rk")}, type,
                      condition);
}

const JoinType kAllTypes[] = {JoinType::kInner, JoinType::kLeft,      JoinType::kRight,
                              JoinType::kFull,  JoinType::kSemi,      JoinType::kAnti,
                              JoinType::kMark,  JoinType::kRightSemi, JoinType::kRightAnti};

TEST(JoinTypes, MatchTheReferenceInMemory) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    auto left = RandomRows(rng, 1 + rng() % 60, 8);
    auto right = RandomRows(rng, rng() % 40, 8);  // sometimes empty
    DataFrame l = Frame(left, "lk", "lv"), r = Frame(right, "rk", "rv");
    for (JoinType type : kAllTypes)
      for (bool condition : {false, true}) {
        PlanPtr plan = JoinPlan(l, r, type, condition);
        EXPECT_EQ(SortedRows(Execute(plan)), Reference(left, right, type, condition))
            << JoinTypeName(type) << (condition ? " with condition" : "") << " round " << round;
      }
  }
}

TEST(JoinTypes, MatchTheReferencePastTheMemoryBudget) {
  std::mt19937 rng(11);
  auto left = RandomRows(rng, 20000, 3000);
  auto right = RandomRows(rng, 20000, 3000);
  DataFrame l = Frame(left, "lk", "lv"), r = Frame(right, "rk", "rv");
  for (JoinType type : kAllTypes) {
    std::vector<std::string> expected = Reference(left, right, type, true);
    TinyBudget budget(64 << 10, "join_types");
    EXPECT_EQ(SortedRows(Execute(JoinPlan(l, r, type, true))), expected) << JoinTypeName(type);
    EXPECT_TRUE(budget.Spilled()) << JoinTypeName(type);
  }
}

TEST(JoinTypes, ACrossJoinWithAConditionIsANestedLoop) {
  std::mt19937 rng(3);
  auto left = RandomRows(rng, 30, 5);
  auto right = RandomRows(rng, 20, 5);
  DataFrame l = Frame(left, "lk", "lv"), r = Frame(right, "rk", "rv");
  PlanPtr plan = MakeJoinNode(l.plan(), r.plan(), {}, {}, JoinType::kInner,
                              MakeCall("<", {MakeColumnRef("lv"), MakeColumnRef("rv")}));
  std::vector<std::string> expected;
  for (const auto& a : left)
    for (const auto& b : right)
      if (a.v && b.v && *a.v < *b.v)
        expected.push_back(Text(a.k) + "|" + Text(a.v) + "|" + Text(b.k) + "|" + Text(b.v));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(SortedRows(Execute(plan)), expected);
}

TEST(JoinTypes, ACrossJoinWithAWhereEqualityBecomesAHashJoin) {
  DataFrame l = Frame({{1, 10}, {2, 20}, {2, 21}}, "lk", "lv");
  DataFrame r = Frame({{2, 5}, {3, 6}}, "rk", "rv");
  PlanPtr cross = MakeJoinNode(l.plan(), r.plan(), {}, {}, JoinType::kInner);
  PlanPtr where = MakeFilterNode(
      cross, MakeCall("and", {MakeCall("==", {MakeColumnRef("rk"), MakeColumnRef("lk")}),
                              MakeCall(">", {MakeColumnRef("lv"), MakeColumnRef("rv")})}));
  EXPECT_EQ(PushDownFilters(where)->ToString(),
            "Join inner on [lk = rk] condition=(lv > rv)\n"
            "  Scan memory(3 rows) [lk, lv]\n"
            "  Scan memory(2 rows) [rk, rv]\n");
  EXPECT_EQ(SortedRows(Execute(where)), SortedRows(ExecuteWithoutOptimizer(where)));
  EXPECT_EQ(SortedRows(Execute(where)), (std::vector<std::string>{"2|20|2|5", "2|21|2|5"}));
}

TEST(JoinTypes, PushdownRespectsEachType) {
  DataFrame l = Frame({{1, 10}, {2, 20}, {std::nullopt, 30}}, "lk", "lv");
  DataFrame r = Frame({{2, 5}, {std::nullopt, 6}, {4, 7}}, "rk", "rv");
  for (JoinType type : kAllTypes) {
    PlanPtr join = JoinPlan(l, r, type, false);
    // A condition on the left key, and one on a right column where there is one (right semi
    // and anti joins have the right's columns only: a condition on its key).
    ExprPtr predicate = MakeCall(">=", {MakeColumnRef(KeepsOnlyRightColumns(type) ? "rk" : "lk"),
                                        MakeLiteral(Scalar::Int64(2))});
    if (KeepsRightColumns(type))
      predicate = MakeCall("and", {predicate, MakeCall("is_null", {MakeColumnRef("rv")})});
    PlanPtr plan = MakeFilterNode(join, predicate);
    EXPECT_EQ(SortedRows(Execute(plan)), SortedRows(ExecuteWithoutOptimizer(plan)))
        << JoinTypeName(type) << "\n"
        << Optimize(plan)->ToString();
  }
}

}  // namespace
}  // namespace tally
