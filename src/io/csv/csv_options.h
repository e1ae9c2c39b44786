#pragma once
// Options and statistics of the CSV reader (see csv_reader.h).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace tally {

// What to do with a record that cannot be read (wrong field count, bad value, bad quoting).
enum class OnError { kFail, kSkip };

// The default bound on one record's (or SQL statement's) size for every text source.
inline constexpr size_t kDefaultMaxRecordBytes = size_t{16} << 20;

struct CsvOptions {
  char delimiter = ',';
  bool header = true;
  // Records may end with one more delimiter (an empty last field), as TPC-H's .tbl files do.
  bool trailing_delimiter = false;
  // An unquoted field equal to this is NULL, and an empty field is then an empty value
  // (PostgreSQL COPY's NULL option: "\N" in its text format). Empty: empty fields are NULL.
  std::string null_text;
  OnError on_error = OnError::kFail;
  // kSkip only: rejected records are written here, one per line:
  // LINE<TAB>COLUMN<TAB>reason<TAB>raw record (tabs, newlines and backslashes escaped as \t, \n,
  // \r, \\ so that every reject stays on one line).
  std::string rejects_path;
  // Bytes read per chunk; each chunk is parsed by one thread.
  size_t chunk_bytes = 8 << 20;
  // A record (a line, or several when a quoted field holds line breaks) longer than this is an
  // error: a file without line breaks (or /dev/zero) must not be buffered without bound.
  size_t max_record_bytes = kDefaultMaxRecordBytes;
  int threads = 0;  // 0 = all cores
  // Called in file order after each chunk: bytes taken from the file on disk so far (compressed
  // bytes for compressed input, comparable with InputSizeHint), rows read so far, and the
  // uncompressed text read so far.
  std::function<void(uint64_t bytes_read, uint64_t rows, uint64_t text_bytes)> progress;

  // Reading a share of a file, for several processes reading one file together.
  //
  // A byte range [range_begin, range_end) of a plain file, cut at record starts (see
  // csv_split.h). Only those bytes are read. A range starting after 0 needs a schema: it has no
  // header and no sample, and its first record is data. Its lines are numbered from
  // range_first_line (1 + newlines before range_begin) so that errors name the same
  // FILE:LINE:COLUMN as a whole-file read. A range starting at 0 reads the header (and byte order
  // mark) as usual. An empty range yields no batches. Progress bytes count from range_begin.
  uint64_t range_begin = 0;
  uint64_t range_end = UINT64_MAX;
  uint64_t range_first_line = 1;
  // For compressed files, which cannot be read by ranges: every share decompresses and cuts the
  // whole stream into chunks (chunk_bytes must be the same for every share) and parses only the
  // chunks whose index % share_count == share_index; batch sequence numbers are chunk indexes.
  // Every share reads and checks the header (and infers the same schema), and each data record
  // lands in exactly one share. The error reported is the first one of this share's chunks.
  int share_index = 0;
  int share_count = 1;
};

struct CsvScanStats {
  uint64_t rows = 0;      // rows delivered to the consumer
  uint64_t rejected = 0;  // records skipped (kSkip)
  // Decompressed bytes of CSV text read: of the range if one is set; all of it with shares.
  uint64_t bytes = 0;
};

}  // namespace tally
