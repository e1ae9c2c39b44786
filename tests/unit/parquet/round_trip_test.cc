#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "io/parquet/parquet_reader.h"
#include "io/parquet/parquet_writer.h"

namespace tally {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("tally_parquet_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::shared_ptr<const Schema> AllTypesSchema() {
  return std::make_shared<Schema>(std::vector<Field>{
      {"b", DataType::Bool()},
      {"i32", DataType::Int32()},
      {"i64", DataType::Int64()},
      {"d", DataType::Double()},
      {"price", DataType::Decimal(18, 3)},
      {"day", DataType::Date()},
      {"ts", DataType::Timestamp()},
      {"s", DataType::String()},
      {"nothing", DataType::String()},
  });
}

// Row i of the fixture; every 7th row is null in each column except "nothing", which is null
// everywhere.
Batch MakeBatch(const std::shared_ptr<const Schema>& schema, size_t begin, size_t rows) {
  Batch batch = Batch::Empty(schema);
  for (size_t r = begin; r < begin + rows; ++r) {
    bool null = r % 7 == 3;
    auto& c = batch.columns;
    if (null) {
      for (size_t k = 0; k < 8; ++k) c[k]->AppendNull();
    } else {
      c[0]->Append<uint8_t>(r % 3 == 0);
      c[1]->Append<int32_t>(static_cast<int32_t>(r) - 50);
      c[2]->Append<int64_t>(static_cast<int64_t>(r) * 1000000007LL);
      c[3]->Append<double>(static_cast<double>(r) / 4.0);
      c[4]->Append<int64_t>(static_cast<int64_t>(r) * 1250);  // r * 1.250
      c[5]->Append<int32_t>(14944 + static_cast<int32_t>(r % 400));
      c[6]->Append<int64_t>(1291191960000000LL + static_cast<int64_t>(r) * 60000000LL);
      c[7]->AppendString(r % 5 == 0 ? std::string() : "item" + std::to_string(r % 37));
    }
    c[8]->AppendNull();
  }
  batch.num_rows = rows;
  return batch;
}

void ExpectSameRows(const Batch& expected, size_t expected_begin, const Batch& actual) {
  for (size_t c = 0; c < actual.num_columns(); ++c)
    for (size_t r = 0; r < actual.num_rows; ++r)
      ASSERT_EQ(actual.column(c)->ValueToString(r),
                expected.column(c)->ValueToString(expected_begin + r))
          << "column " << c << " row " << expected_begin + r;
}

std::vector<int> AllColumns(size_t n) {
  std::vector<int> out;
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<int>(i));
  return out;
}

void RoundTrip(const ParquetWriteOptions& options, size_t rows, size_t batch_rows) {
  auto schema = AllTypesSchema();
  std::string path = TempPath("rt.parquet");
  Batch all = MakeBatch(schema, 0, rows);
  ParquetWriter writer(path, schema, options);
  for (size_t b = 0; b < rows; b += batch_rows)
    writer.Write(MakeBatch(schema, b, std::min(batch_rows, rows - b)));
  ParquetFileInfo info = writer.Close();
  EXPECT_EQ(info.rows, static_cast<int64_t>(rows));
  EXPECT_EQ(info.bytes, std::filesystem::file_size(path));

  ParquetReader reader(path);
  ASSERT_EQ(*reader.schema(), *schema);
  EXPECT_EQ(reader.num_rows(), static_cast<int64_t>(rows));
  EXPECT_EQ(static_cast<int>(reader.num_row_groups()), info.num_row_groups);
  size_t seen = 0;
  for (size_t g = 0; g < reader.num_row_groups(); ++g) {
    for (const Batch& batch : reader.ReadRowGroup(g, AllColumns(schema->size()), 1000)) {
      EXPECT_LE(batch.num_rows, 1000u);
      ExpectSameRows(all, seen, batch);
      seen += batch.num_rows;
    }
  }
  EXPECT_EQ(seen, rows);
  std::filesystem::remove(path);
}

TEST(ParquetRoundTrip, EveryTypeEachCompression) {
  for (auto compression : {ParquetCompression::kUncompressed, ParquetCompression::kSnappy,
                           ParquetCompression::kZstd}) {
    ParquetWriteOptions options;
    options.compression = compression;
    RoundTrip(options, 2000, 2000);
  }
}

TEST(ParquetRoundTrip, ManyRowGroupsAndPagesAcrossBatchBoundaries) {
  ParquetWriteOptions options;
  options.row_group_rows = 1500;
  options.page_rows = 333;
  RoundTrip(options, 5000, 777);
}

TEST(ParquetRoundTrip, PlainOnlyAndDictionaryFallback) {
  ParquetWriteOptions plain;
  plain.dictionary = false;
  RoundTrip(plain, 1200, 500);
  ParquetWriteOptions fallback;
  fallback.dictionary_max_entries = 10;  // 37 distinct strings: falls back mid-chunk
  fallback.page_rows = 100;
  RoundTrip(fallback, 1200, 500);
}

TEST(ParquetRoundTrip, FixedWidthDictionaryAndItsFallback) {
  // One row group of ten 1000-row pages: "i64" (a new value each row) is dictionary-encoded
  // until its dictionary would pass 4096 entries in the fifth page, which and whose successors
  // are PLAIN; "day" (400 values) and "price" stay dictionary-encoded.
  ParquetWriteOptions options;
  options.row_group_rows = 10000;
  options.page_rows = 1000;
  RoundTrip(options, 10000, 3000);
}

TEST(ParquetRoundTrip, DictionaryChunksComeBackAsDictionaryColumns) {
  auto schema = AllTypesSchema();
  std::string path = TempPath("dict.parquet");
  {
    ParquetWriter writer(path, schema);
    writer.Write(MakeBatch(schema, 0, 500));
    writer.Close();
  }
  ParquetReader reader(path);
  auto batches = reader.ReadRowGroup(0, {7});
  ASSERT_EQ(batches.size(), 1u);
  const ColumnPtr& s = batches[0].column(0);
  EXPECT_TRUE(s->is_dictionary());
  EXPECT_EQ(s->dictionary()->size(), 38u);  // "" + item0..item36
  EXPECT_EQ(s->GetString(1), "item1");
  EXPECT_TRUE(s->IsNull(3));

  // A fallback chunk mixes dictionary and plain pages: it comes back flat.
  ParquetWriteOptions fallback;
  fallback.dictionary_max_entries = 10;
  {
    ParquetWriter writer(path, schema, fallback);
    writer.Write(MakeBatch(schema, 0, 500));
    writer.Close();
  }
  ParquetReader reader2(path);
  auto flat = reader2.ReadRowGroup(0, {7});
  EXPECT_FALSE(flat[0].column(0)->is_dictionary());
  EXPECT_EQ(flat[0].column(0)->GetString(499), "item18");
  std::filesystem::remove(path);
}

TEST(ParquetRoundTrip, DictionaryInputColumns) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"country", DataType::String()}});
  auto dict = std::make_shared<Column>(DataType::String());
  for (const char* v : {"France", "Germany", "EIRE"}) dict->AppendString(v);
  ColumnPtr col = Column::MakeDictionary(dict);
  for (int32_t i : {2, 0, 0, 1, 2}) col->Append<int32_t>(i);
  col->AppendNull();
  std::string path = TempPath("dictin.parquet");
  ParquetWriter writer(path, schema);
  writer.Write(Batch(schema, {col}, 6));
  ParquetFileInfo info = writer.Close();
  EXPECT_EQ(info.columns[0].min, Scalar::String("EIRE"));
  EXPECT_EQ(info.columns[0].max, Scalar::String("Germany"));
  EXPECT_EQ(info.columns[0].null_count, 1);
  ParquetReader reader(path);
  auto batch = reader.ReadRowGroup(0, {0})[0];
  std::vector<std::string> got;
  for (size_t i = 0; i < 6; ++i) got.push_back(batch.column(0)->ValueToString(i));
  EXPECT_EQ(got, (std::vector<std::string>{"EIRE", "France", "France", "Germany", "EIRE", "NULL"}));
  std::filesystem::remove(path);
}

// A dictionary chunk read in batches of 4 rows: both batches share the file's dictionary and
// the NULL lands in the second one, at its own row.
TEST(ParquetRoundTrip, DictionaryChunkSplitIntoBatches) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{{"country", DataType::String()}});
  auto dict = std::make_shared<Column>(DataType::String());
  for (const char* v : {"France", "Germany", "EIRE"}) dict->AppendString(v);
  ColumnPtr col = Column::MakeDictionary(dict);
  for (int32_t i : {2, 0, 0, 1, 2}) col->Append<int32_t>(i);
  col->AppendNull();
  std::string path = TempPath("dictsplit.parquet");
  ParquetWriter writer(path, schema);
  writer.Write(Batch(schema, {col}, 6));
  writer.Close();
  ParquetReader reader(path);
  auto batches = reader.ReadRowGroup(0, {0}, 4);
  ASSERT_EQ(batches.size(), 2u);
  ASSERT_EQ(batches[0].num_rows, 4u);
  ASSERT_EQ(batches[1].num_rows, 2u);
  ASSERT_TRUE(batches[0].column(0)->is_dictionary());
  EXPECT_EQ(batches[0].column(0)->dictionary(), batches[1].column(0)->dictionary());
  std::vector<std::string> got;
  for (const auto& b : batches)
    for (size_t i = 0; i < b.num_rows; ++i) got.push_back(b.column(0)->ValueToString(i));
  EXPECT_EQ(got, (std::vector<std::string>{"EIRE", "France", "France", "Germany", "EIRE", "NULL"}));
  EXPECT_FALSE(batches[0].column(0)->HasNulls());
  EXPECT_EQ(batches[1].column(0)->null_count(), 1u);
  std::filesystem::remove(path);
}

TEST(ParquetRoundTrip, ZeroRowFile) {
  auto schema = AllTypesSchema();
  std::string path = TempPath("empty.parquet");
  ParquetWriter writer(path, schema);
  ParquetFileInfo info = writer.Close();
  EXPECT_EQ(info.rows, 0);
  EXPECT_EQ(info.num_row_groups, 0);
  EXPECT_TRUE(info.columns[0].min.is_null());
  ParquetReader reader(path);
  EXPECT_EQ(*reader.schema(), *schema);
  EXPECT_EQ(reader.num_rows(), 0);
  EXPECT_EQ(reader.num_row_groups(), 0u);
  std::filesystem::remove(path);
}

TEST(ParquetStatistics, HandComputedMinMaxAndNulls) {
  // Rows 0..9 of the fixture; row 3 is null. Non-null r: 0,1,2,4,5,6,7,8,9.
  auto schema = AllTypesSchema();
  std::string path = TempPath("stats.parquet");
  ParquetWriteOptions options;
  options.row_group_rows = 6;  // groups: rows 0-5 and 6-9
  ParquetWriter writer(path, schema, options);
  writer.Write(MakeBatch(schema, 0, 10));
  ParquetFileInfo info = writer.Close();
  EXPECT_EQ(info.num_row_groups, 2);
  EXPECT_EQ(info.columns[0].min, Scalar::Bool(false));
  EXPECT_EQ(info.columns[0].max, Scalar::Bool(true));
  EXPECT_EQ(info.columns[1].min, Scalar::Int32(-50));
  EXPECT_EQ(info.columns[1].max, Scalar::Int32(-41));
  EXPECT_EQ(info.columns[1].null_count, 1);
  EXPECT_EQ(info.columns[2].max, Scalar::Int64(9 * 1000000007LL));
  EXPECT_EQ(info.columns[3].max, Scalar::Double(2.25));
  EXPECT_EQ(info.columns[4].min, Scalar::Decimal(0, 18, 3));
  EXPECT_EQ(info.columns[4].max, Scalar::Decimal(11250, 18, 3));
  EXPECT_EQ(info.columns[5].min, Scalar::Date(14944));
  EXPECT_EQ(info.columns[6].max, Scalar::Timestamp(1291191960000000LL + 9 * 60000000LL));
  // Strings: "" (rows 0, 5), item1, item2, item4, item6..item9.
  EXPECT_EQ(info.columns[7].min, Scalar::String(""));
  EXPECT_EQ(info.columns[7].max, Scalar::String("item9"));
  EXPECT_TRUE(info.columns[8].min.is_null());
  EXPECT_EQ(info.columns[8].null_count, 10);

  ParquetReader reader(path);
  const RowGroupInfo& g0 = reader.row_group(0);
  EXPECT_EQ(g0.rows, 6);
  EXPECT_EQ(g0.columns[1].min, Scalar::Int32(-50));
  EXPECT_EQ(g0.columns[1].max, Scalar::Int32(-45));
  EXPECT_EQ(g0.columns[1].null_count, 1);
  EXPECT_EQ(g0.columns[7].max, Scalar::String("item4"));
  const RowGroupInfo& g1 = reader.row_group(1);
  EXPECT_EQ(g1.columns[1].null_count, 0);
  EXPECT_EQ(g1.columns[4].min, Scalar::Decimal(7500, 18, 3));
  EXPECT_EQ(g1.columns[6].min, Scalar::Timestamp(1291191960000000LL + 6 * 60000000LL));
  EXPECT_EQ(g1.columns[7].min, Scalar::String("item6"));
  EXPECT_TRUE(g1.columns[8].max.is_null());
  EXPECT_EQ(g1.columns[8].null_count, 4);
  std::filesystem::remove(path);
}

TEST(ParquetReader, SubsetOfColumnsInAnotherOrder) {
  auto schema = AllTypesSchema();
  std::string path = TempPath("subset.parquet");
  ParquetWriter writer(path, schema);
  writer.Write(MakeBatch(schema, 0, 100));
  writer.Close();
  ParquetReader reader(path);
  auto batches = reader.ReadRowGroup(0, {7, 4, 1});
  ASSERT_EQ(batches.size(), 1u);
  const Batch& b = batches[0];
  ASSERT_EQ(b.schema->size(), 3u);
  EXPECT_EQ(b.schema->field(0).name, "s");
  EXPECT_EQ(b.schema->field(1).name, "price");
  EXPECT_EQ(b.schema->field(1).type, DataType::Decimal(18, 3));
  EXPECT_EQ(b.schema->field(2).name, "i32");
  EXPECT_EQ(b.column(0)->ValueToString(2), "item2");
  EXPECT_EQ(b.column(1)->ValueToString(2), "2.500");
  EXPECT_EQ(b.column(2)->ValueToString(2), "-48");
  EXPECT_EQ(b.column(2)->ValueToString(3), "NULL");
  std::filesystem::remove(path);
}

TEST(ParquetReader, ErrorsNameTheFile) {
  std::string path = TempPath("bad.parquet");
  {
    std::ofstream out(path, std::ios::binary);
    out << "this is not a parquet file at all";
  }
  try {
    ParquetReader reader(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("magic"), std::string::npos);
  }
  // A truncated real file.
  auto schema = AllTypesSchema();
  {
    ParquetWriter writer(path, schema);
    writer.Write(MakeBatch(schema, 0, 100));
    writer.Close();
  }
  auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  EXPECT_THROW(ParquetReader{path}, Error);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tally
