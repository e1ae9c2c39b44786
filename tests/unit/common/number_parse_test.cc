#include "common/number_parse.h"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(ParseInt64, AcceptsSignsAndLimits) {
  int64_t v;
  ASSERT_TRUE(ParseInt64("0", &v));
  EXPECT_EQ(v, 0);
  ASSERT_TRUE(ParseInt64("-17", &v));
  EXPECT_EQ(v, -17);
  ASSERT_TRUE(ParseInt64("+42", &v));
  EXPECT_EQ(v, 42);
  ASSERT_TRUE(ParseInt64("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  ASSERT_TRUE(ParseInt64("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
}

TEST(ParseInt64, RejectsGarbageAndOverflow) {
  int64_t v;
  EXPECT_FALSE(ParseInt64("", &v));
  EXPECT_FALSE(ParseInt64("-", &v));
  EXPECT_FALSE(ParseInt64("12a", &v));
  EXPECT_FALSE(ParseInt64("1.0", &v));
  EXPECT_FALSE(ParseInt64(" 1", &v));
  EXPECT_FALSE(ParseInt64("9223372036854775808", &v));
}

TEST(ParseInt32, RejectsOutOfRange) {
  int32_t v;
  ASSERT_TRUE(ParseInt32("-2147483648", &v));
  EXPECT_EQ(v, INT32_MIN);
  EXPECT_FALSE(ParseInt32("2147483648", &v));
}

TEST(ParseDecimal, ScalesExactly) {
  int64_t v;
  ASSERT_TRUE(ParseDecimal("2.55", 18, 3, &v));
  EXPECT_EQ(v, 2550);
  ASSERT_TRUE(ParseDecimal("0.001", 18, 3, &v));
  EXPECT_EQ(v, 1);
  ASSERT_TRUE(ParseDecimal("-11062.06", 18, 3, &v));
  EXPECT_EQ(v, -11062060);
  ASSERT_TRUE(ParseDecimal("7", 18, 3, &v));
  EXPECT_EQ(v, 7000);
  ASSERT_TRUE(ParseDecimal(".5", 18, 3, &v));
  EXPECT_EQ(v, 500);
  ASSERT_TRUE(ParseDecimal("3.", 18, 3, &v));
  EXPECT_EQ(v, 3000);
  ASSERT_TRUE(ParseDecimal("1.25000", 18, 3, &v));  // trailing zeros beyond scale are exact
  EXPECT_EQ(v, 1250);
}

TEST(ParseDecimal, RejectsRoundingAndOverflow) {
  int64_t v;
  EXPECT_FALSE(ParseDecimal("1.2345", 18, 3, &v));
  EXPECT_FALSE(ParseDecimal("1.2.3", 18, 3, &v));
  EXPECT_FALSE(ParseDecimal("", 18, 3, &v));
  EXPECT_FALSE(ParseDecimal(".", 18, 3, &v));
  EXPECT_FALSE(ParseDecimal("1e3", 18, 3, &v));
  EXPECT_FALSE(ParseDecimal("12345.6", 5, 1, &v));
  ASSERT_TRUE(ParseDecimal("1234.5", 5, 1, &v));
  EXPECT_EQ(v, 12345);
}

TEST(ParseDouble, ParsesTheWholeText) {
  double d;
  ASSERT_TRUE(ParseDouble("3.25", &d));
  EXPECT_EQ(d, 3.25);
  ASSERT_TRUE(ParseDouble("-1e-3", &d));
  EXPECT_EQ(d, -0.001);
  ASSERT_TRUE(ParseDouble("+2", &d));
  EXPECT_EQ(d, 2.0);
  EXPECT_FALSE(ParseDouble("3.25x", &d));
  EXPECT_FALSE(ParseDouble("", &d));
}

TEST(FormatDecimal, PadsAndSigns) {
  EXPECT_EQ(FormatDecimal(1250, 3), "1.250");
  EXPECT_EQ(FormatDecimal(1, 3), "0.001");
  EXPECT_EQ(FormatDecimal(-1, 3), "-0.001");
  EXPECT_EQ(FormatDecimal(-11062060, 3), "-11062.060");
  EXPECT_EQ(FormatDecimal(42, 0), "42");
  EXPECT_EQ(FormatDecimal(INT64_MIN, 0), "-9223372036854775808");
  __int128 big = static_cast<__int128>(INT64_MAX) * 1000;
  EXPECT_EQ(FormatDecimal128(big, 3), "9223372036854775807.000");
}

TEST(FormatMoneyDecimal, TwoDecimalsRoundedHalfAwayFromZero) {
  EXPECT_EQ(FormatMoneyDecimal(15000, 3), "15.00");
  EXPECT_EQ(FormatMoneyDecimal(493207121, 3), "493207.12");
  EXPECT_EQ(FormatMoneyDecimal(5, 3), "0.01");
  EXPECT_EQ(FormatMoneyDecimal(-5, 3), "-0.01");
  EXPECT_EQ(FormatMoneyDecimal(4, 3), "0.00");
  EXPECT_EQ(FormatMoneyDecimal(-1234565, 4), "-123.46");
  EXPECT_EQ(FormatMoneyDecimal(-11062060, 3), "-11062.06");
  EXPECT_EQ(FormatMoneyDecimal(15, 0), "15.00");
  EXPECT_EQ(FormatMoneyDecimal(-5, 1), "-0.50");
  // Scaling up to two decimals does not overflow 64 bits.
  EXPECT_EQ(FormatMoneyDecimal(INT64_MAX, 0), "9223372036854775807.00");
}

}  // namespace
}  // namespace tally
