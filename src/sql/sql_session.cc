#include "sql/sql_session.h"

#include <fmt/format.h>

#include "exec/cardinality.h"
#include "exec/executor.h"
#include "exec/optimizer.h"
#include "sql/sql_binder_internal.h"

namespace tally {
namespace {

// The statement's kind as SQL names it: "CreateStmt" -> "CREATE".
std::string StatementName(const std::string& node) {
  static const std::map<std::string, std::string> kNames = {
      {"CreateStmt", "CREATE TABLE"},
      {"CreateTableAsStmt", "CREATE TABLE AS"},
      {"ViewStmt", "CREATE VIEW"},
      {"InsertStmt", "INSERT"},
      {"UpdateStmt", "UPDATE"},
      {"DeleteStmt", "DELETE"},
      {"DropStmt", "DROP"},
      {"CopyStmt", "COPY"},
      {"TransactionStmt", "transactions"},
      {"VariableSetStmt", "SET"}};
  auto it = kNames.find(node);
  return it == kNames.end() ? node : it->second;
}

}  // namespace

std::vector<SqlResult> RunSql(const std::string& text, const SqlCatalog& catalog,
                              QueryContextPtr context) {
  std::vector<SqlResult> results;
  for (const SqlStatement& statement : ParseSql(text)) {
    const std::string& kind = NodeType(statement.tree);
    const Json& body = NodeBody(statement.tree);
    if (kind == "SelectStmt") {
      PlanPtr plan = BindQuery(statement.tree, text, catalog);
      results.push_back({Execute(plan, context), "", false});
      continue;
    }
    if (kind == "ExplainStmt") {
      const Json& query = body["query"];
      if (NodeType(query) != "SelectStmt")
        ThrowSqlError(text, static_cast<int>(statement.begin), "EXPLAIN needs a query");
      if (body.contains("options"))
        ThrowSqlError(text, static_cast<int>(statement.begin),
                      "not supported: EXPLAIN options (ANALYZE...)");
      PlanPtr plan = BindQuery(query, text, catalog);
      results.push_back({Table(), ExplainWithEstimates(Optimize(plan)), true});
      continue;
    }
    ThrowSqlError(text, static_cast<int>(statement.begin),
                  fmt::format("not supported yet: {}", StatementName(kind)));
  }
  return results;
}

}  // namespace tally
