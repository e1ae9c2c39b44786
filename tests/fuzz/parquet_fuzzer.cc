// Fuzzes the Parquet reader: footer (Thrift), schema mapping, statistics, page headers,
// decompression, every encoding. Bad input must end in tally::Error; a crash, a sanitizer
// report or an allocation past libFuzzer's limit is a finding.
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "common/error.h"
#include "fuzz_input.h"
#include "io/parquet/parquet_reader.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tally::fuzz::LimitMemory();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tally::fuzz::InputFile file;
  std::string path = file.Write(data, size);
  try {
    tally::ParquetReader reader(path);
    std::vector<int> columns(reader.schema()->size());
    std::iota(columns.begin(), columns.end(), 0);
    for (size_t g = 0; g < reader.num_row_groups(); ++g) {
      for (const tally::Batch& batch : reader.ReadRowGroup(g, columns, 1000))
        for (const auto& column : batch.columns)
          for (size_t row = 0; row < batch.num_rows; ++row) column->ValueToString(row);
    }
  } catch (const tally::Error&) {
  }
  return 0;
}
