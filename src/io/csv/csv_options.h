#pragma once
// Options and statistics of the CSV reader (see csv_reader.h).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace tally {

// What to do with a record that cannot be read (wrong field count, bad value, bad quoting).
enum class OnError { kFail, kSkip };

struct CsvOptions {
  char delimiter = ',';
  bool header = true;
  OnError on_error = OnError::kFail;
  // kSkip only: rejected records are written here, one per line:
  // LINE<TAB>COLUMN<TAB>reason<TAB>raw record (tabs, newlines and backslashes escaped as \t, \n,
  // \r, \\ so that every reject stays on one line).
  std::string rejects_path;
  // Bytes read per chunk; each chunk is parsed by one thread.
  size_t chunk_bytes = 8 << 20;
  int threads = 0;  // 0 = all cores
  // Called in file order after each chunk: bytes taken from the file on disk so far (compressed
  // bytes for compressed input, comparable with InputSizeHint) and rows read so far.
  std::function<void(uint64_t bytes_read, uint64_t rows)> progress;
};

struct CsvScanStats {
  uint64_t rows = 0;      // rows delivered to the consumer
  uint64_t rejected = 0;  // records skipped (kSkip)
  uint64_t bytes = 0;     // decompressed bytes of CSV text read
};

}  // namespace tally
