// RFC 4180 tokenizing, seen through the reader with string columns.
#include <gtest/gtest.h>

#include "csv_test_util.h"
#include "io/csv/csv_tokenizer.h"

namespace tally::testing {
namespace {

Rows ReadStrings(const std::string& text, const std::vector<std::string>& names) {
  return ReadAll(WriteTemp("t.csv", text), StringSchema(names)).rows;
}

TEST(CsvTokenizer, PlainFields) {
  EXPECT_EQ(ReadStrings("a,b\n1,2\n3,4\n", {"a", "b"}), (Rows{{"1", "2"}, {"3", "4"}}));
}

TEST(CsvTokenizer, QuotedFieldsWithDelimitersNewlinesAndDoubledQuotes) {
  std::string text =
      "a,b,c\n"
      "\"x,y\",\"say \"\"hi\"\"\",\"line1\nline2\"\n"
      "\"\",,\"\"\"\"\n";
  EXPECT_EQ(ReadStrings(text, {"a", "b", "c"}),
            (Rows{{"x,y", "say \"hi\"", "line1\nline2"}, {"", "NULL", "\""}}));
}

TEST(CsvTokenizer, CrLfLineEnds) {
  EXPECT_EQ(ReadStrings("a,b\r\n1,\"2\"\r\n3,\r\n", {"a", "b"}), (Rows{{"1", "2"}, {"3", "NULL"}}));
}

TEST(CsvTokenizer, ByteOrderMarkIsDropped) {
  EXPECT_EQ(ReadStrings("\xEF\xBB\xBF"
                        "a,b\n1,2\n",
                        {"a", "b"}),
            (Rows{{"1", "2"}}));
}

TEST(CsvTokenizer, BlankLinesAndMissingFinalNewline) {
  EXPECT_EQ(ReadStrings("a,b\n1,2\n\n3,4", {"a", "b"}), (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(ReadStrings("a,b\n1,2\n\r\n\n\n", {"a", "b"}), (Rows{{"1", "2"}}));
  EXPECT_EQ(ReadStrings("a,b\n1,\"2\"", {"a", "b"}), (Rows{{"1", "2"}}));
}

TEST(CsvTokenizer, OtherDelimiterAndCarriageReturnInsideQuotes) {
  CsvOptions options;
  options.delimiter = ';';
  auto rows =
      ReadAll(WriteTemp("t.csv", "a;b\n\"1;\r2\";x,y\n"), StringSchema({"a", "b"}), options).rows;
  EXPECT_EQ(rows, (Rows{{"1;\r2", "x,y"}}));
}

TEST(CsvTokenizer, RecordsAndLinesDirectly) {
  std::string text = "a,\"b\nc\"\n\nd,e\r\n";
  CsvTokenizer tokenizer(text, ',');
  CsvRecord record;
  ASSERT_TRUE(tokenizer.Next(&record));
  EXPECT_EQ(record.line, 0u);
  ASSERT_EQ(record.fields.size(), 2u);
  EXPECT_TRUE(record.fields[1].quoted);
  EXPECT_EQ(record.fields[1].column, 3u);
  EXPECT_EQ(text.substr(record.fields[1].begin, record.fields[1].size), "b\nc");
  ASSERT_TRUE(tokenizer.Next(&record));
  EXPECT_EQ(record.line, 3u);  // after a two-line record and a blank line
  EXPECT_EQ(text.substr(record.begin, record.end - record.begin), "d,e");
  EXPECT_FALSE(tokenizer.Next(&record));
}

TEST(CsvTokenizer, UnescapeCollapsesDoubledQuotes) {
  std::string scratch;
  EXPECT_EQ(UnescapeField("a\"\"b\"\"", &scratch), "a\"b\"");
}

}  // namespace
}  // namespace tally::testing
