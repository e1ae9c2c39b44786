#pragma once
// Writes a stream of batches into one warehouse table: Parquet files of at most
// `rows_per_file` rows inside one warehouse transaction, committed at the end (the table
// appears complete or not at all). Shared by every ingest source.
//
// In a distributed run (several ranks, each writing its share of the rows) rank 0 begins the
// write, every rank writes its own files into the one staging directory, and Commit gathers
// every rank's files to rank 0, which commits them as one version. A rank that fails ends the
// run before that (see the CLI), so a table is never committed without some rank's rows.
#include <cstdint>
#include <memory>
#include <string>

#include "catalog/warehouse.h"
#include "dist/communicator.h"
#include "ingest/csv_ingest.h"
#include "io/parquet/parquet_writer.h"

namespace tally {

struct SinkOptions {
  WriteMode mode = WriteMode::kReplace;
  ParquetWriteOptions parquet;
  int64_t rows_per_file = 8 << 20;
  LockWait lock_wait = LockWait::kWait;
  SinkOptions() { parquet.row_group_rows = CsvIngestOptions::kIngestRowGroupRows; }
};

class TableSink {
 public:
  // `source` is recorded in the catalog: it must not hold secrets (see RedactPostgresUrl).
  TableSink(Warehouse& warehouse, const std::string& table, std::shared_ptr<const Schema> schema,
            const SinkOptions& options, std::string source);
  void Write(const Batch& batch);
  // Closes the open data file (the next Write starts another), so a sink that will not be
  // written for a while holds no buffers.
  void FinishFile() { CloseFile(); }
  int64_t rows() const { return writer_->rows_added() + rows_in_file_; }
  // Closes the last file and commits (collective). `rejected` and `bytes_read` are this
  // rank's counts; the result has the totals of all ranks (on rank 0; the entry is only there).
  IngestResult Commit(uint64_t rejected = 0, uint64_t bytes_read = 0);

 private:
  void CloseFile();

  Communicator& comm_;
  std::string table_;
  std::shared_ptr<const Schema> schema_;
  SinkOptions options_;
  std::unique_ptr<TableWriter> writer_;
  std::unique_ptr<ParquetWriter> file_;
  std::string file_path_;
  int64_t rows_in_file_ = 0;
};

}  // namespace tally
