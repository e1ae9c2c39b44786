#pragma once
// Writes a tally Schema + Batches as an Apache Parquet file (flat schema, every column
// OPTIONAL, data page v1, PLAIN or dictionary encoding, snappy/zstd/no compression).
// Debian ships no Parquet library, so tally implements the format from the public
// specification; see parquet_metadata.h for the footer structures.
//
// Type mapping: bool->BOOLEAN, int32->INT32, int64->INT64, double->DOUBLE,
// decimal(p,s)->INT64 DECIMAL(p,s), date->INT32 DATE, timestamp->INT64 TIMESTAMP(MICROS, not
// adjusted to UTC), string->BYTE_ARRAY STRING.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/file_writer.h"
#include "io/parquet/parquet_statistics.h"
#include "vector/batch.h"

namespace tally {

enum class ParquetCompression { kUncompressed, kSnappy, kZstd };

struct ParquetWriteOptions {
  ParquetCompression compression = ParquetCompression::kZstd;
  int zstd_level = 1;
  size_t row_group_rows = 1 << 20;
  // A data page ends after this many rows or once its values pass page_bytes.
  size_t page_rows = 64 * 1024;
  size_t page_bytes = 1 << 20;
  // Dictionary-encode columns while the chunk's dictionary stays small: strings within the two
  // limits below, numbers, dates and timestamps within 4096 distinct values.
  bool dictionary = true;
  size_t dictionary_max_entries = 1 << 16;
  size_t dictionary_max_bytes = 1 << 20;
};

struct ParquetFileInfo {
  int64_t rows = 0;
  uint64_t bytes = 0;
  int num_row_groups = 0;
  std::vector<ColumnStatistics> columns;  // file-level, one per schema field
};

namespace parquet {
struct ColumnChunkWriter;
struct FileMetaData;
}  // namespace parquet

class ParquetWriter {
 public:
  ParquetWriter(std::string path, std::shared_ptr<const Schema> schema,
                ParquetWriteOptions options = {});
  ~ParquetWriter();
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  // Appends the batch's rows; its columns must match the schema's types.
  void Write(const Batch& batch);
  // Writes the last row group and the footer, fsyncs and closes the file.
  ParquetFileInfo Close();

 private:
  void FlushRowGroup();

  std::shared_ptr<const Schema> schema_;
  ParquetWriteOptions options_;
  FileWriter file_;
  std::vector<std::unique_ptr<parquet::ColumnChunkWriter>> columns_;
  std::unique_ptr<parquet::FileMetaData> metadata_;
  size_t rows_in_group_ = 0;
  ParquetFileInfo info_;
  bool closed_ = false;
};

}  // namespace tally
