// Files DuckDB writes with PARQUET_VERSION v2 (data page v2, DELTA_BINARY_PACKED integers and
// DELTA_LENGTH_BYTE_ARRAY strings) read by tally and checked against DuckDB's own reading of the
// same file, through tests/node/parquet_check.mjs. Skipped when node or @duckdb/node-api is
// missing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>

#include "common/error.h"
#include "duckdb_oracle.h"
#include "io/parquet/parquet_reader.h"

namespace tally {
namespace {

using duckdb_oracle::Query;

bool DuckDbAvailable() {
  return duckdb_oracle::Available();
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("tally_duckdb_v2_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::string Json(std::initializer_list<std::string> values) {
  std::string out = "[";
  for (const std::string& v : values) out += (out.size() > 1 ? ",\"" : "\"") + v + "\"";
  return out + "]";
}

TEST(DuckDbDeltaInterop, TallyReadsDuckDbVersion2Files) {
  if (!DuckDbAvailable()) GTEST_SKIP() << "node or @duckdb/node-api not installed";
  std::string path = TempPath("v2.parquet");
  for (std::string codec : {"zstd", "uncompressed"}) {
    std::string out = Query(
        "COPY (SELECT i::BIGINT AS id, "
        "CASE WHEN i % 7 = 3 THEN NULL ELSE (i * 2654435761) % 1000003 - 500000 END::BIGINT AS b, "
        "(i % 1000 - 500)::INTEGER AS n, "
        "CASE WHEN i % 5 = 0 THEN NULL ELSE md5(i::VARCHAR) || repeat('x', (i % 17)::INTEGER) "
        "END AS s, 'k' || (i % 10)::VARCHAR AS d, (i * 1.5)::DECIMAL(18,2) AS dec18, "
        "CASE i % 3 WHEN 0 THEN 9223372036854775807 WHEN 1 THEN -9223372036854775808 "
        "ELSE i END::BIGINT AS e "
        "FROM range(20000) t(i)) TO '" +
        path + "' (FORMAT parquet, PARQUET_VERSION v2, COMPRESSION " + codec +
        ", ROW_GROUP_SIZE 8192)");
    ASSERT_EQ(out.find("Error"), std::string::npos) << out;
    // The file really uses the DELTA encodings this test is about.
    EXPECT_EQ(Query("SELECT count(*) FILTER (WHERE encodings LIKE '%DELTA_BINARY_PACKED%' AND "
                    "path_in_schema = 'id'), count(*) FILTER (WHERE encodings LIKE "
                    "'%DELTA_LENGTH_BYTE_ARRAY%' AND path_in_schema = 's') "
                    "FROM parquet_metadata('" +
                    path + "')"),
              Json({"3", "3"}));

    ParquetReader reader(path);
    ASSERT_EQ(reader.num_rows(), 20000);
    const Schema& schema = *reader.schema();
    ASSERT_EQ(schema.size(), 7u);
    EXPECT_EQ(schema.field(0).type, DataType::Int64());
    EXPECT_EQ(schema.field(2).type, DataType::Int32());
    EXPECT_EQ(schema.field(3).type, DataType::String());
    EXPECT_EQ(schema.field(5).type, DataType::Decimal(18, 2));
    int64_t rows = 0, count_b = 0, sum_id = 0, sum_b = 0, sum_n = 0, sum_dec = 0, count_s = 0;
    int64_t length_s = 0, weighted_s = 0, count_d3 = 0, e_max = 0, e_min = 0, e_other = 0;
    std::string min_s, max_s;
    bool any_s = false;
    for (size_t g = 0; g < reader.num_row_groups(); ++g) {
      for (const Batch& batch : reader.ReadRowGroup(g, {0, 1, 2, 3, 4, 5, 6}, 1000)) {
        for (size_t r = 0; r < batch.num_rows; ++r, ++rows) {
          sum_id += batch.column(0)->Get<int64_t>(r);
          if (!batch.column(1)->IsNull(r)) {
            ++count_b;
            sum_b += batch.column(1)->Get<int64_t>(r);
          }
          sum_n += batch.column(2)->Get<int32_t>(r);
          if (!batch.column(3)->IsNull(r)) {
            std::string s(batch.column(3)->GetString(r));
            ++count_s;
            length_s += static_cast<int64_t>(s.size());
            weighted_s += static_cast<int64_t>(static_cast<unsigned char>(s[0])) *
                          static_cast<int64_t>(s.size());
            if (!any_s || s < min_s) min_s = s;
            if (!any_s || s > max_s) max_s = s;
            any_s = true;
          }
          count_d3 += batch.column(4)->GetString(r) == "k3";
          sum_dec += batch.column(5)->Get<int64_t>(r);
          int64_t e = batch.column(6)->Get<int64_t>(r);
          if (e == std::numeric_limits<int64_t>::max())
            ++e_max;
          else if (e == std::numeric_limits<int64_t>::min())
            ++e_min;
          else
            e_other += e;
        }
      }
    }
    EXPECT_EQ(rows, 20000);
    std::string from = " FROM read_parquet('" + path + "')";
    EXPECT_EQ(
        Query("SELECT count(*), sum(id), count(b), sum(b), sum(n), (sum(dec18) * 100)::BIGINT" +
              from),
        Json({std::to_string(rows), std::to_string(sum_id), std::to_string(count_b),
              std::to_string(sum_b), std::to_string(sum_n), std::to_string(sum_dec)}))
        << codec;
    EXPECT_EQ(Query("SELECT count(s), sum(length(s)), sum(ascii(s) * length(s)), min(s), max(s), "
                    "count(*) FILTER (WHERE d = 'k3')" +
                    from),
              Json({std::to_string(count_s), std::to_string(length_s), std::to_string(weighted_s),
                    min_s, max_s, std::to_string(count_d3)}))
        << codec;
    EXPECT_EQ(Query("SELECT count(*) FILTER (WHERE e = 9223372036854775807), "
                    "count(*) FILTER (WHERE e = -9223372036854775808), "
                    "sum(e) FILTER (WHERE e BETWEEN -1000000 AND 1000000)" +
                    from),
              Json({std::to_string(e_max), std::to_string(e_min), std::to_string(e_other)}))
        << codec;
    // Independent of both readers: the values DuckDB was asked to write.
    EXPECT_EQ(sum_id, int64_t{19999} * 20000 / 2);
    EXPECT_EQ(count_s, 16000);
    EXPECT_EQ(e_max, 6667);
  }
  std::filesystem::remove(path);
}

TEST(DuckDbDeltaInterop, ByteStreamSplitAndOtherVersion2Types) {
  if (!DuckDbAvailable()) GTEST_SKIP() << "node or @duckdb/node-api not installed";
  std::string path = TempPath("types.parquet");
  std::string out = Query(
      "COPY (SELECT (i % 2 = 0) AS flag, "
      "CASE WHEN i % 9 = 4 THEN NULL ELSE i / 4.0 END AS ratio, (i / 3.0)::FLOAT AS f, "
      "(DATE '2011-01-01' + (i % 30)::INTEGER) AS day, "
      "TIMESTAMP '2011-01-01 00:00:00' + INTERVAL (i) SECOND AS ts, "
      "(i * 1.5)::DECIMAL(9,2) AS small_dec FROM range(5000) t(i)) TO '" +
      path + "' (FORMAT parquet, PARQUET_VERSION v2, ROW_GROUP_SIZE 2048)");
  ASSERT_EQ(out.find("Error"), std::string::npos) << out;
  EXPECT_EQ(Query("SELECT count(*) FILTER (WHERE encodings LIKE '%BYTE_STREAM_SPLIT%') "
                  "FROM parquet_metadata('" +
                  path + "')"),
            Json({"6"}));  // ratio and f in each of the 3 row groups
  ParquetReader reader(path);
  ASSERT_EQ(reader.num_rows(), 5000);
  int64_t row = 0;
  for (size_t g = 0; g < reader.num_row_groups(); ++g) {
    for (const Batch& b : reader.ReadRowGroup(g, {0, 1, 2, 3, 4, 5}, 1000)) {
      for (size_t r = 0; r < b.num_rows; ++r, ++row) {
        int64_t i = row;
        ASSERT_EQ(b.column(0)->Get<uint8_t>(r), i % 2 == 0 ? 1 : 0);
        if (i % 9 == 4)
          ASSERT_TRUE(b.column(1)->IsNull(r));
        else
          ASSERT_EQ(b.column(1)->Get<double>(r), static_cast<double>(i) / 4.0) << i;
        ASSERT_EQ(b.column(2)->Get<double>(r),
                  static_cast<double>(static_cast<float>(static_cast<double>(i) / 3.0)))
            << i;
        ASSERT_EQ(b.column(3)->Get<int32_t>(r), 14975 + i % 30);
        ASSERT_EQ(b.column(4)->Get<int64_t>(r), 1293840000000000LL + i * 1000000);
        ASSERT_EQ(b.column(5)->Get<int64_t>(r), i * 150);
      }
    }
  }
  EXPECT_EQ(row, 5000);
  std::filesystem::remove(path);
}

TEST(DuckDbDeltaInterop, WideDecimalIsAClearError) {
  if (!DuckDbAvailable()) GTEST_SKIP() << "node or @duckdb/node-api not installed";
  std::string path = TempPath("wide.parquet");
  std::string out =
      Query("COPY (SELECT (i * 3.25)::DECIMAL(38,2) AS wide FROM range(10) t(i)) TO '" + path +
            "' (FORMAT parquet, PARQUET_VERSION v2)");
  ASSERT_EQ(out.find("Error"), std::string::npos) << out;
  std::string error;
  try {
    ParquetReader reader(path);
  } catch (const Error& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("column wide"), std::string::npos) << error;
  EXPECT_NE(error.find("DECIMAL(38,2)"), std::string::npos) << error;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tally
