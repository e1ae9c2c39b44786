// ParquetReader on small files laid out by hand the way other writers (Spark, pyarrow) produce
// them: INT96 timestamps, FIXED_LEN_BYTE_ARRAY decimals, DELTA_* pages, and the errors for what
// tally does not read. Each page's bytes are worked out by hand from the format specification.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "io/parquet/parquet_metadata.h"
#include "io/parquet/parquet_reader.h"

namespace tally {
namespace {

using parquet::Encoding;
using parquet::PhysicalType;

struct HandColumn {
  HandColumn(parquet::SchemaElement e, Encoding enc, std::string body)
      : element(std::move(e)), encoding(enc), values(std::move(body)) {}
  parquet::SchemaElement element;
  Encoding encoding = Encoding::kPlain;
  std::string values;      // the data page's body: definition levels (if any), then values
  std::string dictionary;  // a PLAIN dictionary page's body, written first when not empty
  int32_t dictionary_count = 0;
};

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

parquet::SchemaElement Element(const std::string& name, PhysicalType type) {
  parquet::SchemaElement e;
  e.name = name;
  e.type = type;
  e.repetition = parquet::Repetition::kRequired;
  return e;
}

// One row group, one uncompressed data page (v1) per column.
std::string WriteFile(const std::string& name, int32_t rows,
                      const std::vector<HandColumn>& columns) {
  std::string path = (std::filesystem::temp_directory_path() /
                      ("tally_hand_" + std::to_string(::getpid()) + "_" + name + ".parquet"))
                         .string();
  std::string file = "PAR1";
  parquet::FileMetaData meta;
  parquet::SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(columns.size());
  meta.schema.push_back(root);
  meta.num_rows = rows;
  parquet::RowGroup group;
  group.num_rows = rows;
  for (const HandColumn& c : columns) {
    parquet::ColumnChunk chunk;
    chunk.file_offset = static_cast<int64_t>(file.size());
    std::string dictionary_page;
    if (!c.dictionary.empty()) {
      parquet::PageHeader header;
      header.type = parquet::PageType::kDictionaryPage;
      header.uncompressed_page_size = static_cast<int32_t>(c.dictionary.size());
      header.compressed_page_size = header.uncompressed_page_size;
      header.dictionary_page = parquet::DictionaryPageHeader{c.dictionary_count, Encoding::kPlain};
      parquet::CompactWriter w;
      parquet::Write(w, header);
      dictionary_page = w.buffer() + c.dictionary;
    }
    parquet::PageHeader header;
    header.type = parquet::PageType::kDataPage;
    header.uncompressed_page_size = static_cast<int32_t>(c.values.size());
    header.compressed_page_size = header.uncompressed_page_size;
    header.data_page = parquet::DataPageHeader{rows, c.encoding, Encoding::kRle, Encoding::kRle};
    parquet::CompactWriter w;
    parquet::Write(w, header);
    parquet::ColumnMetaData m;
    m.type = *c.element.type;
    m.encodings = {c.encoding};
    m.path_in_schema = {c.element.name};
    m.num_values = rows;
    m.total_uncompressed_size =
        static_cast<int64_t>(dictionary_page.size() + w.buffer().size() + c.values.size());
    m.total_compressed_size = m.total_uncompressed_size;
    m.data_page_offset = chunk.file_offset + static_cast<int64_t>(dictionary_page.size());
    if (!dictionary_page.empty()) m.dictionary_page_offset = chunk.file_offset;
    chunk.meta_data = m;
    group.columns.push_back(chunk);
    group.total_byte_size += m.total_uncompressed_size;
    file += dictionary_page + w.buffer() + c.values;
    meta.schema.push_back(c.element);
  }
  meta.row_groups.push_back(group);
  parquet::CompactWriter footer;
  parquet::Write(footer, meta);
  uint32_t length = static_cast<uint32_t>(footer.buffer().size());
  file += footer.buffer();
  file.append(reinterpret_cast<const char*>(&length), 4);
  file += "PAR1";
  FILE* f = std::fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);
  return path;
}

TEST(ForeignEncodings, SparkStyleColumnsReadBack) {
  HandColumn ts{Element("ts", PhysicalType::kInt96), Encoding::kPlain,
                // 1970-01-01 00:00:00, 2011-01-01 00:00:01.5, 1969-12-31 23:59:59.999999,
                // 2011-01-01 00:00:01.5 (nanos of day LE, then Julian day LE).
                Bytes({0,    0,    0,    0,    0,    0,    0, 0, 0x8C, 0x3D, 0x25, 0x00,  //
                       0x00, 0x2F, 0x68, 0x59, 0,    0,    0, 0, 0x0B, 0x78, 0x25, 0x00,  //
                       0x18, 0xFC, 0x4E, 0x91, 0x94, 0x4E, 0, 0, 0x8B, 0x3D, 0x25, 0x00,
                       0x00, 0x2F, 0x68, 0x59, 0,    0,    0, 0, 0x0B, 0x78, 0x25, 0x00})};
  HandColumn price{Element("price", PhysicalType::kFixedLenByteArray), Encoding::kPlain,
                   // 123.45, -2.00, 0.00, 9999.99 as 5-byte big-endian unscaled values.
                   Bytes({0, 0, 0, 0x30, 0x39, 0xFF, 0xFF, 0xFF, 0xFF, 0x38,
                          0, 0, 0, 0,    0,    0,    0,    0x0F, 0x42, 0x3F})};
  price.element.type_length = 5;
  price.element.converted_type = parquet::ConvertedType::kDecimal;
  price.element.precision = 10;
  price.element.scale = 2;
  HandColumn word{Element("word", PhysicalType::kByteArray), Encoding::kDeltaByteArray,
                  Bytes({0x08, 0x01, 0x04, 0x00, 0x03, 0x03, 0x44, 0x01, 0x00,     // 0,2,0,3
                         0x08, 0x01, 0x04, 0x08, 0x03, 0x03, 0x70, 0x00, 0x00}) +  // 4,2,6,5
                      "axislebabbleyhood"};
  HandColumn name{Element("name", PhysicalType::kByteArray), Encoding::kDeltaLengthByteArray,
                  Bytes({0x08, 0x01, 0x04, 0x0A, 0x00, 0x01, 0x02}) +  // 5,5,6,6
                      "HelloWorldFoobarABCDEF"};
  // 7,5,3,1: first 7 (zigzag 14), min delta -2 (zigzag 3), bit width 0.
  HandColumn qty{Element("qty", PhysicalType::kInt32), Encoding::kDeltaBinaryPacked,
                 Bytes({0x08, 0x01, 0x04, 0x0E, 0x03, 0x00})};
  std::string path = WriteFile("spark", 4, {ts, price, word, name, qty});
  ParquetReader reader(path);
  const Schema& schema = *reader.schema();
  ASSERT_EQ(schema.size(), 5u);
  EXPECT_EQ(schema.field(0).type, DataType::Timestamp());
  EXPECT_EQ(schema.field(1).type, DataType::Decimal(10, 2));
  EXPECT_EQ(schema.field(2).type, DataType::String());
  EXPECT_EQ(schema.field(4).type, DataType::Int32());
  std::vector<Batch> batches = reader.ReadRowGroup(0, {0, 1, 2, 3, 4}, 3);
  ASSERT_EQ(batches.size(), 2u);  // 3 + 1 rows: values cross the batch boundary
  std::vector<int64_t> ts_values, prices;
  std::vector<std::string> words, names;
  std::vector<int32_t> quantities;
  for (const Batch& b : batches)
    for (size_t r = 0; r < b.num_rows; ++r) {
      ts_values.push_back(b.column(0)->Get<int64_t>(r));
      prices.push_back(b.column(1)->Get<int64_t>(r));
      words.push_back(std::string(b.column(2)->GetString(r)));
      names.push_back(std::string(b.column(3)->GetString(r)));
      quantities.push_back(b.column(4)->Get<int32_t>(r));
    }
  EXPECT_EQ(ts_values, (std::vector<int64_t>{0, 1293840001500000LL, -1, 1293840001500000LL}));
  EXPECT_EQ(prices, (std::vector<int64_t>{12345, -200, 0, 999999}));
  EXPECT_EQ(words, (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
  EXPECT_EQ(names, (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
  EXPECT_EQ(quantities, (std::vector<int32_t>{7, 5, 3, 1}));
  std::filesystem::remove(path);
}

TEST(ForeignEncodings, DictionaryInt96AndNullableDecimal) {
  // Spark dictionary-encodes INT96: dictionary [epoch, 2011-01-01 00:00:01.5], indices 1,0,1,1
  // (bit width 1, one bit-packed group: header 0x03, bits 1,0,1,1 = 0x0D).
  HandColumn ts{Element("ts", PhysicalType::kInt96), Encoding::kRleDictionary,
                Bytes({0x01, 0x03, 0x0D})};
  ts.dictionary = Bytes({0,    0,    0,    0,    0, 0, 0, 0, 0x8C, 0x3D, 0x25, 0x00,  //
                         0x00, 0x2F, 0x68, 0x59, 0, 0, 0, 0, 0x0B, 0x78, 0x25, 0x00});
  ts.dictionary_count = 2;
  // Optional DECIMAL(4,1) in 2 bytes: definition levels 1,0,1,1 (length 2: 0x03 0x0D), then
  // the three present values 12.3, -0.5, 99.9 (123 = 0x007B, -5 = 0xFFFB, 999 = 0x03E7).
  HandColumn amount{Element("amount", PhysicalType::kFixedLenByteArray), Encoding::kPlain,
                    Bytes({0x02, 0, 0, 0, 0x03, 0x0D, 0x00, 0x7B, 0xFF, 0xFB, 0x03, 0xE7})};
  amount.element.repetition = parquet::Repetition::kOptional;
  amount.element.type_length = 2;
  amount.element.logical_type = parquet::LogicalType{};
  amount.element.logical_type->kind = parquet::LogicalType::Kind::kDecimal;
  amount.element.logical_type->precision = 4;
  amount.element.logical_type->scale = 1;
  std::string path = WriteFile("dict96", 4, {ts, amount});
  ParquetReader reader(path);
  EXPECT_EQ(reader.schema()->field(1).type, DataType::Decimal(4, 1));
  std::vector<Batch> batches = reader.ReadRowGroup(0, {0, 1}, 0);
  ASSERT_EQ(batches.size(), 1u);
  const Batch& b = batches[0];
  ASSERT_EQ(b.num_rows, 4u);
  const int64_t later = 1293840001500000LL;
  EXPECT_EQ(b.column(0)->Get<int64_t>(0), later);
  EXPECT_EQ(b.column(0)->Get<int64_t>(1), 0);
  EXPECT_EQ(b.column(0)->Get<int64_t>(2), later);
  EXPECT_EQ(b.column(0)->Get<int64_t>(3), later);
  EXPECT_EQ(b.column(1)->Get<int64_t>(0), 123);
  EXPECT_TRUE(b.column(1)->IsNull(1));
  EXPECT_EQ(b.column(1)->Get<int64_t>(2), -5);
  EXPECT_EQ(b.column(1)->Get<int64_t>(3), 999);
  std::filesystem::remove(path);
}

std::string ErrorOf(const std::string& path, int column) {
  try {
    ParquetReader reader(path);
    reader.ReadRowGroup(0, {column}, 0);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ForeignEncodings, ByteStreamSplitDoubles) {
  // 1.0 (0x3FF0000000000000) and 2.0 (0x4000000000000000): stream k holds byte k of each value,
  // so streams 0..5 are zero, stream 6 is F0 00, stream 7 is 3F 40.
  HandColumn ratio{Element("ratio", PhysicalType::kDouble), Encoding::kByteStreamSplit,
                   Bytes({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0, 0x3F, 0x40})};
  // -1 and 258 as INT32: streams FF 02 | FF 01 | FF 00 | FF 00.
  HandColumn qty{Element("qty", PhysicalType::kInt32), Encoding::kByteStreamSplit,
                 Bytes({0xFF, 0x02, 0xFF, 0x01, 0xFF, 0x00, 0xFF, 0x00})};
  std::string path = WriteFile("bss", 2, {ratio, qty});
  ParquetReader reader(path);
  std::vector<Batch> batches = reader.ReadRowGroup(0, {0, 1}, 0);
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].column(0)->Get<double>(0), 1.0);
  EXPECT_EQ(batches[0].column(0)->Get<double>(1), 2.0);
  EXPECT_EQ(batches[0].column(1)->Get<int32_t>(0), -1);
  EXPECT_EQ(batches[0].column(1)->Get<int32_t>(1), 258);
  std::filesystem::remove(path);
}

TEST(ForeignEncodings, UnsupportedEncodingIsNamedWithTheColumn) {
  // BYTE_STREAM_SPLIT is defined for fixed-width types only, not for strings.
  HandColumn name{Element("name", PhysicalType::kByteArray), Encoding::kByteStreamSplit,
                  Bytes({1, 0, 0, 0, 'a'})};
  std::string path = WriteFile("bss_string", 1, {name});
  std::string error = ErrorOf(path, 0);
  EXPECT_NE(error.find("BYTE_STREAM_SPLIT"), std::string::npos) << error;
  EXPECT_NE(error.find("column name"), std::string::npos) << error;
  std::filesystem::remove(path);
}

TEST(ForeignEncodings, DecimalWiderThan18DigitsIsAClearError) {
  HandColumn amount{Element("amount", PhysicalType::kFixedLenByteArray), Encoding::kPlain,
                    std::string(16, '\0')};
  amount.element.type_length = 16;
  amount.element.logical_type = parquet::LogicalType{};
  amount.element.logical_type->kind = parquet::LogicalType::Kind::kDecimal;
  amount.element.logical_type->precision = 38;
  amount.element.logical_type->scale = 4;
  std::string path = WriteFile("dec38", 1, {amount});
  std::string error = ErrorOf(path, 0);
  EXPECT_NE(error.find("column amount"), std::string::npos) << error;
  EXPECT_NE(error.find("DECIMAL(38,4)"), std::string::npos) << error;
  EXPECT_NE(error.find("18 digits"), std::string::npos) << error;
  std::filesystem::remove(path);
}

TEST(ForeignEncodings, CorruptDeltaPageNamesTheColumn) {
  // The header says 5 values, the page holds 4 rows.
  HandColumn qty{Element("qty", PhysicalType::kInt64), Encoding::kDeltaBinaryPacked,
                 Bytes({0x08, 0x01, 0x05, 0x02, 0x02, 0x00})};
  std::string path = WriteFile("corrupt", 4, {qty});
  std::string error = ErrorOf(path, 0);
  EXPECT_NE(error.find("column qty"), std::string::npos) << error;
  EXPECT_NE(error.find("DELTA_BINARY_PACKED"), std::string::npos) << error;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tally
