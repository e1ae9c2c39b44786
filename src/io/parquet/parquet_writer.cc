#include "io/parquet/parquet_writer.h"

#include <algorithm>

#include <cstring>

#include "io/parquet/column_chunk_writer.h"
#include "io/parquet/parquet_metadata.h"

namespace tally {
namespace {

constexpr const char* kCreatedBy = "tally version " TALLY_VERSION;

// Folds a chunk's statistics into the file's.
void Merge(const ColumnStatistics& chunk, ColumnStatistics* file, bool first) {
  if (first) {
    *file = chunk;
    return;
  }
  file->null_count += chunk.null_count;
  if (!chunk.min.is_null() && (file->min.is_null() || chunk.min < file->min)) file->min = chunk.min;
  if (!chunk.max.is_null() && (file->max.is_null() || file->max < chunk.max)) file->max = chunk.max;
}

}  // namespace

ParquetWriter::ParquetWriter(std::string path, std::shared_ptr<const Schema> schema,
                             ParquetWriteOptions options)
    : schema_(std::move(schema)),
      options_(options),
      file_(std::move(path)),
      metadata_(std::make_unique<parquet::FileMetaData>()) {
  if (options_.page_rows == 0) options_.page_rows = 1;
  if (options_.row_group_rows == 0) options_.row_group_rows = 1;
  // Every column buffers a page and its row group's pages: for a table of thousands of columns,
  // fewer rows per page and row group keep that to a few megabytes per column set.
  size_t row_bytes = 0;
  for (const Field& field : schema_->fields())
    row_bytes += field.type.IsFixedWidth() ? field.type.FixedWidth() : 16;
  if (row_bytes > 0) {
    options_.page_rows = std::min(options_.page_rows, std::max<size_t>(64, (64 << 20) / row_bytes));
    options_.row_group_rows = std::min(
        options_.row_group_rows, std::max<size_t>(options_.page_rows, (256 << 20) / row_bytes));
  }
  for (const Field& field : schema_->fields())
    columns_.push_back(std::make_unique<parquet::ColumnChunkWriter>(field, options_));
  info_.columns.resize(schema_->size());
  for (size_t i = 0; i < schema_->size(); ++i) {
    info_.columns[i].min = Scalar::Null(schema_->field(i).type);
    info_.columns[i].max = Scalar::Null(schema_->field(i).type);
  }
  file_.Write("PAR1", 4);
}

ParquetWriter::~ParquetWriter() = default;

void ParquetWriter::Write(const Batch& batch) {
  TALLY_ASSERT(!closed_);
  if (batch.num_columns() != columns_.size())
    ThrowError("writing {}: batch has {} columns, schema has {}", file_.path(), batch.num_columns(),
               columns_.size());
  size_t begin = 0;
  while (begin < batch.num_rows) {
    size_t take = std::min(batch.num_rows - begin, options_.row_group_rows - rows_in_group_);
    for (size_t c = 0; c < columns_.size(); ++c)
      columns_[c]->Append(*batch.column(c), begin, begin + take);
    rows_in_group_ += take;
    begin += take;
    if (rows_in_group_ >= options_.row_group_rows) FlushRowGroup();
  }
}

void ParquetWriter::FlushRowGroup() {
  if (rows_in_group_ == 0) return;
  parquet::RowGroup group;
  group.num_rows = static_cast<int64_t>(rows_in_group_);
  group.file_offset = static_cast<int64_t>(file_.position());
  int64_t compressed = 0;
  bool first = info_.num_row_groups == 0;
  for (size_t c = 0; c < columns_.size(); ++c) {
    ColumnStatistics stats;
    parquet::ColumnChunk chunk = columns_[c]->Finish(file_, group.num_rows, &stats);
    group.total_byte_size += chunk.meta_data->total_uncompressed_size;
    compressed += chunk.meta_data->total_compressed_size;
    group.columns.push_back(std::move(chunk));
    Merge(stats, &info_.columns[c], first);
  }
  group.total_compressed_size = compressed;
  metadata_->row_groups.push_back(std::move(group));
  metadata_->num_rows += static_cast<int64_t>(rows_in_group_);
  ++info_.num_row_groups;
  rows_in_group_ = 0;
}

ParquetFileInfo ParquetWriter::Close() {
  TALLY_ASSERT(!closed_);
  FlushRowGroup();
  parquet::FileMetaData& meta = *metadata_;
  meta.version = 1;
  parquet::SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(schema_->size());
  meta.schema.push_back(root);
  for (const Field& field : schema_->fields())
    meta.schema.push_back(parquet::SchemaElementFor(field));
  meta.created_by = kCreatedBy;
  // min_value/max_value are only meaningful with column orders present.
  meta.type_defined_column_orders = schema_->size();
  parquet::CompactWriter w;
  parquet::Write(w, meta);
  file_.Write(w.buffer());
  uint32_t length = static_cast<uint32_t>(w.buffer().size());
  file_.Write(&length, 4);
  file_.Write("PAR1", 4);
  info_.rows = meta.num_rows;
  info_.bytes = file_.position();
  file_.Close();
  closed_ = true;
  return info_;
}

}  // namespace tally
