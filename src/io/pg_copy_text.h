#pragma once
// PostgreSQL COPY text format (the format of `COPY ... TO STDOUT` and of the data blocks in
// plain pg_dump output): one row per line, fields separated by a tab, `\N` for NULL, and
// backslash escapes for the characters that would otherwise break the layout.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

// Splits one line (without its newline) into fields, decoding the escapes:
//   \b \f \n \r \t \v   the control characters
//   \\                  a backslash
//   \ddd                1-3 octal digits: that byte
//   \xhh                1-2 hex digits: that byte
//   \ + any other char  that char
// A field that is exactly `\N` is NULL. The decoded fields stay valid until the next Decode.
class CopyTextDecoder {
 public:
  // False when the line ends in a lone backslash (the only malformed escape); error() says why.
  bool Decode(std::string_view line);
  size_t size() const { return nulls_.size(); }
  bool IsNull(size_t i) const { return nulls_[i] != 0; }
  std::string_view field(size_t i) const {
    return std::string_view(buffer_).substr(starts_[i], starts_[i + 1] - starts_[i]);
  }
  const std::string& error() const { return error_; }

 private:
  std::string buffer_;            // decoded fields, back to back
  std::vector<uint32_t> starts_;  // field i is buffer_[starts_[i], starts_[i+1])
  std::vector<uint8_t> nulls_;
  std::string error_;
};

}  // namespace tally
