#pragma once
// Encodes one column of the current row group: buffers pages (definition levels + PLAIN or
// dictionary-index values, compressed) in memory and tracks min/max/null statistics. Strings
// and numbers with few distinct values in a chunk (dates, prices, quantities, codes) are
// dictionary-encoded: bit-packed indices are a fraction of the PLAIN bytes and decode faster
// than the decompression of the PLAIN values. The file
// writer asks it to write the finished chunk (dictionary page first) at the end of a row group.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/file_writer.h"
#include "io/parquet/parquet_metadata.h"
#include "io/parquet/parquet_statistics.h"
#include "io/parquet/parquet_writer.h"
#include "vector/column.h"

namespace tally::parquet {

// Parquet schema element for a tally field (OPTIONAL, with logical and converted types).
SchemaElement SchemaElementFor(const Field& field);
Codec CodecFor(ParquetCompression compression);

struct ColumnChunkWriter {
  ColumnChunkWriter(const Field& field, const ParquetWriteOptions& options);

  // Appends rows [begin, end) of `column`.
  void Append(const Column& column, size_t begin, size_t end);
  // Writes the chunk to `file`, returns its metadata and resets for the next row group.
  ColumnChunk Finish(FileWriter& file, int64_t num_rows, ColumnStatistics* stats);

 private:
  void AppendRange(const Column& column, size_t begin, size_t end);
  // Dictionary-encodes rows from `begin`; returns where it stopped (end, or earlier when the
  // dictionary got too big).
  size_t AppendDictionary(const Column& column, size_t begin, size_t end);
  void AppendPlainStrings(const Column& column, size_t begin, size_t end);
  int32_t DictionaryIndex(std::string_view value);  // -1 when the dictionary is full
  // Maps the page's PLAIN fixed-width values to indices of the chunk's dictionary of them;
  // false when that would pass kMaxFixedDictionaryEntries: that page and the chunk's later
  // ones are then PLAIN (earlier pages keep their dictionary indices).
  bool EncodeFixedDictionary();
  void GrowFixedTable();  // doubles the table (at half load)
  size_t DictionaryEntries() const;
  void FlushPage();
  void WritePage(PageType type, const std::string& body, int32_t num_values, Encoding encoding,
                 std::string* out);
  void UpdateStringStats(std::string_view v);

  Field field_;
  ParquetWriteOptions options_;
  PhysicalType physical_;
  Codec codec_;
  bool dictionary_mode_ = false;   // strings
  bool fixed_dictionary_ = false;  // fixed-width values

  // Dictionary of the current chunk: strings in insertion order + an open-addressing table.
  std::string dict_chars_;
  std::vector<uint32_t> dict_offsets_{0};
  std::vector<size_t> dict_hashes_;
  std::vector<int32_t> table_;
  // Remapping of an input dictionary column's indices to this chunk's dictionary.
  std::shared_ptr<const Column> input_dictionary_;
  std::vector<int32_t> remap_;
  // Dictionary of fixed-width values (their bits) and its open-addressing table.
  std::vector<uint64_t> fixed_entries_;
  std::vector<int32_t> fixed_table_;

  // The page being built.
  size_t page_rows_ = 0;
  std::vector<uint8_t> levels_;
  std::vector<uint32_t> indices_;
  std::string plain_;

  // Finished pages of the chunk and what they used.
  std::string pages_;
  int64_t uncompressed_bytes_ = 0;
  bool used_dictionary_pages_ = false;
  std::string body_, compressed_, header_;

  // Statistics of the chunk.
  int64_t null_count_ = 0;
  bool has_minmax_ = false;
  int64_t int_min_ = 0, int_max_ = 0;
  double double_min_ = 0, double_max_ = 0;
  std::string string_min_, string_max_;
};

}  // namespace tally::parquet
