#pragma once
// The SQL binder: a parsed SELECT (sql_parse.h) into a logical plan (exec/logical_plan.h) on
// the engine's resolved plans, with PostgreSQL's name resolution, output column names and
// typing where the engine has them. Names are looked up in scopes: the FROM clause's relations
// (a table, a subquery, a join), each column by its relation's name or alias.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/data_source.h"
#include "exec/logical_plan.h"
#include "sql/sql_parse.h"

namespace tally {

// Where the binder finds tables.
class SqlCatalog {
 public:
  virtual ~SqlCatalog() = default;
  // The table called `name`, or nullptr when there is none.
  virtual DataSourcePtr FindTable(const std::string& name) const = 0;
  virtual std::vector<std::string> TableNames() const = 0;
  // A relation given as a plan (a DataFrame registered as a temporary view), or nullptr. Each
  // call should give the plan columns of its own (Reinstantiate), so that two uses of it in one
  // query stay apart, unless the caller wants expressions over the plan's own columns.
  virtual PlanPtr FindPlan(const std::string& /*name*/) const { return nullptr; }
  // The statement that made the view `name` (CREATE VIEW ... AS query), or nothing.
  virtual std::optional<std::string> FindView(const std::string& /*name*/) const {
    return std::nullopt;
  }
};

// A view of the running script (CREATE VIEW): its query, bound where it is used.
struct SqlView {
  Json query;                        // a SelectStmt node of the script's text
  std::vector<std::string> columns;  // its column names, when the view gives them
};
using SqlViews = std::map<std::string, SqlView>;

// A query (a SelectStmt node of `text`) as a plan whose output columns are the query's, named
// as PostgreSQL names them. Throws SQL errors that point into `text`.
PlanPtr BindQuery(const Json& select_stmt, const std::string& text, const SqlCatalog& catalog,
                  const SqlViews* views = nullptr);

}  // namespace tally
