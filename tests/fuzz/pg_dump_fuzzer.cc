// Fuzzes pg_dump ingest end to end: the statement scanner, PostgreSQL's parser (libpg_query),
// CREATE TABLE types, COPY text decoding, INSERT values, Parquet writing and the commit of
// every table. Bad input must end in tally::Error.
#include <cstddef>
#include <cstdint>

#include "catalog/warehouse.h"
#include "common/error.h"
#include "fuzz_input.h"
#include "ingest/pg_dump_source.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tally::fuzz::LimitMemory();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tally::fuzz::InputFile file;
  tally::PgDumpIngestOptions options;
  options.path = file.Write(data, size);
  options.max_record_bytes = 1 << 20;
  tally::Warehouse warehouse(tally::fuzz::ScratchWarehouse());
  try {
    for (const tally::IngestResult& result : tally::IngestPgDump(warehouse, options))
      warehouse.GetTable(result.entry.name);  // what was committed reads back
  } catch (const tally::Error&) {
  }
  return 0;
}
