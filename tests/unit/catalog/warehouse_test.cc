#include "catalog/warehouse.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/scalar.h"

namespace tally {
namespace {
namespace fs = std::filesystem;

class WarehouseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("tally_wh_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::shared_ptr<const Schema> schema() {
    return std::make_shared<Schema>(
        std::vector<Field>{{"id", DataType::Int32()}, {"price", DataType::Decimal(18, 3)}});
  }

  // Writes a placeholder data file (the catalog never reads its contents) with the given stats.
  void AddFile(TableWriter& writer, int64_t rows, int32_t min_id, int32_t max_id) {
    std::string path = writer.NewFilePath();
    std::ofstream(path) << "data";
    ParquetFileInfo info;
    info.rows = rows;
    info.bytes = 4;
    info.num_row_groups = 1;
    info.columns = {{Scalar::Int32(min_id), Scalar::Int32(max_id), 0},
                    {Scalar::Decimal(-5, 18, 3), Scalar::Decimal(2550, 18, 3), 2}};
    writer.AddFile(path, info);
  }

  size_t CountEntries(const fs::path& dir) {
    if (!fs::exists(dir)) return 0;
    return static_cast<size_t>(
        std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
  }

  fs::path root_;
};

TEST_F(WarehouseTest, CommitMakesTableVisible) {
  Warehouse wh(root_.string());
  EXPECT_TRUE(wh.ListTables().empty());
  auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
  AddFile(*writer, 10, 1, 9);
  EXPECT_FALSE(wh.FindTable("sales").has_value());  // not visible before the commit
  TableEntry entry = writer->Commit();
  EXPECT_EQ(entry.rows, 10);
  EXPECT_EQ(entry.version, 1);

  auto found = wh.FindTable("sales");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->rows, 10);
  EXPECT_EQ(found->files.size(), 1u);
  EXPECT_TRUE(fs::exists(wh.FilePath(found->files[0])));
  EXPECT_EQ(found->columns[1].max.ToString(), "2.550");
  EXPECT_EQ(found->columns[1].min.ToString(), "-0.005");
  EXPECT_EQ(found->columns[1].null_count, 2);
  EXPECT_EQ(*found->schema, *schema());
  EXPECT_EQ(found->sources, std::vector<std::string>{"a.csv"});
  EXPECT_EQ(wh.ListTables(), std::vector<std::string>{"sales"});
}

TEST_F(WarehouseTest, AppendMergesFilesAndStatistics) {
  Warehouse wh(root_.string());
  {
    auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
    AddFile(*writer, 10, 5, 9);
    writer->Commit();
  }
  auto writer = wh.BeginWrite("sales", schema(), WriteMode::kAppend, "b.csv");
  AddFile(*writer, 7, 1, 6);
  AddFile(*writer, 3, 20, 30);
  TableEntry entry = writer->Commit();
  EXPECT_EQ(entry.rows, 20);
  EXPECT_EQ(entry.files.size(), 3u);
  EXPECT_EQ(entry.version, 2);
  EXPECT_EQ(entry.columns[0].min.int_value(), 1);
  EXPECT_EQ(entry.columns[0].max.int_value(), 30);
  EXPECT_EQ(entry.columns[1].null_count, 6);
  EXPECT_EQ(entry.sources.size(), 2u);
}

TEST_F(WarehouseTest, ReplaceRemovesOldFiles) {
  Warehouse wh(root_.string());
  std::string old_file;
  {
    auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
    AddFile(*writer, 10, 1, 9);
    old_file = wh.FilePath(writer->Commit().files[0]);
  }
  auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "b.csv");
  AddFile(*writer, 4, 1, 2);
  TableEntry entry = writer->Commit();
  EXPECT_EQ(entry.rows, 4);
  EXPECT_EQ(entry.version, 2);
  EXPECT_FALSE(fs::exists(old_file));
  EXPECT_EQ(CountEntries(root_ / "sales"), 1u);
}

TEST_F(WarehouseTest, AbandonedWriteLeavesNothing) {
  Warehouse wh(root_.string());
  {
    auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
    AddFile(*writer, 10, 1, 9);
  }  // destroyed without Commit (as when an ingest fails)
  EXPECT_FALSE(wh.FindTable("sales").has_value());
  EXPECT_EQ(CountEntries(root_ / ".staging"), 0u);
  EXPECT_FALSE(fs::exists(root_ / "sales"));
}

TEST_F(WarehouseTest, NextWriterCleansLeftoversOfAKilledOne) {
  Warehouse wh(root_.string());
  {
    auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
    AddFile(*writer, 10, 1, 9);
    writer->Commit();
  }
  // What a writer killed before its commit point leaves: a staging dir and an unreferenced
  // data directory.
  fs::create_directories(root_ / ".staging" / "sales.dead");
  fs::create_directories(root_ / "sales" / "orphan");
  std::ofstream(root_ / "sales" / "orphan" / "part-00000.parquet") << "partial";
  // A writer of another table leaves them alone (they may belong to a live writer of "sales").
  auto writer = wh.BeginWrite("other", schema(), WriteMode::kReplace, "c.csv");
  EXPECT_TRUE(fs::exists(root_ / ".staging" / "sales.dead"));
  writer.reset();
  auto writer2 = wh.BeginWrite("sales", schema(), WriteMode::kAppend, "d.csv");
  EXPECT_FALSE(fs::exists(root_ / "sales" / "orphan"));
  EXPECT_FALSE(fs::exists(root_ / ".staging" / "sales.dead"));
  EXPECT_EQ(wh.GetTable("sales").rows, 10);
}

// A slow write to one table once blocked writes to every other table of the warehouse.
TEST_F(WarehouseTest, WritesToDifferentTablesRunSideBySide) {
  Warehouse wh(root_.string());
  auto slow = wh.BeginWrite("slow", schema(), WriteMode::kReplace, "a.csv");
  AddFile(*slow, 3, 1, 3);
  // In this process too: a second table's lock is another file, so this does not wait.
  auto quick = wh.BeginWrite("quick", schema(), WriteMode::kReplace, "b.csv");
  AddFile(*quick, 1, 1, 1);
  quick->Commit();
  slow->Commit();
  EXPECT_EQ(wh.GetTable("quick").rows, 1);
  EXPECT_EQ(wh.GetTable("slow").rows, 3);
  EXPECT_EQ(CountEntries(root_ / ".staging"), 0u);
}

TEST_F(WarehouseTest, AppendWithDifferentSchemaFails) {
  Warehouse wh(root_.string());
  {
    auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
    AddFile(*writer, 1, 1, 1);
    writer->Commit();
  }
  auto other = std::make_shared<Schema>(std::vector<Field>{{"id", DataType::Int64()}});
  EXPECT_THROW(wh.BeginWrite("sales", other, WriteMode::kAppend, "b.csv"), Error);
}

TEST_F(WarehouseTest, RejectsBadNamesAndMissingTables) {
  Warehouse wh(root_.string());
  EXPECT_THROW(wh.BeginWrite("../evil", schema(), WriteMode::kReplace, "x"), UsageError);
  EXPECT_THROW(wh.BeginWrite("", schema(), WriteMode::kReplace, "x"), UsageError);
  EXPECT_THROW(wh.GetTable("missing"), Error);
}

TEST_F(WarehouseTest, DropRemovesEntryAndFiles) {
  Warehouse wh(root_.string());
  auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
  AddFile(*writer, 1, 1, 1);
  writer->Commit();
  writer.reset();
  wh.DropTable("sales");
  EXPECT_TRUE(wh.ListTables().empty());
  EXPECT_FALSE(fs::exists(root_ / "sales"));
}

// Rewrites a committed catalog entry's file paths, as someone editing the shared catalog might.
void SetFilePath(const fs::path& root, const std::string& table, const std::string& path) {
  fs::path entry_path = root / "_catalog" / (table + ".json");
  std::ifstream in(entry_path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t start = text.find("\"path\": \"") + 9;
  size_t end = text.find('"', start);
  text.replace(start, end - start, path);
  std::ofstream(entry_path, std::ios::trunc) << text;
}

// A replace once removed each old file's parent directory as the catalog named it, so a
// hand-edited path deleted directories outside the warehouse, or the whole warehouse.
TEST_F(WarehouseTest, ReplaceNeverRemovesOutsideTheTableThroughCatalogPaths) {
  fs::path victim = root_.string() + "_victim";
  fs::remove_all(victim);
  for (std::string path : {"../" + root_.filename().string() + "_victim/x.parquet",
                           victim.string() + "/x.parquet", std::string("p.parquet"),
                           std::string("sales/../../x/p.parquet"), std::string("sales/p.parquet"),
                           std::string("other/c/p.parquet"), std::string("sales/./p.parquet")}) {
    fs::create_directories(victim);
    std::ofstream(victim / "keep") << "precious";
    Warehouse wh(root_.string());
    {
      auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "a.csv");
      AddFile(*writer, 1, 1, 1);
      writer->Commit();
    }
    std::ofstream(root_ / "precious") << "x";
    SetFilePath(root_, "sales", path);
    try {
      auto writer = wh.BeginWrite("sales", schema(), WriteMode::kReplace, "b.csv");
      AddFile(*writer, 1, 1, 1);
      writer->Commit();
      ADD_FAILURE() << "the entry with path " << path << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("not inside the table's directory"), std::string::npos)
          << e.what();
    }
    EXPECT_TRUE(fs::exists(victim / "keep")) << path;
    EXPECT_TRUE(fs::exists(root_ / "precious")) << path;
    EXPECT_TRUE(fs::exists(root_ / "_catalog" / "sales.json")) << path;
    fs::remove_all(root_);
  }
  fs::remove_all(victim);
}

TEST_F(WarehouseTest, OneDamagedEntryDoesNotHideTheOthers) {
  Warehouse wh(root_.string());
  for (std::string name : {"a", "b"}) {
    auto writer = wh.BeginWrite(name, schema(), WriteMode::kReplace, "a.csv");
    AddFile(*writer, 1, 1, 1);
    writer->Commit();
  }
  SetFilePath(root_, "a", "/etc/passwd");
  EXPECT_EQ(wh.ListTables(), (std::vector<std::string>{"a", "b"}));
  EXPECT_THROW(wh.GetTable("a"), Error);
  EXPECT_EQ(wh.GetTable("b").rows, 1);
}

TEST(TableEntryJson, RefusesInconsistentEntries) {
  TableEntry entry;
  entry.name = "t";
  entry.schema = std::make_shared<Schema>(std::vector<Field>{{"x", DataType::Int64()}});
  entry.rows = 5;
  entry.columns = {{Scalar::Int64(1), Scalar::Int64(2), 0}};
  entry.files = {{"t/c/part-00000.parquet", 5, 100, 1, entry.columns}};
  std::string good = TableEntryToJson(entry);
  EXPECT_NO_THROW(TableEntryFromJson(good, "good.json"));
  using nlohmann::json;
  for (const auto& [pointer, value] :
       std::vector<std::pair<std::string, json>>{{"/rows", -7},
                                                 {"/rows", 6},
                                                 {"/version", -1},
                                                 {"/files/0/rows", -5},
                                                 {"/columns/0/statistics/null_count", -1},
                                                 {"/files/0/row_groups", -1},
                                                 {"/name", "../t"},
                                                 {"/files/0/path", "t/c/../../part-00000.parquet"},
                                                 {"/files/0/path", "t/c/part-00000.txt"},
                                                 {"/files/0/path", "t//part-00000.parquet"},
                                                 {"/files/0/statistics", json::array()},
                                                 {"/rows", 5.5},
                                                 {"/rows", 1e300},
                                                 {"/files/0/bytes", "100"},
                                                 {"/files/0/row_groups", 1e10}}) {
    json bad = json::parse(good);
    bad[json::json_pointer(pointer)] = value;
    try {
      TableEntryFromJson(bad.dump(), "bad.json");
      ADD_FAILURE() << "accepted " << pointer << " = " << value;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("corrupt catalog entry bad.json"), std::string::npos)
          << e.what();
    }
  }
}

TEST(TableEntryJson, EntryWithoutStatisticsHasUnknownOnes) {
  nlohmann::json j = {{"format", 1},
                      {"name", "t"},
                      {"version", 1},
                      {"rows", 0},
                      {"files", nlohmann::json::array()},
                      {"sources", {"x"}},
                      {"created_at", "now"},
                      {"ingested_at", "now"},
                      {"columns", {{{"name", "x"}, {"type", "int64"}}}}};
  TableEntry entry = TableEntryFromJson(j.dump(), "bare.json");
  ASSERT_EQ(entry.columns.size(), 1u);  // describe reads one per column
  EXPECT_TRUE(entry.columns[0].min.is_null());
}

TEST(TableEntryJson, RoundTripsEveryField) {
  TableEntry entry;
  entry.name = "t";
  entry.version = 3;
  entry.schema = std::make_shared<Schema>(std::vector<Field>{{"ts", DataType::Timestamp()}});
  entry.rows = 5;
  entry.columns = {{Scalar::Timestamp(0), Scalar::Timestamp(86400000000LL), 1}};
  entry.files = {{"t/x/part-00000.parquet", 5, 100, 2, entry.columns}};
  entry.sources = {"/data/a.csv"};
  entry.created_at = "2026-01-01T00:00:00Z";
  entry.ingested_at = "2026-01-02T00:00:00Z";
  TableEntry back = TableEntryFromJson(TableEntryToJson(entry), "test");
  EXPECT_EQ(back.name, "t");
  EXPECT_EQ(back.version, 3);
  EXPECT_EQ(back.files[0].row_groups, 2);
  EXPECT_EQ(back.columns[0].max.ToString(), "1970-01-02 00:00:00");
  EXPECT_EQ(back.files[0].columns[0].null_count, 1);
  EXPECT_EQ(back.ingested_at, entry.ingested_at);
  EXPECT_THROW(TableEntryFromJson("{\"format\": 1}", "broken.json"), Error);
}

}  // namespace
}  // namespace tally
