#pragma once
// A live PostgreSQL table or query -> warehouse table, through libpq: the result's column
// types come from the server (a described prepared statement, see pg_types.h), and the rows
// are streamed with `COPY (query) TO STDOUT` in text format, one row in memory at a time.
// The password of the connection URL never appears in errors, progress or the catalog.
#include <cstdint>
#include <functional>
#include <string>

#include "catalog/warehouse.h"
#include "ingest/csv_ingest.h"
#include "ingest/table_sink.h"
#include "io/csv/csv_options.h"

namespace tally {

struct PostgresIngestOptions {
  std::string url;           // postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?...]
  std::string table;         // warehouse table; empty: the source table's name, or "query"
  std::string source_table;  // NAME or SCHEMA.NAME (exactly one of source_table and query)
  std::string query;         // a SELECT
  OnError on_error = OnError::kFail;
  std::string rejects_path;
  SinkOptions sink;
  std::function<void(uint64_t bytes_read, uint64_t rows)> progress;
};

IngestResult IngestPostgres(Warehouse& warehouse, const PostgresIngestOptions& options);

bool IsPostgresUrl(const std::string& source);
// The URL without its password (user:secret@ -> user@, and no password= parameter).
std::string RedactPostgresUrl(const std::string& url);

}  // namespace tally
