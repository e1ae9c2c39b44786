#include "ingest/table_sink.h"

namespace tally {

TableSink::TableSink(Warehouse& warehouse, const std::string& table,
                     std::shared_ptr<const Schema> schema, const SinkOptions& options,
                     std::string source)
    : schema_(std::move(schema)), options_(options) {
  writer_ = warehouse.BeginWrite(table, schema_, options.mode, std::move(source));
}

void TableSink::Write(const Batch& batch) {
  if (batch.num_rows == 0) return;
  if (!file_) {
    file_path_ = writer_->NewFilePath();
    file_ = std::make_unique<ParquetWriter>(file_path_, schema_, options_.parquet);
  }
  file_->Write(batch);
  rows_in_file_ += static_cast<int64_t>(batch.num_rows);
  if (rows_in_file_ >= options_.rows_per_file) CloseFile();
}

void TableSink::CloseFile() {
  if (!file_) return;
  writer_->AddFile(file_path_, file_->Close());
  file_.reset();
  rows_in_file_ = 0;
}

IngestResult TableSink::Commit() {
  CloseFile();
  IngestResult result;
  result.rows_added = writer_->rows_added();
  result.entry = writer_->Commit();
  return result;
}

}  // namespace tally
