#include "sql/sql_binder.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "common/error.h"
#include "exec/cardinality.h"
#include "exec/executor.h"
#include "sql/sql_parse.h"

namespace tally {
namespace {

class NoTables : public SqlCatalog {
 public:
  DataSourcePtr FindTable(const std::string&) const override { return nullptr; }
  std::vector<std::string> TableNames() const override { return {}; }
};

// SELECT 1 + 1 + ... (n terms): an expression nested n deep.
std::string DeepSum(int n) {
  std::string sql = "SELECT 1";
  for (int i = 1; i < n; ++i) sql += "+1";
  return sql;
}

PlanPtr Bind(const std::string& sql) {
  return BindQuery(ParseSql(sql)[0].tree, sql, NoTables());
}

TEST(BindQuery, DeeplyNestedExpressionsBindUpToTheStackLimitThenFailCleanly) {
  EXPECT_EQ(Execute(Bind(DeepSum(500))).GetScalar(0, 0).int_value(), 500);
  try {
    Bind(DeepSum(20000));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("stack depth limit exceeded"), std::string::npos) << e.message();
  }
}

TEST(BindQuery, FloatLiteralsBeyondDoubleRangeAreErrorsAtTheirPlace) {
  try {
    Bind("SELECT 1, 1e400");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("\"1e400\" is out of range for type double precision\n"
                               "LINE 1: SELECT 1, 1e400\n" +
                               std::string(18, ' ') + "^"),
              std::string::npos)
        << e.message();
  }
}

// Table r: k = i % 100, v = i for i < 10,000, counting its scans.
class CountedSource : public DataSource {
 public:
  const std::shared_ptr<const Schema>& schema() const override { return schema_; }
  std::string Describe() const override { return "counted"; }
  void Scan(const std::vector<int>& columns, const ExprNode*,
            const BatchConsumer& consumer) const override {
    scans.fetch_add(1);
    Batch b;
    b.num_rows = 10000;
    for (int c : columns) {
      auto column = Column::Make(DataType::Int64());
      for (int64_t i = 0; i < 10000; ++i) column->Append<int64_t>(c == 0 ? i % 100 : i);
      b.columns.push_back(column);
    }
    consumer(std::move(b), 0);
  }
  mutable std::atomic<int> scans{0};

 private:
  std::shared_ptr<const Schema> schema_ = std::make_shared<Schema>(
      std::vector<Field>{{"k", DataType::Int64()}, {"v", DataType::Int64()}});
};

class OneTable : public SqlCatalog {
 public:
  DataSourcePtr FindTable(const std::string& name) const override {
    return name == "r" ? source : nullptr;
  }
  std::vector<std::string> TableNames() const override { return {"r"}; }
  std::shared_ptr<CountedSource> source = std::make_shared<CountedSource>();
};

// Binds and runs `sql` over table r: the answer's first value and how often r was scanned.
std::pair<int64_t, int> RunCounted(const std::string& sql, std::string* explain = nullptr) {
  OneTable catalog;
  PlanPtr plan = BindQuery(ParseSql(sql)[0].tree, sql, catalog);
  if (explain) *explain = ExplainWithEstimates(plan);
  int64_t value = Execute(plan).GetScalar(0, 0).int_value();
  return {value, catalog.source->scans.load()};
}

// Per key: sum(v) = 100 * k + 100 * 99 * 100 / 2 = 100k + 495,000.
const char* kTotals = "t AS {}(SELECT k, sum(v) AS total FROM r GROUP BY k) ";

TEST(SharedCte, AnAggregatingCteReadTwiceIsComputedOnce) {
  std::string sql = "WITH " + fmt::format(fmt::runtime(kTotals), "") +
                    "SELECT count(*) FROM t a JOIN t b ON b.k = a.k + 1 WHERE b.total > "
                    "(SELECT min(total) FROM t)";
  std::string explain;
  auto [value, scans] = RunCounted(sql, &explain);
  EXPECT_EQ(value, 99);  // pairs (k, k + 1) for k in 0..98; every b.total beats k = 0's
  EXPECT_EQ(scans, 1);
  EXPECT_NE(explain.find("Shared result t, computed once:"), std::string::npos) << explain;
}

TEST(SharedCte, NotMaterializedAndSingleUseCtesAreInlined) {
  std::string sql = "WITH " + fmt::format(fmt::runtime(kTotals), "NOT MATERIALIZED ") +
                    "SELECT count(*) FROM t a JOIN t b ON b.k = a.k + 1";
  auto [value, scans] = RunCounted(sql);
  EXPECT_EQ(value, 99);
  EXPECT_GE(scans, 2);  // each place reads r (the optimizer may read it once more)
  std::string once = "WITH " + fmt::format(fmt::runtime(kTotals), "") + "SELECT count(*) FROM t";
  std::string explain;
  EXPECT_EQ(RunCounted(once, &explain), std::make_pair(int64_t{100}, 1));
  EXPECT_EQ(explain.find("computed once"), std::string::npos) << explain;
}

TEST(SharedCte, APlainSelectionIsReadTwiceUnlessMaterialized) {
  std::string plain =
      "WITH s AS {}(SELECT k, v FROM r WHERE v < 5000) "
      "SELECT count(*) FROM s a JOIN s b ON a.v = b.v";
  EXPECT_EQ(RunCounted(fmt::format(fmt::runtime(plain), "")), std::make_pair(int64_t{5000}, 2));
  EXPECT_EQ(RunCounted(fmt::format(fmt::runtime(plain), "MATERIALIZED ")),
            std::make_pair(int64_t{5000}, 1));
}

TEST(SharedCte, ASharedCteInsideAnotherIsComputedOnceToo) {
  std::string sql = "WITH " + fmt::format(fmt::runtime(kTotals), "") +
                    ", u AS (SELECT a.k, a.total + b.total AS both_totals FROM t a JOIN t b "
                    "ON a.k = b.k GROUP BY a.k, a.total, b.total) "
                    "SELECT count(*) FROM u x JOIN u y ON x.k = y.k JOIN t z ON z.k = x.k";
  EXPECT_EQ(RunCounted(sql), std::make_pair(int64_t{100}, 1));
}

TEST(SharedCte, EachExecutionWithoutTheOptimizerComputesItsOwn) {
  std::string sql = "WITH " + fmt::format(fmt::runtime(kTotals), "") +
                    "SELECT sum(a.total) FROM t a JOIN t b ON b.k = a.k";
  OneTable catalog;
  PlanPtr plan = BindQuery(ParseSql(sql)[0].tree, sql, catalog);
  int64_t expected = 100 * 4950 + 100 * 495000;
  EXPECT_EQ(ExecuteWithoutOptimizer(plan).GetScalar(0, 0).int_value(), expected);
  EXPECT_EQ(ExecuteWithoutOptimizer(plan).GetScalar(0, 0).int_value(), expected);
  EXPECT_EQ(Execute(plan).GetScalar(0, 0).int_value(), expected);
  EXPECT_EQ(catalog.source->scans.load(), 3);
}

TEST(SharedCte, APlanExecutedAgainReadsItsDataAgain) {
  // A DataFrame is a plan that may be executed many times: the shared result lives from the
  // statement's binding to the end of one execution, not as long as the plan.
  std::string sql = "WITH " + fmt::format(fmt::runtime(kTotals), "") +
                    "SELECT count(*) FROM t a JOIN t b ON b.k = a.k";
  OneTable catalog;
  PlanPtr plan = BindQuery(ParseSql(sql)[0].tree, sql, catalog);
  EXPECT_EQ(Execute(plan).GetScalar(0, 0).int_value(), 100);
  EXPECT_EQ(catalog.source->scans.load(), 1);
  EXPECT_EQ(Execute(plan).GetScalar(0, 0).int_value(), 100);
  EXPECT_EQ(catalog.source->scans.load(), 2);
}

TEST(SharedCte, ExplainAnalyzeCountsTheSharedPlansRows) {
  std::string sql = "WITH " + fmt::format(fmt::runtime(kTotals), "") +
                    "SELECT count(*) FROM t a JOIN t b ON b.k = a.k";
  OneTable catalog;
  std::string text = ExplainAnalyze(BindQuery(ParseSql(sql)[0].tree, sql, catalog));
  size_t shared = text.find("Shared result t, computed once:");
  ASSERT_NE(shared, std::string::npos) << text;
  // The shared aggregate made 100 groups from the table's 10,000 rows.
  EXPECT_NE(text.find("actual rows=100 ", shared), std::string::npos) << text;
  EXPECT_NE(text.find("actual rows=10,000 ", shared), std::string::npos) << text;
}

}  // namespace
}  // namespace tally
