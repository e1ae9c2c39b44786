#pragma once
// Flat Parquet files written by other engines (DuckDB, Spark, pyarrow) -> warehouse table.
// The source is one .parquet file or a directory of them (its *.parquet files in name order,
// as Spark and DuckDB write partitioned output; all must have the same columns and types).
// Values are typed in the file, so no row can be rejected; --on-error has nothing to skip.
#include <cstdint>
#include <functional>
#include <string>

#include "catalog/warehouse.h"
#include "ingest/csv_ingest.h"
#include "ingest/table_sink.h"

namespace tally {

struct ParquetIngestOptions {
  std::string path;  // file or directory
  std::string table;
  SinkOptions sink;
  std::function<void(uint64_t bytes_read, uint64_t rows)> progress;
};

IngestResult IngestParquet(Warehouse& warehouse, const ParquetIngestOptions& options);

// A directory, or a file that starts with the Parquet magic "PAR1".
bool IsParquetSource(const std::string& path);
// The Parquet files of a source, in the order they are ingested; throws when there are none.
std::vector<std::string> ParquetSourceFiles(const std::string& path);

}  // namespace tally
