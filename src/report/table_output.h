#pragma once
// Any query result as a console table, CSV or JSON (the output of `tally sql`).
#include <string>

#include "exec/table.h"

namespace tally {

// An aligned text table (numbers right-aligned, NULL shown as NULL) with the row count below.
std::string RenderTextTable(const Table& table);
// RenderTextTable fitted to a terminal of `width` columns and `max_rows` rows: the first and
// last rows around a "…" row, long values cut with "…", and when that is not enough the middle
// columns left out for a "…" column; below, the row count (and the columns shown).
std::string RenderFittedTable(const Table& table, size_t width, size_t max_rows);
// One "name = value" line per column, rows separated by a blank line (the shell's line mode).
std::string RenderLines(const Table& table);
// RFC 4180 CSV with a header line; NULL is an empty field.
std::string RenderCsv(const Table& table);
// A JSON array of objects, one per row: numbers as numbers (decimals exactly as written),
// dates and timestamps as strings, NULL as null.
std::string RenderJson(const Table& table);

}  // namespace tally
