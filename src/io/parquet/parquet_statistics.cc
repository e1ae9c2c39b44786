#include "io/parquet/parquet_statistics.h"

#include <cstdint>

namespace tally {
namespace {

// The length of the longest prefix of `value` of at most `limit` bytes that ends at a UTF-8
// character boundary.
size_t PrefixLength(std::string_view value, size_t limit) {
  if (value.size() <= limit) return value.size();
  size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
  return n;
}

// UTF-8 encoding of a code point (valid, not a surrogate).
std::string EncodeUtf8(uint32_t code) {
  std::string out;
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
  return out;
}

}  // namespace

std::string StatisticsMinBound(std::string_view value) {
  return std::string(value.substr(0, PrefixLength(value, kStatisticsStringBytes)));
}

std::optional<std::string> StatisticsMaxBound(std::string_view value) {
  if (value.size() <= kStatisticsStringBytes) return std::string(value);
  // Increment the last character that can be incremented and drop what follows it: every
  // string starting with the prefix sorts before the result (byte order is code point order).
  std::string_view prefix = value.substr(0, PrefixLength(value, kStatisticsStringBytes));
  while (!prefix.empty()) {
    size_t start = prefix.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(prefix[start]) & 0xC0) == 0x80) --start;
    auto lead = static_cast<unsigned char>(prefix[start]);
    uint32_t code = lead < 0x80   ? lead
                    : lead < 0xE0 ? lead & 0x1F
                    : lead < 0xF0 ? lead & 0x0F
                                  : lead & 0x07;
    for (size_t i = start + 1; i < prefix.size(); ++i)
      code = (code << 6) | (static_cast<unsigned char>(prefix[i]) & 0x3F);
    uint32_t next = code == 0xD7FF ? 0xE000 : code + 1;
    std::string bound = std::string(prefix.substr(0, start));
    // U+007F, U+07FF and U+FFFF grow by a byte when incremented: then carry to the character
    // before, so the bound stays within the limit.
    if (next <= 0x10FFFF && bound.size() + EncodeUtf8(next).size() <= kStatisticsStringBytes)
      return bound + EncodeUtf8(next);
    prefix = prefix.substr(0, start);
  }
  return std::nullopt;
}

}  // namespace tally
