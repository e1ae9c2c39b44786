#pragma once
// Helpers for the CSV tests: temporary files, compression, and reading a whole file into
// strings.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <string>
#include <vector>

#include "../io/compress_test_util.h"
#include "io/csv/csv_reader.h"

namespace tally::testing {

inline std::string TempPath(const std::string& name) {
  static std::atomic<int> counter{0};
  return ::testing::TempDir() + "/tally_csv_" + std::to_string(::getpid()) + "_" +
         std::to_string(counter++) + "_" + name;
}

inline std::string WriteTemp(const std::string& name, const std::string& contents) {
  std::string path = TempPath(name);
  std::ofstream out(path, std::ios::binary);
  out << contents;
  return path;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct ReadResult {
  std::vector<std::vector<std::string>> rows;  // Column::ValueToString of every cell
  CsvScanStats stats;
  size_t batches = 0;
};

inline ReadResult ReadAll(const std::string& path, std::shared_ptr<const Schema> schema,
                          CsvOptions options = {}) {
  CsvReader reader(path, std::move(schema), std::move(options));
  ReadResult result;
  size_t expected_sequence = 0;
  result.stats = reader.Scan(
      [&](Batch&& batch, size_t sequence) {
        EXPECT_EQ(sequence, expected_sequence++);
        ++result.batches;
        for (size_t r = 0; r < batch.num_rows; ++r) {
          std::vector<std::string> row;
          for (const auto& column : batch.columns) {
            EXPECT_EQ(column->size(), batch.num_rows);
            row.push_back(column->ValueToString(r));
          }
          result.rows.push_back(std::move(row));
        }
      },
      true);
  return result;
}

inline std::shared_ptr<const Schema> StringSchema(const std::vector<std::string>& names) {
  std::vector<Field> fields;
  for (const auto& name : names) fields.push_back({name, DataType::String()});
  return std::make_shared<const Schema>(std::move(fields));
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace tally::testing
