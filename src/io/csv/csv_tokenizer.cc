#include "io/csv/csv_tokenizer.h"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace tally {

CsvTokenizer::CsvTokenizer(std::string_view text, char delimiter)
    : data_(text.data()), size_(text.size()), delimiter_(delimiter) {
  std::memset(stop_, 0, sizeof(stop_));
  for (unsigned char c : {static_cast<unsigned char>(delimiter), static_cast<unsigned char>('\n'),
                          static_cast<unsigned char>('\r'), static_cast<unsigned char>('"'),
                          static_cast<unsigned char>('\0')})
    stop_[c] = true;
}

void CsvTokenizer::Fail(CsvRecord* record, const char* message, size_t field_start) {
  record->error = message;
  record->error_column = static_cast<uint32_t>(field_start - record->begin + 1);
  // Find the record's end by quote parity, counting its lines, and resume after it.
  bool in_quotes = false;
  size_t pos = record->begin;
  uint64_t lines = 0;
  for (; pos < size_; ++pos) {
    char c = data_[pos];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == '\n') {
      if (!in_quotes) break;
      ++lines;
    }
  }
  record->end = pos;
  if (pos < size_ && pos > record->begin && data_[pos - 1] == '\r') record->end = pos - 1;
  if (pos < size_) ++lines;
  line_ = record->line + lines;
  pos_ = pos < size_ ? pos + 1 : size_;
}

size_t CsvTokenizer::SkipPlain(size_t pos) const {
#ifdef __SSE2__
  // Sixteen bytes at a time while they are all inside the text.
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i carriage = _mm_set1_epi8('\r');
  while (pos + 16 <= size_) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data_ + pos));
    __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, delimiter), _mm_cmpeq_epi8(block, newline)),
                     _mm_or_si128(_mm_cmpeq_epi8(block, quote), _mm_cmpeq_epi8(block, carriage)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return pos + static_cast<size_t>(__builtin_ctz(mask));
    pos += 16;
  }
#endif
  while (!stop_[static_cast<unsigned char>(data_[pos])]) ++pos;
  return pos;
}

bool CsvTokenizer::Next(CsvRecord* record) {
  // Skip blank lines ("\n" or "\r\n").
  for (;;) {
    if (pos_ >= size_) return false;
    char c = data_[pos_];
    if (c == '\n') {
      ++pos_;
      ++line_;
    } else if (c == '\r' && (pos_ + 1 == size_ || data_[pos_ + 1] == '\n')) {
      pos_ += pos_ + 1 == size_ ? 1 : 2;
      ++line_;
    } else {
      break;
    }
  }
  record->begin = pos_;
  record->line = line_;
  record->fields.clear();
  record->error = nullptr;
  uint64_t extra_lines = 0;  // newlines inside quoted fields
  size_t pos = pos_;
  for (;;) {
    CsvField field;
    const size_t start = pos;
    field.column = static_cast<uint32_t>(start - record->begin + 1);
    if (data_[pos] == '"' && pos < size_) {
      field.quoted = true;
      size_t scan = pos + 1;
      for (;;) {
        const void* found = std::memchr(data_ + scan, '"', size_ - scan);
        if (!found) {
          Fail(record, "unterminated quoted field", start);
          return true;
        }
        size_t quote = static_cast<size_t>(static_cast<const char*>(found) - data_);
        extra_lines += static_cast<uint64_t>(std::count(data_ + scan, data_ + quote, '\n'));
        if (quote + 1 < size_ && data_[quote + 1] == '"') {
          field.escaped = true;
          scan = quote + 2;
          continue;
        }
        field.begin = static_cast<uint32_t>(pos + 1);
        field.size = static_cast<uint32_t>(quote - pos - 1);
        pos = quote + 1;
        break;
      }
      // After the closing quote: a delimiter, the end of the record or the end of the text.
      if (pos < size_ && data_[pos] != delimiter_ && data_[pos] != '\n' &&
          !(data_[pos] == '\r' && (pos + 1 == size_ || data_[pos + 1] == '\n'))) {
        Fail(record, "unexpected character after a closing quote", start);
        return true;
      }
    } else {
      for (;;) {
        pos = SkipPlain(pos);
        char c = data_[pos];
        if (pos >= size_ || c == delimiter_ || c == '\n') break;
        if (c == '"') {
          Fail(record, "quote inside an unquoted field", start);
          return true;
        }
        if (c == '\r' && (pos + 1 == size_ || data_[pos + 1] == '\n')) break;
        ++pos;  // a '\r' or NUL byte inside the field
      }
      field.begin = static_cast<uint32_t>(start);
      field.size = static_cast<uint32_t>(pos - start);
    }
    record->fields.push_back(field);
    if (pos < size_ && data_[pos] == delimiter_) {
      ++pos;
      continue;
    }
    // End of record: '\n', "\r\n", a final '\r' or the end of the text.
    record->end = pos;
    if (pos < size_ && data_[pos] == '\r') ++pos;
    if (pos < size_) {
      ++pos;  // '\n'
      ++extra_lines;
    }
    pos_ = pos;
    line_ = record->line + extra_lines;
    return true;
  }
}

std::string_view UnescapeField(std::string_view content, std::string* out) {
  out->clear();
  for (size_t i = 0; i < content.size(); ++i) {
    out->push_back(content[i]);
    if (content[i] == '"') ++i;  // skip the second quote of a pair
  }
  return *out;
}

}  // namespace tally
