#include <gtest/gtest.h>

#include <filesystem>

#include "../exec/test_util.h"
#include "exec/data_source.h"
#include "frame/dataframe.h"
#include "io/parquet/parquet_writer.h"

namespace tally {
namespace {

using namespace tally::testing;

TEST(RowGroupPruning, MinMaxDecisions) {
  std::vector<ColumnRange> r = {{"x", Scalar::Int64(100), Scalar::Int64(199)}};
  auto x = MakeColumnRef("x");
  auto lit = [](int64_t v) { return MakeLiteral(Scalar::Int64(v)); };
  EXPECT_FALSE(MayMatch(*MakeCall(">=", {x, lit(200)}), r));
  EXPECT_TRUE(MayMatch(*MakeCall(">=", {x, lit(199)}), r));
  EXPECT_FALSE(MayMatch(*MakeCall("<", {x, lit(100)}), r));
  EXPECT_TRUE(MayMatch(*MakeCall("<=", {x, lit(100)}), r));
  EXPECT_FALSE(MayMatch(*MakeCall("==", {lit(5), x}), r));
  EXPECT_FALSE(
      MayMatch(*MakeCall("and", {MakeCall(">", {x, lit(150)}), MakeCall(">", {x, lit(500)})}), r));
  EXPECT_TRUE(
      MayMatch(*MakeCall("or", {MakeCall(">", {x, lit(150)}), MakeCall(">", {x, lit(500)})}), r));
  // Unknown shapes never prune.
  EXPECT_TRUE(MayMatch(*MakeCall(">", {MakeCall("+", {x, lit(1)}), lit(1000)}), r));
}

TEST(ParquetScan, FilterPushdownReadsOnlyMatchingRows) {
  std::string path = ::testing::TempDir() + "/engine_scan_test.parquet";
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{{"x", DataType::Int64(), true}, {"s", DataType::String(), true}});
  ParquetWriteOptions options;
  options.row_group_rows = 100;
  {
    ParquetWriter writer(path, schema, options);
    std::vector<std::optional<int64_t>> xs;
    std::vector<std::optional<std::string>> ss;
    for (int i = 0; i < 1000; ++i) {
      xs.push_back(i);
      ss.push_back(i % 2 ? "odd" : "even");
    }
    Batch b;
    b.schema = schema;
    b.columns = {Int64s(xs), Strings(ss)};
    b.num_rows = 1000;
    writer.Write(b);
    writer.Close();
  }
  DataFrame d = DataFrame::ReadParquet({path});
  DataFrame q =
      d.filter(col("x") >= int64_t{950}).agg({count_star().alias("n"), sum(col("x")).alias("s")});
  Table t = q.collect();
  EXPECT_EQ(t.GetScalar(0, "n").int_value(), 50);
  EXPECT_EQ(t.GetScalar(0, "s").int_value(), 48725);  // 950 + ... + 999
  Table odd = d.filter(col("s") == "odd" && col("x") < 10).select({col("x")}).collect();
  EXPECT_EQ(Texts(*odd.column("x")), (std::vector<std::string>{"1", "3", "5", "7", "9"}));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tally
