#include "report/html/number_format.h"

#include <gtest/gtest.h>

#include <cmath>

#include "report/html/axis_ticks.h"
#include "report/html/html_escape.h"

namespace tally {
namespace {

const std::string kMinus = "\xE2\x88\x92";

std::vector<double> Ticks(double lo, double hi, bool integer_steps = false) {
  return NiceTicks(lo, hi, 5, integer_steps).values;
}

TEST(NiceTicks, SmallRangeUsesTenths) {
  AxisTicks t = NiceTicks(0, 1);
  EXPECT_DOUBLE_EQ(t.step, 0.2);
  ASSERT_EQ(t.values.size(), 6u);
  EXPECT_DOUBLE_EQ(t.values[0], 0);
  EXPECT_DOUBLE_EQ(t.values[3], 0.6000000000000001);  // 3 * 0.2, not an accumulated sum
  EXPECT_DOUBLE_EQ(t.values[5], 1);
}

TEST(NiceTicks, LargeRangeRoundsUpToFiftyThousands) {
  AxisTicks t = NiceTicks(0, 168469.6);
  EXPECT_DOUBLE_EQ(t.step, 50000);
  EXPECT_EQ(t.values, (std::vector<double>{0, 50000, 100000, 150000, 200000}));
  EXPECT_DOUBLE_EQ(t.lo, 0);
  EXPECT_DOUBLE_EQ(t.hi, 200000);
}

TEST(NiceTicks, RangeAcrossZeroHasAnExactZeroTick) {
  AxisTicks t = NiceTicks(-0.3, 0.5);
  EXPECT_DOUBLE_EQ(t.step, 0.2);
  ASSERT_EQ(t.values.size(), 6u);
  EXPECT_DOUBLE_EQ(t.lo, -0.4);
  EXPECT_DOUBLE_EQ(t.hi, 0.6000000000000001);
  EXPECT_EQ(t.values[2], 0.0);  // exactly zero, so the label is "0" and not "-0"
  EXPECT_EQ(FormatTick(t.values[0], t.step, ValueUnit::kPercent), kMinus + "40%");
  EXPECT_EQ(FormatTick(t.values[2], t.step, ValueUnit::kPercent), "0%");
  EXPECT_EQ(FormatTick(t.values[4], t.step, ValueUnit::kPercent), "40%");
}

TEST(NiceTicks, SingleValueGetsARangeAroundIt) {
  AxisTicks t = NiceTicks(7, 7);
  EXPECT_EQ(t.values, (std::vector<double>{6, 6.5, 7, 7.5, 8}));
  AxisTicks bars = ValueAxisTicks(7, 7, 5, true);  // bars start at zero
  EXPECT_EQ(bars.values, (std::vector<double>{0, 2, 4, 6, 8}));
  AxisTicks negative = NiceTicks(-250, -250);
  EXPECT_LT(negative.lo, -250);
  EXPECT_GT(negative.hi, -250);
}

TEST(NiceTicks, AllZeroAndEmptyDataGiveAUnitAxis) {
  EXPECT_EQ(Ticks(0, 0), (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
  EXPECT_EQ(Ticks(0, 0, true), (std::vector<double>{0, 1}));
  // Non-finite bounds (what an empty min/max might be) are treated as zero.
  AxisTicks t = NiceTicks(NAN, INFINITY, 5, true);
  EXPECT_EQ(t.values, (std::vector<double>{0, 1}));
  EXPECT_LT(t.lo, t.hi);
}

TEST(NiceTicks, CountsNeverStepByFractions) {
  EXPECT_EQ(Ticks(0, 3, true), (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(Ticks(0, 1711, true), (std::vector<double>{0, 500, 1000, 1500, 2000}));
}

TEST(NiceTicks, ReversedBoundsAreSwapped) {
  EXPECT_EQ(Ticks(10, 0), Ticks(0, 10));
}

TEST(FormatTick, ThousandsCurrencyAndCompactForms) {
  EXPECT_EQ(FormatTick(2500, 500, ValueUnit::kCount), "2,500");
  EXPECT_EQ(FormatTick(150000, 50000, ValueUnit::kGbp), "£150K");
  EXPECT_EQ(FormatTick(0, 50000, ValueUnit::kGbp), "£0");
  EXPECT_EQ(FormatTick(1200000, 200000, ValueUnit::kCount), "1.2M");
  EXPECT_EQ(FormatTick(1000000, 200000, ValueUnit::kCount), "1M");
  EXPECT_EQ(FormatTick(800000, 200000, ValueUnit::kCount), "800K");
  EXPECT_EQ(FormatTick(-100000, 50000, ValueUnit::kGbp), kMinus + "£100K");
  EXPECT_EQ(FormatTick(0.4, 0.2, ValueUnit::kCount), "0.4");
  EXPECT_EQ(FormatTick(0.05, 0.05, ValueUnit::kPercent), "5%");
  EXPECT_EQ(FormatTick(0.025, 0.005, ValueUnit::kPercent), "2.5%");
  EXPECT_EQ(FormatTick(NAN, 1, ValueUnit::kCount), "");
}

TEST(FormatNumbers, MoneyIsExactWithSeparators) {
  EXPECT_EQ(FormatGbp(Scalar::Decimal(123456789, 18, 2)), "£1,234,567.89");
  EXPECT_EQ(FormatGbp(Scalar::Decimal(-500, 18, 2)), kMinus + "£5.00");
  EXPECT_EQ(FormatGbp(Scalar::Decimal(1, 18, 3)), "£0.00");
  EXPECT_EQ(FormatGbp(Scalar::Decimal(493207121, 18, 3)), "£493,207.12");
  EXPECT_EQ(FormatGbp(Scalar::Decimal(15000, 18, 3)), "£15.00");
  EXPECT_EQ(FormatGbp(Scalar::Decimal(7, 18, 0)), "£7.00");
  EXPECT_EQ(FormatGbp(Scalar::Null(DataType::Decimal(18, 2))), "\xE2\x80\x93");
  EXPECT_EQ(RawNumber(Scalar::Decimal(1234500, 18, 3)), "1234.5");
  EXPECT_EQ(RawNumber(Scalar::Decimal(-1200, 18, 2)), "-12");
  EXPECT_EQ(RawNumber(Scalar::Int64(42)), "42");
  EXPECT_EQ(RawNumber(0.1), "0.1");
  EXPECT_EQ(RawNumber(-0.0), "0");
  EXPECT_EQ(RawNumber(NAN), "");
}

TEST(FormatNumbers, CountsPercentagesAndFixed) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(-1234567), kMinus + "1,234,567");
  EXPECT_EQ(FormatPercent(0.0123), "+1.2%");
  EXPECT_EQ(FormatPercent(-0.25), kMinus + "25.0%");
  EXPECT_EQ(FormatPercent(0.0), "0.0%");
  EXPECT_EQ(FormatFixed(-0.001, 2), "0.00");  // no sign on a value that rounds to zero
  EXPECT_EQ(FormatFixed(1234.5, 1), "1,234.5");
  EXPECT_EQ(FormatValue(1711, ValueUnit::kCount), "1,711");
  EXPECT_EQ(FormatValue(533.1725, ValueUnit::kGbp), "£533.17");
}

TEST(EscapeHtml, ReplacesEveryMarkupCharacter) {
  EXPECT_EQ(EscapeHtml("Can't <Lose> & \"more\""), "Can&#39;t &lt;Lose&gt; &amp; &quot;more&quot;");
  EXPECT_EQ(EscapeHtml("plain £ text"), "plain £ text");
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(NumberFormat, SignificantDigitsForPeople) {
  EXPECT_EQ(FormatSignificant(149.972963487965), "149.973");
  EXPECT_EQ(FormatSignificant(3.16329173248933), "3.16329");
  EXPECT_EQ(FormatSignificant(2.5), "2.5");
  EXPECT_EQ(FormatSignificant(-0.3),
            "\xE2\x88\x92"
            "0.3");
  EXPECT_EQ(FormatSignificant(0.000123456789), "0.000123457");
  EXPECT_EQ(FormatSignificant(21380976119000.0), "21,381,000,000,000");
  EXPECT_EQ(FormatSignificant(999999.7), "1,000,000");
  EXPECT_EQ(FormatSignificant(123456.4), "123,456");
  EXPECT_EQ(FormatSignificant(0), "0");
  EXPECT_EQ(FormatSignificant(1.23457e22), "12,345,700,000,000,000,000,000");
  EXPECT_EQ(FormatSignificant(100), "100");
  EXPECT_EQ(FormatSignificant(0.5), "0.5");
  EXPECT_EQ(FormatSignificant(-1e-9),
            "\xE2\x88\x92"
            "0.000000001");
  EXPECT_EQ(FormatSignificant(std::nan("")), "\xE2\x80\x93");
}

}  // namespace
}  // namespace tally
