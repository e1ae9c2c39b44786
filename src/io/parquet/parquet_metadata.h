#pragma once
// The Parquet file metadata structures (the footer and page headers) and their Thrift compact
// encoding. Field ids follow the public parquet.thrift definition of the Apache Parquet format;
// only the fields tally needs are kept, everything else is skipped when reading.
//
// Debian ships no Parquet library, so tally implements the format itself (flat schemas only).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/parquet/thrift_compact.h"

namespace tally::parquet {

enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kDecimal = 5,
  kDate = 6,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

enum class TimeUnit : uint8_t { kMillis, kMicros, kNanos };

// The LogicalType union, reduced to the members tally maps.
struct LogicalType {
  enum class Kind : uint8_t { kNone, kString, kDecimal, kDate, kTimestamp, kInteger, kOther };
  Kind kind = Kind::kNone;
  int32_t scale = 0;                  // decimal
  int32_t precision = 0;              // decimal
  bool adjusted_to_utc = false;       // timestamp
  TimeUnit unit = TimeUnit::kMicros;  // timestamp
  int32_t bit_width = 0;              // integer
  bool is_signed = true;              // integer
};

struct Statistics {
  std::optional<std::string> max;  // legacy, signed order
  std::optional<std::string> min;  // legacy, signed order
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
};

struct SchemaElement {
  std::optional<PhysicalType> type;
  std::optional<int32_t> type_length;
  std::optional<Repetition> repetition;
  std::string name;
  std::optional<int32_t> num_children;
  std::optional<ConvertedType> converted_type;  // raw value kept even when unknown to tally
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  std::optional<LogicalType> logical_type;
};

struct KeyValue {
  std::string key;
  std::optional<std::string> value;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt64;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
};

struct ColumnChunk {
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::optional<std::string> created_by;
  // Number of TypeDefinedOrder column orders written (one per leaf column).
  size_t type_defined_column_orders = 0;
};

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<DataPageHeader> data_page;
  std::optional<DictionaryPageHeader> dictionary_page;
  std::optional<DataPageHeaderV2> data_page_v2;
};

void Write(CompactWriter& w, const Statistics& s);
void Write(CompactWriter& w, const LogicalType& t);
void Write(CompactWriter& w, const SchemaElement& e);
void Write(CompactWriter& w, const ColumnMetaData& m);
void Write(CompactWriter& w, const FileMetaData& m);
void Write(CompactWriter& w, const PageHeader& h);

// Readers expect the reader positioned at the start of the struct.
Statistics ReadStatistics(CompactReader& r);
LogicalType ReadLogicalType(CompactReader& r);
SchemaElement ReadSchemaElement(CompactReader& r);
ColumnMetaData ReadColumnMetaData(CompactReader& r);
FileMetaData ReadFileMetaData(CompactReader& r);
PageHeader ReadPageHeader(CompactReader& r);

}  // namespace tally::parquet
