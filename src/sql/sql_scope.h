#pragma once
// Names visible while binding part of a query: the columns of the FROM clause's relations, and
// the scope of an enclosing query for correlated references.
#include <string>
#include <vector>

#include "common/types.h"
#include "exec/expr.h"

namespace tally {

struct ScopeColumn {
  std::string relation;  // the table's name or alias ("" for an unnamed relation)
  std::string name;
  ColumnId id = 0;
  DataType type;
  bool hidden = false;  // a USING column's second copy: reachable only by its relation's name
};

struct Scope {
  std::vector<ScopeColumn> columns;
  const Scope* outer = nullptr;  // the enclosing query's scope, for correlated references
};

}  // namespace tally
