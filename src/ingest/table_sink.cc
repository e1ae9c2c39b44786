#include "ingest/table_sink.h"

#include <fmt/format.h>

#include "dist/byte_buffer.h"

namespace tally {

TableSink::TableSink(Warehouse& warehouse, const std::string& table,
                     std::shared_ptr<const Schema> schema, const SinkOptions& options,
                     std::string source)
    : comm_(CurrentCommunicator()), table_(table), schema_(std::move(schema)), options_(options) {
  if (comm_.size() == 1) {
    writer_ =
        warehouse.BeginWrite(table, schema_, options.mode, std::move(source), options.lock_wait);
    return;
  }
  std::string commit_id;
  if (comm_.rank() == 0) {
    writer_ = warehouse.BeginWrite(table, schema_, options.mode, std::move(source));
    commit_id = writer_->commit_id();
  }
  commit_id = comm_.AllGather(commit_id)[0];
  if (comm_.rank() != 0) writer_ = warehouse.JoinWrite(table, schema_, commit_id);
  writer_->set_file_prefix(fmt::format("part-{:03d}-", comm_.rank()));
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

IngestResult TableSink::Commit(uint64_t rejected, uint64_t bytes_read) {
  CloseFile();
  IngestResult result;
  result.rejected = rejected;
  result.bytes_read = bytes_read;
  if (comm_.size() == 1) {
    result.rows_added = writer_->rows_added();
    result.entry = writer_->Commit();
    return result;
  }
  // Every rank's counts and files (as a catalog entry of its own, in the catalog's JSON).
  TableEntry mine;
  mine.name = table_;
  mine.schema = schema_;
  mine.files = writer_->files();
  mine.rows = writer_->rows_added();
  std::string message;
  PutValue<uint64_t>(&message, rejected);
  PutValue<uint64_t>(&message, bytes_read);
  PutString(&message, TableEntryToJson(mine));
  std::vector<std::string> all = comm_.AllGather(std::move(message));
  if (comm_.rank() == 0) {
    result.rejected = result.bytes_read = 0;
    for (size_t r = 0; r < all.size(); ++r) {
      ByteReader in(all[r]);
      result.rejected += in.Get<uint64_t>();
      result.bytes_read += in.Get<uint64_t>();
      std::string json(in.GetString());
      if (r > 0) writer_->AddFileEntries(TableEntryFromJson(json, fmt::format("rank {}", r)).files);
    }
    result.rows_added = writer_->rows_added();
    result.entry = writer_->Commit();
  }
  // No rank reports success before the commit is done.
  comm_.Barrier();
  return result;
}

}  // namespace tally
