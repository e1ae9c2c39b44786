// World Development Indicators ingest: layout detection, the wide-to-long unpivot on a
// hand-made fixture (empty cells, a trailing empty column) and the stored table.
#include "ingest/wdi_ingest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <tuple>

#include <unistd.h>

#include "io/parquet/parquet_reader.h"

namespace tally {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = std::string(TALLY_SOURCE_DIR) + "/tests/fixtures/wdi/";

struct Row {
  int32_t year;
  std::string country_name, country_code, indicator_name, indicator_code;
  double value;
  bool operator==(const Row& o) const {
    return std::tie(year, country_name, country_code, indicator_name, indicator_code, value) ==
           std::tie(o.year, o.country_name, o.country_code, o.indicator_name, o.indicator_code,
                    o.value);
  }
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.year << "|" << r.country_name << "|" << r.country_code << "|" << r.indicator_name
            << "|" << r.indicator_code << "|" << r.value;
}

std::vector<Row> RowsOf(const std::vector<Batch>& batches) {
  std::vector<Row> rows;
  for (const Batch& b : batches) {
    EXPECT_EQ(b.columns.size(), 6u);
    for (size_t i = 0; i < b.num_rows; ++i) {
      for (size_t c = 0; c < 6; ++c) EXPECT_FALSE(b.columns[c]->IsNull(i)) << "column " << c;
      rows.push_back({b.columns[0]->Get<int32_t>(i), std::string(b.columns[1]->GetString(i)),
                      std::string(b.columns[2]->GetString(i)),
                      std::string(b.columns[3]->GetString(i)),
                      std::string(b.columns[4]->GetString(i)), b.columns[5]->Get<double>(i)});
    }
  }
  return rows;
}

const char* kGdp = "GDP growth (annual %)";
const char* kGdpCode = "NY.GDP.MKTP.KD.ZG";
const char* kPop = "Population, total";
const char* kPopCode = "SP.POP.TOTL";

// The unpivoted wide fixture, written out by hand (see tests/fixtures/wdi/README.md).
std::vector<Row> ExpectedWideRows() {
  return {
      {1961, "Aruba", "ABW", kGdp, kGdpCode, 1.5},
      {1962, "Aruba", "ABW", kGdp, kGdpCode, -0.25},
      {1960, "Korea, Rep.", "KOR", kGdp, kGdpCode, 2.5},
      {1960, "Korea, Rep.", "KOR", kPop, kPopCode, 25012374},
      {1961, "Korea, Rep.", "KOR", kPop, kPopCode, 25765673},
      {1962, "Korea, Rep.", "KOR", kPop, kPopCode, 26513030},
      {1960, "Chad", "TCD", kGdp, kGdpCode, 0},
      {1962, "Chad", "TCD", kGdp, kGdpCode, 1e-05},
  };
}

TEST(WdiLayout, RecognisesBothLayoutsFromTheHeader) {
  EXPECT_EQ(DetectWdiLayout({"year", "country_name", "country_code", "indicator_name",
                             "indicator_code", "indicator_value"}),
            WdiLayout::kLong);
  EXPECT_EQ(DetectWdiLayout({"Country Name", "Country Code", "Indicator Name", "Indicator Code",
                             "1960", "1961"}),
            WdiLayout::kWide);
  EXPECT_EQ(DetectWdiLayout({"Country Name", "Country Code", "Indicator Name", "Indicator Code",
                             "1960", "2025", ""}),
            WdiLayout::kWide);
  // Not WDI: no year columns, a named column after the years, the retail header.
  EXPECT_EQ(DetectWdiLayout({"Country Name", "Country Code", "Indicator Name", "Indicator Code"}),
            WdiLayout::kNone);
  EXPECT_EQ(DetectWdiLayout({"Country Name", "Country Code", "Indicator Name", "Indicator Code",
                             "1960", "notes"}),
            WdiLayout::kNone);
  EXPECT_EQ(DetectWdiLayout({"invoice_no", "stock_code", "description", "quantity", "invoice_date",
                             "unit_price", "customer_id", "country"}),
            WdiLayout::kNone);
  EXPECT_EQ(DetectWdiLayoutOfFile(kFixtures + "wide_small.csv", {}), WdiLayout::kWide);
  EXPECT_EQ(DetectWdiLayoutOfFile(kFixtures + "long_small.csv", {}), WdiLayout::kLong);
}

TEST(WdiUnpivot, WideFixtureGivesOneRowPerNonEmptyCell) {
  EXPECT_EQ(RowsOf(ReadWdiCsv(kFixtures + "wide_small.csv", {})), ExpectedWideRows());
}

TEST(WdiUnpivot, BatchLevel) {
  auto wide_schema = WdiWideSchema(
      {"Country Name", "Country Code", "Indicator Name", "Indicator Code", "2000", "2001", ""});
  ASSERT_EQ(wide_schema->size(), 7u);
  EXPECT_EQ(wide_schema->field(4).type, DataType::Double());
  EXPECT_EQ(wide_schema->field(6).type, DataType::String());
  Batch wide = Batch::Empty(wide_schema);
  const char* keys[] = {"Chad", "TCD", "x", "X.1"};
  for (size_t k = 0; k < 4; ++k) wide.columns[k]->AppendString(keys[k]);
  wide.columns[4]->AppendNull();
  wide.columns[5]->Append<double>(7.25);
  wide.columns[6]->AppendNull();
  wide.num_rows = 1;
  std::vector<Batch> out;
  out.push_back(UnpivotWdiWide(wide, {2000, 2001}));
  EXPECT_EQ(RowsOf(out), (std::vector<Row>{{2001, "Chad", "TCD", "x", "X.1", 7.25}}));
}

TEST(WdiUnpivot, LongLayoutDropsMissingValues) {
  std::vector<Row> expected = {
      {1961, "Aruba", "ABW", kGdp, kGdpCode, 1.5},
      {1960, "Korea, Rep.", "KOR", kPop, kPopCode, 25012374},
      {1962, "Chad", "TCD", kGdp, kGdpCode, 0},
  };
  EXPECT_EQ(RowsOf(ReadWdiCsv(kFixtures + "long_small.csv", {})), expected);
}

class WdiIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("tally_wdi_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + std::to_string(getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(WdiIngestTest, StoresTheSortedRowsInSmallRowGroups) {
  Warehouse warehouse(root_.string());
  CsvIngestOptions options;
  options.source = kFixtures + "wide_small.csv";
  options.table = "wdi";
  bool sorted = false;
  // The engine's sort is passed in by the CLI; here a plain sort with the same order.
  auto sort = [&](std::vector<Batch> batches) {
    std::vector<Row> rows = RowsOf(batches);
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.indicator_code, a.country_name, a.year) <
             std::tie(b.indicator_code, b.country_name, b.year);
    });
    Batch out = Batch::Empty(WdiSchema());
    for (const Row& r : rows) {
      out.columns[0]->Append<int32_t>(r.year);
      out.columns[1]->AppendString(r.country_name);
      out.columns[2]->AppendString(r.country_code);
      out.columns[3]->AppendString(r.indicator_name);
      out.columns[4]->AppendString(r.indicator_code);
      out.columns[5]->Append<double>(r.value);
    }
    out.num_rows = rows.size();
    sorted = true;
    return std::vector<Batch>{out};
  };
  IngestResult result = IngestWdi(warehouse, options, sort);
  EXPECT_TRUE(sorted);
  EXPECT_EQ(result.rows_added, 8);
  TableEntry entry = warehouse.GetTable("wdi");
  EXPECT_TRUE(*entry.schema == *WdiSchema());
  ASSERT_EQ(entry.files.size(), 1u);
  ParquetReader reader(warehouse.FilePath(entry.files[0]));
  std::vector<Batch> stored;
  for (size_t rg = 0; rg < reader.num_row_groups(); ++rg)
    for (Batch& b : reader.ReadRowGroup(rg, {0, 1, 2, 3, 4, 5})) stored.push_back(std::move(b));
  // Sorted by indicator_code, country_name, year: "Aruba" < "Chad" < "Korea, Rep.".
  std::vector<Row> expected = {
      {1961, "Aruba", "ABW", kGdp, kGdpCode, 1.5},
      {1962, "Aruba", "ABW", kGdp, kGdpCode, -0.25},
      {1960, "Chad", "TCD", kGdp, kGdpCode, 0},
      {1962, "Chad", "TCD", kGdp, kGdpCode, 1e-05},
      {1960, "Korea, Rep.", "KOR", kGdp, kGdpCode, 2.5},
      {1960, "Korea, Rep.", "KOR", kPop, kPopCode, 25012374},
      {1961, "Korea, Rep.", "KOR", kPop, kPopCode, 25765673},
      {1962, "Korea, Rep.", "KOR", kPop, kPopCode, 26513030},
  };
  EXPECT_EQ(RowsOf(stored), expected);
}

}  // namespace
}  // namespace tally
