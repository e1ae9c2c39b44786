// The query context: two queries of one process run at once with budgets and spill places of
// their own, and a running query stops soon after it is cancelled.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "../exec/test_util.h"
#include "common/error.h"
#include "exec/query_context.h"
#include "exec/spill_file.h"
#include "frame/dataframe.h"

namespace tally {
namespace {

using namespace tally::testing;

// n rows: k = i % groups, v = i.
DataFrame Numbers(int64_t n, int64_t groups) {
  auto k = Column::Make(DataType::Int64());
  auto v = Column::Make(DataType::Int64());
  for (int64_t i = 0; i < n; ++i) {
    k->Append<int64_t>(i % groups);
    v->Append<int64_t>(i);
  }
  Batch b = MakeBatch({{"k", k}, {"v", v}});
  return DataFrame::FromTable(Table(b.schema, {b}));
}

// Batches of (k, v) without end, each with rows 0..4095: only cancellation ends a scan of it.
class EndlessSource : public DataSource {
 public:
  EndlessSource()
      : schema_(std::make_shared<Schema>(
            std::vector<Field>{{"k", DataType::Int64()}, {"v", DataType::Int64()}})) {}
  const std::shared_ptr<const Schema>& schema() const override { return schema_; }
  std::string Describe() const override { return "endless"; }
  void Scan(const std::vector<int>& columns, const ExprNode*,
            const BatchConsumer& consumer) const override {
    for (size_t sequence = 0;; ++sequence) {
      Batch b;
      b.schema = schema_;
      b.num_rows = 4096;
      for (int c : columns) {
        auto column = Column::Make(DataType::Int64());
        for (int64_t i = 0; i < 4096; ++i) column->Append<int64_t>(c == 0 ? i % 7 : i);
        b.columns.push_back(column);
      }
      consumer(std::move(b), sequence);
    }
  }

 private:
  std::shared_ptr<const Schema> schema_;
};

bool HasSpillDirectory(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename().string().starts_with("tally-spill-")) return true;
  return false;
}

TEST(QueryContext, TwoQueriesAtOnceWithTheirOwnBudgetsAndSpillPlaces) {
  DataFrame data = Numbers(400000, 50000);
  DataFrame grouped = data.group_by({col("k")}).agg({sum(col("v")).alias("s"), count_star()});
  DataFrame sorted = data.order_by({desc(col("v"))});
  // The answers with room to spare.
  std::vector<std::string> grouped_alone = SortedRows(grouped.collect());
  Table sorted_alone = sorted.collect();

  auto base =
      std::filesystem::temp_directory_path() / ("tally_query_context_" + std::to_string(getpid()));
  std::vector<std::filesystem::path> dirs = {base / "a", base / "b"};
  for (const auto& d : dirs) std::filesystem::create_directories(d);
  size_t files_before = SpillFilesCreated();
  size_t global_used = GlobalMemoryBudget().used();

  auto run = [&](int which) {
    auto context = QueryContext::Default();
    context->set_memory_limit(256 << 10);  // far too small: both queries must spill
    context->set_spill_temp_dir(dirs[static_cast<size_t>(which)]);
    return which == 0 ? grouped.collect(context) : sorted.collect(context);
  };
  auto first = std::async(std::launch::async, run, 0);
  auto second = std::async(std::launch::async, run, 1);
  Table grouped_result = first.get();
  Table sorted_result = second.get();

  EXPECT_EQ(SortedRows(grouped_result), grouped_alone);
  ASSERT_EQ(sorted_result.num_rows(), sorted_alone.num_rows());
  for (size_t r = 0; r < sorted_alone.num_rows(); r += 997)
    EXPECT_EQ(sorted_result.GetScalar(r, "v").ToString(),
              sorted_alone.GetScalar(r, "v").ToString());
  EXPECT_GT(SpillFilesCreated(), files_before);
  // Each spilled where its own context said, and nothing stayed reserved on the process budget.
  EXPECT_TRUE(HasSpillDirectory(dirs[0]));
  EXPECT_TRUE(HasSpillDirectory(dirs[1]));
  EXPECT_EQ(GlobalMemoryBudget().used(), global_used);
  RemoveSpillDirectory();
  std::filesystem::remove_all(base);
}

TEST(QueryContext, CancelStopsARunningQuery) {
  DataFrame endless = DataFrame::FromPlan(MakeScanNode(std::make_shared<EndlessSource>()));
  DataFrame query = endless.filter(col("v") % 2 == 0).group_by({col("k")}).agg({count_star()});
  auto context = QueryContext::Default();
  auto running = std::async(std::launch::async, [&] { return query.collect(context); });
  // Cancel once the query is under way (it has scanned batches), not after some guessed delay.
  while (context->progress().batches_scanned.load() < 10)
    ASSERT_EQ(running.wait_for(std::chrono::milliseconds(1)), std::future_status::timeout);
  auto cancelled_at = std::chrono::steady_clock::now();
  context->Cancel();
  EXPECT_THROW(running.get(), QueryCancelled);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - cancelled_at).count();
  // Operators check between batches: the query ends within a batch or so per thread.
  EXPECT_LT(seconds, 1.0);
}

TEST(QueryContext, CancelledBeforeItStarts) {
  auto context = QueryContext::Default();
  context->Cancel();
  EXPECT_THROW(Numbers(10, 2).collect(context), QueryCancelled);
}

TEST(QueryContext, ProgressCountsScannedRows) {
  auto context = QueryContext::Default();
  Table t = Numbers(100000, 10).filter(col("v") < 10).collect(context);
  EXPECT_EQ(t.num_rows(), 10u);
  EXPECT_EQ(context->progress().rows_scanned.load(), 100000u);
}

}  // namespace
}  // namespace tally
