#include "report/text_table.h"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(TextTable, AlignsColumns) {
  TextTable t({"name", "rows"});
  t.SetAlign(1, TextTable::Align::kRight);
  t.AddRow({"retail", "541,909"});
  t.AddRow({"wdi", "12"});
  EXPECT_EQ(t.Render(),
            "name       rows\n"
            "------  -------\n"
            "retail  541,909\n"
            "wdi          12\n");
}

TEST(TextTable, CountsUtf8CodePoints) {
  EXPECT_EQ(DisplayWidth("£12"), 3u);
  TextTable t({"a", "b"});
  t.AddRow({"£", "x"});
  t.AddRow({"ab", "y"});
  EXPECT_EQ(t.Render(), "a   b\n--  -\n£   x\nab  y\n");
}

TEST(TextTable, ShowsControlCharactersFromDataInsteadOfSendingThem) {
  TextTable t({"col\x1b[31m"});
  t.AddRow({"line1\nline2"});
  EXPECT_EQ(t.Render(),
            "col\\x1b[31m\n"
            "------------\n"
            "line1\\nline2\n");
}

TEST(WithThousands, GroupsDigits) {
  EXPECT_EQ(WithThousands("0"), "0");
  EXPECT_EQ(WithThousands("999"), "999");
  EXPECT_EQ(WithThousands("1000"), "1,000");
  EXPECT_EQ(WithThousands("-1234567.891"), "-1,234,567.891");
  EXPECT_EQ(WithThousands("123456"), "123,456");
}

TEST(FormatBytes, UsesDecimalUnits) {
  EXPECT_EQ(FormatBytes(999), "999 B");
  EXPECT_EQ(FormatBytes(3301779), "3.3 MB");
}

}  // namespace
}  // namespace tally
