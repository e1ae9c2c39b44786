// String statistics are cut to bounds of at most kStatisticsStringBytes: a 64 MB value once
// went whole into the footer and the catalog (268 MB of JSON).
#include <gtest/gtest.h>

#include <string>

#include "io/parquet/parquet_statistics.h"
#include "io/utf8.h"

namespace tally {
namespace {

TEST(StatisticsBounds, ShortValuesStayExact) {
  EXPECT_EQ(StatisticsMinBound("WHITE HANGING HEART"), "WHITE HANGING HEART");
  EXPECT_EQ(StatisticsMaxBound("WHITE HANGING HEART"), "WHITE HANGING HEART");
  std::string exactly(kStatisticsStringBytes, 'z');
  EXPECT_EQ(StatisticsMaxBound(exactly), exactly);
}

TEST(StatisticsBounds, LongValuesBecomeBoundsOfValidUtf8) {
  std::string long_value = std::string(63, 'a') + "\xC3\xA9" + std::string(1000, 'b');  // é
  std::string min = StatisticsMinBound(long_value);
  auto max = StatisticsMaxBound(long_value);
  ASSERT_TRUE(max.has_value());
  EXPECT_LE(min.size(), kStatisticsStringBytes);
  EXPECT_LE(max->size(), kStatisticsStringBytes);
  EXPECT_EQ(min, std::string(63, 'a'));  // the two-byte character does not fit: cut before it
  EXPECT_EQ(*max, std::string(62, 'a') + "b");
  EXPECT_LE(min, long_value);
  EXPECT_GE(*max, long_value);
  EXPECT_TRUE(IsValidUtf8(min));
  EXPECT_TRUE(IsValidUtf8(*max));
}

TEST(StatisticsBounds, IncrementSkipsSurrogatesAndCarriesPastTheLastCodePoint) {
  std::string before_surrogates = std::string(61, 'x') + "\xED\x9F\xBF" + "tail";  // U+D7FF
  auto max = StatisticsMaxBound(before_surrogates);
  ASSERT_TRUE(max.has_value());
  EXPECT_EQ(*max, std::string(61, 'x') + "\xEE\x80\x80");  // U+E000
  EXPECT_GE(*max, before_surrogates);
  EXPECT_TRUE(IsValidUtf8(*max));

  std::string top(16 * 4, '\0');
  for (size_t i = 0; i < 16; ++i) top.replace(i * 4, 4, "\xF4\x8F\xBF\xBF");  // U+10FFFF
  EXPECT_FALSE(StatisticsMaxBound(top + "more").has_value());
  EXPECT_EQ(StatisticsMaxBound("a" + top), std::string("b"));  // 65 bytes, cut to 61
  // U+007F becomes the two-byte U+0080 when incremented: carry instead of passing 64 bytes.
  std::string del = std::string(63, 'a') + "\x7F" + "more";
  auto bound = StatisticsMaxBound(del);
  ASSERT_TRUE(bound.has_value());
  EXPECT_EQ(*bound, std::string(62, 'a') + "b");
  EXPECT_GE(*bound, del);
}

}  // namespace
}  // namespace tally
