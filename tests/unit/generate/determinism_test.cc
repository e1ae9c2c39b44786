#include <gtest/gtest.h>

#include <algorithm>

#include "generate/generate_output.h"
#include "test_files.h"

namespace tally::generate {
namespace {

std::string Generate(const ScratchDir& dir, const std::string& name, int64_t rows, uint64_t seed,
                     int threads) {
  GenerateOptions options;
  options.generator.rows = rows;
  options.generator.seed = seed;
  options.threads = threads;
  GenerateResult result = WriteRetailCsv(dir.File(name), options);
  EXPECT_EQ(result.rows, rows);
  std::string text = ReadAll(dir.File(name));
  EXPECT_EQ(result.bytes, text.size());
  return text;
}

// Three blocks, the last one partial.
constexpr int64_t kRows = 2 * RetailGenerator::kBlockRows + 1234;

TEST(GenerateDeterminism, SameSeedSameBytesWhateverTheThreads) {
  ScratchDir dir;
  std::string one = Generate(dir, "a.csv", kRows, 42, 1);
  std::string two = Generate(dir, "b.csv", kRows, 42, 2);
  std::string four = Generate(dir, "c.csv", kRows, 42, 4);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, four);
}

TEST(GenerateDeterminism, ZstdOutputIsAlsoThreadIndependent) {
  ScratchDir dir;
  EXPECT_EQ(Generate(dir, "a.csv.zst", kRows, 9, 1), Generate(dir, "b.csv.zst", kRows, 9, 2));
}

TEST(GenerateDeterminism, DifferentSeedsDiffer) {
  ScratchDir dir;
  std::string a = Generate(dir, "a.csv", 5000, 1, 1);
  std::string b = Generate(dir, "b.csv", 5000, 2, 1);
  EXPECT_NE(a, b);
  // Not just a detail: most lines differ.
  EXPECT_NE(a.substr(0, 4000), b.substr(0, 4000));
}

TEST(GenerateRowCount, ExactForAnySize) {
  ScratchDir dir;
  for (int64_t rows : {int64_t{0}, int64_t{1}, int64_t{7}, RetailGenerator::kBlockRows,
                       RetailGenerator::kBlockRows + 1}) {
    std::string text = Generate(dir, "n.csv", rows, 3, 2);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), rows + 1) << rows << " rows";
    EXPECT_EQ(text.rfind("invoice_no,stock_code,", 0), 0u);
  }
}

TEST(GenerateRowCount, InvoiceNumbersStartAtTheRealFirstOne) {
  ScratchDir dir;
  std::string text = Generate(dir, "s.csv", 100, 5, 1);
  size_t first_line = text.find('\n') + 1;
  EXPECT_EQ(text.substr(first_line, 7), "536365,");
}

}  // namespace
}  // namespace tally::generate
