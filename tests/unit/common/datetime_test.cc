#include "common/datetime.h"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(Datetime, DaysRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2011, 12, 9), 15317);
  int y;
  unsigned m, d;
  CivilFromDays(15317, &y, &m, &d);
  EXPECT_EQ(y, 2011);
  EXPECT_EQ(m, 12u);
  EXPECT_EQ(d, 9u);
}

TEST(Datetime, ParsesDates) {
  int32_t days;
  ASSERT_TRUE(ParseDate("2010-12-01", &days));
  EXPECT_EQ(FormatDate(days), "2010-12-01");
  ASSERT_TRUE(ParseDate("2012-02-29", &days));
  EXPECT_FALSE(ParseDate("2011-02-29", &days));
  EXPECT_FALSE(ParseDate("2011-13-01", &days));
  EXPECT_FALSE(ParseDate("2011-1-01", &days));
  EXPECT_FALSE(ParseDate("20110101", &days));
}

TEST(Datetime, ParsesTimestamps) {
  int64_t t;
  ASSERT_TRUE(ParseTimestamp("2010-12-01 08:26:00", &t));
  EXPECT_EQ(FormatTimestamp(t), "2010-12-01 08:26:00");
  ASSERT_TRUE(ParseTimestamp("2010-12-01 08:26", &t));
  EXPECT_EQ(FormatTimestamp(t), "2010-12-01 08:26:00");
  ASSERT_TRUE(ParseTimestamp("2010-12-01T23:59:59.5", &t));
  EXPECT_EQ(FormatTimestamp(t), "2010-12-01 23:59:59.5");
  ASSERT_TRUE(ParseTimestamp("1969-12-31 23:59:59.000001", &t));
  EXPECT_EQ(t, -999999);
  EXPECT_EQ(FormatTimestamp(t), "1969-12-31 23:59:59.000001");
  EXPECT_EQ(TimestampToDays(t), -1);
  ASSERT_TRUE(ParseTimestamp("2011-06-05", &t));
  EXPECT_EQ(FormatTimestamp(t), "2011-06-05 00:00:00");
}

TEST(Datetime, RejectsBadTimestamps) {
  int64_t t;
  EXPECT_FALSE(ParseTimestamp("2010-12-01 24:00:00", &t));
  EXPECT_FALSE(ParseTimestamp("2010-12-01 08:60", &t));
  EXPECT_FALSE(ParseTimestamp("2010-12-01 08:26:00.1234567", &t));
  EXPECT_FALSE(ParseTimestamp("2010-12-01 08:26:00.", &t));
  EXPECT_FALSE(ParseTimestamp("2010-12-01 8:26", &t));
  EXPECT_FALSE(ParseTimestamp("12/1/2010 8:26", &t));
}

}  // namespace
TEST(Datetime, SupportedRangeIsWhatTheTextFormatsRoundTrip) {
  EXPECT_EQ(DaysFromCivil(0, 1, 1), kMinDate);
  EXPECT_EQ(DaysFromCivil(9999, 12, 31), kMaxDate);
  EXPECT_EQ(FormatDate(static_cast<int32_t>(kMinDate)), "0000-01-01");
  EXPECT_EQ(FormatTimestamp(kMaxTimestamp), "9999-12-31 23:59:59.999999");
  int64_t micros;
  ASSERT_TRUE(ParseTimestamp(FormatTimestamp(kMinTimestamp), &micros));
  EXPECT_EQ(micros, kMinTimestamp);
  EXPECT_TRUE(IsSupportedTimestamp(kMaxTimestamp));
  EXPECT_FALSE(IsSupportedTimestamp(kMaxTimestamp + 1));
  EXPECT_FALSE(IsSupportedDate(kMinDate - 1));
}

namespace {

TEST(Datetime, TimestampsWithAUtcOffsetAreConvertedToUtc) {
  int64_t plain, t;
  ASSERT_TRUE(ParseTimestamp("2011-01-02 02:04:05", &plain));
  for (const char* text :
       {"2011-01-02T02:04:05Z", "2011-01-02T03:04:05+01:00", "2011-01-02 03:04:05+01",
        "2011-01-02T03:04:05+0100", "2011-01-01T20:34:05-05:30", "2011-01-02T02:04:05.000000Z"}) {
    ASSERT_TRUE(ParseTimestampUtc(text, &t)) << text;
    EXPECT_EQ(t, plain) << text;
  }
  for (const char* text : {"2011-01-02T02:04Z", "2011-01-02T03:04+01:00", "2011-01-01 21:04-05"}) {
    ASSERT_TRUE(ParseTimestampUtc(text, &t)) << text;  // an offset right after HH:MM
    EXPECT_EQ(t, plain - 5 * kMicrosPerSecond) << text;
  }
  ASSERT_TRUE(ParseTimestampUtc("2011-01-02", &t));  // a date alone: midnight
  EXPECT_TRUE(ParseTimestampUtc("2011-01-02 02:04:05", &t));
  EXPECT_EQ(t, plain);
  for (const char* bad :
       {"2011-01-02T03:04:05+1", "2011-01-02T03:04:05+01:0", "2011-01-02T03:04:05+24:00",
        "2011-01-02T03:04:05 Z", "2011-01-02Z", "2011-01-02T03:04:05+01:00:00:00"})
    EXPECT_FALSE(ParseTimestampUtc(bad, &t)) << bad;
}

}  // namespace
}  // namespace tally
