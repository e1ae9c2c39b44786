#pragma once
// Turns one chunk of CSV records into a Batch of the schema's types (the parallel stage of the
// reader). Errors are returned, not thrown, so that the reader can report the first one in file
// order whichever thread found it.
#include <memory>
#include <optional>
#include <string>

#include "common/error.h"
#include "io/csv/csv_chunker.h"
#include "io/csv/csv_options.h"
#include "vector/batch.h"

namespace tally {

struct CsvParseContext {
  std::shared_ptr<const Schema> schema;
  std::string file;  // for error locations
  char delimiter = ',';
  bool trailing_delimiter = false;
  std::string null_text;
  OnError on_error = OnError::kFail;
  bool collect_rejects = false;
  bool skip_first_record = false;  // the header, in the first chunk
};

struct CsvChunkResult {
  Batch batch;
  std::optional<Error> error;  // kFail: the first bad record of the chunk
  std::string rejects;         // kSkip with collect_rejects: formatted reject lines
  uint64_t rejected = 0;
};

CsvChunkResult ParseCsvChunk(const CsvChunk& chunk, const CsvParseContext& context);

// The value text shown in error messages: quoted, cut to a readable length.
std::string QuoteForMessage(std::string_view value);

}  // namespace tally
