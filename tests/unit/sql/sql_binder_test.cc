#include "sql/sql_binder.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error.h"
#include "exec/executor.h"
#include "sql/sql_parse.h"

namespace tally {
namespace {

class NoTables : public SqlCatalog {
 public:
  DataSourcePtr FindTable(const std::string&) const override { return nullptr; }
  std::vector<std::string> TableNames() const override { return {}; }
};

// SELECT 1 + 1 + ... (n terms): an expression nested n deep.
std::string DeepSum(int n) {
  std::string sql = "SELECT 1";
  for (int i = 1; i < n; ++i) sql += "+1";
  return sql;
}

PlanPtr Bind(const std::string& sql) {
  return BindQuery(ParseSql(sql)[0].tree, sql, NoTables());
}

TEST(BindQuery, DeeplyNestedExpressionsBindUpToTheStackLimitThenFailCleanly) {
  EXPECT_EQ(Execute(Bind(DeepSum(500))).GetScalar(0, 0).int_value(), 500);
  try {
    Bind(DeepSum(20000));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("stack depth limit exceeded"), std::string::npos) << e.message();
  }
}

TEST(BindQuery, FloatLiteralsBeyondDoubleRangeAreErrorsAtTheirPlace) {
  try {
    Bind("SELECT 1, 1e400");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("\"1e400\" is out of range for type double precision\n"
                               "LINE 1: SELECT 1, 1e400\n" +
                               std::string(18, ' ') + "^"),
              std::string::npos)
        << e.message();
  }
}

}  // namespace
}  // namespace tally
