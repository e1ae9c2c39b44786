#include "io/utf8.h"

#include <cstdint>
#include <cstring>

namespace tally {
namespace {

// The offset of the first invalid sequence in s[0..n), or n when it is all valid.
size_t FirstInvalid(const unsigned char* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length;
    uint32_t min, code;
    if ((c & 0xE0) == 0xC0) {
      length = 2, min = 0x80, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, min = 0x800, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, code = c & 0x07;
    } else {
      return i;
    }
    if (i + length > n) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      code = (code << 6) | (s[i + k] & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return n;
}

bool IsValidMultibyte(const unsigned char* s, size_t n) {
  return FirstInvalid(s, n) == n;
}

}  // namespace

std::string DescribeInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t at = FirstInvalid(s, text.size());
  std::string hex;
  for (size_t i = at; i < text.size() && i < at + 8; ++i) {
    static const char kDigits[] = "0123456789abcdef";
    if (!hex.empty()) hex += ' ';
    hex += kDigits[s[i] >> 4];
    hex += kDigits[s[i] & 15];
  }
  return hex + " at byte " + std::to_string(at + 1);
}

size_t FirstInvalidUtf8(std::string_view text) {
  return FirstInvalid(reinterpret_cast<const unsigned char*>(text.data()), text.size());
}

std::string EscapeInvalidUtf8(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    size_t valid = FirstInvalid(s, text.size());
    out.append(text.substr(0, valid));
    if (valid == text.size()) break;
    static const char kDigits[] = "0123456789abcdef";
    out += "\\x";
    out += kDigits[s[valid] >> 4];
    out += kDigits[s[valid] & 15];
    text.remove_prefix(valid + 1);
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  // Fast path: most fields are ASCII; test eight bytes at a time for a high bit.
  const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, s + i, 8);
    if (word & 0x8080808080808080ULL) return IsValidMultibyte(s + i, n - i);
  }
  for (; i < n; ++i)
    if (s[i] & 0x80) return IsValidMultibyte(s + i, n - i);
  return true;
}

}  // namespace tally
