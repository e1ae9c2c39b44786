#pragma once
// Cuts a CSV byte stream into chunks of whole records, so that chunks can be parsed in
// parallel. A record ends at a newline outside quotes; since every chunk starts at a record
// boundary the quote state is known at its start, and tracking it through the chunk (each '"'
// toggles it; a doubled quote toggles twice) finds the last boundary exactly, even when a quoted
// field with newlines spans the read block.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "io/csv/text_buffer.h"
#include "io/input_stream.h"

namespace tally {

struct CsvChunk {
  TextBuffer data;              // whole records (the last chunk may lack a final newline)
  uint64_t first_line = 1;      // 1-based physical line number of data[0]
  uint64_t byte_offset = 0;     // offset of data[0] in the decompressed stream
  uint64_t raw_bytes_read = 0;  // file bytes read when the chunk was cut (for progress)
  size_t index = 0;             // 0, 1, 2, ... in file order
  size_t records = 0;           // records in data (at most; blank lines count too)
};

class CsvChunker {
 public:
  // Chunks hold about `chunk_bytes` bytes (more when one record is longer) and at most
  // `max_records` records, so that one chunk becomes one batch of bounded size.
  // A record longer than `max_record_bytes` ends the read with an error naming its line.
  CsvChunker(std::unique_ptr<InputStream> input, size_t chunk_bytes, size_t max_records,
             size_t max_record_bytes);
  // Changes the record cap for chunks cut from now on (once the schema is known).
  void set_max_records(size_t max_records) { max_records_ = std::max<size_t>(max_records, 1); }

  // For a stream holding a byte range of a file that starts at a record boundary other than the
  // file's start: chunks report offsets from `byte_offset` and lines from `first_line`, and no
  // byte order mark is looked for. Call before the first Next().
  void StartAt(uint64_t byte_offset, uint64_t first_line);

  // The next chunk; false at the end of the stream. A UTF-8 byte order mark at the start of the
  // file is dropped.
  bool Next(CsvChunk* chunk);
  // Decompressed bytes handed out in chunks so far (including a dropped byte order mark).
  uint64_t bytes_consumed() const { return offset_ - start_offset_; }
  const std::string& name() const { return input_->name(); }
  // Gives back the text of a parsed chunk so that its memory is reused for a later one
  // (fresh multi-megabyte buffers cost page faults). Thread-safe.
  void Recycle(TextBuffer&& buffer);

 private:
  void Fill();
  void ScanForBoundaries();
  void Emit(size_t size, uint64_t lines, size_t records, CsvChunk* chunk);

  std::unique_ptr<InputStream> input_;
  std::mutex free_mutex_;
  std::vector<TextBuffer> free_buffers_;
  size_t chunk_bytes_;
  size_t max_records_;
  size_t max_record_bytes_;
  TextBuffer buffer_;  // unread remainder (starts at a record boundary) + new bytes
  bool eof_ = false;
  bool started_ = false;
  // Scan state over buffer_[0, scanned_).
  size_t scanned_ = 0;
  bool in_quotes_ = false;
  uint64_t lines_ = 0;   // newlines in buffer_[0, scanned_)
  size_t boundary_ = 0;  // end of the last complete record found (0 = none)
  uint64_t lines_at_boundary_ = 0;
  size_t records_ = 0;
  // Position of buffer_[0] in the file.
  uint64_t start_offset_ = 0;
  uint64_t offset_ = 0;
  uint64_t line_ = 1;
  size_t index_ = 0;
};

}  // namespace tally
