#pragma once
// Cutting a plain CSV file into byte ranges of whole records, so that several processes can each
// read a disjoint share of one file (CsvOptions::range_begin/range_end/range_first_line).
//
// A record starts at offset 0 or right after a '\n' outside quotes, where the quote state at an
// offset is the parity of the '"' bytes before it: every quote toggles it (a doubled quote
// toggles twice), exactly as CsvChunker tracks it, so ranges agree with the chunks of a
// single-process read and a malformed record ends where it would end there.
//
// The distributed cut needs one exchange of 16 bytes per process:
//   1. process p counts its nominal range:  CountQuotesAndNewlines(path, NominalByteRange(...))
//   2. all processes gather everyone's counts (an all-gather of CsvSpanCounts)
//   3. process p computes its range:        RecordAlignedRange(path, size, counts, p)
// SplitCsvAtRecords does the same in one process.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tally {

struct CsvSpanCounts {
  uint64_t quotes = 0;
  uint64_t newlines = 0;
};

struct CsvByteRange {
  uint64_t begin = 0;       // a record start (or the file size)
  uint64_t end = 0;         // the next part's begin; begin == end: an empty part
  uint64_t first_line = 1;  // 1-based physical line of `begin`: 1 + newlines in [0, begin)
};

// True for a regular, uncompressed file, which can be read by byte ranges; false for standard
// input ("-"), pipes, files named *.zst / *.gz, files whose first bytes say zstd or gzip, and
// files that cannot be opened (their reader reports why).
bool CsvCanSplitByBytes(const std::string& path);

// Size of a regular file in bytes; throws tally::Error when it cannot be read.
uint64_t CsvFileSize(const std::string& path);

// The nominal (not record-aligned) byte range [first, second) of part `part` of `parts` equal
// parts of a `size`-byte file.
std::pair<uint64_t, uint64_t> NominalByteRange(uint64_t size, int part, int parts);

// '"' and '\n' bytes in [begin, end) of the file (end clipped to its size).
CsvSpanCounts CountQuotesAndNewlines(const std::string& path, uint64_t begin, uint64_t end);

// The smallest record start >= `from` (the file size when there is none); `in_quotes_at_from`
// is the quote state at `from` (an odd number of quotes in [0, from)). `newlines_before`
// (optional) receives the number of '\n' bytes in [from, result).
uint64_t FindRecordStart(const std::string& path, uint64_t from, bool in_quotes_at_from,
                         uint64_t* newlines_before);

// The record-aligned range of part `part`, given the counts of every part's nominal range
// (part_counts.size() parts of a `file_size`-byte file, in order).
CsvByteRange RecordAlignedRange(const std::string& path, uint64_t file_size,
                                const std::vector<CsvSpanCounts>& part_counts, int part);

// All `parts` record-aligned ranges of the file, contiguous, covering it from 0 to its size.
std::vector<CsvByteRange> SplitCsvAtRecords(const std::string& path, int parts);

}  // namespace tally
