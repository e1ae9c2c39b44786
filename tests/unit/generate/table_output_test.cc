#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "generate/generate_output.h"
#include "generate/retail_batch.h"
#include "io/csv/csv_reader.h"
#include "io/csv/csv_schema.h"
#include "test_files.h"

namespace tally::generate {
namespace {

// Every value of every row, as text, in order.
void AppendRows(const Batch& batch, std::vector<std::string>* rows) {
  for (size_t i = 0; i < batch.num_rows; ++i) {
    std::string row;
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      row += batch.column(c)->ValueToString(i);
      row += '|';
    }
    rows->push_back(std::move(row));
  }
}

TEST(GenerateTable, BatchesEqualTheParsedCsv) {
  ScratchDir dir;
  GenerateOptions options;
  options.generator.rows = RetailGenerator::kBlockRows + 5000;
  options.generator.seed = 11;
  WriteRetailCsv(dir.File("r.csv"), options);
  std::vector<std::string> from_csv;
  CsvReader reader(dir.File("r.csv"), RetailSchema());
  reader.Scan([&](Batch&& batch, size_t) { AppendRows(batch, &from_csv); });

  RetailGenerator generator(options.generator);
  RetailBatchBuilder builder(generator);
  std::vector<std::string> from_batches;
  RowBlock rows;
  for (size_t b = 0; b < generator.num_blocks(); ++b) {
    generator.Generate(b, &rows);
    AppendRows(builder.Build(rows), &from_batches);
  }
  ASSERT_EQ(from_csv.size(), static_cast<size_t>(options.generator.rows));
  ASSERT_EQ(from_batches.size(), from_csv.size());
  for (size_t i = 0; i < from_csv.size(); ++i) ASSERT_EQ(from_batches[i], from_csv[i]) << i;
}

TEST(GenerateTable, WritesAWarehouseTable) {
  ScratchDir dir;
  Warehouse warehouse(dir.File("wh"));
  GenerateOptions options;
  options.generator.rows = 70000;
  TableEntry entry = WriteRetailTable(warehouse, "retail", WriteMode::kReplace, options);
  EXPECT_EQ(entry.rows, 70000);
  EXPECT_EQ(warehouse.GetTable("retail").rows, 70000);
  EXPECT_TRUE(*entry.schema == *RetailSchema());
  // Appending doubles it.
  entry = WriteRetailTable(warehouse, "retail", WriteMode::kAppend, options);
  EXPECT_EQ(entry.rows, 140000);
}

// End to end: the generated file goes through `tally report` (CSV output) and gives 13 months
// of sales and every RFM segment column.
TEST(GenerateTable, TallyReportRunsOnGeneratedData) {
  ScratchDir dir;
  std::string tally = TALLY_BINARY;
  std::string data = dir.File("g.csv.zst"), out = dir.File("report");
  std::string command = tally + " -q generate --rows 150000 --seed 5 --out " + data + " && " +
                        tally + " -q report --csv " + data + " --format csv -o " + out +
                        " > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::string monthly = ReadAll(out + "/monthly.csv");
  EXPECT_EQ(std::count(monthly.begin(), monthly.end(), '\n'), 14) << monthly;  // header + 13
  EXPECT_NE(monthly.find("\n201111,"), std::string::npos);
  std::string segments = ReadAll(out + "/rfm_segments.csv");
  EXPECT_NE(segments.find("Champions"), std::string::npos) << segments;
  EXPECT_GE(std::count(segments.begin(), segments.end(), '\n'), 6) << segments;
}

}  // namespace
}  // namespace tally::generate
