#include "io/parquet/thrift_compact.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "io/parquet/parquet_metadata.h"
#include "io/parquet/rle_bit_packed.h"

namespace tally::parquet {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(ThriftCompact, EncodesFieldsAsTheSpecSays) {
  CompactWriter w;
  w.BeginStruct();
  w.FieldI32(1, -1);        // delta 1, type i32 (5): 0x15, zigzag(-1) = 1
  w.FieldI64(3, 300);       // delta 2, type i64 (6): 0x26, zigzag(300) = 600 = 0xD8 0x04
  w.FieldBool(4, true);     // delta 1, type true (1): 0x11
  w.FieldBinary(20, "ab");  // delta 16 > 15: long form 0x08, zigzag(20) = 40, len 2
  w.EndStruct();
  EXPECT_EQ(w.buffer(), Bytes({0x15, 0x01, 0x26, 0xD8, 0x04, 0x11, 0x08, 40, 2, 'a', 'b', 0}));
}

TEST(ThriftCompact, ReaderSkipsUnknownFieldsAndNestedStructs) {
  CompactWriter w;
  w.BeginStruct();
  w.FieldI32(1, 7);
  w.FieldStruct(2);
  w.FieldBinary(1, "ignored");
  w.FieldList(2, CType::kI64, 20);
  for (int i = 0; i < 20; ++i) w.I64(i * 1000);
  w.EndStruct();
  w.FieldI64(3, -123456789012LL);
  w.EndStruct();

  const auto* data = reinterpret_cast<const uint8_t*>(w.buffer().data());
  CompactReader r(data, w.buffer().size());
  r.BeginStruct();
  int16_t id;
  CType type;
  int32_t a = 0;
  int64_t c = 0;
  while (r.NextField(&id, &type)) {
    if (id == 1)
      a = r.I32();
    else if (id == 3)
      c = r.I64();
    else
      r.Skip(type);
  }
  r.EndStruct();
  EXPECT_EQ(a, 7);
  EXPECT_EQ(c, -123456789012LL);
  EXPECT_EQ(r.position(data), w.buffer().size());
}

TEST(ThriftCompact, TruncatedInputThrows) {
  std::string bytes = Bytes({0x18, 10, 'a'});  // binary of 10 bytes, only 1 present
  CompactReader r(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  r.BeginStruct();
  int16_t id;
  CType type;
  ASSERT_TRUE(r.NextField(&id, &type));
  EXPECT_THROW(r.Skip(type), Error);
}

// A footer of deeply nested lists (or maps) once recursed until the stack overflowed.
TEST(ThriftCompact, DeeplyNestedListsAndMapsThrowInsteadOfOverflowingTheStack) {
  for (int kind : {0x19 /* list */, 0x1B /* map */}) {
    std::string bytes(1, static_cast<char>(kind));  // field 1 of the top struct
    for (int i = 0; i < 200000; ++i) {
      if (kind == 0x19)
        bytes += Bytes({0x19});  // one element of type list
      else
        bytes += Bytes({0x01, 0xBB});  // one entry, key and value of type map
    }
    CompactReader r(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    r.BeginStruct();
    int16_t id;
    CType type;
    ASSERT_TRUE(r.NextField(&id, &type));
    try {
      r.Skip(type);
      ADD_FAILURE() << "no error for nesting " << kind;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("nested too deeply"), std::string::npos) << e.what();
    }
  }
}

TEST(ParquetMetadata, FileMetaDataRoundTrips) {
  FileMetaData m;
  m.num_rows = 5;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  SchemaElement col;
  col.name = "price";
  col.type = PhysicalType::kInt64;
  col.repetition = Repetition::kOptional;
  col.converted_type = ConvertedType::kDecimal;
  col.scale = 3;
  col.precision = 18;
  LogicalType lt;
  lt.kind = LogicalType::Kind::kDecimal;
  lt.scale = 3;
  lt.precision = 18;
  col.logical_type = lt;
  m.schema = {root, col};
  RowGroup g;
  g.num_rows = 5;
  g.total_byte_size = 99;
  ColumnChunk chunk;
  chunk.file_offset = 4;
  ColumnMetaData meta;
  meta.type = PhysicalType::kInt64;
  meta.encodings = {Encoding::kPlain, Encoding::kRle};
  meta.path_in_schema = {"price"};
  meta.codec = Codec::kZstd;
  meta.num_values = 5;
  meta.data_page_offset = 4;
  meta.dictionary_page_offset = 4;
  Statistics s;
  s.null_count = 2;
  s.min_value = std::string("\x01\x00", 2);
  meta.statistics = s;
  chunk.meta_data = meta;
  g.columns = {chunk};
  m.row_groups = {g};
  m.created_by = "tally version 0.1.0";
  m.key_value_metadata = {{"k", std::string("v")}};
  m.type_defined_column_orders = 1;

  CompactWriter w;
  Write(w, m);
  CompactReader r(reinterpret_cast<const uint8_t*>(w.buffer().data()), w.buffer().size());
  FileMetaData back = ReadFileMetaData(r);
  EXPECT_EQ(back.num_rows, 5);
  ASSERT_EQ(back.schema.size(), 2u);
  EXPECT_EQ(back.schema[0].num_children, 1);
  EXPECT_EQ(back.schema[1].name, "price");
  EXPECT_EQ(back.schema[1].precision, 18);
  EXPECT_EQ(back.schema[1].scale, 3);
  ASSERT_TRUE(back.schema[1].logical_type.has_value());
  EXPECT_EQ(back.schema[1].logical_type->kind, LogicalType::Kind::kDecimal);
  EXPECT_EQ(back.schema[1].logical_type->precision, 18);
  ASSERT_EQ(back.row_groups.size(), 1u);
  const ColumnMetaData& bm = *back.row_groups[0].columns[0].meta_data;
  EXPECT_EQ(bm.codec, Codec::kZstd);
  EXPECT_EQ(bm.path_in_schema, std::vector<std::string>{"price"});
  EXPECT_EQ(bm.encodings.size(), 2u);
  EXPECT_EQ(bm.statistics->null_count, 2);
  EXPECT_EQ(*bm.statistics->min_value, std::string("\x01\x00", 2));
  EXPECT_FALSE(bm.statistics->max_value.has_value());
  EXPECT_EQ(back.created_by, "tally version 0.1.0");
  EXPECT_EQ(back.key_value_metadata[0].value, "v");
  EXPECT_EQ(back.type_defined_column_orders, 1u);
}

TEST(ParquetMetadata, PageHeaderAndTimestampRoundTrip) {
  PageHeader h;
  h.type = PageType::kDataPageV2;
  h.uncompressed_page_size = 100;
  h.compressed_page_size = 50;
  h.data_page_v2 = DataPageHeaderV2{10, 2, 10, Encoding::kRleDictionary, 3, 0, false};
  CompactWriter w;
  Write(w, h);
  SchemaElement e;
  e.name = "ts";
  LogicalType lt;
  lt.kind = LogicalType::Kind::kTimestamp;
  lt.unit = TimeUnit::kNanos;
  lt.adjusted_to_utc = true;
  e.logical_type = lt;
  Write(w, e);
  CompactReader r(reinterpret_cast<const uint8_t*>(w.buffer().data()), w.buffer().size());
  PageHeader back = ReadPageHeader(r);
  ASSERT_TRUE(back.data_page_v2.has_value());
  EXPECT_EQ(back.data_page_v2->num_nulls, 2);
  EXPECT_EQ(back.data_page_v2->encoding, Encoding::kRleDictionary);
  EXPECT_FALSE(back.data_page_v2->is_compressed);
  SchemaElement eb = ReadSchemaElement(r);
  EXPECT_EQ(eb.logical_type->kind, LogicalType::Kind::kTimestamp);
  EXPECT_EQ(eb.logical_type->unit, TimeUnit::kNanos);
  EXPECT_TRUE(eb.logical_type->adjusted_to_utc);
}

TEST(RleBitPacked, KnownEncodingAndRoundTrip) {
  // 10 ones: a single RLE run: header 10<<1 = 20, value byte 1.
  std::vector<uint8_t> ones(10, 1);
  std::string out;
  EncodeRleBitPacked(ones.data(), ones.size(), 1, &out);
  EXPECT_EQ(out, Bytes({20, 1}));

  // Mixed runs and literals at several widths.
  for (int width : {1, 3, 8, 13, 17, 32}) {
    std::vector<uint32_t> values;
    uint32_t mask = width == 32 ? 0xFFFFFFFFu : (1u << width) - 1;
    for (uint32_t i = 0; i < 1000; ++i)
      values.push_back(i < 300 ? (i * 2654435761u) & mask : 5 & mask);
    for (int i = 0; i < 3; ++i) values.push_back(1);
    std::string enc;
    EncodeRleBitPacked(values.data(), values.size(), width, &enc);
    std::vector<uint32_t> back(values.size());
    RleBitPackedDecoder d(reinterpret_cast<const uint8_t*>(enc.data()), enc.size(), width);
    d.Decode(back.data(), back.size());
    EXPECT_EQ(back, values) << "width " << width;
  }
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(255), 8);
  EXPECT_EQ(BitWidth(256), 9);
}

}  // namespace
}  // namespace tally::parquet
