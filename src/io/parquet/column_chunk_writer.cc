#include "io/parquet/column_chunk_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "io/parquet/parquet_compression.h"
#include "io/parquet/rle_bit_packed.h"

namespace tally::parquet {
namespace {

PhysicalType PhysicalFor(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
      return PhysicalType::kBoolean;
    case TypeId::kInt32:
    case TypeId::kDate:
      return PhysicalType::kInt32;
    case TypeId::kInt64:
    case TypeId::kDecimal:
    case TypeId::kTimestamp:
      return PhysicalType::kInt64;
    case TypeId::kDouble:
      return PhysicalType::kDouble;
    case TypeId::kString:
      return PhysicalType::kByteArray;
  }
  return PhysicalType::kInt64;
}

template <typename T>
std::string PlainBytes(T value) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

size_t HashString(std::string_view s) {
  return std::hash<std::string_view>{}(s);
}

// A chunk's dictionary of fixed-width values stays small enough to be looked up in cache
// while decoding; past it, the values are too varied for a dictionary to pay.
constexpr size_t kMaxFixedDictionaryEntries = 4096;

// Bytes of one PLAIN value of a fixed-width type.
size_t PlainWidth(const DataType& type) {
  return type.id == TypeId::kInt32 || type.id == TypeId::kDate ? 4 : 8;
}

size_t FixedSlot(uint64_t bits, size_t mask) {
  return static_cast<size_t>((bits * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

bool UsesFixedDictionary(const ParquetWriteOptions& options, const DataType& type) {
  return options.dictionary && type.IsFixedWidth() && type.id != TypeId::kBool;
}

}  // namespace

SchemaElement SchemaElementFor(const Field& field) {
  SchemaElement e;
  e.name = field.name;
  e.type = PhysicalFor(field.type);
  e.repetition = Repetition::kOptional;
  LogicalType logical;
  switch (field.type.id) {
    case TypeId::kDecimal:
      e.converted_type = ConvertedType::kDecimal;
      e.scale = field.type.scale;
      e.precision = field.type.precision;
      logical.kind = LogicalType::Kind::kDecimal;
      logical.scale = field.type.scale;
      logical.precision = field.type.precision;
      break;
    case TypeId::kDate:
      e.converted_type = ConvertedType::kDate;
      logical.kind = LogicalType::Kind::kDate;
      break;
    case TypeId::kTimestamp:
      e.converted_type = ConvertedType::kTimestampMicros;
      logical.kind = LogicalType::Kind::kTimestamp;
      logical.adjusted_to_utc = false;
      logical.unit = TimeUnit::kMicros;
      break;
    case TypeId::kString:
      e.converted_type = ConvertedType::kUtf8;
      logical.kind = LogicalType::Kind::kString;
      break;
    default:
      break;
  }
  if (logical.kind != LogicalType::Kind::kNone) e.logical_type = logical;
  return e;
}

Codec CodecFor(ParquetCompression compression) {
  switch (compression) {
    case ParquetCompression::kUncompressed:
      return Codec::kUncompressed;
    case ParquetCompression::kSnappy:
      return Codec::kSnappy;
    case ParquetCompression::kZstd:
      return Codec::kZstd;
  }
  return Codec::kUncompressed;
}

ColumnChunkWriter::ColumnChunkWriter(const Field& field, const ParquetWriteOptions& options)
    : field_(field),
      options_(options),
      physical_(PhysicalFor(field.type)),
      codec_(CodecFor(options.compression)) {
  dictionary_mode_ = options_.dictionary && field_.type.id == TypeId::kString;
  fixed_dictionary_ = UsesFixedDictionary(options_, field_.type);
}

void ColumnChunkWriter::Append(const Column& column, size_t begin, size_t end) {
  if (column.type() != field_.type)
    ThrowError("column {} has type {}, the Parquet schema says {}", field_.name,
               column.type().ToString(), field_.type.ToString());
  while (begin < end) {
    size_t take = std::min(end - begin, options_.page_rows - page_rows_);
    AppendRange(column, begin, begin + take);
    begin += take;
    if (page_rows_ >= options_.page_rows || plain_.size() >= options_.page_bytes) FlushPage();
  }
}

void ColumnChunkWriter::AppendRange(const Column& column, size_t begin, size_t end) {
  size_t n = end - begin;
  // Definition levels: 1 = value present, 0 = null.
  size_t level_start = levels_.size();
  levels_.resize(level_start + n, 1);
  if (column.HasNulls()) {
    for (size_t i = 0; i < n; ++i) {
      if (column.IsNull(begin + i)) {
        levels_[level_start + i] = 0;
        ++null_count_;
      }
    }
  }
  page_rows_ += n;

  if (field_.type.id == TypeId::kString) {
    size_t at = begin;
    if (dictionary_mode_) {
      at = AppendDictionary(column, begin, end);
      if (at < end) {
        // The dictionary is full: finish this page with the rows encoded so far, then write
        // the rest of the chunk PLAIN. The page boundary must match the level split.
        size_t done = at - begin;
        std::vector<uint8_t> rest(levels_.begin() + static_cast<ptrdiff_t>(level_start + done),
                                  levels_.end());
        levels_.resize(level_start + done);
        page_rows_ -= n - done;
        FlushPage();
        dictionary_mode_ = false;
        levels_ = std::move(rest);
        page_rows_ = end - at;
      }
    }
    if (at < end) AppendPlainStrings(column, at, end);
    return;
  }

  // Fixed-width values: copy the non-null ones, tracking min/max in the same pass.
  auto append_fixed = [&](auto tag) {
    using T = decltype(tag);
    const T* src = column.data<T>() + begin;
    size_t start = plain_.size();
    plain_.resize(start + n * sizeof(T));
    T* dst = reinterpret_cast<T*>(plain_.data() + start);
    size_t count = 0;
    if (!column.HasNulls()) {
      std::memcpy(dst, src, n * sizeof(T));
      count = n;
    } else {
      const uint8_t* lv = levels_.data() + level_start;
      for (size_t i = 0; i < n; ++i) {
        dst[count] = src[i];
        count += lv[i];
      }
    }
    plain_.resize(start + count * sizeof(T));
    if (count == 0) return;
    if constexpr (std::is_same_v<T, double>) {
      double lo = double_min_, hi = double_max_;
      bool any = has_minmax_;
      for (size_t i = 0; i < count; ++i) {
        double v = dst[i];
        if (std::isnan(v)) continue;
        if (!any) {
          lo = hi = v;
          any = true;
        }
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
      double_min_ = lo;
      double_max_ = hi;
      has_minmax_ = any;
    } else {
      T lo = dst[0], hi = dst[0];
      for (size_t i = 1; i < count; ++i) {
        lo = dst[i] < lo ? dst[i] : lo;
        hi = dst[i] > hi ? dst[i] : hi;
      }
      if (!has_minmax_) {
        int_min_ = lo;
        int_max_ = hi;
        has_minmax_ = true;
      } else {
        int_min_ = std::min<int64_t>(int_min_, lo);
        int_max_ = std::max<int64_t>(int_max_, hi);
      }
    }
  };
  switch (field_.type.id) {
    case TypeId::kBool:
      append_fixed(uint8_t{});
      break;
    case TypeId::kInt32:
    case TypeId::kDate:
      append_fixed(int32_t{});
      break;
    case TypeId::kDouble:
      append_fixed(double{});
      break;
    default:
      append_fixed(int64_t{});
      break;
  }
}

int32_t ColumnChunkWriter::DictionaryIndex(std::string_view value) {
  size_t hash = HashString(value);
  if (table_.empty()) table_.assign(1024, -1);
  size_t mask = table_.size() - 1;
  for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    int32_t entry = table_[slot];
    if (entry < 0) {
      size_t entries = dict_hashes_.size();
      if (entries >= options_.dictionary_max_entries ||
          dict_chars_.size() + value.size() > options_.dictionary_max_bytes)
        return -1;
      dict_chars_.append(value);
      dict_offsets_.push_back(static_cast<uint32_t>(dict_chars_.size()));
      dict_hashes_.push_back(hash);
      table_[slot] = static_cast<int32_t>(entries);
      if ((entries + 1) * 2 > table_.size()) {
        // Grow at half load so probe sequences stay short.
        std::vector<int32_t> bigger(table_.size() * 2, -1);
        size_t bigger_mask = bigger.size() - 1;
        for (size_t e = 0; e <= entries; ++e) {
          size_t s = dict_hashes_[e] & bigger_mask;
          while (bigger[s] >= 0) s = (s + 1) & bigger_mask;
          bigger[s] = static_cast<int32_t>(e);
        }
        table_ = std::move(bigger);
      }
      return static_cast<int32_t>(entries);
    }
    size_t e = static_cast<size_t>(entry);
    if (dict_hashes_[e] == hash &&
        std::string_view(dict_chars_.data() + dict_offsets_[e],
                         dict_offsets_[e + 1] - dict_offsets_[e]) == value)
      return entry;
  }
}

bool ColumnChunkWriter::EncodeFixedDictionary() {
  const size_t width = PlainWidth(field_.type);
  const size_t count = plain_.size() / width;
  // The table starts small (a wide table has a writer per column) and doubles at half load.
  if (fixed_table_.empty()) fixed_table_.assign(64, -1);
  indices_.resize(count);
  for (size_t i = 0; i < count; ++i) {
    uint64_t bits = 0;
    std::memcpy(&bits, plain_.data() + i * width, width);
    size_t mask = fixed_table_.size() - 1;
    for (size_t slot = FixedSlot(bits, mask);; slot = (slot + 1) & mask) {
      int32_t entry = fixed_table_[slot];
      if (entry >= 0 && fixed_entries_[static_cast<size_t>(entry)] == bits) {
        indices_[i] = static_cast<uint32_t>(entry);
        break;
      }
      if (entry < 0) {
        if (fixed_entries_.size() >= kMaxFixedDictionaryEntries) {
          indices_.clear();
          return false;
        }
        fixed_table_[slot] = static_cast<int32_t>(fixed_entries_.size());
        indices_[i] = static_cast<uint32_t>(fixed_entries_.size());
        fixed_entries_.push_back(bits);
        if (fixed_entries_.size() * 2 > fixed_table_.size()) GrowFixedTable();
        break;
      }
    }
  }
  return true;
}

void ColumnChunkWriter::GrowFixedTable() {
  std::vector<int32_t> bigger(fixed_table_.size() * 2, -1);
  size_t mask = bigger.size() - 1;
  for (size_t e = 0; e < fixed_entries_.size(); ++e) {
    size_t s = FixedSlot(fixed_entries_[e], mask);
    while (bigger[s] >= 0) s = (s + 1) & mask;
    bigger[s] = static_cast<int32_t>(e);
  }
  fixed_table_ = std::move(bigger);
}

size_t ColumnChunkWriter::DictionaryEntries() const {
  return field_.type.id == TypeId::kString ? dict_hashes_.size() : fixed_entries_.size();
}

size_t ColumnChunkWriter::AppendDictionary(const Column& column, size_t begin, size_t end) {
  const bool nulls = column.HasNulls();
  if (column.is_dictionary()) {
    // Map each distinct input index once; rows then cost one array lookup.
    if (input_dictionary_ != column.dictionary()) {
      input_dictionary_ = column.dictionary();
      remap_.assign(input_dictionary_->size(), -1);
    }
    const int32_t* in = column.data<int32_t>();
    for (size_t i = begin; i < end; ++i) {
      if (nulls && column.IsNull(i)) continue;
      int32_t& mapped = remap_[static_cast<size_t>(in[i])];
      if (mapped < 0) {
        mapped = DictionaryIndex(input_dictionary_->GetString(static_cast<size_t>(in[i])));
        if (mapped < 0) return i;
      }
      indices_.push_back(static_cast<uint32_t>(mapped));
    }
    return end;
  }
  for (size_t i = begin; i < end; ++i) {
    if (nulls && column.IsNull(i)) continue;
    int32_t index = DictionaryIndex(column.GetString(i));
    if (index < 0) return i;
    indices_.push_back(static_cast<uint32_t>(index));
  }
  return end;
}

void ColumnChunkWriter::UpdateStringStats(std::string_view v) {
  if (!has_minmax_) {
    string_min_.assign(v);
    string_max_.assign(v);
    has_minmax_ = true;
    return;
  }
  if (v < string_min_) string_min_.assign(v);
  if (v > string_max_) string_max_.assign(v);
}

void ColumnChunkWriter::AppendPlainStrings(const Column& column, size_t begin, size_t end) {
  const bool nulls = column.HasNulls();
  for (size_t i = begin; i < end; ++i) {
    if (nulls && column.IsNull(i)) continue;
    std::string_view v = column.GetString(i);
    uint32_t len = static_cast<uint32_t>(v.size());
    plain_.append(reinterpret_cast<const char*>(&len), 4);
    plain_.append(v);
    UpdateStringStats(v);
  }
}

void ColumnChunkWriter::WritePage(PageType type, const std::string& body, int32_t num_values,
                                  Encoding encoding, std::string* out) {
  compressed_.clear();
  Compress(codec_, options_.zstd_level, body.data(), body.size(), &compressed_);
  PageHeader header;
  header.type = type;
  header.uncompressed_page_size = static_cast<int32_t>(body.size());
  header.compressed_page_size = static_cast<int32_t>(compressed_.size());
  if (type == PageType::kDictionaryPage) {
    header.dictionary_page = DictionaryPageHeader{num_values, encoding};
  } else {
    header.data_page = DataPageHeader{num_values, encoding, Encoding::kRle, Encoding::kRle};
  }
  CompactWriter w;
  Write(w, header);
  out->append(w.buffer());
  out->append(compressed_);
  uncompressed_bytes_ += static_cast<int64_t>(w.buffer().size() + body.size());
}

void ColumnChunkWriter::FlushPage() {
  if (page_rows_ == 0) return;
  body_.clear();
  body_.resize(4);
  EncodeRleBitPacked(levels_.data(), levels_.size(), 1, &body_);
  uint32_t level_bytes = static_cast<uint32_t>(body_.size() - 4);
  std::memcpy(body_.data(), &level_bytes, 4);
  Encoding encoding = Encoding::kPlain;
  if (fixed_dictionary_ && !plain_.empty()) fixed_dictionary_ = EncodeFixedDictionary();
  if ((dictionary_mode_ || fixed_dictionary_) && !indices_.empty()) {
    // Pages without values stay PLAIN, so an all-null chunk needs no (empty) dictionary.
    encoding = Encoding::kRleDictionary;
    used_dictionary_pages_ = true;
    int width = std::max(1, BitWidth(static_cast<uint32_t>(DictionaryEntries() - 1)));
    body_.push_back(static_cast<char>(width));
    EncodeRleBitPacked(indices_.data(), indices_.size(), width, &body_);
  } else if (field_.type.id == TypeId::kBool) {
    // PLAIN booleans are bit-packed, LSB first.
    size_t count = plain_.size();
    size_t start = body_.size();
    body_.resize(start + (count + 7) / 8, '\0');
    auto* dst = reinterpret_cast<uint8_t*>(body_.data() + start);
    for (size_t i = 0; i < count; ++i)
      dst[i >> 3] |= static_cast<uint8_t>((plain_[i] & 1) << (i & 7));
  } else {
    body_.append(plain_);
  }
  WritePage(PageType::kDataPage, body_, static_cast<int32_t>(page_rows_), encoding, &pages_);
  page_rows_ = 0;
  levels_.clear();
  indices_.clear();
  plain_.clear();
}

ColumnChunk ColumnChunkWriter::Finish(FileWriter& file, int64_t num_rows, ColumnStatistics* stats) {
  FlushPage();
  ColumnChunk chunk;
  ColumnMetaData meta;
  meta.type = physical_;
  meta.path_in_schema = {field_.name};
  meta.codec = codec_;
  meta.num_values = num_rows;
  std::string dictionary_page;
  if (used_dictionary_pages_) {
    std::string body;
    size_t entries = DictionaryEntries();
    if (field_.type.id == TypeId::kString) {
      body.reserve(dict_chars_.size() + 4 * entries);
      for (size_t e = 0; e < entries; ++e) {
        uint32_t len = dict_offsets_[e + 1] - dict_offsets_[e];
        body.append(reinterpret_cast<const char*>(&len), 4);
        body.append(dict_chars_, dict_offsets_[e], len);
        UpdateStringStats(std::string_view(dict_chars_.data() + dict_offsets_[e], len));
      }
    } else {
      // PLAIN values: the low `width` bytes of each entry's bits (little-endian).
      size_t width = PlainWidth(field_.type);
      body.resize(entries * width);
      for (size_t e = 0; e < entries; ++e)
        std::memcpy(body.data() + e * width, &fixed_entries_[e], width);
    }
    WritePage(PageType::kDictionaryPage, body, static_cast<int32_t>(entries), Encoding::kPlain,
              &dictionary_page);
    meta.dictionary_page_offset = static_cast<int64_t>(file.position());
    meta.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
  } else {
    meta.encodings = {Encoding::kPlain, Encoding::kRle};
  }
  int64_t start = static_cast<int64_t>(file.position());
  file.Write(dictionary_page);
  meta.data_page_offset = static_cast<int64_t>(file.position());
  file.Write(pages_);
  meta.total_compressed_size = static_cast<int64_t>(dictionary_page.size() + pages_.size());
  meta.total_uncompressed_size = uncompressed_bytes_;

  // Statistics, both as Parquet bytes and as tally scalars.
  Statistics s;
  s.null_count = null_count_;
  const DataType& type = field_.type;
  stats->null_count = null_count_;
  stats->min = stats->max = Scalar::Null(type);
  if (has_minmax_) {
    auto scalar = [&](int64_t v) {
      switch (type.id) {
        case TypeId::kBool:
          return Scalar::Bool(v != 0);
        case TypeId::kInt32:
          return Scalar::Int32(static_cast<int32_t>(v));
        case TypeId::kDate:
          return Scalar::Date(static_cast<int32_t>(v));
        case TypeId::kDecimal:
          return Scalar::Decimal(v, type.precision, type.scale);
        case TypeId::kTimestamp:
          return Scalar::Timestamp(v);
        default:
          return Scalar::Int64(v);
      }
    };
    switch (physical_) {
      case PhysicalType::kBoolean:
        s.min_value = std::string(1, static_cast<char>(int_min_));
        s.max_value = std::string(1, static_cast<char>(int_max_));
        break;
      case PhysicalType::kInt32:
        s.min_value = PlainBytes(static_cast<int32_t>(int_min_));
        s.max_value = PlainBytes(static_cast<int32_t>(int_max_));
        break;
      case PhysicalType::kDouble:
        s.min_value = PlainBytes(double_min_);
        s.max_value = PlainBytes(double_max_);
        break;
      case PhysicalType::kByteArray:
        s.min_value = StatisticsMinBound(string_min_);
        s.max_value = StatisticsMaxBound(string_max_);
        break;
      default:
        s.min_value = PlainBytes(int_min_);
        s.max_value = PlainBytes(int_max_);
        break;
    }
    if (physical_ == PhysicalType::kDouble) {
      stats->min = Scalar::Double(double_min_);
      stats->max = Scalar::Double(double_max_);
    } else if (physical_ == PhysicalType::kByteArray) {
      stats->min = Scalar::String(*s.min_value);
      stats->max = s.max_value ? Scalar::String(*s.max_value) : Scalar::Null(DataType::String());
    } else {
      stats->min = scalar(int_min_);
      stats->max = scalar(int_max_);
      // The legacy fields use signed order, which is right for these types.
      s.min = s.min_value;
      s.max = s.max_value;
    }
  }
  meta.statistics = std::move(s);
  chunk.file_offset = start;
  chunk.meta_data = std::move(meta);

  // Reset for the next row group.
  dictionary_mode_ = options_.dictionary && field_.type.id == TypeId::kString;
  fixed_dictionary_ = UsesFixedDictionary(options_, field_.type);
  fixed_entries_.clear();
  fixed_table_.clear();
  dict_chars_.clear();
  dict_offsets_.assign(1, 0);
  dict_hashes_.clear();
  table_.clear();
  input_dictionary_.reset();
  remap_.clear();
  pages_.clear();
  uncompressed_bytes_ = 0;
  used_dictionary_pages_ = false;
  null_count_ = 0;
  has_minmax_ = false;
  string_min_.clear();
  string_max_.clear();
  return chunk;
}

}  // namespace tally::parquet
