#pragma once
// Plain-format pg_dump output (.sql, .sql.zst, .sql.gz) -> warehouse tables, without executing
// anything: CREATE TABLE statements give the schemas (see pg_types.h), and the rows come from
// `COPY ... FROM stdin;` data blocks (streamed line by line, never held in memory) or from
// INSERT statements (`pg_dump --inserts`, `--column-inserts`, `--rows-per-insert`).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "catalog/warehouse.h"
#include "ingest/csv_ingest.h"
#include "ingest/table_sink.h"
#include "io/csv/csv_options.h"

namespace tally {

struct PgDumpIngestOptions {
  std::string path;
  // Warehouse table name; empty: the dumped table's own name (see WarehouseTableName). With
  // several tables in the dump and no source_table, a given name is an error.
  std::string table;
  // NAME or SCHEMA.NAME ("shop.\"Retail Lines\""); empty: every table of the dump.
  std::string source_table;
  OnError on_error = OnError::kFail;
  std::string rejects_path;
  SinkOptions sink;
  // The longest statement or COPY line accepted.
  size_t max_record_bytes = kDefaultMaxRecordBytes;
  // Called every few thousand rows: compressed bytes read so far and rows so far.
  std::function<void(uint64_t bytes_read, uint64_t rows)> progress;
};

// One result per table written, in the order of the dump.
std::vector<IngestResult> IngestPgDump(Warehouse& warehouse, const PgDumpIngestOptions& options);

// A valid warehouse table name for a PostgreSQL table name: lower case, every character other
// than a letter, digit or '_' replaced by '_' ("Retail Lines" -> "retail_lines").
std::string WarehouseTableName(const std::string& name);

// True when the first bytes of the (possibly compressed) file look like SQL rather than CSV:
// pg_dump output starts with a "--" comment, SET, CREATE, COPY or INSERT.
bool LooksLikeSqlScript(const std::string& path);

}  // namespace tally
