#include "io/parquet/parquet_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <type_traits>

#include "common/datetime.h"
#include "common/error.h"
#include "common/memory_budget.h"
#include "io/parquet/parquet_compression.h"
#include "io/parquet/parquet_delta_decoding.h"
#include "io/parquet/parquet_metadata.h"
#include "io/parquet/rle_bit_packed.h"
#include "io/utf8.h"

namespace tally {

using parquet::Encoding;
using parquet::PhysicalType;

// How one Parquet column's physical values turn into the tally type's physical values.
struct ParquetReader::ColumnMapping {
  enum class Convert : uint8_t {
    kNone,
    kWiden32To64,
    kMillisToMicros,
    kNanosToMicros,
    kFloat,
    kInt96ToMicros,     // Spark/Impala timestamps
    kBigEndianDecimal,  // FIXED_LEN_BYTE_ARRAY decimals
  };
  std::string name;
  PhysicalType physical = PhysicalType::kInt64;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width in bytes
  bool required = false;
  Convert convert = Convert::kNone;
};

namespace {

using Convert = ParquetReader::ColumnMapping::Convert;

void ReadAt(int fd, void* buffer, size_t size, uint64_t offset, const std::string& path) {
  auto* p = static_cast<char*>(buffer);
  while (size > 0) {
    ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowError("cannot read {}: {}", path, std::strerror(errno));
    }
    if (n == 0) ThrowError("{}: truncated Parquet file", path);
    p += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
}

const char* PhysicalTypeName(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean:
      return "BOOLEAN";
    case PhysicalType::kInt32:
      return "INT32";
    case PhysicalType::kInt64:
      return "INT64";
    case PhysicalType::kInt96:
      return "INT96";
    case PhysicalType::kFloat:
      return "FLOAT";
    case PhysicalType::kDouble:
      return "DOUBLE";
    case PhysicalType::kByteArray:
      return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return "unknown";
}

bool IsDictionaryEncoding(Encoding e) {
  return e == Encoding::kRleDictionary || e == Encoding::kPlainDictionary;
}

// One decoded data page: its values section (decompressed) and where its rows start.
struct Page {
  std::string storage;
  // The values are at storage[values_offset..]: an offset, not a pointer, because moving a
  // short std::string (small-string buffer) moves its bytes.
  size_t values_offset = 0;
  size_t values_size = 0;
  const uint8_t* values() const {
    return reinterpret_cast<const uint8_t*>(storage.data()) + values_offset;
  }
  Encoding encoding = Encoding::kPlain;
  size_t first_row = 0;
  size_t rows = 0;
  size_t non_null = 0;
};

template <typename T>
T LoadLE(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// What one column chunk may always hold while it is decoded, however low --memory-limit is.
constexpr size_t kMinChunkMemory = size_t{128} << 20;

// Timestamp units to tally's microseconds. Values outside years 0000-9999 are refused rather
// than wrapped (a millisecond value of 2^62 once became 1970-01-01).
bool MillisToMicros(int64_t millis, int64_t* micros) {
  if (millis < kMinTimestamp / 1000 || millis > kMaxTimestamp / 1000) return false;
  *micros = millis * 1000;
  return true;
}

// Floor division, so instants before 1970 round down like positive ones do; statistics use
// the same rounding as values, or a filter could skip a row group that holds a match.
int64_t NanosToMicros(int64_t nanos) {
  int64_t q = nanos / 1000;
  return nanos % 1000 < 0 ? q - 1 : q;
}

[[noreturn]] void ThrowOutOfRange(const char* what, int64_t value, const char* unit) {
  ThrowError("{} value {}{} is outside the supported range 0000-01-01 .. 9999-12-31", what, value,
             unit);
}

void CheckUtf8(std::string_view value, const char* where, size_t index) {
  if (!IsValidUtf8(value))
    ThrowError("invalid UTF-8 in {} {} ({})", where, index, DescribeInvalidUtf8(value));
}

}  // namespace

ParquetReader::ParquetReader(std::string path) : path_(std::move(path)) {
  file_.fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (file_.fd < 0) ThrowError("cannot open {}: {}", path_, std::strerror(errno));
  struct stat st;
  if (::fstat(file_.fd, &st) != 0) ThrowError("cannot stat {}: {}", path_, std::strerror(errno));
  file_size_ = static_cast<uint64_t>(st.st_size);
  if (file_size_ < 12) Fail("not a Parquet file (too small)");
  char head[4], tail[8];
  ReadAt(file_.fd, head, 4, 0, path_);
  ReadAt(file_.fd, tail, 8, file_size_ - 8, path_);
  if (std::memcmp(head, "PAR1", 4) != 0 || std::memcmp(tail + 4, "PAR1", 4) != 0)
    Fail("not a Parquet file (bad magic bytes)");
  uint32_t footer_size = LoadLE<uint32_t>(reinterpret_cast<const uint8_t*>(tail));
  if (footer_size > file_size_ - 12) Fail("truncated Parquet file (footer larger than file)");
  std::string footer(footer_size, '\0');
  ReadAt(file_.fd, footer.data(), footer_size, file_size_ - 8 - footer_size, path_);
  metadata_ = std::make_unique<parquet::FileMetaData>();
  try {
    parquet::CompactReader reader(reinterpret_cast<const uint8_t*>(footer.data()), footer.size());
    *metadata_ = parquet::ReadFileMetaData(reader);
  } catch (const Error& e) {
    Fail(e.what());
  }
  const auto& elements = metadata_->schema;
  if (elements.empty()) Fail("Parquet schema is empty");
  auto schema = std::make_shared<Schema>();
  for (size_t i = 1; i < elements.size(); ++i) {
    const parquet::SchemaElement& e = elements[i];
    if (!IsValidUtf8(e.name))
      Fail(fmt::format("the name of column {} is not valid UTF-8 ({})", i,
                       DescribeInvalidUtf8(e.name)));
    if ((e.num_children && *e.num_children > 0) || !e.type)
      Fail(fmt::format("column {}: nested columns are not supported", e.name));
    if (e.repetition == parquet::Repetition::kRepeated)
      Fail(fmt::format("column {}: repeated columns are not supported", e.name));
    ColumnMapping m;
    m.name = e.name;
    m.physical = *e.type;
    m.type_length = e.type_length.value_or(0);
    m.required = e.repetition == parquet::Repetition::kRequired;
    using Kind = parquet::LogicalType::Kind;
    Kind logical = e.logical_type ? e.logical_type->kind : Kind::kNone;
    auto conv = e.converted_type;
    bool decimal = logical == Kind::kDecimal || conv == parquet::ConvertedType::kDecimal;
    DataType type;
    try {
      auto decimal_type = [&]() {
        int precision =
            logical == Kind::kDecimal ? e.logical_type->precision : e.precision.value_or(18);
        int scale = logical == Kind::kDecimal ? e.logical_type->scale : e.scale.value_or(0);
        return DataType::Decimal(precision, scale);
      };
      switch (m.physical) {
        case PhysicalType::kBoolean:
          type = DataType::Bool();
          break;
        case PhysicalType::kInt32:
          if (decimal) {
            type = decimal_type();
            m.convert = Convert::kWiden32To64;
          } else if (logical == Kind::kDate || conv == parquet::ConvertedType::kDate) {
            type = DataType::Date();
          } else {
            type = DataType::Int32();
          }
          break;
        case PhysicalType::kInt64:
          if (decimal) {
            type = decimal_type();
          } else if (logical == Kind::kTimestamp) {
            type = DataType::Timestamp();
            auto unit = e.logical_type->unit;
            m.convert = unit == parquet::TimeUnit::kMillis  ? Convert::kMillisToMicros
                        : unit == parquet::TimeUnit::kNanos ? Convert::kNanosToMicros
                                                            : Convert::kNone;
          } else if (conv == parquet::ConvertedType::kTimestampMillis) {
            type = DataType::Timestamp();
            m.convert = Convert::kMillisToMicros;
          } else if (conv == parquet::ConvertedType::kTimestampMicros) {
            type = DataType::Timestamp();
          } else {
            type = DataType::Int64();
          }
          break;
        case PhysicalType::kFloat:
          type = DataType::Double();
          m.convert = Convert::kFloat;
          break;
        case PhysicalType::kDouble:
          type = DataType::Double();
          break;
        case PhysicalType::kByteArray:
          type = DataType::String();
          break;
        case PhysicalType::kInt96:
          type = DataType::Timestamp();
          m.convert = Convert::kInt96ToMicros;
          break;
        case PhysicalType::kFixedLenByteArray: {
          if (!decimal)
            Fail(fmt::format(
                "column {}: FIXED_LEN_BYTE_ARRAY is only supported as DECIMAL (this column has "
                "no DECIMAL annotation)",
                e.name));
          int precision =
              logical == Kind::kDecimal ? e.logical_type->precision : e.precision.value_or(0);
          int scale = logical == Kind::kDecimal ? e.logical_type->scale : e.scale.value_or(0);
          if (precision > 18)
            Fail(fmt::format(
                "column {}: DECIMAL({},{}) is not supported: tally decimals hold at most 18 "
                "digits (cast the column to DOUBLE or a DECIMAL of precision <= 18 when writing "
                "the file)",
                e.name, precision, scale));
          if (m.type_length < 1 || m.type_length > 16)
            Fail(fmt::format("column {}: DECIMAL on FIXED_LEN_BYTE_ARRAY of {} bytes", e.name,
                             m.type_length));
          type = decimal_type();
          m.convert = Convert::kBigEndianDecimal;
          break;
        }
        default:
          Fail(fmt::format("column {}: unsupported Parquet physical type {}", e.name,
                           static_cast<int>(m.physical)));
      }
    } catch (const Error& error) {
      if (std::string(error.what()).starts_with(path_)) throw;
      Fail(fmt::format("column {}: {}", e.name, error.what()));
    }
    schema->Add(Field{e.name, type, true});
    mappings_.push_back(std::move(m));
  }
  schema_ = std::move(schema);
  num_rows_ = metadata_->num_rows;
  if (num_rows_ < 0) Fail(fmt::format("the footer declares {} rows", num_rows_));
  int64_t group_rows = 0;
  for (size_t g = 0; g < metadata_->row_groups.size(); ++g) {
    int64_t n = metadata_->row_groups[g].num_rows;
    if (n < 0 || n > num_rows_ - group_rows)
      Fail(fmt::format("row group {} declares {} rows, more than the file's {} rows", g, n,
                       num_rows_));
    group_rows += n;
  }
  if (group_rows != num_rows_)
    Fail(fmt::format("the row groups hold {} rows but the footer declares {}", group_rows,
                     num_rows_));

  // Row group statistics.
  for (const auto& group : metadata_->row_groups) {
    if (group.columns.size() != mappings_.size())
      Fail("row group has a different number of columns than the schema");
    RowGroupInfo info;
    info.rows = group.num_rows;
    for (size_t c = 0; c < mappings_.size(); ++c) {
      const DataType& type = schema_->field(c).type;
      ColumnStatistics stats{Scalar::Null(type), Scalar::Null(type), 0};
      const auto& meta = group.columns[c].meta_data;
      if (!meta) Fail(fmt::format("column {}: column chunk without metadata", mappings_[c].name));
      if (meta->statistics) {
        const parquet::Statistics& s = *meta->statistics;
        stats.null_count = s.null_count.value_or(0);
        const std::optional<std::string>* min = &s.min_value;
        const std::optional<std::string>* max = &s.max_value;
        if ((!*min || !*max) && type.id != TypeId::kString) {
          min = &s.min;  // legacy fields: signed order, valid for numeric columns
          max = &s.max;
        }
        auto to_scalar = [&](const std::optional<std::string>& bytes) -> Scalar {
          if (!bytes) return Scalar::Null(type);
          const auto* p = reinterpret_cast<const uint8_t*>(bytes->data());
          size_t n = bytes->size();
          const ColumnMapping& m = mappings_[c];
          switch (m.physical) {
            case PhysicalType::kBoolean:
              return n >= 1 ? Scalar::Bool(p[0] != 0) : Scalar::Null(type);
            case PhysicalType::kInt32: {
              if (n != 4) return Scalar::Null(type);
              int32_t v = LoadLE<int32_t>(p);
              if (type.id == TypeId::kDecimal)
                return Scalar::Decimal(v, type.precision, type.scale);
              // Statistics outside the supported range are unknown: never skip on them.
              if (type.id == TypeId::kDate)
                return IsSupportedDate(v) ? Scalar::Date(v) : Scalar::Null(type);
              return Scalar::Int32(v);
            }
            case PhysicalType::kInt64: {
              if (n != 8) return Scalar::Null(type);
              int64_t v = LoadLE<int64_t>(p);
              if (type.id == TypeId::kDecimal)
                return Scalar::Decimal(v, type.precision, type.scale);
              if (type.id == TypeId::kTimestamp) {
                if (m.convert == Convert::kMillisToMicros && !MillisToMicros(v, &v))
                  return Scalar::Null(type);
                if (m.convert == Convert::kNanosToMicros) v = NanosToMicros(v);
                return IsSupportedTimestamp(v) ? Scalar::Timestamp(v) : Scalar::Null(type);
              }
              return Scalar::Int64(v);
            }
            case PhysicalType::kFloat:
              return n == 4 ? Scalar::Double(LoadLE<float>(p)) : Scalar::Null(type);
            case PhysicalType::kDouble:
              return n == 8 ? Scalar::Double(LoadLE<double>(p)) : Scalar::Null(type);
            case PhysicalType::kByteArray:
              return IsValidUtf8(*bytes) ? Scalar::String(*bytes) : Scalar::Null(type);
            case PhysicalType::kFixedLenByteArray:
              if (n != static_cast<size_t>(m.type_length)) return Scalar::Null(type);
              try {
                return Scalar::Decimal(parquet::BigEndianToInt64(p, n), type.precision, type.scale);
              } catch (const Error&) {
                return Scalar::Null(type);
              }
            default:
              return Scalar::Null(type);
          }
        };
        stats.min = to_scalar(*min);
        stats.max = to_scalar(*max);
      }
      info.columns.push_back(std::move(stats));
    }
    row_groups_.push_back(std::move(info));
  }
}

ParquetReader::~ParquetReader() = default;

ParquetReader::File::~File() {
  if (fd >= 0) ::close(fd);
}

void ParquetReader::Fail(const std::string& message) const {
  throw Error(fmt::format("{}: {}", path_, message));
}

std::vector<Batch> ParquetReader::ReadRowGroup(size_t row_group, const std::vector<int>& columns,
                                               size_t max_rows) const {
  if (row_group >= row_groups_.size())
    Fail(fmt::format("row group {} out of range ({} row groups)", row_group, row_groups_.size()));
  if (max_rows == 0) max_rows = kDefaultBatchRows;
  size_t rows = static_cast<size_t>(row_groups_[row_group].rows);
  size_t num_batches = (rows + max_rows - 1) / max_rows;
  auto schema = std::make_shared<Schema>();
  std::vector<Batch> batches(num_batches);
  for (size_t b = 0; b < num_batches; ++b) {
    batches[b].schema = schema;
    batches[b].num_rows = std::min(max_rows, rows - b * max_rows);
  }
  for (int c : columns) {
    if (c < 0 || static_cast<size_t>(c) >= schema_->size())
      Fail(fmt::format("column index {} out of range", c));
    schema->Add(schema_->field(static_cast<size_t>(c)));
    std::vector<ColumnPtr> pieces = ReadColumnChunk(row_group, c, max_rows);
    TALLY_ASSERT(pieces.size() == num_batches);
    for (size_t b = 0; b < num_batches; ++b) batches[b].columns.push_back(std::move(pieces[b]));
  }
  return batches;
}

std::vector<ColumnPtr> ParquetReader::ReadColumnChunk(size_t row_group, int column,
                                                      size_t max_rows) const {
  const ColumnMapping& m = mappings_[static_cast<size_t>(column)];
  const DataType& type = schema_->field(static_cast<size_t>(column)).type;
  const auto& meta =
      *metadata_->row_groups[row_group].columns[static_cast<size_t>(column)].meta_data;
  const size_t rows = static_cast<size_t>(row_groups_[row_group].rows);
  auto fail = [&](const std::string& what) {
    Fail(fmt::format("column {} (row group {}): {}", m.name, row_group, what));
  };
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset >= 4 &&
      *meta.dictionary_page_offset < start)
    start = *meta.dictionary_page_offset;
  int64_t size = meta.total_compressed_size;
  if (start < 4 || size < 0 || static_cast<uint64_t>(start) > file_size_ - 8 ||
      static_cast<uint64_t>(size) > file_size_ - 8 - static_cast<uint64_t>(start))
    fail("column chunk lies outside the file (truncated?)");
  // Sizes and counts declared in the file drive the allocations below: they are charged
  // against the memory limit before anything is allocated, so a small crafted file cannot
  // demand gigabytes (a legitimate chunk that large needs a larger --memory-limit).
  // The memory limit is the spill budget, which may be set very low on purpose; a chunk may
  // always take a sane amount.
  const size_t memory_limit = std::max(GlobalMemoryBudget().limit(), kMinChunkMemory);
  size_t declared = 0;
  auto charge = [&](uint64_t bytes, const char* what) {
    if (bytes > memory_limit - std::min(declared, memory_limit))
      fail(
          fmt::format("{} would take the column chunk to {} bytes in memory, past the memory "
                      "limit of {} bytes (corrupt file, or raise --memory-limit)",
                      what, declared + bytes, memory_limit));
    declared += bytes;
  };
  charge(static_cast<uint64_t>(size), "the column chunk");
  std::string chunk(static_cast<size_t>(size), '\0');
  ReadAt(file_.fd, chunk.data(), chunk.size(), static_cast<uint64_t>(start), path_);
  const auto* base = reinterpret_cast<const uint8_t*>(chunk.data());

  // ---- pass 1: page headers, decompression, definition levels ----
  std::vector<uint8_t> levels;  // 1 = defined, 0 = NULL; grown page by page
  std::vector<Page> pages;
  std::string dictionary;
  size_t dictionary_count = 0;
  bool has_dictionary = false;
  size_t pos = 0, row = 0;
  try {
    while (row < rows && pos < chunk.size()) {
      parquet::CompactReader reader(base + pos, chunk.size() - pos);
      parquet::PageHeader header = parquet::ReadPageHeader(reader);
      pos += reader.position(base + pos);
      size_t compressed = static_cast<size_t>(header.compressed_page_size);
      size_t uncompressed = static_cast<size_t>(header.uncompressed_page_size);
      if (header.compressed_page_size < 0 || header.uncompressed_page_size < 0 ||
          compressed > chunk.size() - pos)
        fail("page extends past the column chunk (truncated file?)");
      const uint8_t* raw = base + pos;
      pos += compressed;
      if (header.type == parquet::PageType::kDictionaryPage) {
        if (!header.dictionary_page) fail("dictionary page without header");
        if (has_dictionary) fail("more than one dictionary page");
        int64_t count = header.dictionary_page->num_values;
        // Every entry takes at least 4 bytes (a string's length) or its fixed width.
        size_t min_width =
            m.physical == PhysicalType::kBoolean ? 1
            : m.physical == PhysicalType::kFixedLenByteArray
                ? static_cast<size_t>(std::max(m.type_length, 1))
            : m.physical == PhysicalType::kInt96                                        ? 12
            : m.physical == PhysicalType::kInt64 || m.physical == PhysicalType::kDouble ? 8
                                                                                        : 4;
        if (count < 0 || static_cast<uint64_t>(count) > uncompressed / min_width)
          fail(fmt::format("dictionary page declares {} values in {} bytes", count, uncompressed));
        charge(uncompressed + static_cast<uint64_t>(count) * 16, "the dictionary page");
        parquet::Decompress(meta.codec, raw, compressed, uncompressed, &dictionary);
        dictionary_count = static_cast<size_t>(count);
        has_dictionary = true;
        continue;
      }
      Page page;
      page.first_row = row;
      const uint8_t* level_data = nullptr;
      size_t level_size = 0;
      if (header.type == parquet::PageType::kDataPage && header.data_page) {
        if (header.data_page->num_values < 0) fail("page declares a negative number of values");
        page.rows = static_cast<size_t>(header.data_page->num_values);
        page.encoding = header.data_page->encoding;
        if (page.rows > rows - row) fail("pages hold more rows than the row group");
        charge(uncompressed + page.rows, "a data page");
        parquet::Decompress(meta.codec, raw, compressed, uncompressed, &page.storage);
        const auto* p = reinterpret_cast<const uint8_t*>(page.storage.data());
        size_t n = page.storage.size();
        if (!m.required) {
          if (header.data_page->definition_level_encoding != Encoding::kRle)
            fail(fmt::format("unsupported definition level encoding {}",
                             parquet::EncodingName(header.data_page->definition_level_encoding)));
          if (n < 4) fail("truncated definition levels");
          uint32_t len = LoadLE<uint32_t>(p);
          if (len > n - 4) fail("truncated definition levels");
          level_data = p + 4;
          level_size = len;
          p += 4 + len;
          n -= 4 + len;
        }
        page.values_offset =
            static_cast<size_t>(p - reinterpret_cast<const uint8_t*>(page.storage.data()));
        page.values_size = n;
      } else if (header.type == parquet::PageType::kDataPageV2 && header.data_page_v2) {
        const auto& v2 = *header.data_page_v2;
        if (v2.num_values < 0) fail("page declares a negative number of values");
        page.rows = static_cast<size_t>(v2.num_values);
        page.encoding = v2.encoding;
        if (page.rows > rows - row) fail("pages hold more rows than the row group");
        charge(uncompressed + page.rows, "a data page");
        size_t level_bytes = static_cast<size_t>(v2.definition_levels_byte_length) +
                             static_cast<size_t>(v2.repetition_levels_byte_length);
        if (v2.definition_levels_byte_length < 0 || v2.repetition_levels_byte_length < 0 ||
            level_bytes > compressed || level_bytes > uncompressed)
          fail("corrupt data page v2 level lengths");
        level_data = raw + v2.repetition_levels_byte_length;
        level_size = static_cast<size_t>(v2.definition_levels_byte_length);
        if (v2.is_compressed && meta.codec != parquet::Codec::kUncompressed) {
          parquet::Decompress(meta.codec, raw + level_bytes, compressed - level_bytes,
                              uncompressed - level_bytes, &page.storage);
        } else {
          page.storage.assign(reinterpret_cast<const char*>(raw + level_bytes),
                              compressed - level_bytes);
        }
        page.values_offset = 0;
        page.values_size = page.storage.size();
        if (m.required) level_data = nullptr;
      } else {
        continue;  // index pages and unknown page types carry no rows
      }
      levels.resize(row + page.rows, 1);
      if (level_data) {
        // Width 1: the decoder refuses levels above 1, the maximum of a flat column.
        parquet::RleBitPackedDecoder decoder(level_data, level_size, 1);
        decoder.Decode(levels.data() + row, page.rows);
        size_t non_null = 0;
        for (size_t i = 0; i < page.rows; ++i) non_null += levels[row + i];
        page.non_null = non_null;
      } else {
        page.non_null = page.rows;
      }
      row += page.rows;
      pages.push_back(std::move(page));
    }
  } catch (const Error& e) {
    if (std::string(e.what()).starts_with(path_)) throw;
    fail(e.what());
  }
  if (row != rows) fail(fmt::format("row group has {} rows but its pages hold {}", rows, row));
  // The decoded pieces: a value (or a string's offset and view) per row.
  charge(static_cast<uint64_t>(rows) * (type.IsFixedWidth() ? type.FixedWidth() + 1 : 24),
         "the decoded values");
  size_t non_null_total = 0;
  for (const Page& p : pages) non_null_total += p.non_null;

  auto check_encoding = [&](const Page& page) {
    if (page.encoding == Encoding::kPlain) return;
    if (IsDictionaryEncoding(page.encoding)) {
      if (!has_dictionary) fail("dictionary-encoded page without a dictionary page");
      return;
    }
    if (page.encoding == Encoding::kRle && m.physical == PhysicalType::kBoolean) return;
    bool integer = m.physical == PhysicalType::kInt32 || m.physical == PhysicalType::kInt64;
    if (page.encoding == Encoding::kDeltaBinaryPacked && integer) return;
    if (page.encoding == Encoding::kByteStreamSplit &&
        (integer || m.physical == PhysicalType::kFloat || m.physical == PhysicalType::kDouble ||
         m.physical == PhysicalType::kFixedLenByteArray))
      return;
    if (page.encoding == Encoding::kDeltaLengthByteArray && m.physical == PhysicalType::kByteArray)
      return;
    if (page.encoding == Encoding::kDeltaByteArray &&
        (m.physical == PhysicalType::kByteArray || m.physical == PhysicalType::kFixedLenByteArray))
      return;
    fail(fmt::format("unsupported encoding {} for a {} column",
                     parquet::EncodingName(page.encoding), PhysicalTypeName(m.physical)));
  };
  // Dictionary indices of a page: bit width byte + hybrid runs.
  std::vector<uint32_t> indices;
  auto decode_indices = [&](const Page& page) {
    indices.resize(page.non_null);
    if (page.non_null == 0) return;
    if (page.values_size < 1) fail("truncated dictionary indices");
    int width = page.values()[0];
    if (width > 32) fail("bad dictionary index bit width");
    parquet::RleBitPackedDecoder decoder(page.values() + 1, page.values_size - 1, width);
    decoder.Decode(indices.data(), page.non_null);
    for (uint32_t index : indices)
      if (index >= dictionary_count) fail("dictionary index out of range");
  };

  // The output pieces: rows [p * max_rows, (p + 1) * max_rows) of the chunk go to piece p.
  const size_t num_pieces = (rows + max_rows - 1) / max_rows;
  auto piece_rows = [&](size_t p) { return std::min(max_rows, rows - p * max_rows); };
  std::vector<ColumnPtr> pieces(num_pieces);
  auto set_nulls = [&]() {
    if (non_null_total == rows) return;
    for (size_t i = 0; i < rows; ++i)
      if (!levels[i]) pieces[i / max_rows]->SetNull(i % max_rows);
  };
  // Writes one page's values to its rows of the pieces: value(k) is the page's k-th non-null
  // value, already converted; NULL rows are skipped. Working page by page keeps the values in
  // cache and needs no chunk-sized buffer of fresh memory (page faults are expensive).
  auto scatter_page = [&](const Page& page, auto* tag, auto value) {
    using Out = std::remove_pointer_t<decltype(tag)>;
    size_t row = page.first_row, end = page.first_row + page.rows, k = 0;
    bool dense = page.non_null == page.rows;
    while (row < end) {
      size_t offset = row % max_rows;
      size_t n = std::min(end - row, max_rows - offset);
      Out* dst = pieces[row / max_rows]->template data<Out>() + offset;
      if (dense) {
        for (size_t i = 0; i < n; ++i) dst[i] = value(k + i);
        k += n;
      } else {
        const uint8_t* defined = levels.data() + row;
        for (size_t i = 0; i < n; ++i)
          if (defined[i]) dst[i] = value(k++);
      }
      row += n;
    }
  };

  try {
    // ---- strings ----
    if (type.id == TypeId::kString) {
      std::vector<std::string_view> dict_values;
      if (has_dictionary) {
        const auto* p = reinterpret_cast<const uint8_t*>(dictionary.data());
        size_t n = dictionary.size(), at = 0;
        dict_values.reserve(dictionary_count);
        for (size_t i = 0; i < dictionary_count; ++i) {
          if (n - at < 4) fail("truncated dictionary page");
          uint32_t len = LoadLE<uint32_t>(p + at);
          if (len > n - at - 4) fail("truncated dictionary page");
          dict_values.emplace_back(reinterpret_cast<const char*>(p + at + 4), len);
          CheckUtf8(dict_values.back(), "dictionary entry", i);
          at += 4 + len;
        }
      }
      bool all_dictionary = has_dictionary;
      for (const Page& page : pages) {
        check_encoding(page);
        if (page.non_null > 0 && !IsDictionaryEncoding(page.encoding)) all_dictionary = false;
      }
      if (all_dictionary) {
        // Every piece shares the one dictionary.
        auto dict = std::make_shared<Column>(DataType::String());
        dict->Reserve(dict_values.size(), dictionary.size());
        for (std::string_view v : dict_values) dict->AppendString(v);
        for (size_t p = 0; p < num_pieces; ++p) {
          pieces[p] = Column::MakeDictionary(dict);
          pieces[p]->Resize(piece_rows(p));
        }
        for (const Page& page : pages) {
          decode_indices(page);
          scatter_page(page, static_cast<int32_t*>(nullptr),
                       [&](size_t k) { return static_cast<int32_t>(indices[k]); });
        }
        set_nulls();
        return pieces;
      }
      for (size_t p = 0; p < num_pieces; ++p) {
        pieces[p] = std::make_shared<Column>(DataType::String());
        pieces[p]->Reserve(piece_rows(p), chunk.size() / num_pieces);
      }
      std::vector<std::string_view> delta_views;
      std::vector<std::string> delta_strings;
      for (const Page& page : pages) {
        const uint8_t* p = page.values();
        size_t n = page.values_size, at = 0;
        bool dict_page = IsDictionaryEncoding(page.encoding);
        if (dict_page) {
          decode_indices(page);
          // Flat output copies each row's entry: small indices can stand for large entries.
          uint64_t bytes = 0;
          for (uint32_t index : indices) bytes += dict_values[index].size();
          charge(bytes, "the strings of a dictionary-encoded page");
        }
        // DELTA pages are decoded whole; their k-th value is delta_views[k].
        bool delta_page = page.encoding == Encoding::kDeltaLengthByteArray ||
                          page.encoding == Encoding::kDeltaByteArray;
        if (page.encoding == Encoding::kDeltaLengthByteArray) {
          parquet::DecodeDeltaLengthByteArray(p, n, page.non_null, &delta_views);
        } else if (page.encoding == Encoding::kDeltaByteArray) {
          parquet::DecodeDeltaByteArray(
              p, n, page.non_null, memory_limit - std::min(declared, memory_limit), &delta_strings);
          uint64_t bytes = 0;
          for (const std::string& value : delta_strings) bytes += value.size();
          charge(bytes, "a DELTA_BYTE_ARRAY page");
          delta_views.assign(delta_strings.begin(), delta_strings.end());
        }
        size_t k = 0;
        for (size_t i = page.first_row; i < page.first_row + page.rows; ++i) {
          Column& out = *pieces[i / max_rows];
          if (!levels[i]) {
            out.AppendNull();
          } else if (dict_page) {
            out.AppendString(dict_values[indices[k++]]);
          } else if (delta_page) {
            CheckUtf8(delta_views[k], "the value of row", i);
            out.AppendString(delta_views[k++]);
          } else {
            if (n - at < 4) fail("truncated PLAIN strings");
            uint32_t len = LoadLE<uint32_t>(p + at);
            if (len > n - at - 4) fail("truncated PLAIN strings");
            std::string_view value(reinterpret_cast<const char*>(p + at + 4), len);
            CheckUtf8(value, "the value of row", i);
            out.AppendString(value);
            at += 4 + len;
          }
        }
      }
      return pieces;
    }

    // ---- fixed width: each page's values (PLAIN in place, or looked up in the dictionary)
    // are converted and written to their rows ----
    for (size_t p = 0; p < num_pieces; ++p) {
      pieces[p] = Column::Make(type);
      pieces[p]->Resize(piece_rows(p));
    }
    // Physical values of type T, converted by `convert` to the tally type's Out.
    std::vector<int64_t> delta_values;
    // A BYTE_STREAM_SPLIT page's values, reassembled into PLAIN layout.
    std::vector<uint8_t> split;
    auto split_values = [&](const Page& page, size_t width) {
      size_t stride = page.values_size / width;  // values in the page: the streams' length
      if (stride < page.non_null) fail("truncated BYTE_STREAM_SPLIT values");
      split.resize(stride * width);
      parquet::DecodeByteStreamSplit(page.values(), stride, width, split.data());
      return static_cast<const uint8_t*>(split.data());
    };
    auto decode_fixed = [&](auto tag, auto* out_tag, auto convert) {
      using T = decltype(tag);
      std::vector<T> dict_values;
      if (has_dictionary) {
        size_t count = std::min(dictionary_count, dictionary.size() / sizeof(T));
        if (count < dictionary_count) fail("truncated dictionary page");
        dict_values.resize(count);
        if (count) std::memcpy(dict_values.data(), dictionary.data(), count * sizeof(T));
      }
      for (const Page& page : pages) {
        check_encoding(page);
        if (page.non_null == 0) continue;
        if (IsDictionaryEncoding(page.encoding)) {
          decode_indices(page);
          scatter_page(page, out_tag, [&](size_t k) { return convert(dict_values[indices[k]]); });
        } else if (page.encoding == Encoding::kByteStreamSplit) {
          const uint8_t* values = split_values(page, sizeof(T));
          scatter_page(page, out_tag,
                       [&](size_t k) { return convert(LoadLE<T>(values + k * sizeof(T))); });
        } else if (page.encoding == Encoding::kDeltaBinaryPacked) {
          if constexpr (std::is_integral_v<T>) {
            parquet::DecodeDeltaBinaryPacked(page.values(), page.values_size, page.non_null,
                                             &delta_values);
            // Truncation recovers INT32 values: the stream's arithmetic is modular.
            scatter_page(page, out_tag,
                         [&](size_t k) { return convert(static_cast<T>(delta_values[k])); });
          }
        } else {
          if (page.values_size < page.non_null * sizeof(T)) fail("truncated PLAIN values");
          const uint8_t* values = page.values();
          scatter_page(page, out_tag,
                       [&](size_t k) { return convert(LoadLE<T>(values + k * sizeof(T))); });
        }
      }
    };
    // Values of `width` bytes each (INT96, FIXED_LEN_BYTE_ARRAY), converted to int64 by
    // `convert(bytes)`: PLAIN, dictionary or DELTA_BYTE_ARRAY pages.
    auto decode_fixed_bytes = [&](size_t width, auto convert) {
      std::vector<int64_t> dict_values;
      if (has_dictionary) {
        if (dictionary.size() / width < dictionary_count) fail("truncated dictionary page");
        const auto* d = reinterpret_cast<const uint8_t*>(dictionary.data());
        dict_values.resize(dictionary_count);
        for (size_t i = 0; i < dictionary_count; ++i) dict_values[i] = convert(d + i * width);
      }
      std::vector<std::string> strings;
      for (const Page& page : pages) {
        check_encoding(page);
        if (page.non_null == 0) continue;
        if (IsDictionaryEncoding(page.encoding)) {
          decode_indices(page);
          scatter_page(page, static_cast<int64_t*>(nullptr),
                       [&](size_t k) { return dict_values[indices[k]]; });
        } else if (page.encoding == Encoding::kDeltaByteArray) {
          parquet::DecodeDeltaByteArray(page.values(), page.values_size, page.non_null,
                                        memory_limit - std::min(declared, memory_limit), &strings);
          charge(strings.size() * width, "a DELTA_BYTE_ARRAY page");
          delta_values.resize(strings.size());
          for (size_t k = 0; k < strings.size(); ++k) {
            if (strings[k].size() != width)
              fail(fmt::format("FIXED_LEN_BYTE_ARRAY value of {} bytes, expected {}",
                               strings[k].size(), width));
            delta_values[k] = convert(reinterpret_cast<const uint8_t*>(strings[k].data()));
          }
          scatter_page(page, static_cast<int64_t*>(nullptr),
                       [&](size_t k) { return delta_values[k]; });
        } else {
          if (page.values_size / width < page.non_null) fail("truncated PLAIN values");
          const uint8_t* values = page.encoding == Encoding::kByteStreamSplit
                                      ? split_values(page, width)
                                      : page.values();
          scatter_page(page, static_cast<int64_t*>(nullptr),
                       [&](size_t k) { return convert(values + k * width); });
        }
      }
    };
    auto same = [](auto v) { return v; };
    switch (m.physical) {
      case PhysicalType::kBoolean: {
        std::vector<uint8_t> dense;
        for (const Page& page : pages) {
          if (page.non_null == 0) continue;
          dense.resize(page.non_null);
          if (page.encoding == Encoding::kRle) {
            if (page.values_size < 4) fail("truncated RLE booleans");
            uint32_t len = LoadLE<uint32_t>(page.values());
            if (len > page.values_size - 4) fail("truncated RLE booleans");
            parquet::RleBitPackedDecoder decoder(page.values() + 4, len, 1);
            decoder.Decode(dense.data(), page.non_null);
          } else if (page.encoding == Encoding::kPlain) {
            if (page.values_size * 8 < page.non_null) fail("truncated PLAIN booleans");
            const uint8_t* bits = page.values();
            for (size_t i = 0; i < page.non_null; ++i) dense[i] = (bits[i >> 3] >> (i & 7)) & 1;
          } else {
            fail(fmt::format("unsupported encoding {} for a BOOLEAN column",
                             parquet::EncodingName(page.encoding)));
          }
          scatter_page(page, static_cast<uint8_t*>(nullptr), [&](size_t k) { return dense[k]; });
        }
        break;
      }
      case PhysicalType::kInt32:
        if (m.convert == Convert::kWiden32To64)
          decode_fixed(int32_t{}, static_cast<int64_t*>(nullptr),
                       [](int32_t v) { return int64_t{v}; });
        else if (type.id == TypeId::kDate)
          decode_fixed(int32_t{}, static_cast<int32_t*>(nullptr), [](int32_t v) {
            if (!IsSupportedDate(v)) ThrowOutOfRange("DATE", v, " days");
            return v;
          });
        else
          decode_fixed(int32_t{}, static_cast<int32_t*>(nullptr), same);
        break;
      case PhysicalType::kInt64:
        if (m.convert == Convert::kMillisToMicros)
          decode_fixed(int64_t{}, static_cast<int64_t*>(nullptr), [](int64_t v) {
            int64_t micros;
            if (!MillisToMicros(v, &micros)) ThrowOutOfRange("TIMESTAMP", v, " ms");
            return micros;
          });
        else if (m.convert == Convert::kNanosToMicros)
          decode_fixed(int64_t{}, static_cast<int64_t*>(nullptr), [](int64_t v) {
            int64_t micros = NanosToMicros(v);
            if (!IsSupportedTimestamp(micros)) ThrowOutOfRange("TIMESTAMP", v, " ns");
            return micros;
          });
        else if (type.id == TypeId::kTimestamp)
          decode_fixed(int64_t{}, static_cast<int64_t*>(nullptr), [](int64_t v) {
            if (!IsSupportedTimestamp(v)) ThrowOutOfRange("TIMESTAMP", v, " us");
            return v;
          });
        else
          decode_fixed(int64_t{}, static_cast<int64_t*>(nullptr), same);
        break;
      case PhysicalType::kFloat:
        decode_fixed(float{}, static_cast<double*>(nullptr), [](float v) { return double{v}; });
        break;
      case PhysicalType::kDouble:
        decode_fixed(double{}, static_cast<double*>(nullptr), same);
        break;
      case PhysicalType::kInt96:
        decode_fixed_bytes(12, parquet::Int96ToMicros);
        break;
      case PhysicalType::kFixedLenByteArray: {
        size_t width = static_cast<size_t>(m.type_length);
        decode_fixed_bytes(
            width, [width](const uint8_t* p) { return parquet::BigEndianToInt64(p, width); });
        break;
      }
      default:
        fail("unsupported physical type");
    }
    set_nulls();
    return pieces;
  } catch (const Error& e) {
    if (std::string(e.what()).starts_with(path_)) throw;
    fail(e.what());
  }
  return {};
}

}  // namespace tally
