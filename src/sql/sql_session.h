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
};

// Runs every statement of `text` against `catalog` with `context` (nullptr: the process's
// defaults). Supported: SELECT (with WITH, joins, subqueries in FROM, GROUP BY, HAVING, ORDER
// BY, LIMIT, UNION [ALL]) and EXPLAIN; anything else says "not supported" with its place.
std::vector<SqlResult> RunSql(const std::string& text, const SqlCatalog& catalog,
                              QueryContextPtr context = nullptr);

}  // namespace tally
