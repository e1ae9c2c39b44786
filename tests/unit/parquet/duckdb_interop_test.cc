// Cross-checks tally's Parquet files against DuckDB (an independent implementation), through
// tests/node/parquet_check.mjs. Skipped when node or the @duckdb/node-api module is missing.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "duckdb_oracle.h"
#include "io/parquet/parquet_reader.h"
#include "io/parquet/parquet_writer.h"

namespace tally {
namespace {

using duckdb_oracle::Query;

bool DuckDbAvailable() {
  return duckdb_oracle::Available();
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("tally_duckdb_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

TEST(DuckDbInterop, DuckDbReadsTallyFiles) {
  if (!DuckDbAvailable()) GTEST_SKIP() << "node or @duckdb/node-api not installed";
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      {"flag", DataType::Bool()},
      {"qty", DataType::Int32()},
      {"big", DataType::Int64()},
      {"ratio", DataType::Double()},
      {"price", DataType::Decimal(18, 3)},
      {"day", DataType::Date()},
      {"ts", DataType::Timestamp()},
      {"country", DataType::String()},
  });
  Batch batch = Batch::Empty(schema);
  auto& c = batch.columns;
  for (int r = 0; r < 3000; ++r) {
    if (r % 10 == 9) {
      for (auto& col : c) col->AppendNull();
      continue;
    }
    c[0]->Append<uint8_t>(r % 2);
    c[1]->Append<int32_t>(r - 100);
    c[2]->Append<int64_t>(int64_t{r} * 10000000000LL);
    c[3]->Append<double>(r * 0.5);
    c[4]->Append<int64_t>(int64_t{r} * 1001);
    c[5]->Append<int32_t>(14944 + r % 10);                             // 2010-12-01 ..
    c[6]->Append<int64_t>(1291191960000000LL + int64_t{r} * 1000000);  // 2010-12-01 08:26:00 + r s
    c[7]->AppendString(r % 3 == 0 ? "United Kingdom" : r % 3 == 1 ? "France" : "");
  }
  batch.num_rows = 3000;
  std::string path = TempPath("tally.parquet");
  for (auto compression : {ParquetCompression::kZstd, ParquetCompression::kSnappy,
                           ParquetCompression::kUncompressed}) {
    ParquetWriteOptions options;
    options.compression = compression;
    options.row_group_rows = 1000;
    options.page_rows = 300;
    ParquetWriter writer(path, schema, options);
    writer.Write(batch);
    writer.Close();
    // Non-null rows: r with r % 10 != 9 (2700 rows). Hand sums: qty = sum(r) - 100*2700 etc.
    int64_t sum_r = 0, uk = 0, true_flags = 0;
    for (int r = 0; r < 3000; ++r)
      if (r % 10 != 9) {
        sum_r += r;
        uk += r % 3 == 0;
        true_flags += r % 2;
      }
    std::string from = " FROM read_parquet('" + path + "')";
    EXPECT_EQ(Query("SELECT count(*), count(qty), sum(qty), sum(price), sum(big)" + from),
              "[\"3000\",\"2700\",\"" + std::to_string(sum_r - 270000) + "\",\"" +
                  std::to_string(sum_r * 1001 / 1000) + "." + std::to_string(sum_r * 1001 % 1000) +
                  "\",\"" + std::to_string(sum_r * 10000000000LL) + "\"]");
    EXPECT_EQ(Query("SELECT count(*) FILTER (WHERE country = 'United Kingdom'), "
                    "count(*) FILTER (WHERE flag), min(day)::VARCHAR, max(ts)::VARCHAR, "
                    "count(*) FILTER (WHERE country = '')" +
                    from),
              "[\"" + std::to_string(uk) + "\",\"" + std::to_string(true_flags) +
                  "\",\"2010-12-01\",\"2010-12-01 09:15:58\",\"900\"]");
  }
  // Numbers with few distinct values per chunk are dictionary-encoded, as DuckDB sees it.
  EXPECT_EQ(Query("SELECT count(*) FROM parquet_metadata('" + path +
                  "') WHERE path_in_schema IN ('qty', 'day', 'price') AND "
                  "encodings LIKE '%RLE_DICTIONARY%'"),
            "[\"9\"]");
  EXPECT_EQ(Query("SELECT string_agg(column_type, ',') FROM (DESCRIBE SELECT * FROM "
                  "read_parquet('" +
                  path + "'))"),
            "[\"BOOLEAN,INTEGER,BIGINT,DOUBLE,DECIMAL(18,3),DATE,TIMESTAMP,VARCHAR\"]");
  std::filesystem::remove(path);
}

TEST(DuckDbInterop, TallyReadsDuckDbFiles) {
  if (!DuckDbAvailable()) GTEST_SKIP() << "node or @duckdb/node-api not installed";
  std::string path = TempPath("duck.parquet");
  for (std::string codec : {"zstd", "snappy", "gzip", "uncompressed"}) {
    std::string out = Query(
        "COPY (SELECT i::INTEGER AS qty, (i * 7)::BIGINT AS big, i / 4.0 AS ratio, "
        "(i * 1.25)::DECIMAL(18,3) AS price, (DATE '2011-01-01' + (i % 30)::INTEGER) AS day, "
        "TIMESTAMP '2011-01-01 00:00:00' + INTERVAL (i) SECOND AS ts, "
        "CASE WHEN i % 4 = 0 THEN NULL ELSE 'c' || (i % 13)::VARCHAR END AS s, "
        "(i % 2 = 0) AS flag, (i * 1.5)::DECIMAL(9,2) AS small_dec "
        "FROM range(5000) t(i)) TO '" +
        path + "' (FORMAT parquet, COMPRESSION " + codec + ", ROW_GROUP_SIZE 2048)");
    ASSERT_EQ(out.find("Error"), std::string::npos) << out;
    ParquetReader reader(path);
    ASSERT_EQ(reader.num_rows(), 5000);
    const Schema& schema = *reader.schema();
    ASSERT_EQ(schema.size(), 9u);
    EXPECT_EQ(schema.field(0).type, DataType::Int32());
    EXPECT_EQ(schema.field(1).type, DataType::Int64());
    EXPECT_EQ(schema.field(2).type, DataType::Double());
    EXPECT_EQ(schema.field(3).type, DataType::Decimal(18, 3));
    EXPECT_EQ(schema.field(4).type, DataType::Date());
    EXPECT_EQ(schema.field(5).type, DataType::Timestamp());
    EXPECT_EQ(schema.field(6).type, DataType::String());
    EXPECT_EQ(schema.field(7).type, DataType::Bool());
    EXPECT_EQ(schema.field(8).type, DataType::Decimal(9, 2));
    int64_t row = 0;
    for (size_t g = 0; g < reader.num_row_groups(); ++g) {
      for (const Batch& b : reader.ReadRowGroup(g, {0, 1, 2, 3, 4, 5, 6, 7, 8}, 1000)) {
        for (size_t r = 0; r < b.num_rows; ++r, ++row) {
          int64_t i = row;
          ASSERT_EQ(b.column(0)->Get<int32_t>(r), i) << codec;
          ASSERT_EQ(b.column(1)->Get<int64_t>(r), i * 7);
          ASSERT_EQ(b.column(2)->Get<double>(r), static_cast<double>(i) / 4.0);
          ASSERT_EQ(b.column(3)->Get<int64_t>(r), i * 1250);
          ASSERT_EQ(b.column(4)->Get<int32_t>(r), 14975 + i % 30);
          ASSERT_EQ(b.column(5)->Get<int64_t>(r), 1293840000000000LL + i * 1000000);
          if (i % 4 == 0)
            ASSERT_TRUE(b.column(6)->IsNull(r));
          else
            ASSERT_EQ(b.column(6)->GetString(r), "c" + std::to_string(i % 13));
          ASSERT_EQ(b.column(7)->Get<uint8_t>(r), i % 2 == 0 ? 1 : 0);
          ASSERT_EQ(b.column(8)->Get<int64_t>(r), i * 150);
        }
      }
    }
    EXPECT_EQ(row, 5000);
    // DuckDB's statistics come through too.
    EXPECT_EQ(reader.row_group(0).columns[0].min, Scalar::Int32(0));
    EXPECT_EQ(reader.row_group(0).columns[0].max, Scalar::Int32(2047));
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tally
