// ParquetReader on crafted files whose footer or pages lie: sizes and counts that would drive
// huge allocations, values outside what tally's types hold, definition levels out of range and
// invalid UTF-8. Each must end in a clear error naming the file, within bounded memory (the
// memory cases run in a child process whose address space is limited, where an allocation of
// the declared size fails as "out of memory").
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zstd.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/memory_budget.h"
#include "io/parquet/parquet_metadata.h"
#include "io/parquet/parquet_reader.h"

namespace tally {
namespace {

using parquet::Codec;
using parquet::Encoding;
using parquet::PhysicalType;

// One column chunk of one row group: an optional PLAIN dictionary page, then one data page.
struct Crafted {
  explicit Crafted(parquet::SchemaElement e) : element(std::move(e)) {}
  parquet::SchemaElement element;
  int64_t rows = 1;
  std::string page;           // the data page body as stored (compressed when codec says so)
  int32_t uncompressed = -1;  // declared uncompressed size; -1: the body's size
  Codec codec = Codec::kUncompressed;
  Encoding encoding = Encoding::kPlain;
  std::string dictionary;
  int32_t dictionary_count = 0;
  std::optional<parquet::Statistics> statistics;
  // An optional second data page (PLAIN), after the first.
  std::string second_page;
  int64_t second_rows = 0;
  std::function<void(parquet::FileMetaData&)> edit;  // last-minute lies in the footer
};

parquet::SchemaElement Column(PhysicalType type, bool optional = false) {
  parquet::SchemaElement e;
  e.name = "c";
  e.type = type;
  e.repetition = optional ? parquet::Repetition::kOptional : parquet::Repetition::kRequired;
  return e;
}

std::string Le32(uint32_t v) {
  return std::string(reinterpret_cast<const char*>(&v), 4);
}
std::string Le64(uint64_t v) {
  return std::string(reinterpret_cast<const char*>(&v), 8);
}

std::string PageHeaderBytes(const parquet::PageHeader& header) {
  parquet::CompactWriter w;
  parquet::Write(w, header);
  return w.buffer();
}

std::string Write(const std::string& name, const Crafted& c) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("tally_hostile_" + std::to_string(::getpid()) + "_" + name + ".parquet"))
                         .string();
  std::string file = "PAR1";
  parquet::ColumnMetaData m;
  m.type = *c.element.type;
  m.encodings = {c.encoding};
  m.path_in_schema = {c.element.name};
  m.codec = c.codec;
  m.num_values = c.rows;
  m.statistics = c.statistics;
  if (!c.dictionary.empty()) {
    parquet::PageHeader header;
    header.type = parquet::PageType::kDictionaryPage;
    header.uncompressed_page_size = static_cast<int32_t>(c.dictionary.size());
    header.compressed_page_size = header.uncompressed_page_size;
    header.dictionary_page = parquet::DictionaryPageHeader{c.dictionary_count, Encoding::kPlain};
    m.dictionary_page_offset = static_cast<int64_t>(file.size());
    file += PageHeaderBytes(header) + c.dictionary;
  }
  parquet::PageHeader header;
  header.type = parquet::PageType::kDataPage;
  header.uncompressed_page_size =
      c.uncompressed >= 0 ? c.uncompressed : static_cast<int32_t>(c.page.size());
  header.compressed_page_size = static_cast<int32_t>(c.page.size());
  header.data_page = parquet::DataPageHeader{static_cast<int32_t>(c.rows), c.encoding,
                                             Encoding::kRle, Encoding::kRle};
  m.data_page_offset = static_cast<int64_t>(file.size());
  file += PageHeaderBytes(header) + c.page;
  if (!c.second_page.empty()) {
    header.uncompressed_page_size = static_cast<int32_t>(c.second_page.size());
    header.compressed_page_size = header.uncompressed_page_size;
    header.data_page = parquet::DataPageHeader{static_cast<int32_t>(c.second_rows),
                                               Encoding::kPlain, Encoding::kRle, Encoding::kRle};
    file += PageHeaderBytes(header) + c.second_page;
  }
  int64_t chunk_start = m.dictionary_page_offset.value_or(m.data_page_offset);
  m.total_compressed_size = static_cast<int64_t>(file.size()) - chunk_start;
  m.total_uncompressed_size = m.total_compressed_size;

  parquet::FileMetaData meta;
  parquet::SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  meta.schema = {root, c.element};
  meta.num_rows = c.rows + c.second_rows;
  parquet::RowGroup group;
  group.num_rows = meta.num_rows;
  parquet::ColumnChunk chunk;
  chunk.file_offset = chunk_start;
  chunk.meta_data = m;
  group.columns.push_back(chunk);
  meta.row_groups.push_back(group);
  if (c.edit) c.edit(meta);
  parquet::CompactWriter footer;
  parquet::Write(footer, meta);
  file += footer.buffer() + Le32(static_cast<uint32_t>(footer.buffer().size())) + "PAR1";
  FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);
  return path;
}

// Opens and reads the whole file; returns the error message ("" when it read fine).
std::string ReadError(const std::string& path) {
  try {
    ParquetReader reader(path);
    for (size_t g = 0; g < reader.num_row_groups(); ++g) reader.ReadRowGroup(g, {0});
    return "";
  } catch (const Error& e) {
    return e.what();
  }
}

void ExpectError(const std::string& path, const std::string& expected) {
  std::string message = ReadError(path);
  EXPECT_NE(message.find(expected), std::string::npos)
      << "expected \"" << expected << "\", got \"" << message << "\"";
  EXPECT_TRUE(message.starts_with(path)) << message;
  std::filesystem::remove(path);
}

// In a child process: limits the address space, reads, and exits 0 for the expected error,
// 1 for another outcome and 2 for std::bad_alloc.
[[noreturn]] void ReadInBoundedMemory(const std::string& path, const std::string& expected,
                                      size_t megabytes) {
  rlimit limit{megabytes << 20, megabytes << 20};
  setrlimit(RLIMIT_AS, &limit);
  int code = 1;
  try {
    std::string message = ReadError(path);
    if (message.find(expected) != std::string::npos)
      code = 0;
    else
      std::fprintf(stderr, "message: %s\n", message.c_str());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "out of memory\n");
    code = 2;
  }
  std::fflush(stderr);
  std::_Exit(code);
}

// The read must end with the expected error, not with std::bad_alloc (an allocation of the
// size the file declares), in a child limited to `megabytes` of address space.
void ExpectErrorInBoundedMemory(const std::string& path, const std::string& expected,
                                size_t megabytes = 1024) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(ReadInBoundedMemory(path, expected, megabytes), ::testing::ExitedWithCode(0), "");
  std::filesystem::remove(path);
}

// Restores the memory limit a test lowered.
class MemoryLimit {
 public:
  explicit MemoryLimit(size_t bytes) : saved_(GlobalMemoryBudget().limit()) {
    GlobalMemoryBudget().set_limit(bytes);
  }
  ~MemoryLimit() { GlobalMemoryBudget().set_limit(saved_); }

 private:
  size_t saved_;
};

TEST(HostileParquet, RowGroupClaimingBillionsOfRowsFailsWithoutAllocatingThem) {
  Crafted c{Column(PhysicalType::kInt64)};
  c.page = Le64(7);
  c.edit = [](parquet::FileMetaData& meta) {
    meta.num_rows = 3000000000LL;
    meta.row_groups[0].num_rows = 3000000000LL;
  };
  ExpectErrorInBoundedMemory(Write("rows3e9", c), "row group has 3000000000 rows");
}

TEST(HostileParquet, NegativeAndInconsistentRowCounts) {
  Crafted c{Column(PhysicalType::kInt64)};
  c.page = Le64(7);
  c.edit = [](parquet::FileMetaData& meta) { meta.row_groups[0].num_rows = -5; };
  ExpectError(Write("rows_negative", c), "row group 0 declares -5 rows");
  c.edit = [](parquet::FileMetaData& meta) { meta.num_rows = -7; };
  ExpectError(Write("file_rows_negative", c), "the footer declares -7 rows");
  c.edit = [](parquet::FileMetaData& meta) { meta.num_rows = 2; };
  ExpectError(Write("rows_disagree", c), "the row groups hold 1 rows but the footer declares 2");
}

TEST(HostileParquet, PageDeclaringTwoGigabytesFailsBeforeAllocating) {
  Crafted c{Column(PhysicalType::kInt64)};
  c.page = Le64(7);
  c.uncompressed = 2147483647;
  ExpectErrorInBoundedMemory(Write("page2g", c), "page size mismatch");
  c.codec = Codec::kZstd;
  ExpectErrorInBoundedMemory(Write("page2g_zstd", c), "corrupt zstd page");
}

TEST(HostileParquet, ZstdBombStopsAtTheMemoryLimit) {
  // 256 MiB of zeros compress to a few kilobytes; the page declares its true size, more than a
  // chunk may take under a low limit (at least 128 MiB, whatever the limit).
  std::string zeros(size_t{256} << 20, '\0');
  std::string page(ZSTD_compressBound(zeros.size()), '\0');
  page.resize(ZSTD_compress(page.data(), page.size(), zeros.data(), zeros.size(), 1));
  zeros.clear();
  zeros.shrink_to_fit();
  Crafted c{Column(PhysicalType::kInt64)};
  c.rows = (int64_t{256} << 20) / 8;
  c.page = page;
  c.uncompressed = 256 << 20;
  c.codec = Codec::kZstd;
  MemoryLimit limit(64 << 20);
  ExpectErrorInBoundedMemory(Write("zstd_bomb", c), "past the memory limit of 134217728 bytes",
                             200);
}

TEST(HostileParquet, DictionaryCountsMustFitTheDictionaryPage) {
  Crafted c{Column(PhysicalType::kByteArray)};
  c.encoding = Encoding::kRleDictionary;
  c.page = std::string("\x01\x02\x00", 3);  // bit width 1, a run of 1 zero index
  c.dictionary = Le32(1) + "a";
  for (int32_t count : {-1, 2147483647}) {
    c.dictionary_count = count;
    ExpectErrorInBoundedMemory(Write("dict_count", c),
                               fmt::format("dictionary page declares {} values in 5 bytes", count));
  }
  c.dictionary_count = 1;
  EXPECT_EQ(ReadError(Write("dict_ok", c)), "");
}

TEST(HostileParquet, DictionaryEntriesCopiedToFlatStringsAreCharged) {
  // A 4 MiB entry, 200 rows pointing at it, then a PLAIN page (as writers fall back to when a
  // dictionary grows): the chunk is decoded to flat strings, 800 MiB of copies.
  Crafted c{Column(PhysicalType::kByteArray)};
  c.encoding = Encoding::kRleDictionary;
  c.rows = 200;
  c.page = std::string("\x01\x90\x03\x00", 4);  // bit width 1, a run of 200 zero indices
  c.dictionary = Le32(4 << 20) + std::string(4 << 20, 'a');
  c.dictionary_count = 1;
  c.second_page = Le32(1) + "x";
  c.second_rows = 1;
  MemoryLimit limit(64 << 20);  // a chunk may then take 128 MiB
  ExpectErrorInBoundedMemory(Write("dict_flat", c), "the strings of a dictionary-encoded page",
                             500);
  c.rows = 20;  // 80 MiB of copies is fine
  c.page = std::string("\x01\x28\x00", 3);
  EXPECT_EQ(ReadError(Write("dict_flat_ok", c)), "");
}

TEST(HostileParquet, DeltaByteArrayExpansionIsBounded) {
  // Each value repeats the whole previous one and adds one byte, so a page of a few kilobytes
  // describes n values of n^2/2 bytes in all.
  const int32_t n = 4096;
  auto delta_stream = [](int64_t first, int64_t delta, int32_t count) {
    // DELTA_BINARY_PACKED: block 128, 1 miniblock, count, zigzag first; then blocks with
    // min delta `delta` and bit width 0.
    parquet::CompactWriter w;
    w.Varint(128);
    w.Varint(1);
    w.Varint(static_cast<uint64_t>(count));
    w.Varint(parquet::CompactWriter::ZigZag(first));
    for (int32_t left = count - 1; left > 0; left -= 128) {
      w.Varint(parquet::CompactWriter::ZigZag(delta));
      w.buffer().push_back(0);  // bit width 0
    }
    return w.buffer();
  };
  Crafted c{Column(PhysicalType::kByteArray)};
  c.rows = n;
  c.encoding = Encoding::kDeltaByteArray;
  // Prefixes 0, 1, 2, ... (each the whole previous value); suffixes of one byte each.
  c.page = delta_stream(0, 1, n) + delta_stream(1, 0, n) + std::string(n, 'x');
  MemoryLimit limit(1 << 20);  // a low spill budget does not stop a chunk of 8 MiB
  EXPECT_EQ(ReadError(Write("delta_ok", c)), "");
  const int32_t big = 20000;  // 200 MB of values, past what a chunk may take (128 MiB)
  c.rows = big;
  c.page = delta_stream(0, 1, big) + delta_stream(1, 0, big) + std::string(big, 'x');
  ExpectError(Write("delta_bomb", c), "DELTA_BYTE_ARRAY values expand to more than");
}

TEST(HostileParquet, DefinitionLevelAboveOneInAFlatColumnIsAnError) {
  // Levels as one RLE run: header 2 << 1 = 4 (two values), value 2. The NULL once read as a
  // value (levels were summed).
  Crafted c{Column(PhysicalType::kInt64, /*optional=*/true)};
  c.rows = 2;
  std::string levels("\x04\x02", 2);
  c.page = Le32(static_cast<uint32_t>(levels.size())) + levels + Le64(111) + Le64(222);
  ExpectError(Write("deflevel", c), "run value 2 does not fit in 1 bits");
}

TEST(HostileParquet, TimestampsAndDatesOutsideTheSupportedRangeAreRefused) {
  Crafted millis{Column(PhysicalType::kInt64)};
  millis.element.converted_type = parquet::ConvertedType::kTimestampMillis;
  millis.page = Le64(uint64_t{1} << 62);  // once wrapped to 1970-01-01
  ExpectError(Write("millis62", millis),
              "TIMESTAMP value 4611686018427387904 ms is outside the supported range");
  Crafted micros{Column(PhysicalType::kInt64)};
  micros.element.converted_type = parquet::ConvertedType::kTimestampMicros;
  micros.page = Le64(253402300800000000ULL);  // 10000-01-01
  ExpectError(Write("micros10000", micros), "TIMESTAMP value 253402300800000000 us");
  Crafted date{Column(PhysicalType::kInt32)};
  date.element.converted_type = parquet::ConvertedType::kDate;
  date.page = Le32(6804000);  // in the year 20599
  ExpectError(Write("date20599", date), "DATE value 6804000 days is outside");
  Crafted int96{Column(PhysicalType::kInt96)};
  int96.page = Le64(0) + Le32(0xFFFFFFFFu);
  ExpectError(Write("int96", int96), "INT96 timestamp (Julian day 4294967295, 0 ns)");
}

TEST(HostileParquet, StatisticsOutsideTheRangeAreUnknownAndNanosRoundDown) {
  parquet::SchemaElement nanos = Column(PhysicalType::kInt64);
  parquet::LogicalType t;
  t.kind = parquet::LogicalType::Kind::kTimestamp;
  t.unit = parquet::TimeUnit::kNanos;
  nanos.logical_type = t;
  Crafted c{nanos};
  c.page = Le64(static_cast<uint64_t>(int64_t{-1500}));
  parquet::Statistics stats;
  stats.min_value = Le64(static_cast<uint64_t>(int64_t{-1500}));
  stats.max_value = Le64(static_cast<uint64_t>(int64_t{-1500}));
  c.statistics = stats;
  std::string path = Write("nanos_stats", c);
  {
    ParquetReader reader(path);
    // The value is floored to -2 us; the statistics must not claim -1 us (a filter ts < -1 us
    // would then skip the row group that holds a match).
    EXPECT_EQ(reader.ReadRowGroup(0, {0})[0].columns[0]->Get<int64_t>(0), -2);
    EXPECT_EQ(reader.row_group(0).columns[0].min.int_value(), -2);
    EXPECT_EQ(reader.row_group(0).columns[0].max.int_value(), -2);
  }
  std::filesystem::remove(path);

  Crafted millis{Column(PhysicalType::kInt64)};
  millis.element.converted_type = parquet::ConvertedType::kTimestampMillis;
  millis.page = Le64(1000);
  stats.min_value = Le64(uint64_t{1} << 62);
  stats.max_value = Le64(uint64_t{1} << 62);
  millis.statistics = stats;
  path = Write("millis_stats", millis);
  {
    ParquetReader reader(path);
    EXPECT_TRUE(reader.row_group(0).columns[0].min.is_null());
    EXPECT_TRUE(reader.row_group(0).columns[0].max.is_null());
  }
  std::filesystem::remove(path);
}

TEST(HostileParquet, InvalidUtf8IsNamedWithItsBytes) {
  Crafted plain{Column(PhysicalType::kByteArray)};
  plain.page = Le32(2) + "\xff\xfe";
  ExpectError(Write("utf8_plain", plain),
              "column c (row group 0): invalid UTF-8 in the value of row 0 (ff fe at byte 1)");
  Crafted dict{Column(PhysicalType::kByteArray)};
  dict.encoding = Encoding::kRleDictionary;
  dict.page = std::string("\x01\x02\x00", 3);
  dict.dictionary = Le32(3) + "ok!" + Le32(3) + "a\xc0\x80";  // an overlong NUL
  dict.dictionary_count = 2;
  ExpectError(Write("utf8_dict", dict), "invalid UTF-8 in dictionary entry 1 (c0 80 at byte 2)");
  Crafted stats{Column(PhysicalType::kByteArray)};
  stats.page = Le32(2) + "ok";
  parquet::Statistics s;
  s.min_value = "\xff";
  s.max_value = "ok";
  stats.statistics = s;
  std::string path = Write("utf8_stats", stats);
  {
    ParquetReader reader(path);
    EXPECT_TRUE(reader.row_group(0).columns[0].min.is_null());
    EXPECT_EQ(reader.row_group(0).columns[0].max.string_value(), "ok");
  }
  std::filesystem::remove(path);
}

TEST(HostileParquet, ColumnChunkOffsetsThatOverflowAreOutsideTheFile) {
  Crafted c{Column(PhysicalType::kInt64)};
  c.page = Le64(7);
  c.edit = [](parquet::FileMetaData& meta) {
    auto& m = *meta.row_groups[0].columns[0].meta_data;
    m.data_page_offset = 4;
    m.total_compressed_size = INT64_MAX - 2;
  };
  ExpectError(Write("chunk_overflow", c), "column chunk lies outside the file");
}

// A file refused by the constructor (found by fuzzing) once kept its descriptor open, so a
// process reading many bad files ran out of descriptors.
TEST(HostileParquet, RefusedFilesDoNotLeakDescriptors) {
  Crafted c{Column(PhysicalType::kInt64)};
  c.page = Le64(7);
  c.edit = [](parquet::FileMetaData& meta) { meta.num_rows = -1; };
  std::string path = Write("leak", c);
  auto open_descriptors = [] {
    return std::distance(std::filesystem::directory_iterator("/proc/self/fd"),
                         std::filesystem::directory_iterator());
  };
  auto before = open_descriptors();
  for (int i = 0; i < 100; ++i) EXPECT_THROW(ParquetReader reader(path), Error);
  EXPECT_EQ(open_descriptors(), before);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tally
