#include "common/number_parse.h"

#include <fast_float/fast_float.h>

#include <cctype>
#include <limits>

#include "common/types.h"

namespace tally {

bool ParseInt64(std::string_view text, int64_t* out) {
  size_t i = 0, n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i == n) return false;
  uint64_t value = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (; i < n; ++i) {
    unsigned d = static_cast<unsigned char>(text[i]) - '0';
    if (d > 9) return false;
    if (value > (limit - d) / 10) return false;
    value = value * 10 + d;
  }
  *out = negative ? static_cast<int64_t>(0 - value) : static_cast<int64_t>(value);
  return true;
}

bool ParseInt32(std::string_view text, int32_t* out) {
  int64_t v;
  if (!ParseInt64(text, &v) || v < std::numeric_limits<int32_t>::min() ||
      v > std::numeric_limits<int32_t>::max())
    return false;
  *out = static_cast<int32_t>(v);
  return true;
}

bool ParseDouble(std::string_view text, double* out) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;  // fast_float rejects a leading '+'
  auto result = fast_float::from_chars(begin, end, *out);
  return result.ec == std::errc() && result.ptr == end && begin != end;
}

bool ParseDecimal(std::string_view text, int precision, int scale, int64_t* out) {
  size_t i = 0, n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  uint64_t value = 0;
  int digits = 0, significant = 0, fraction_digits = 0;
  bool seen_point = false;
  for (; i < n; ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return false;
      seen_point = true;
      continue;
    }
    unsigned d = static_cast<unsigned char>(c) - '0';
    if (d > 9) return false;
    ++digits;
    if (seen_point) {
      if (fraction_digits == scale) {
        if (d != 0) return false;  // would need rounding
        continue;
      }
      ++fraction_digits;
    }
    if (value != 0 || d != 0) ++significant;
    if (significant > 18) return false;
    value = value * 10 + d;
  }
  if (digits == 0) return false;
  for (; fraction_digits < scale; ++fraction_digits) {
    if (value != 0) ++significant;
    value *= 10;
  }
  if (significant > precision) return false;
  *out = negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
  return true;
}

bool ParseBool(std::string_view text, bool* out) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "t" || lower == "1" || lower == "yes") {
    *out = true;
    return true;
  }
  if (lower == "false" || lower == "f" || lower == "0" || lower == "no") {
    *out = false;
    return true;
  }
  return false;
}

std::string FormatDecimal128(__int128 value, int scale) {
  bool negative = value < 0;
  unsigned __int128 magnitude = negative ? static_cast<unsigned __int128>(-(value + 1)) + 1
                                         : static_cast<unsigned __int128>(value);
  // Digits are written backwards into a fixed buffer: 39 digits, a point, a sign.
  char buffer[64];
  char* end = buffer + sizeof(buffer);
  char* p = end;
  int written = 0;
  do {
    if (written == scale && scale > 0) *--p = '.';
    *--p = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
    ++written;
  } while (magnitude != 0 || written <= scale);
  if (negative) *--p = '-';
  return std::string(p, end);
}

std::string FormatMoneyDecimal(int64_t value, int scale) {
  if (scale > 2) {
    int64_t unit = kPowersOfTen[scale - 2];
    int64_t q = value / unit, r = value % unit;
    if (r >= unit - r) ++q;   // r >= unit/2, without overflow
    if (-r >= unit + r) --q;  // r <= -unit/2
    return FormatDecimal(q, 2);
  }
  if (scale == 2) return FormatDecimal(value, scale);
  return FormatDecimal128(static_cast<__int128>(value) * kPowersOfTen[2 - scale], 2);
}

std::string FormatDecimal(int64_t value, int scale) {
  return FormatDecimal128(value, scale);
}

}  // namespace tally
