#include "io/pg_copy_text.h"

namespace tally {
namespace {

int OctalDigit(char c) {
  return c >= '0' && c <= '7' ? c - '0' : -1;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool CopyTextDecoder::Decode(std::string_view line) {
  buffer_.clear();
  starts_.assign(1, 0);
  nulls_.clear();
  error_.clear();
  size_t field_begin = 0;  // index into `line` where the current field starts
  auto end_field = [&](size_t end) {
    // `\N` is NULL only as the whole raw field (an escaped "\\N" is the text "\N").
    bool is_null = line.substr(field_begin, end - field_begin) == "\\N";
    if (is_null) buffer_.resize(starts_.back());
    nulls_.push_back(is_null ? 1 : 0);
    starts_.push_back(static_cast<uint32_t>(buffer_.size()));
  };
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c == '\t') {
      end_field(i);
      field_begin = ++i;
      continue;
    }
    if (c != '\\') {
      // Copy the run of plain bytes at once.
      size_t j = i;
      while (j < line.size() && line[j] != '\t' && line[j] != '\\') ++j;
      buffer_.append(line.data() + i, j - i);
      i = j;
      continue;
    }
    if (i + 1 >= line.size()) {
      error_ = "line ends in a lone backslash";
      return false;
    }
    char e = line[i + 1];
    i += 2;
    switch (e) {
      case 'b':
        buffer_.push_back('\b');
        break;
      case 'f':
        buffer_.push_back('\f');
        break;
      case 'n':
        buffer_.push_back('\n');
        break;
      case 'r':
        buffer_.push_back('\r');
        break;
      case 't':
        buffer_.push_back('\t');
        break;
      case 'v':
        buffer_.push_back('\v');
        break;
      case 'x': {
        int value = 0, digits = 0;
        while (digits < 2 && i < line.size() && HexDigit(line[i]) >= 0)
          value = value * 16 + HexDigit(line[i++]), ++digits;
        // "\x" without hex digits is the letter x, as in PostgreSQL.
        buffer_.push_back(digits == 0 ? 'x' : static_cast<char>(value));
        break;
      }
      default:
        if (OctalDigit(e) >= 0) {
          int value = OctalDigit(e), digits = 1;
          while (digits < 3 && i < line.size() && OctalDigit(line[i]) >= 0)
            value = value * 8 + OctalDigit(line[i++]), ++digits;
          buffer_.push_back(static_cast<char>(value & 0xff));
        } else {
          buffer_.push_back(e);  // \\ and any other escaped character stand for themselves
        }
    }
  }
  end_field(line.size());
  return true;
}

}  // namespace tally
