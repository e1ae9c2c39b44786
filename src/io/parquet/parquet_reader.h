#pragma once
// Reads flat Apache Parquet files (tally's own and those of other engines) into tally Batches.
// Debian ships no Parquet library, so tally implements the format from the public
// specification. Supported: BOOLEAN, INT32 (plain, DATE, DECIMAL), INT64 (plain, DECIMAL,
// TIMESTAMP millis/micros/nanos), FLOAT/DOUBLE, BYTE_ARRAY strings; PLAIN and dictionary
// encodings; data pages v1 and v2; uncompressed, snappy, zstd and gzip pages.
//
// The file is read with pread, so several threads may read different row groups (or columns)
// of one reader at the same time.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/parquet/parquet_statistics.h"
#include "vector/batch.h"

namespace tally {

struct RowGroupInfo {
  int64_t rows = 0;
  std::vector<ColumnStatistics> columns;
};

namespace parquet {
struct FileMetaData;
}

class ParquetReader {
 public:
  explicit ParquetReader(std::string path);
  ~ParquetReader();
  ParquetReader(const ParquetReader&) = delete;
  ParquetReader& operator=(const ParquetReader&) = delete;

  const std::shared_ptr<const Schema>& schema() const { return schema_; }
  int64_t num_rows() const { return num_rows_; }
  size_t num_row_groups() const { return row_groups_.size(); }
  const RowGroupInfo& row_group(size_t i) const { return row_groups_.at(i); }
  const std::string& path() const { return path_; }

  // Reads the chosen columns (indices into schema) of one row group; returns batches of at
  // most max_rows rows whose schema holds just those columns, in the given order. Dictionary
  // encoded string chunks come back as dictionary columns. Thread-safe.
  std::vector<Batch> ReadRowGroup(size_t row_group, const std::vector<int>& columns,
                                  size_t max_rows = kDefaultBatchRows) const;

  // Per column: how the Parquet values map to the tally type (defined in the .cc).
  struct ColumnMapping;

 private:
  // One column chunk, decoded straight into pieces of at most max_rows rows (the batches'
  // columns), so that no decoded column is sliced (copied) afterwards.
  std::vector<ColumnPtr> ReadColumnChunk(size_t row_group, int column, size_t max_rows) const;
  [[noreturn]] void Fail(const std::string& message) const;

  // Closes the file also when the constructor throws (a bad footer), which the destructor
  // would not.
  struct File {
    int fd = -1;
    File() = default;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File();
  };

  std::string path_;
  File file_;
  uint64_t file_size_ = 0;
  std::unique_ptr<parquet::FileMetaData> metadata_;
  std::shared_ptr<const Schema> schema_;
  int64_t num_rows_ = 0;
  std::vector<RowGroupInfo> row_groups_;
  std::vector<ColumnMapping> mappings_;
};

}  // namespace tally
