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
}

TEST(ClosestName, SuggestsOnlyNearNames) {
  EXPECT_EQ(ClosestName("countr", {"country", "quantity"}), "country");
  EXPECT_EQ(ClosestName("zzz", {"country", "quantity"}), "");
}

}  // namespace
}  // namespace tally
