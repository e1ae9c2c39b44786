#include "io/csv/csv_chunker.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"

namespace tally {

CsvChunker::CsvChunker(std::unique_ptr<InputStream> input, size_t chunk_bytes, size_t max_records,
                       size_t max_record_bytes)
    : input_(std::move(input)),
      chunk_bytes_(std::max<size_t>(chunk_bytes, 1)),
      max_records_(std::max<size_t>(max_records, 1)),
      max_record_bytes_(std::max<size_t>(max_record_bytes, 1)) {}

void CsvChunker::StartAt(uint64_t byte_offset, uint64_t first_line) {
  TALLY_ASSERT(!started_ && buffer_.empty());
  started_ = true;  // a byte order mark belongs only at the start of the file
  start_offset_ = offset_ = byte_offset;
  line_ = first_line;
}

void CsvChunker::Fill() {
  // Top the buffer up to chunk_bytes; only a record longer than that grows it further. At the
  // start read at least 3 bytes so that the byte order mark can be recognized.
  size_t want = buffer_.size() < chunk_bytes_ ? chunk_bytes_ - buffer_.size() : chunk_bytes_;
  if (!started_) want = std::max<size_t>(want, 3);
  size_t old_size = buffer_.size();
  buffer_.Reserve(old_size + want);
  size_t filled = 0;
  while (filled < want) {
    size_t n = input_->Read(buffer_.data() + old_size + filled, want - filled);
    if (n == 0) {
      eof_ = true;
      break;
    }
    filled += n;
  }
  buffer_.SetSize(old_size + filled);
  if (!started_) {
    started_ = true;
    if (buffer_.size() >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) {
      std::memmove(buffer_.data(), buffer_.data() + 3, buffer_.size() - 3);
      buffer_.SetSize(buffer_.size() - 3);
      offset_ += 3;
    }
  }
}

void CsvChunker::ScanForBoundaries() {
  const char* data = buffer_.data();
  const size_t size = buffer_.size();
  size_t pos = scanned_;
  // Position of the next '\n' at or after pos (size when none), found once per line even
  // when the line has many quoted fields.
  size_t next_newline = 0;
  bool have_newline = false;
  while (pos < size && records_ < max_records_) {
    if (in_quotes_) {
      const void* quote = std::memchr(data + pos, '"', size - pos);
      size_t stop = quote ? static_cast<size_t>(static_cast<const char*>(quote) - data) : size;
      lines_ += static_cast<uint64_t>(std::count(data + pos, data + stop, '\n'));
      if (!quote) {
        pos = size;
        break;
      }
      in_quotes_ = false;
      pos = stop + 1;
      continue;
    }
    if (!have_newline || next_newline < pos) {
      const void* newline = std::memchr(data + pos, '\n', size - pos);
      next_newline = newline ? static_cast<size_t>(static_cast<const char*>(newline) - data) : size;
      have_newline = true;
    }
    const void* quote = std::memchr(data + pos, '"', next_newline - pos);
    if (quote) {
      in_quotes_ = true;
      pos = static_cast<size_t>(static_cast<const char*>(quote) - data) + 1;
      continue;
    }
    if (next_newline == size) {
      pos = size;
      break;
    }
    pos = next_newline + 1;
    ++lines_;
    ++records_;
    boundary_ = pos;
    lines_at_boundary_ = lines_;
  }
  scanned_ = pos;
}

void CsvChunker::Emit(size_t size, uint64_t lines, size_t records, CsvChunk* chunk) {
  chunk->first_line = line_;
  chunk->records = records;
  chunk->byte_offset = offset_;
  chunk->raw_bytes_read = input_->raw_bytes_read();
  chunk->index = index_++;
  // Hand the buffer itself to the chunk and keep only the (small) remainder.
  chunk->data = std::move(buffer_);
  {
    std::lock_guard<std::mutex> lock(free_mutex_);
    if (free_buffers_.empty()) {
      buffer_ = TextBuffer();
    } else {
      buffer_ = std::move(free_buffers_.back());
      free_buffers_.pop_back();
    }
  }
  buffer_.SetSize(0);
  buffer_.Reserve(std::max(chunk_bytes_, chunk->data.size() - size));
  buffer_.Append(chunk->data.data() + size, chunk->data.size() - size);
  chunk->data.SetSize(size);
  offset_ += size;
  line_ += lines;
  scanned_ -= std::min(scanned_, size);
  lines_ -= lines;
  boundary_ = 0;
  lines_at_boundary_ = 0;
  records_ = 0;
}

void CsvChunker::Recycle(TextBuffer&& buffer) {
  std::lock_guard<std::mutex> lock(free_mutex_);
  if (free_buffers_.size() < 16) free_buffers_.push_back(std::move(buffer));
}

bool CsvChunker::Next(CsvChunk* chunk) {
  for (;;) {
    ScanForBoundaries();
    bool full = buffer_.size() >= chunk_bytes_ || records_ >= max_records_;
    if (boundary_ > 0 && (full || eof_)) {
      Emit(boundary_, lines_at_boundary_, records_, chunk);
      return true;
    }
    if (eof_) {
      if (buffer_.empty()) return false;
      // The rest has no final newline (or ends inside quotes: the parser reports that).
      Emit(buffer_.size(), lines_, records_ + 1, chunk);
      in_quotes_ = false;
      return true;
    }
    // No record has ended in the buffer: it holds one record in progress.
    if (boundary_ == 0 && buffer_.size() >= max_record_bytes_)
      throw Error(SourceLocation{name(), line_, 1},
                  fmt::format("a record longer than {} bytes (no end of line{}; raise "
                              "--max-record-size to read longer records)",
                              max_record_bytes_, in_quotes_ ? " after an opening quote" : ""));
    Fill();
  }
}

}  // namespace tally
