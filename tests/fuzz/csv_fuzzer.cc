// Fuzzes CSV ingest end to end: header, type inference, parsing, Parquet writing and the
// catalog commit. The first byte picks the options (delimiter given or detected, header, NULL
// text, skipping bad lines), the rest is the file. Bad input must end in tally::Error; anything
// else is a finding.
#include <cstddef>
#include <cstdint>

#include "catalog/warehouse.h"
#include "common/error.h"
#include "fuzz_input.h"
#include "ingest/csv_ingest.h"
#include "io/csv/csv_schema.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tally::fuzz::LimitMemory();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static tally::fuzz::InputFile file;
  uint8_t choice = data[0];
  tally::CsvIngestOptions options;
  options.source = file.Write(data + 1, size - 1);
  options.table = "t";
  options.csv.delimiter = (choice & 1) ? ';' : ',';
  if (choice & 16) options.csv.delimiter = tally::DetectCsvDelimiter(options.source);
  if (choice & 32) options.csv.null_text = "NA";
  options.csv.header = (choice & 2) == 0;
  options.csv.on_error = (choice & 4) ? tally::OnError::kSkip : tally::OnError::kFail;
  options.csv.chunk_bytes = (choice & 8) ? 64 : 4096;  // tiny chunks: records across chunks
  options.csv.threads = 1;
  options.csv.max_record_bytes = 1 << 20;
  tally::Warehouse warehouse(tally::fuzz::ScratchWarehouse());
  try {
    tally::IngestCsv(warehouse, options);
    warehouse.GetTable("t");  // what was committed reads back
  } catch (const tally::Error&) {
  }
  return 0;
}
