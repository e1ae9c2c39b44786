#pragma once
// Writes generated retail data: as a CSV file (plain, or .zst compressed) or straight into a
// warehouse table. Blocks are generated (and compressed) in parallel with oneTBB and written
// in order, so the output is byte-identical for a seed whatever the number of threads.
#include <cstdint>
#include <functional>
#include <string>

#include "catalog/warehouse.h"
#include "generate/retail_generator.h"

namespace tally::generate {

struct GenerateOptions {
  GeneratorOptions generator;
  int threads = 0;     // 0: all cores
  int zstd_level = 3;  // .zst output
  // Called from one thread at a time with the rows written so far.
  std::function<void(int64_t rows, uint64_t bytes)> progress;
};

struct GenerateResult {
  int64_t rows = 0;
  uint64_t bytes = 0;  // bytes written (compressed size for .zst)
};

// A path ending in ".zst" is zstd-compressed: one frame per block, so compression runs in
// parallel too; any zstd reader decodes the concatenated frames as one stream. The file
// appears under its name only once complete (written beside it, then renamed).
GenerateResult WriteRetailCsv(const std::string& path, const GenerateOptions& options);

// Writes the rows into `table` (schema RetailSchema()) in one warehouse transaction.
TableEntry WriteRetailTable(Warehouse& warehouse, const std::string& table, WriteMode mode,
                            const GenerateOptions& options);

}  // namespace tally::generate
