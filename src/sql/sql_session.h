#pragma once
// Running SQL text: each statement parsed, bound, optimized and executed in turn.
#include <string>
#include <vector>

#include "exec/query_context.h"
#include "exec/table.h"
#include "sql/sql_binder.h"

namespace tally {

struct SqlResult {
  Table table;       // the rows of a query
  std::string text;  // or the text of EXPLAIN
  bool is_text = false;
  std::string tag;  // or a statement's command tag ("CREATE TABLE", "INSERT 0 3")
};

class Warehouse;

// Runs every statement of `text` against `catalog` with `context` (nullptr: the process's
// defaults): queries, EXPLAIN, script-scoped views, and with a `warehouse` (whose tables
// `catalog` reads) the statements that change it (sql_statements.h). Anything else says "not
// supported" with its place.
std::vector<SqlResult> RunSql(const std::string& text, const SqlCatalog& catalog,
                              QueryContextPtr context = nullptr, Warehouse* warehouse = nullptr);

// The plan of `text` when it is exactly one query (SELECT, VALUES, a set operation), so that it
// can be run later or built upon; nullptr for anything else (run those with RunSql).
PlanPtr PlanSingleQuery(const std::string& text, const SqlCatalog& catalog);

}  // namespace tally
