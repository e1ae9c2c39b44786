#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../exec/test_util.h"
#include "frame/dataframe.h"

namespace tally {
namespace {

TEST(ParsesText, TrueOnlyWhenACsvScanIsInThePlan) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("tally_parses_text_" + std::to_string(::getpid()) + ".csv"))
                         .string();
  {
    std::ofstream out(path);
    out << "k,v\na,1\nb,2\na,3\n";
  }
  DataFrame csv = DataFrame::ReadCsv(path);
  DataFrame derived = csv.filter(col("v") > 1).group_by({col("k")}).agg({sum(col("v"))});
  EXPECT_TRUE(csv.parses_text());
  EXPECT_TRUE(derived.parses_text());
  // A join reaches the CSV through its right side only.
  DataFrame memory = csv.cache();
  EXPECT_FALSE(memory.parses_text());
  EXPECT_TRUE(memory.join(csv, {"k"}).parses_text());
  EXPECT_FALSE(memory.join(memory, {"k"}).parses_text());
  // The cached data is the file's: 3 rows, v summing to 6.
  Table t = memory.agg({count_star().alias("n"), sum(col("v")).alias("s")}).collect();
  EXPECT_EQ(t.GetScalar(0, "n").int_value(), 3);
  EXPECT_EQ(t.GetScalar(0, "s").int_value(), 6);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tally
