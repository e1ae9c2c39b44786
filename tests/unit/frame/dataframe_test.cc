#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "../exec/test_util.h"
#include "common/datetime.h"
#include "common/error.h"
#include "frame/dataframe.h"

namespace tally {
namespace {

using namespace tally::testing;
using V = std::vector<std::string>;

DataFrame Df(std::vector<std::pair<std::string, ColumnPtr>> cols) {
  Batch b = MakeBatch(std::move(cols));
  return DataFrame::FromTable(Table(b.schema, {b}));
}

V Col(const Table& t, const std::string& name) {
  return Texts(*t.column(name));
}

// x: 3 1 4 1 5 9 2 6 NULL 5 (decimal, scale 2 -> 0.03 0.01 ...)
DataFrame Values() {
  return Df({{"x", Int64s({3, 1, 4, 1, 5, 9, 2, 6, std::nullopt, 5})},
             {"p", Decimals(2, {3, 1, 4, 1, 5, 9, 2, 6, std::nullopt, 5})}});
}

TEST(Aggregates, GlobalHandComputed) {
  Table t = Values()
                .agg({count_star().alias("n"), count(col("x")).alias("c"),
                      count_distinct(col("x")).alias("cd"), sum(col("x")).alias("s"),
                      sum(col("p")).alias("sp"), min(col("x")).alias("lo"),
                      max(col("p")).alias("hi"), mean(col("p")).alias("avg"),
                      median(col("x")).alias("med"), quantile_element(col("x"), 0.5).alias("q50"),
                      quantile_element(col("x"), 0.85).alias("q85"),
                      quantile_interp(col("x"), 0.85).alias("i85"), mode(col("x")).alias("mo"),
                      first(col("x")).alias("f")})
                .collect();
  ASSERT_EQ(t.num_rows(), 1u);
  // sorted non-null: 1 1 2 3 4 5 5 6 9 (N = 9)
  EXPECT_EQ(Col(t, "n"), V{"10"});
  EXPECT_EQ(Col(t, "c"), V{"9"});
  EXPECT_EQ(Col(t, "cd"), V{"7"});
  EXPECT_EQ(Col(t, "s"), V{"36"});
  EXPECT_EQ(Col(t, "sp"), V{"0.36"});
  EXPECT_EQ(t.schema()->field(4).type, DataType::Decimal(18, 2));
  EXPECT_EQ(Col(t, "lo"), V{"1"});
  EXPECT_EQ(Col(t, "hi"), V{"0.09"});
  EXPECT_EQ(Col(t, "avg"), V{"0.04"});
  EXPECT_EQ(Col(t, "med"), V{"4"});                             // position 4 of 0..8
  EXPECT_EQ(Col(t, "q50"), V{"4"});                             // rank ceil(4.5) = 5
  EXPECT_EQ(Col(t, "q85"), V{"6"});                             // rank ceil(7.65) = 8
  EXPECT_DOUBLE_EQ(t.GetScalar(0, "i85").double_value(), 5.8);  // pos 6.8: 5 + 0.8*(6-5)
  EXPECT_EQ(Col(t, "mo"), V{"1"});                              // 1 and 5 both twice: smallest wins
  EXPECT_EQ(Col(t, "f"), V{"3"});
}

TEST(Aggregates, EvenMedianAndEmptyInput) {
  DataFrame d = Df({{"x", Doubles({4, 1, 3, 2})}});
  Table t =
      d.agg({median(col("x")).alias("m"), quantile_element(col("x"), 0.5).alias("e")}).collect();
  EXPECT_EQ(Col(t, "m"), V{"2.5"});
  EXPECT_EQ(Col(t, "e"), V{"2"});
  Table empty =
      d.filter(col("x") > 10).agg({count_star().alias("n"), sum(col("x")).alias("s")}).collect();
  EXPECT_EQ(Col(empty, "n"), V{"0"});
  EXPECT_EQ(Col(empty, "s"), V{"NULL"});
}

TEST(Aggregates, ElementQuantileRankIsExactWhenPTimesNIsAnInteger) {
  // N = 10: 0.6 * 10 is 6.000000000000001 in binary floating point, yet the rank is 6.
  DataFrame d = Df({{"x", Doubles({10, 9, 8, 7, 6, 5, 4, 3, 2, 1})}});
  Table t = d.agg({quantile_element(col("x"), 0.6).alias("q60"),
                   quantile_element(col("x"), 0.2).alias("q20"),
                   quantile_element(col("x"), 0.85).alias("q85")})
                .collect();
  EXPECT_EQ(Col(t, "q60"), V{"6"});
  EXPECT_EQ(Col(t, "q20"), V{"2"});
  EXPECT_EQ(Col(t, "q85"), V{"9"});  // ceil(8.5) = 9
}

TEST(Aggregates, CountDistinctStringsWithNulls) {
  DataFrame d = Df({{"s", DictStrings({"a", std::nullopt, "b", "a", std::nullopt, "c"})}});
  Table t = d.agg({count_distinct(col("s")).alias("cd"), count(col("s")).alias("c")}).collect();
  EXPECT_EQ(Col(t, "cd"), V{"3"});
  EXPECT_EQ(Col(t, "c"), V{"4"});
}

TEST(Aggregates, GroupedManyGroupsMatchesNaiveReference) {
  // 200K rows in 4 batches, ~5000 groups keyed by (string, int), several threads.
  std::mt19937 rng(7);
  std::vector<Batch> batches;
  std::map<std::pair<std::string, int32_t>, std::pair<int64_t, int64_t>> ref;  // sum, count
  std::map<std::pair<std::string, int32_t>, std::set<int64_t>> distinct;
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"k", DataType::String(), true},
                                                            {"g", DataType::Int32(), true},
                                                            {"v", DataType::Decimal(18, 3), true}});
  for (int b = 0; b < 4; ++b) {
    std::vector<std::optional<std::string>> ks;
    std::vector<std::optional<int32_t>> gs;
    std::vector<std::optional<int64_t>> vs;
    for (int i = 0; i < 50000; ++i) {
      std::string k = "inv" + std::to_string(rng() % 1000);
      int32_t g = static_cast<int32_t>(rng() % 5);
      int64_t v = static_cast<int64_t>(rng() % 100000) - 20000;
      ks.push_back(k);
      gs.push_back(g);
      vs.push_back(v);
      auto& r = ref[{k, g}];
      r.first += v;
      r.second += 1;
      distinct[{k, g}].insert(v % 7000);  // decimal % 7 works in thousandths
    }
    Batch batch;
    batch.schema = schema;
    batch.columns = {b % 2 ? DictStrings(ks) : Strings(ks), Int32s(gs), Decimals(3, vs)};
    batch.num_rows = 50000;
    batches.push_back(batch);
  }
  DataFrame d = DataFrame::FromTable(Table(schema, batches));
  Table t = d.group_by({col("k"), col("g")})
                .agg({sum(col("v")).alias("s"), count_star().alias("n"),
                      count_distinct(col("v") % 7).alias("cd")})
                .collect();
  ASSERT_EQ(t.num_rows(), ref.size());
  auto k = t.column("k"), g = t.column("g"), s = t.column("s"), n = t.column("n"),
       cd = t.column("cd");
  for (size_t i = 0; i < t.num_rows(); ++i) {
    std::pair<std::string, int32_t> key{std::string(k->GetString(i)), g->Get<int32_t>(i)};
    ASSERT_TRUE(ref.count(key));
    EXPECT_EQ(s->Get<int64_t>(i), ref[key].first);
    EXPECT_EQ(n->Get<int64_t>(i), ref[key].second);
    EXPECT_EQ(cd->Get<int64_t>(i), static_cast<int64_t>(distinct[key].size()));
  }
}

TEST(Sort, MultiKeyDescAndNulls) {
  DataFrame d = Df({{"a", Int32s({2, 1, std::nullopt, 2, 1})},
                    {"b", Strings({"x", "z", "y", std::nullopt, "a"})}});
  Table t = d.order_by({asc(col("a")), desc(col("b"))}).collect();
  EXPECT_EQ(Col(t, "a"), (V{"NULL", "1", "1", "2", "2"}));
  EXPECT_EQ(Col(t, "b"), (V{"y", "z", "a", "x", "NULL"}));
  Table u = d.order_by({desc(col("a"))}).limit(3).collect();
  EXPECT_EQ(Col(u, "a"), (V{"2", "2", "1"}));
  EXPECT_EQ(Col(u, "b"), (V{"x", "NULL", "z"}));  // stable
}

TEST(Join, InnerAndLeftWithDuplicatesAndMissing) {
  DataFrame l =
      Df({{"id", Int32s({1, 2, 3, std::nullopt})}, {"lv", Strings({"a", "b", "c", "d"})}});
  DataFrame r = Df({{"id", Int64s({2, 2, 4, 1})}, {"rv", Int32s({20, 21, 40, 10})}});
  Table inner = l.join(r, {"id"}).order_by({asc(col("id")), asc(col("rv"))}).collect();
  EXPECT_EQ(Col(inner, "id"), (V{"1", "2", "2"}));
  EXPECT_EQ(Col(inner, "lv"), (V{"a", "b", "b"}));
  EXPECT_EQ(Col(inner, "rv"), (V{"10", "20", "21"}));
  Table left =
      l.join(r, {"id"}, JoinType::kLeft).order_by({asc(col("id")), asc(col("rv"))}).collect();
  EXPECT_EQ(Col(left, "id"), (V{"NULL", "1", "2", "2", "3"}));
  EXPECT_EQ(Col(left, "rv"), (V{"NULL", "10", "20", "21", "NULL"}));
}

TEST(Window, LagLeadRowNumberByPartition) {
  DataFrame d = Df({{"c", Strings({"b", "a", "b", "a", "a"})},
                    {"t", Int32s({2, 3, 1, 1, 2})},
                    {"v", Int64s({20, 30, 10, 11, 12})}});
  WindowSpec w{{col("c")}, {asc(col("t"))}};
  Table t = d.with_window("prev", lag(col("v")), w)
                .with_window("next", lead(col("v")), w)
                .with_window("rn", row_number(), w)
                .order_by({asc(col("c")), asc(col("t"))})
                .collect();
  EXPECT_EQ(Col(t, "v"), (V{"11", "12", "30", "10", "20"}));
  EXPECT_EQ(Col(t, "prev"), (V{"NULL", "11", "12", "NULL", "10"}));
  EXPECT_EQ(Col(t, "next"), (V{"12", "30", "NULL", "20", "NULL"}));
  EXPECT_EQ(Col(t, "rn"), (V{"1", "2", "3", "1", "2"}));
}

TEST(Relational, DistinctLimitUnion) {
  DataFrame d = Df({{"a", Int32s({1, 2, 1, std::nullopt, std::nullopt})}});
  Table dist = d.distinct().order_by({asc(col("a"))}).collect();
  EXPECT_EQ(Col(dist, "a"), (V{"NULL", "1", "2"}));
  Table u = d.union_all(d.filter(col("a") == 2)).collect();
  EXPECT_EQ(Col(u, "a"), (V{"1", "2", "1", "NULL", "NULL", "2"}));
  EXPECT_EQ(d.limit(2).collect().num_rows(), 2u);
  EXPECT_EQ(d.limit(0).collect().num_rows(), 0u);
}

// Key 0's and key 64's NULL flags once shared a bit, so these two rows were one.
TEST(Relational, DistinctAndGroupByOverMoreThan64Keys) {
  std::vector<std::pair<std::string, ColumnPtr>> cols;
  std::vector<Expr> keys;
  for (int k = 0; k < 65; ++k) {
    std::vector<std::optional<int64_t>> v = {0, 0};
    if (k == 0) v[0] = std::nullopt;
    if (k == 64) v[1] = std::nullopt;
    cols.push_back({"c" + std::to_string(k), Int64s(v)});
    keys.push_back(col("c" + std::to_string(k)));
  }
  DataFrame d = Df(std::move(cols));
  EXPECT_EQ(d.distinct().collect().num_rows(), 2u);
  Table g = d.group_by(keys).agg({count_star().alias("n")}).collect();
  EXPECT_EQ(g.num_rows(), 2u);
  EXPECT_EQ(Col(g, "n"), (V{"1", "1"}));
}

// The right side of each union was numbered from one fixed offset, so in (a + b) + c the rows
// of b and c came out interleaved.
TEST(Relational, UnionOfUnionsKeepsEachSidesOrder) {
  auto part = [](int64_t base) {  // five batches of one row each
    std::vector<Batch> batches;
    for (int64_t i = 0; i < 5; ++i) batches.push_back(MakeBatch({{"v", Int64s({base + i})}}));
    return DataFrame::FromTable(Table(batches[0].schema, batches));
  };
  Table t = part(0).union_all(part(10)).union_all(part(20)).union_all(part(30)).collect();
  EXPECT_EQ(Col(t, "v"), (V{"0",  "1",  "2",  "3",  "4",  "10", "11", "12", "13", "14",
                            "20", "21", "22", "23", "24", "30", "31", "32", "33", "34"}));
}

// Pruning rebuilt the join without the left "x", so the right "x" lost its "_right" suffix and
// the selection above failed with unknown column "x_right".
TEST(Relational, SelectingOnlyARenamedRightColumnOfAJoin) {
  DataFrame l = Df({{"k", Int32s({1, 2})}, {"x", Int64s({10, 20})}});
  DataFrame r = Df({{"k", Int32s({2, 1})}, {"x", Int64s({200, 100})}});
  Table t = l.join(r, {"k"}).select({col("k"), col("x_right")}).order_by({asc(col("k"))}).collect();
  EXPECT_EQ(Col(t, "k"), (V{"1", "2"}));
  EXPECT_EQ(Col(t, "x_right"), (V{"100", "200"}));
}

// ORDER BY ... LIMIT keeps only the best rows (top-N); it must give exactly what a stable sort
// of everything followed by the limit gives: ties (many here) in input order, NULLs placed as
// the sort places them. The reference is std::stable_sort on the same values.
TEST(Relational, OrderByLimitEqualsAStableSortThenLimit) {
  std::mt19937 rng(11);
  std::vector<Batch> batches;
  struct Row {
    std::optional<int32_t> a;
    std::string s;
    int64_t id;
  };
  std::vector<Row> rows;
  for (int b = 0; b < 6; ++b) {
    std::vector<std::optional<int32_t>> as;
    std::vector<std::optional<std::string>> ss;
    std::vector<std::optional<int64_t>> ids;
    for (int i = 0; i < 30000; ++i) {
      std::optional<int32_t> a;
      if (rng() % 10) a = static_cast<int32_t>(rng() % 50);
      std::string str = "s" + std::to_string(rng() % 7);
      int64_t id = static_cast<int64_t>(rows.size());
      rows.push_back({a, str, id});
      as.push_back(a);
      ss.push_back(str);
      ids.push_back(id);
    }
    batches.push_back(MakeBatch({{"a", Int32s(as)}, {"s", Strings(ss)}, {"id", Int64s(ids)}}));
  }
  DataFrame d = DataFrame::FromTable(Table(batches[0].schema, batches));
  // a descending (NULLs last, as descending sorts put them), then s ascending.
  std::vector<Row> ref = rows;
  std::stable_sort(ref.begin(), ref.end(), [](const Row& x, const Row& y) {
    if (x.a.has_value() != y.a.has_value()) return x.a.has_value();
    if (x.a && *x.a != *y.a) return *x.a > *y.a;
    return x.s < y.s;
  });
  for (int64_t n : {0, 1, 17, 1000, 70000, 200000}) {
    Table t = d.order_by({desc(col("a")), asc(col("s"))}).limit(n).collect();
    size_t expected = std::min<size_t>(static_cast<size_t>(n), ref.size());
    ASSERT_EQ(t.num_rows(), expected) << "n = " << n;
    ColumnPtr ids = t.column("id");
    for (size_t i = 0; i < expected; ++i)
      ASSERT_EQ(ids->Get<int64_t>(i), ref[i].id) << "n = " << n << ", row " << i;
  }
  // A limit without an order keeps the first rows in input order.
  Table first = d.limit(40000).collect();
  ASSERT_EQ(first.num_rows(), 40000u);
  for (size_t i = 0; i < 40000; ++i)
    ASSERT_EQ(first.column("id")->Get<int64_t>(i), static_cast<int64_t>(i));
}

// A guarded expression once raised "integer overflow" for rows its guard excludes: CASE, AND
// and OR computed every branch and both sides on all rows.
TEST(Relational, GuardedExpressionsComputeOnlyTheRowsTheirGuardAdmits) {
  DataFrame d = Df({{"x", Int64s({5, 200, std::nullopt, 90})}});
  Expr big = lit(int64_t{100000000000000000});
  Table t =
      d.select({col("x"),
                when(col("x") < lit(int64_t{100}), col("x") * big)
                    .otherwise(lit(int64_t{0}))
                    .alias("guarded"),
                (col("x") < lit(int64_t{100}) && col("x") * big > lit(int64_t{0})).alias("a"),
                (col("x") >= lit(int64_t{100}) || col("x") * big > lit(int64_t{0})).alias("o")})
          .collect();
  EXPECT_EQ(Col(t, "guarded"), (V{"500000000000000000", "0", "0", "9000000000000000000"}));
  EXPECT_EQ(Col(t, "a"), (V{"true", "false", "NULL", "true"}));
  EXPECT_EQ(Col(t, "o"), (V{"true", "true", "NULL", "true"}));
  // Unguarded, the overflow is still an error.
  EXPECT_THROW(d.select({(col("x") * big).alias("p")}).collect(), Error);
}

TEST(DataFrame, SchemaErrorsNameTheColumn) {
  DataFrame d = Values();
  try {
    d.select({col("nope")});
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos);
  }
  EXPECT_EQ(d.with_column("y", col("x") * 2).schema()->field(2).type, DataType::Int64());
}

// ANALYTICS §2 on a hand-checked fixture: per ym, gross = distinct invoices, cancelled =
// distinct "C" invoices, placed = gross - 2 * cancelled.
TEST(Analytics, MonthlyGrossAndCancelledInvoices) {
  auto ts = [](int y, unsigned m, unsigned d) {
    return int64_t{DaysFromCivil(y, m, d)} * kMicrosPerDay + 3600 * kMicrosPerSecond;
  };
  DataFrame lines =
      Df({{"invoice_no", DictStrings({"536365", "536365", "536366", "C536367", "536368", "C536369",
                                      "C536369", "536370", "A536371"})},
          {"invoice_date", FixedColumn<int64_t>(DataType::Timestamp(),
                                                {ts(2010, 12, 1), ts(2010, 12, 1), ts(2010, 12, 2),
                                                 ts(2010, 12, 3), ts(2011, 1, 5), ts(2011, 1, 6),
                                                 ts(2011, 1, 6), ts(2011, 1, 7), ts(2011, 1, 8)})},
          {"quantity", Int32s({6, 2, 1, -1, 3, -2, -5, 4, 1})},
          {"unit_price", Decimals(3, {2550, 3390, 1000, 1000, 500, 125, 2000, 100, 11062})}});
  DataFrame monthly =
      lines.with_column("ym", year(col("invoice_date")) * 100 + month(col("invoice_date")))
          .group_by({col("ym")})
          .agg({count_distinct(col("invoice_no")).alias("gross"),
                count_distinct(when(starts_with(col("invoice_no"), "C"), col("invoice_no")).end())
                    .alias("cancelled"),
                sum(col("quantity") * col("unit_price")).alias("sales")})
          .with_column("placed", col("gross") - col("cancelled") * 2)
          .order_by({asc(col("ym"))});
  Table t = monthly.collect();
  EXPECT_EQ(Col(t, "ym"), (V{"201012", "201101"}));
  EXPECT_EQ(Col(t, "gross"), (V{"3", "4"}));
  EXPECT_EQ(Col(t, "cancelled"), (V{"1", "1"}));
  EXPECT_EQ(Col(t, "placed"), (V{"1", "2"}));
  // 6*2.55 + 2*3.39 + 1*1 - 1*1 = 22.08; 3*0.5 - 2*0.125 - 5*2 + 4*0.1 + 1*11.062 = 2.712
  EXPECT_EQ(Col(t, "sales"), (V{"22.080", "2.712"}));
  EXPECT_NE(monthly.explain().find("Aggregate"), std::string::npos);
  // Expressions over aggregates in agg().
  Table r = lines.agg({(count_distinct(col("invoice_no")) * 10).alias("x10")}).collect();
  EXPECT_EQ(Col(r, "x10"), V{"70"});
}

}  // namespace
}  // namespace tally
