#pragma once
// CSV -> warehouse table. The reader parses chunks on all cores; batches arrive in file order
// and are encoded into Parquet files (new file every `rows_per_file` rows) inside one
// warehouse transaction, so the table appears complete or not at all.
#include <cstdint>
#include <memory>
#include <string>

#include "catalog/warehouse.h"
#include "io/csv/csv_reader.h"
#include "io/parquet/parquet_writer.h"

namespace tally {

struct CsvIngestOptions {
  std::string source;  // file path
  std::string table;
  WriteMode mode = WriteMode::kReplace;
  // nullptr: the built-in retail schema when the header matches it, else inferred types.
  std::shared_ptr<const Schema> schema;
  CsvOptions csv;
  ParquetWriteOptions parquet;
  int64_t rows_per_file = 8 << 20;
  CsvIngestOptions() { parquet.row_group_rows = kIngestRowGroupRows; }

  // Row groups of 128K rows: several morsels per file for parallel scans, and fine-grained
  // min/max pruning, at little cost in compression.
  static constexpr size_t kIngestRowGroupRows = 128 * 1024;
};

struct IngestResult {
  TableEntry entry;
  int64_t rows_added = 0;
  uint64_t rejected = 0;
  uint64_t bytes_read = 0;
};

IngestResult IngestCsv(Warehouse& warehouse, const CsvIngestOptions& options);

// The schema a CSV file will be read with when none is given (see CsvIngestOptions::schema).
std::shared_ptr<const Schema> ResolveCsvSchema(const std::string& path, const CsvOptions& options);

}  // namespace tally
