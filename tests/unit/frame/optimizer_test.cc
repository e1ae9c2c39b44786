// The optimizer's passes: each test shows the plan before and after one pass, and checks that
// the optimized plan returns the same rows as the plan run without any rewrite.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "../exec/test_util.h"
#include "common/error.h"
#include "exec/executor.h"
#include "exec/optimizer.h"
#include "frame/dataframe.h"

namespace tally {
namespace {

using namespace tally::testing;

DataFrame Df(std::vector<std::pair<std::string, ColumnPtr>> cols) {
  Batch b = MakeBatch(std::move(cols));
  return DataFrame::FromTable(Table(b.schema, {b}));
}

// k x: 1 10, 2 20, 2 21, 3 30, NULL 40
DataFrame Left() {
  return Df({{"k", Int64s({1, 2, 2, 3, std::nullopt})},
             {"x", Int64s({10, 20, 21, 30, 40})},
             {"s", Strings({"a", "b", "c", "d", "e"})}});
}
// k y: 2 200, 3 300, 3 301, 4 400
DataFrame Right() {
  return Df({{"k", Int64s({2, 3, 3, 4})}, {"y", Int64s({200, 300, 301, 400})}});
}

// The optimized plan gives the rows of the plan as written.
void ExpectSameRows(const DataFrame& df) {
  EXPECT_EQ(SortedRows(Execute(df.plan())), SortedRows(ExecuteWithoutOptimizer(df.plan())))
      << Optimize(df.plan())->ToString();
}

TEST(FoldConstants, FoldsOnceAndDropsTrueConjuncts) {
  DataFrame df = Left().filter(col("x") > lit(2) * 3 && lit(1) < 2);
  EXPECT_EQ(df.plan()->ToString(),
            "Filter ((x > (2 * 3)) and (1 < 2))\n"
            "  Scan memory(5 rows) [k, x, s]\n");
  EXPECT_EQ(FoldConstants(df.plan())->ToString(),
            "Filter (x > 6)\n"
            "  Scan memory(5 rows) [k, x, s]\n");
  ExpectSameRows(df);
  // A filter that is constant true goes away.
  EXPECT_EQ(FoldConstants(Left().filter(lit(1) == 1).plan())->ToString(),
            "Scan memory(5 rows) [k, x, s]\n");
}

TEST(FoldConstants, KeepsOutputNames) {
  DataFrame df = Left().select({col("k"), lit(2) * 3});
  PlanPtr folded = FoldConstants(df.plan());
  EXPECT_EQ(folded->ToString(),
            "Project k, 6 as (2 * 3)\n"
            "  Scan memory(5 rows) [k, x, s]\n");
  EXPECT_EQ(folded->schema->field(1).name, "(2 * 3)");
  ExpectSameRows(df);
}

TEST(FoldConstants, LeavesAGuardedOverflowToRunTime) {
  // The overflow is behind a guard no row passes: folding must neither fail nor fold it.
  DataFrame df = Left().select(
      {col("k"), when(col("x") < 0, lit(INT64_MAX) + lit(1)).otherwise(col("x")).alias("v")});
  EXPECT_NO_THROW(FoldConstants(df.plan()));
  EXPECT_EQ(SortedRows(df.collect()), SortedRows(ExecuteWithoutOptimizer(df.plan())));
}

TEST(PushDownFilters, ThroughAProjectionBySubstitution) {
  DataFrame df = Left().select({col("k"), (col("x") * 2).alias("y")}).filter(col("y") > 41);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "Project k, (x * 2) as y\n"
            "  Scan memory(5 rows) [k, x, s] filter=((x * 2) > 41)\n");
  ExpectSameRows(df);
}

TEST(PushDownFilters, ThroughAnAggregationOnlyOnKeys) {
  DataFrame df = Left()
                     .group_by({col("k")})
                     .agg({sum(col("x")).alias("total")})
                     .filter(col("k") >= 2 && col("total") > 30);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "Filter (total > 30)\n"
            "  Aggregate keys=[k] aggregates=[sum(x) as total]\n"
            "    Scan memory(5 rows) [k, x, s] filter=(k >= 2)\n");
  ExpectSameRows(df);
}

TEST(PushDownFilters, IntoBothSidesOfAnInnerJoin) {
  DataFrame df =
      Left().join(Right(), {"k"}).filter(col("x") > 15 && col("y") < 301 && col("k") != 4);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "Project k, x, s, y\n"
            "  Join inner on [k = k]\n"
            "    Scan memory(5 rows) [k, x, s] filter=((x > 15) and (k != 4))\n"
            "    Scan memory(4 rows) [k, y] filter=((y < 301) and (k != 4))\n");
  ExpectSameRows(df);
}

TEST(PushDownFilters, NeverIntoTheNullExtendedSideOfALeftJoin) {
  DataFrame df = Left()
                     .join(Right(), {"k"}, JoinType::kLeft)
                     .filter(col("y").is_null() && col("x") < 40 && col("k") > 1);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "Project k, x, s, y\n"
            "  Filter is_null(y)\n"
            "    Join left on [k = k]\n"
            "      Scan memory(5 rows) [k, x, s] filter=((x < 40) and (k > 1))\n"
            "      Scan memory(4 rows) [k, y] filter=(k > 1)\n");
  ExpectSameRows(df);
}

TEST(PushDownFilters, JoinColumnsRenamedForAClash) {
  // Both sides have x: the right one is x_right, and a filter on it goes right as x.
  DataFrame right = Right().with_column("x", col("y") + 1);
  DataFrame df = Left().join(right, {"k"}).filter(col("x_right") > 300 && col("x") > 0);
  std::string plan = PushDownFilters(df.plan())->ToString();
  EXPECT_NE(plan.find("Scan memory(5 rows) [k, x, s] filter=(x > 0)"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Project k, y, (y + 1) as x\n      Scan memory(4 rows) [k, y] "
                      "filter=((y + 1) > 300)"),
            std::string::npos)
      << plan;
  ExpectSameRows(df);
}

TEST(PushDownFilters, NotThroughALimit) {
  DataFrame df = Left().order_by({asc(col("x"))}).limit(3).filter(col("k") == 2);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "Filter (k == 2)\n"
            "  Limit 3\n"
            "    Sort x asc nulls first\n"
            "      Scan memory(5 rows) [k, x, s]\n");
  ExpectSameRows(df);
}

TEST(PushDownFilters, IntoBothSidesOfAUnionByPosition) {
  DataFrame other = Right().select({col("k").alias("key"), col("y")});
  DataFrame df = Left().select({col("k"), col("x")}).union_all(other).filter(col("x") > 25);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "UnionAll\n"
            "  Project k, x\n"
            "    Scan memory(5 rows) [k, x, s] filter=(x > 25)\n"
            "  Project k as key, y\n"
            "    Scan memory(4 rows) [k, y] filter=(y > 25)\n");
  ExpectSameRows(df);
}

TEST(PushDownFilters, ThroughAWindowOnlyOnPartitionColumns) {
  DataFrame df =
      Left()
          .with_window("previous", lag(col("x")), WindowSpec{{col("k")}, {asc(col("x"))}})
          .filter(col("k") == 2 && col("x") > 20);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "Filter (x > 20)\n"
            "  Window previous = lag(x) over (partition by [k] order by [x asc nulls first])\n"
            "    Scan memory(5 rows) [k, x, s] filter=(k == 2)\n");
  ExpectSameRows(df);
}

TEST(PushDownFilters, FiltersAboveFiltersMerge) {
  DataFrame df = Left().filter(col("x") > 10).select({col("k"), col("x")}).filter(col("k") < 3);
  EXPECT_EQ(PushDownFilters(df.plan())->ToString(),
            "Project k, x\n"
            "  Scan memory(5 rows) [k, x, s] filter=((x > 10) and (k < 3))\n");
  ExpectSameRows(df);
}

TEST(Optimize, AllPassesTogether) {
  DataFrame df = Left()
                     .join(Right(), {"k"})
                     .group_by({col("k")})
                     .agg({sum(col("y")).alias("total")})
                     .filter(col("k") > lit(1) + 1);
  EXPECT_EQ(Optimize(df.plan())->ToString(),
            "Aggregate keys=[k] aggregates=[sum(y) as total]\n"
            "  Project k, y\n"
            "    Join inner on [k = k]\n"
            "      Scan memory(5 rows) [k] filter=(k > 2)\n"
            "      Scan memory(4 rows) [k, y] filter=(k > 2)\n");
  ExpectSameRows(df);
  // explain() shows the optimized plan with each operator's estimated rows: a third of a scan
  // passes a range, an equi-join gives |L| x |R| / the larger distinct count of its keys (here
  // every value distinct: 5/3 x 4/3 / 5/3), a grouping a tenth (at least one).
  EXPECT_EQ(df.explain(),
            "Aggregate keys=[k] aggregates=[sum(y) as total]  (~1 row)\n"
            "  Project k, y  (~1 row)\n"
            "    Join inner on [k = k]  (~1 row)\n"
            "      Scan memory(5 rows) [k] filter=(k > 2)  (~2 rows)\n"
            "      Scan memory(4 rows) [k, y] filter=(k > 2)  (~1 row)\n");
}

// Column ids keep the sides of a self-join apart, through pushdown and pruning.
TEST(ColumnIds, ASelfJoinKeepsItsSidesApart) {
  DataFrame left = Left();
  DataFrame df = left.join(left, {"k"})
                     .filter(col("x_right") > col("x"))
                     .select({col("k"), col("x"), col("x_right")});
  // Rows of Left() joined with themselves on k where the right x is larger: only k = 2 has two
  // rows (x 20 and 21).
  std::vector<std::string> expected;
  Table input = left.collect();
  for (size_t a = 0; a < input.num_rows(); ++a)
    for (size_t b = 0; b < input.num_rows(); ++b) {
      Scalar ka = input.GetScalar(a, "k"), kb = input.GetScalar(b, "k");
      if (ka.is_null() || kb.is_null() || ka.int_value() != kb.int_value()) continue;
      int64_t xa = input.GetScalar(a, "x").int_value(), xb = input.GetScalar(b, "x").int_value();
      if (xb > xa)
        expected.push_back(ka.ToString() + "|" + std::to_string(xa) + "|" + std::to_string(xb));
    }
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(expected.size(), 1u);
  EXPECT_EQ(SortedRows(df.collect()), expected);
  ExpectSameRows(df);
  // Both scans read only k and x: the same source twice, as two sets of columns.
  std::string plan = df.explain();
  size_t first = plan.find("Scan memory(5 rows) [k, x]");
  ASSERT_NE(first, std::string::npos) << plan;
  EXPECT_NE(plan.find("Scan memory(5 rows) [k, x]", first + 1), std::string::npos) << plan;
}

TEST(ColumnIds, AThreeWaySelfJoinAndAJoinWithAFilteredCopy) {
  DataFrame left = Left();
  DataFrame three =
      left.join(left, {"k"}).join(left.select({col("k"), col("s").alias("t")}), {"k"});
  ExpectSameRows(three);
  EXPECT_EQ(three.collect().num_rows(), 1u + 4u * 2u + 1u);  // k=1: 1, k=2: 2*2*2, k=3: 1
  DataFrame copy = left.join(left.filter(col("x") > 20), {"k"});
  ExpectSameRows(copy);
  EXPECT_EQ(SortedRows(copy.select({col("x_right")}).collect()),
            (std::vector<std::string>{"21", "21", "30"}));
}

TEST(ColumnIds, AnAmbiguousNameIsAnError) {
  // A plan with two columns named k (a join without the USING projection) cannot be read by
  // name, only by id.
  PlanPtr join = MakeJoinNode(Left().plan(), Right().plan(), {MakeColumnRef("k")},
                              {MakeColumnRef("k")}, JoinType::kInner);
  try {
    MakeFilterNode(join, MakeCall(">", {MakeColumnRef("k"), MakeLiteral(Scalar::Int64(1))}));
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "column reference \"k\" is ambiguous");
  }
  // By id it is fine.
  PlanPtr filter = MakeFilterNode(
      join, MakeCall(">", {MakeColumnRef("k", join->ids[3]), MakeLiteral(Scalar::Int64(2))}));
  EXPECT_EQ(SortedRows(Execute(filter)),
            (std::vector<std::string>{"3|30|d|3|300", "3|30|d|3|301"}));
}

// n rows of (name, name + "v"): key i % keys, value i.
DataFrame Keyed(const std::string& name, int64_t n, int64_t keys) {
  std::vector<std::optional<int64_t>> k, v;
  for (int64_t i = 0; i < n; ++i) {
    k.push_back(i % keys);
    v.push_back(i);
  }
  return Df({{name, Int64s(k)}, {name + "v", Int64s(v)}});
}

TEST(ReorderJoins, PredicatesKeepCrossProductsOut) {
  // FROM a, b, c WHERE a = c.a AND b = c.b, written with the cross product of a and b first.
  DataFrame a = Keyed("a", 50, 50), b = Keyed("b", 3, 3);
  DataFrame c = Df({{"ca", Int64s({1, 2, 3, 4, 49})}, {"cb", Int64s({0, 1, 2, 2, 0})}});
  PlanPtr ab = MakeJoinNode(a.plan(), b.plan(), {}, {}, JoinType::kInner);
  PlanPtr abc = MakeJoinNode(ab, c.plan(), {}, {}, JoinType::kInner);
  PlanPtr where = MakeFilterNode(
      abc, MakeCall("and", {MakeCall("==", {MakeColumnRef("a"), MakeColumnRef("ca")}),
                            MakeCall("==", {MakeColumnRef("b"), MakeColumnRef("cb")})}));
  // Pushdown alone leaves the cross product of a and b in place.
  EXPECT_NE(PushDownFilters(where)->ToString().find("Join inner on []"), std::string::npos);
  // Reordered: a (50 rows, the largest input) is probed against one hash table of c joined
  // with b on c's column; a and b never meet without a key.
  EXPECT_EQ(ReorderJoins(PushDownFilters(where))->ToString(),
            "Project a, av, b, bv, ca, cb\n"
            "  Join inner on [a = ca]\n"
            "    Scan memory(50 rows) [a, av]\n"
            "    Join inner on [cb = b]\n"
            "      Scan memory(5 rows) [ca, cb]\n"
            "      Scan memory(3 rows) [b, bv]\n");
  EXPECT_EQ(SortedRows(Execute(where)), SortedRows(ExecuteWithoutOptimizer(where)));
  EXPECT_EQ(Execute(where).num_rows(), 5u);
}

TEST(PushDownFilters, AnOrAcrossTheSidesOfAJoinFiltersEachSideByWhatItImplies) {
  // (a = 1 and b = 2) or (a = 3 and b = 4) over a join of a and b: the a side keeps a = 1 or
  // a = 3, the b side b = 2 or b = 4, and the whole condition stays at the join.
  DataFrame a = Keyed("a", 6, 6), b = Keyed("b", 6, 6);
  auto eq = [](const char* c, int64_t v) {
    return MakeCall("==", {MakeColumnRef(c), MakeLiteral(Scalar::Int64(v))});
  };
  PlanPtr joined = MakeJoinNode(a.plan(), b.plan(), {}, {}, JoinType::kInner);
  PlanPtr where =
      MakeFilterNode(joined, MakeCall("or", {MakeCall("and", {eq("a", 1), eq("b", 2)}),
                                             MakeCall("and", {eq("a", 3), eq("b", 4)})}));
  std::string plan = PushDownFilters(where)->ToString();
  EXPECT_NE(plan.find("Scan memory(6 rows) [a, av] filter=((a == 1) or (a == 3))"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("Scan memory(6 rows) [b, bv] filter=((b == 2) or (b == 4))"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("condition=(((a == 1) and (b == 2)) or ((a == 3) and (b == 4)))"),
            std::string::npos)
      << plan;
  EXPECT_EQ(SortedRows(Execute(where)), SortedRows(ExecuteWithoutOptimizer(where)));
  EXPECT_EQ(Execute(where).num_rows(), 2u);
}

TEST(ReorderJoins, ASemiJoinWithTheLargerRightSideBuildsOnItsLeft) {
  // EXISTS over a big table: the hash table is built on the 10 rows tested, not the 1,000.
  DataFrame small = Keyed("s", 10, 10), big = Keyed("g", 1000, 5);
  for (JoinType type : {JoinType::kSemi, JoinType::kAnti}) {
    DataFrame df = small.join_on(big, col("s") == col("g"), type);
    std::string right_type = type == JoinType::kSemi ? "right semi" : "right anti";
    EXPECT_EQ(ReorderJoins(df.plan())->ToString(), "Join " + right_type +
                                                       " on [g = s]\n"
                                                       "  Scan memory(1000 rows) [g, gv]\n"
                                                       "  Scan memory(10 rows) [s, sv]\n");
    ExpectSameRows(df);
    // The same columns (the tested side's), in the same order.
    EXPECT_EQ(df.collect().schema()->ToString(), df.schema()->ToString());
  }
  // The other way round it stays: the small side is already the one built.
  DataFrame kept = big.join_on(small, col("g") == col("s"), JoinType::kSemi);
  EXPECT_EQ(ReorderJoins(kept.plan())->ToString(), kept.plan()->ToString());
}

TEST(ReduceAggregatesByJoinKeys, TheGroupsReadOnlyTheKeysTheOtherSideHas) {
  // Per key, the mean of a big table's values, joined to 10 keys: only their rows are averaged.
  DataFrame big = Keyed("g", 1000, 100), small = Keyed("s", 10, 10);
  DataFrame means = big.group_by({col("g")}).agg({mean(col("gv")).alias("m")});
  for (JoinType type : {JoinType::kInner, JoinType::kLeft}) {
    DataFrame df = small.join_on(means, col("s") == col("g"), type);
    std::string plan = ReduceAggregatesByJoinKeys(df.plan())->ToString();
    if (type == JoinType::kInner) {
      EXPECT_EQ(plan,
                "Join inner on [s = g]\n"
                "  Scan memory(10 rows) [s, sv]\n"
                "  Aggregate keys=[g] aggregates=[mean(gv) as m]\n"
                "    Join semi on [g = s]\n"
                "      Scan memory(1000 rows) [g, gv]\n"
                "      Scan memory(10 rows) [s, sv]\n");
    } else {
      // A left join keeps every small row, and drops the groups it does not match: the same.
      EXPECT_NE(plan.find("Join semi on [g = s]"), std::string::npos) << plan;
    }
    ExpectSameRows(df);
  }
  // A right join keeps every group: nothing to reduce.
  DataFrame all = small.join_on(means, col("s") == col("g"), JoinType::kRight);
  EXPECT_EQ(ReduceAggregatesByJoinKeys(all.plan())->ToString(), all.plan()->ToString());
  ExpectSameRows(all);
}

TEST(ReorderJoins, TheSmallerSideIsBuilt) {
  DataFrame small = Keyed("s", 10, 10), big = Keyed("g", 1000, 10);
  DataFrame df = small.join(big.select({col("g").alias("s"), col("gv")}), {"s"});
  std::string plan = Optimize(df.plan())->ToString();
  // The 1,000-row side is probed (left), the 10-row side built (right).
  size_t big_scan = plan.find("Scan memory(1000 rows)");
  size_t small_scan = plan.find("Scan memory(10 rows)");
  ASSERT_NE(big_scan, std::string::npos) << plan;
  ASSERT_NE(small_scan, std::string::npos) << plan;
  EXPECT_LT(big_scan, small_scan) << plan;
  ExpectSameRows(df);
  // The columns keep their order: the small side's first, as written.
  EXPECT_EQ(df.collect().schema()->ToString(), df.schema()->ToString());
}

}  // namespace
}  // namespace tally

namespace tally {
namespace {

TEST(PushDownFilters, AJoinConditionOnOneSideFiltersThatSideFirstWhereAllowed) {
  // Left join ON k = k AND y > 250 AND x > 15: y > 250 filters the right rows first (a right
  // row failing it matches nothing); x > 15 stays in the condition (a left row failing it is
  // still kept, unmatched).
  ExprPtr y_big = MakeCall(">", {MakeColumnRef("y"), MakeLiteral(Scalar::Int64(250))});
  ExprPtr x_big = MakeCall(">", {MakeColumnRef("x"), MakeLiteral(Scalar::Int64(15))});
  PlanPtr left = Left().plan(), right = Right().plan();
  PlanPtr join = MakeJoinNode(left, right, {MakeColumnRef("k", left->ids[0])},
                              {MakeColumnRef("k", right->ids[0])}, JoinType::kLeft,
                              MakeCall("and", {y_big, x_big}));
  EXPECT_EQ(PushDownFilters(join)->ToString(),
            "Join left on [k = k] condition=(x > 15)\n"
            "  Scan memory(5 rows) [k, x, s]\n"
            "  Scan memory(4 rows) [k, y] filter=(y > 250)\n");
  EXPECT_EQ(SortedRows(Execute(join)), SortedRows(ExecuteWithoutOptimizer(join)));
  // An anti join keeps a left row that fails a left-only condition: it stays in the join.
  PlanPtr anti = MakeJoinNode(left, right, {MakeColumnRef("k", left->ids[0])},
                              {MakeColumnRef("k", right->ids[0])}, JoinType::kAnti, x_big);
  EXPECT_EQ(PushDownFilters(anti)->ToString(),
            "Join anti on [k = k] condition=(x > 15)\n"
            "  Scan memory(5 rows) [k, x, s]\n"
            "  Scan memory(4 rows) [k, y]\n");
  EXPECT_EQ(SortedRows(Execute(anti)), SortedRows(ExecuteWithoutOptimizer(anti)));
}

TEST(ReorderJoins, ALeftJoinWithTheLargerRightSideBecomesARightJoin) {
  DataFrame small = Keyed("s", 10, 20), big = Keyed("g", 1000, 10);
  DataFrame df = small.join(big.select({col("g").alias("s"), col("gv")}), {"s"}, JoinType::kLeft);
  std::string plan = ReorderJoins(df.plan())->ToString();
  EXPECT_NE(plan.find("Join right on"), std::string::npos) << plan;
  // Now the 1,000-row side is probed and the 10-row side built.
  EXPECT_LT(plan.find("memory(1000 rows)"), plan.find("memory(10 rows)")) << plan;
  ExpectSameRows(df);
  EXPECT_EQ(df.collect().schema()->ToString(), df.schema()->ToString());
}

}  // namespace
}  // namespace tally

namespace tally {
namespace {

using namespace tally::testing;

// orders (o, c), lines (lo, q), customers (cc, name); the semi join keeps orders in `wanted`.
struct SemiCase {
  DataFrame orders =
      Df({{"o", Int64s({1, 2, 3, 4, std::nullopt})}, {"c", Int64s({10, 10, 20, 30, 30})}});
  DataFrame lines = Df(
      {{"lo", Int64s({1, 1, 2, 3, 3, 4, std::nullopt})}, {"q", Int64s({5, 6, 7, 8, 9, 10, 11})}});
  DataFrame customers = Df({{"cc", Int64s({10, 20, 30})}, {"name", Strings({"a", "b", "c"})}});
  DataFrame wanted = Df({{"w", Int64s({2, 3, std::nullopt})}});
};

TEST(PushDownSemiJoins, ThroughJoinsAndAProjectionOntoTheInputItFilters) {
  SemiCase t;
  DataFrame joined = t.lines.join_on(t.orders, col("lo") == col("o"))
                         .join_on(t.customers, col("c") == col("cc"))
                         .select({col("o"), col("q"), col("name")});
  for (JoinType type : {JoinType::kSemi, JoinType::kAnti}) {
    DataFrame df = joined.join_on(t.wanted, col("o") == col("w"), type);
    std::string name = JoinTypeName(type);
    EXPECT_EQ(PushDownSemiJoins(df.plan())->ToString(),
              "Project o, q, name\n"
              "  Join inner on [c = cc]\n"
              "    Join inner on [lo = o]\n"
              "      Scan memory(7 rows) [lo, q]\n"
              "      Join " +
                  name +
                  " on [o = w]\n"
                  "        Scan memory(5 rows) [o, c]\n"
                  "        Scan memory(3 rows) [w]\n"
                  "    Scan memory(3 rows) [cc, name]\n")
        << name;
    ExpectSameRows(df);
  }
}

TEST(PushDownSemiJoins, IntoThePreservedSideOfALeftJoinOnly) {
  SemiCase t;
  // Keys of the left (preserved) side: down into it.
  DataFrame left = t.orders.join_on(t.lines, col("o") == col("lo"), JoinType::kLeft)
                       .join_on(t.wanted, col("o") == col("w"), JoinType::kSemi);
  EXPECT_EQ(PushDownSemiJoins(left.plan())->ToString(),
            "Join left on [o = lo]\n"
            "  Join semi on [o = w]\n"
            "    Scan memory(5 rows) [o, c]\n"
            "    Scan memory(3 rows) [w]\n"
            "  Scan memory(7 rows) [lo, q]\n");
  ExpectSameRows(left);
  // Keys of the null-extended side: it stays above (a NULL-extended row would be dropped too).
  DataFrame right = t.orders.join_on(t.lines, col("o") == col("lo"), JoinType::kLeft)
                        .join_on(t.wanted, col("lo") == col("w"), JoinType::kAnti);
  EXPECT_EQ(PushDownSemiJoins(right.plan())->ToString(), right.plan()->ToString());
  ExpectSameRows(right);
}

}  // namespace
}  // namespace tally

namespace tally {
namespace {

TEST(PruneColumns, ColumnsReadOnlyForAScansFilterGoRightAfterIt) {
  // s is read for the filter only: a projection of references drops it before the join, which
  // would otherwise gather it for every row it emits.
  DataFrame df = Left()
                     .filter(col("s") != "c")
                     .join(Right(), {"k"}, JoinType::kInner)
                     .select({col("x"), col("y")});
  PlanPtr pruned = PruneColumns(PushDownFilters(df.plan()));
  EXPECT_EQ(pruned->ToString(),
            "Project x, y\n"
            "  Project x, y\n"
            "    Join inner on [k = k]\n"
            "      Project k, x\n"
            "        Scan memory(5 rows) [k, x, s] filter=(s != 'c')\n"
            "      Scan memory(4 rows) [k, y]\n")
      << pruned->ToString();
  ExpectSameRows(df);
  // A filter column the query also reads stays in the scan's output, with no projection.
  DataFrame reads_it = Left().filter(col("s") != "c").select({col("s"), col("x")});
  EXPECT_EQ(PruneColumns(PushDownFilters(reads_it.plan()))->ToString(),
            "Project s, x\n"
            "  Scan memory(5 rows) [x, s] filter=(s != 'c')\n");
}

}  // namespace
}  // namespace tally
