#pragma once
// Statements that read or change the warehouse's tables: CREATE TABLE [AS], INSERT, COPY FROM
// and TO, DROP TABLE, SHOW TABLES. Each is atomic like an ingest: the table's new version
// appears whole or not at all. Each returns PostgreSQL's command tag ("INSERT 0 3").
#include <string>

#include "catalog/warehouse.h"
#include "exec/query_context.h"
#include "exec/table.h"
#include "sql/sql_binder.h"

namespace tally {

struct StatementEnv {
  const std::string& text;  // the script (errors point into it)
  const SqlCatalog& catalog;
  const SqlViews* views;
  Warehouse* warehouse;  // null: the statement fails (no warehouse to change)
  QueryContextPtr context;
};

std::string CreateTable(const Json& create_stmt, const StatementEnv& env);
std::string CreateTableAs(const Json& create_table_as_stmt, const StatementEnv& env);
std::string InsertInto(const Json& insert_stmt, const StatementEnv& env);
// COPY t FROM 'file' and COPY (query) | t TO 'file'.
std::string Copy(const Json& copy_stmt, const StatementEnv& env);
std::string DropTables(const Json& drop_stmt, const StatementEnv& env);
// Writes `table` as one Parquet file at `path`, atomically (a temporary file renamed over it).
void WriteParquetFileAtomically(const std::string& path, const Table& table);
// DESCRIBE name: one row per column of a table or view (column_name, column_type, nullable).
Table Describe(const Json& describe_stmt, const StatementEnv& env);
// A type as PostgreSQL names it: "integer", "numeric(10,2)", "text"...
std::string SqlTypeName(const DataType& type);
// SHOW TABLES: one row per table (name, columns, rows).
Table ShowTables(const StatementEnv& env);

}  // namespace tally
