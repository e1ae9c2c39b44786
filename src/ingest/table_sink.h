#pragma once
// Writes a stream of batches into one warehouse table: Parquet files of at most
// `rows_per_file` rows inside one warehouse transaction, committed at the end (the table
// appears complete or not at all). Shared by every ingest source.
#include <cstdint>
#include <memory>
#include <string>

#include "catalog/warehouse.h"
#include "ingest/csv_ingest.h"
#include "io/parquet/parquet_writer.h"

namespace tally {

struct SinkOptions {
  WriteMode mode = WriteMode::kReplace;
  ParquetWriteOptions parquet;
  int64_t rows_per_file = 8 << 20;
  SinkOptions() { parquet.row_group_rows = CsvIngestOptions::kIngestRowGroupRows; }
};

class TableSink {
 public:
  // `source` is recorded in the catalog: it must not hold secrets (see RedactPostgresUrl).
  TableSink(Warehouse& warehouse, const std::string& table, std::shared_ptr<const Schema> schema,
            const SinkOptions& options, std::string source);
  void Write(const Batch& batch);
  int64_t rows() const { return writer_->rows_added() + rows_in_file_; }
  // Closes the last file and commits; rejected counts are the caller's.
  IngestResult Commit();

 private:
  void CloseFile();

  std::shared_ptr<const Schema> schema_;
  SinkOptions options_;
  std::unique_ptr<TableWriter> writer_;
  std::unique_ptr<ParquetWriter> file_;
  std::string file_path_;
  int64_t rows_in_file_ = 0;
};

}  // namespace tally
