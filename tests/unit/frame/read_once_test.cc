// Aggregation past the memory budget reads its input once: over a source that can be read only
// once (a pipe, standard input) it still gives the in-memory answer.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "../exec/test_util.h"
#include "common/error.h"
#include "frame/dataframe.h"
#include "spill_test_util.h"

namespace tally {
namespace {

using namespace tally::testing;

// 200,000 rows (k = a scramble of i over 40,000 keys, v = i % 1000, s = "s" + i % 5000), which
// refuses a second scan.
class ReadOnceSource : public DataSource {
 public:
  ReadOnceSource()
      : schema_(std::make_shared<Schema>(std::vector<Field>{
            {"k", DataType::Int64()}, {"v", DataType::Int64()}, {"s", DataType::String()}})) {}
  const std::shared_ptr<const Schema>& schema() const override { return schema_; }
  std::string Describe() const override { return "read-once"; }
  void Scan(const std::vector<int>& columns, const ExprNode*,
            const BatchConsumer& consumer) const override {
    if (scans_.fetch_add(1) > 0) ThrowError("read-once source scanned twice");
    for (size_t start = 0, seq = 0; start < kRows; start += 8192, ++seq) {
      size_t n = std::min<size_t>(8192, kRows - start);
      Batch b;
      b.num_rows = n;
      for (int c : columns) {
        auto column = Column::Make(schema_->field(static_cast<size_t>(c)).type);
        for (size_t i = start; i < start + n; ++i) {
          if (c == 0) column->Append<int64_t>(static_cast<int64_t>((i * 2654435761u) % 40000));
          if (c == 1) column->Append<int64_t>(static_cast<int64_t>(i % 1000));
          if (c == 2) column->AppendString("s" + std::to_string(i % 5000));
        }
        b.columns.push_back(column);
      }
      consumer(std::move(b), seq);
    }
  }
  int scans() const { return scans_.load(); }

 private:
  static constexpr size_t kRows = 200000;
  std::shared_ptr<const Schema> schema_;
  mutable std::atomic<int> scans_{0};
};

DataFrame ReadOnce(std::shared_ptr<ReadOnceSource>* source) {
  *source = std::make_shared<ReadOnceSource>();
  return DataFrame::FromPlan(MakeScanNode(*source));
}

DataFrame Grouped(const DataFrame& df) {
  return df.group_by({col("k")})
      .agg({sum(col("v")).alias("total"), count_star().alias("n"), median(col("v")).alias("med"),
            count_distinct(col("s")).alias("names")});
}

DataFrame Global(const DataFrame& df) {
  return df.agg({sum(col("v")).alias("total"), median(col("v")).alias("med"),
                 count_distinct(col("s")).alias("names"), mode(col("v")).alias("common"),
                 quantile_interp(col("k"), 0.9).alias("p90")});
}

TEST(ReadOnce, GroupedAggregationPastTheBudgetReadsItsInputOnce) {
  std::shared_ptr<ReadOnceSource> source;
  std::vector<std::string> expected = SortedRows(Grouped(ReadOnce(&source)).collect());
  ASSERT_EQ(expected.size(), 40000u);
  TinyBudget budget(256 << 10, "read_once_grouped");
  std::vector<std::string> spilled = SortedRows(Grouped(ReadOnce(&source)).collect());
  EXPECT_TRUE(budget.Spilled());
  EXPECT_EQ(source->scans(), 1);
  EXPECT_EQ(spilled, expected);
  EXPECT_EQ(budget.FilesLeft(), 0u);
}

TEST(ReadOnce, GlobalHolisticAggregatesPastTheBudgetInOneScan) {
  std::shared_ptr<ReadOnceSource> source;
  std::vector<std::string> expected = SortedRows(Global(ReadOnce(&source)).collect());
  EXPECT_EQ(source->scans(), 1);
  TinyBudget budget(64 << 10, "read_once_global");
  std::vector<std::string> spilled = SortedRows(Global(ReadOnce(&source)).collect());
  EXPECT_TRUE(budget.Spilled());
  EXPECT_EQ(source->scans(), 1);
  EXPECT_EQ(spilled, expected);
}

TEST(ReadOnce, DistinctPastTheBudgetReadsItsInputOnce) {
  std::shared_ptr<ReadOnceSource> source;
  auto distinct = [&] { return ReadOnce(&source).select({col("k"), col("s")}).distinct(); };
  std::vector<std::string> expected = SortedRows(distinct().collect());
  TinyBudget budget(128 << 10, "read_once_distinct");
  std::vector<std::string> spilled = SortedRows(distinct().collect());
  EXPECT_TRUE(budget.Spilled());
  EXPECT_EQ(source->scans(), 1);
  EXPECT_EQ(spilled, expected);
}

}  // namespace
}  // namespace tally
