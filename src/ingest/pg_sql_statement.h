#pragma once
// The statements of a plain pg_dump script that tally understands, parsed with PostgreSQL's
// own parser (libpg_query): CREATE TABLE (the schema), COPY ... FROM stdin (the column list of
// the data block that follows), and INSERT ... VALUES (as `pg_dump --inserts`,
// `--column-inserts` and `--rows-per-insert` write them). Every other statement is ignored.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.h"

namespace tally {

struct QualifiedName {
  std::string schema;  // empty when not written
  std::string name;
  // schema.name with each part double-quoted when needed ("shop.\"Retail Lines\"").
  std::string ToString() const;
  bool operator==(const QualifiedName&) const = default;
};

// Parses NAME or SCHEMA.NAME as written on a command line or in SQL: unquoted parts are folded
// to lower case, "quoted" parts are kept as written ("" inside stands for one ").
QualifiedName ParseQualifiedName(std::string_view text);
// An identifier as SQL needs it: double-quoted unless it is a plain lower-case name.
std::string QuoteIdentifier(std::string_view name);

struct PgStatement {
  enum class Kind { kOther, kCreateTable, kCopyFromStdin, kInsert };
  Kind kind = Kind::kOther;
  QualifiedName table;
  std::vector<Field> fields;  // kCreateTable
  // kCreateTable: why a column's type is not supported (empty when all are). Reported only when
  // this table is ingested: the other tables of a dump may use any type.
  std::string schema_error;
  std::vector<std::string> columns;  // kCopyFromStdin, kInsert: written column list (may be empty)
  // kInsert: the VALUES rows, each value as text (nullopt = NULL). Numbers keep their written
  // digits, booleans are "t"/"f".
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// Parses one statement (without its ';'). Throws tally::Error (with `file` and the line of the
// problem) on SQL that PostgreSQL's parser rejects, on INSERT values that are not constants,
// and on column types tally does not support.
PgStatement ParsePgStatement(const std::string& sql, const std::string& file, uint64_t line);

}  // namespace tally
