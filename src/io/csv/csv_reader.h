#pragma once
// A streaming, parallel RFC 4180 CSV reader producing Batches.
//
// Pipeline (oneTBB parallel_pipeline, a bounded number of chunks in flight so memory stays
// bounded whatever the file size):
//   read (serial, in order): cut the stream into chunks of whole records (csv_chunker.h)
//   parse (parallel):        tokenize and convert a chunk into a Batch (chunk_parser.h)
//   check (serial, in order): report the first error in file order, write rejects, progress
//   consume:                 serial in order (ordered=true) or parallel (ordered=false)
//
// Values are converted exactly (decimals never pass through binary floating point). An empty
// unquoted field is NULL for every type; an empty quoted field ("") is the empty string for
// string columns and NULL otherwise. Blank lines are skipped.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "common/types.h"
#include "io/csv/csv_chunker.h"
#include "io/csv/csv_options.h"
#include "io/csv/csv_schema.h"
#include "io/csv/csv_tokenizer.h"
#include "vector/batch.h"

namespace tally {

class CsvReader {
 public:
  // schema == nullptr: infer the types from a sample of the first rows (see InferSchema), with
  // the header's names (or column_1, column_2, ... without a header). With a schema, the header
  // must name its columns in order (case-insensitive). Opens the file and reads the header now,
  // so bad headers and missing files are reported here. See CsvOptions for reading one share of
  // a file (a byte range, or every n-th chunk).
  CsvReader(std::string path, std::shared_ptr<const Schema> schema, CsvOptions options = {});
  ~CsvReader();

  const std::shared_ptr<const Schema>& schema() const { return schema_; }

  // Streams the whole file (or the share of it chosen in CsvOptions). `consumer` receives
  // batches (at most kDefaultBatchRows rows; one per chunk; possibly empty when every record of a
  // chunk was rejected) with sequence numbers 0, 1, 2, ... in file order (with share_count > 1:
  // the indexes of this share's chunks, in order). ordered=true: called from one thread at a time
  // in file order; ordered=false: may be called concurrently from several threads in any order.
  // Throws tally::Error for the first bad record in file order (OnError::kFail).
  CsvScanStats Scan(const std::function<void(Batch&&, size_t sequence)>& consumer,
                    bool ordered = true);

 private:
  bool reads_range() const;
  void CheckShareOptions() const;
  void Open();
  void ReadHeaderAndSample();
  void CheckHeader(const CsvChunk& chunk, const CsvRecord& record);
  // The next chunk to parse (peeked ones first), skipping other shares' chunks.
  bool NextChunkOfShare(CsvChunk* chunk);

  std::string path_;
  std::shared_ptr<const Schema> schema_;
  CsvOptions options_;
  std::unique_ptr<CsvChunker> chunker_;
  std::deque<CsvChunk> peeked_;  // chunks read for the header and the sample, not yet parsed
  size_t header_chunk_ = 0;      // index of the chunk whose first record is the header
  bool skip_header_ = false;     // that record is a header (not in a range after the start)
};

}  // namespace tally
