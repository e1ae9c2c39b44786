#pragma once
// Splits a chunk of CSV text (whole records, see csv_chunker.h) into records and fields per
// RFC 4180: fields may be quoted, a quote inside a quoted field is doubled, quoted fields may
// contain the delimiter and newlines; records end with LF or CRLF. Blank lines are skipped.
// Fields are views into the chunk; nothing is copied.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

struct CsvField {
  uint32_t begin = 0;   // offset of the field's first content byte in the chunk
  uint32_t size = 0;    // content bytes (without the surrounding quotes)
  uint32_t column = 0;  // 1-based byte column of the field start (its opening quote) in the record
  bool quoted = false;
  bool escaped = false;  // contains doubled quotes that must be collapsed
};

struct CsvRecord {
  size_t begin = 0;   // offset of the record in the chunk
  size_t end = 0;     // end of the record text, without the line terminator
  uint64_t line = 0;  // physical lines before the record in the chunk (0 = the chunk's first)
  std::vector<CsvField> fields;
  // Set when the record is malformed; the record then extends to the next newline outside
  // quotes (the same rule the chunker cuts by), so reading can go on after it.
  const char* error = nullptr;
  uint32_t error_column = 0;
};

class CsvTokenizer {
 public:
  // `text` must be readable one byte past its end (std::string's terminator is enough).
  CsvTokenizer(std::string_view text, char delimiter);

  // Reads the next record; false at the end of the text.
  bool Next(CsvRecord* record);

 private:
  void Fail(CsvRecord* record, const char* message, size_t field_start);
  // First position at or after `pos` holding a delimiter, '\n', '\r', '"' or the end.
  size_t SkipPlain(size_t pos) const;

  const char* data_;
  size_t size_;
  char delimiter_;
  size_t pos_ = 0;
  uint64_t line_ = 0;
  bool stop_[256];  // bytes that end an unquoted run: delimiter, '\n', '\r', '"', '\0'
};

// Collapses the doubled quotes of an escaped quoted field into `out`.
std::string_view UnescapeField(std::string_view content, std::string* out);

}  // namespace tally
