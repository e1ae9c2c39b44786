#include "sql/sql_parse.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace tally {
namespace {

std::string Kind(const SqlStatement& s) {
  return s.tree.begin().key();
}

TEST(ParseSql, StatementsInOrderWithTheirPlaces) {
  std::string text = "SELECT 1;\n  SELECT 'a;b' AS \"x;\" -- c;\n; CREATE VIEW v AS SELECT 2";
  auto statements = ParseSql(text);
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(Kind(statements[0]), "SelectStmt");
  EXPECT_EQ(text.substr(statements[1].begin, 6), "SELECT");
  EXPECT_EQ(Kind(statements[2]), "ViewStmt");
}

TEST(ParseSql, DescribeAmongOtherStatementsKeepsItsPlace) {
  std::string text =
      "SELECT ';' AS a; -- describe x;\n/* c; */ DESC \"Mixed Case\";\n"
      "select $$;describe t$$; describe plain";
  auto statements = ParseSql(text);
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(Kind(statements[0]), "SelectStmt");
  EXPECT_EQ(Kind(statements[1]), "DescribeStmt");
  EXPECT_EQ(statements[1].tree["DescribeStmt"]["relname"], "Mixed Case");
  EXPECT_EQ(Kind(statements[2]), "SelectStmt");
  EXPECT_EQ(Kind(statements[3]), "DescribeStmt");
  EXPECT_EQ(statements[3].tree["DescribeStmt"]["relname"], "plain");
  EXPECT_EQ(text.substr(statements[3].tree["DescribeStmt"]["location"].get<size_t>()), "plain");
}

TEST(ParseSql, ErrorsPointAtTheLineAndToken) {
  try {
    ParseSql("SELECT 1;\nSELEC 2");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("syntax error at or near \"SELEC\""), std::string::npos);
    EXPECT_NE(e.message().find("LINE 2: SELEC 2\n        ^"), std::string::npos) << e.message();
  }
  EXPECT_THROW(ParseSql("DESCRIBE a b"), Error);
  EXPECT_THROW(ParseSql(std::string("SELECT 1\0; DROP TABLE t", 24)), Error);
  try {
    ParseSql("SELECT 1 AS \"a\xff\"");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("invalid byte sequence for encoding \"UTF8\": 0xff\nLINE 1: "),
              std::string::npos)
        << e.message();
  }
}

TEST(SplitStatements, CutsAtSemicolonsOutsideQuotesAndCommentsFromEachFirstToken) {
  std::string text = "  select ';' as \"a;\" ; /* x; /* y; */ */ -- z;\n$t$;$t$ ;select 2";
  ScriptSpans spans = SplitStatements(text);
  EXPECT_FALSE(spans.open);
  ASSERT_EQ(spans.statements.size(), 3u);
  EXPECT_EQ(text.substr(spans.statements[0].begin, 6), "select");
  EXPECT_EQ(text[spans.statements[0].end], ';');
  EXPECT_EQ(text.substr(spans.statements[1].begin, 3), "$t$");
  EXPECT_TRUE(spans.statements[1].terminated);
  EXPECT_EQ(text.substr(spans.statements[2].begin), "select 2");
  EXPECT_FALSE(spans.statements[2].terminated);
  // An empty statement is a span of its own; blanks and comments after the last ';' are none.
  spans = SplitStatements("; -- done");
  ASSERT_EQ(spans.statements.size(), 1u);
  EXPECT_EQ(spans.statements[0].begin, spans.statements[0].end);
  // Text that ends inside a quote or a comment is open.
  EXPECT_TRUE(SplitStatements("select 'a;").open);
  EXPECT_TRUE(SplitStatements("select 1 /* a; /* b */;").open);
  EXPECT_TRUE(SplitStatements("select $q$ a;").open);
  EXPECT_FALSE(SplitStatements("select $1;").open);  // a parameter, not a dollar quote
}

TEST(ClosestName, SuggestsOnlyNearNames) {
  EXPECT_EQ(ClosestName("countr", {"country", "quantity"}), "country");
  EXPECT_EQ(ClosestName("zzz", {"country", "quantity"}), "");
}

}  // namespace
}  // namespace tally
