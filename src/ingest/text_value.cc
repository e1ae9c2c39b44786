#include "ingest/text_value.h"

#include <cstring>

#include "common/datetime.h"
#include "common/number_parse.h"

namespace tally {
namespace {

bool TwoDigits(std::string_view s, size_t at, int* out) {
  if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
    return false;
  *out = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return true;
}

}  // namespace

bool SplitUtcOffset(std::string_view* text, int64_t* offset_seconds) {
  *offset_seconds = 0;
  std::string_view s = *text;
  // The offset follows the time part, so it starts after the last ':' of HH:MM.
  size_t time = s.find(':');
  if (time == std::string_view::npos) return true;
  size_t sign = s.find_first_of("+-", time);
  if (sign == std::string_view::npos) return true;
  std::string_view zone = s.substr(sign + 1);
  int parts[3] = {0, 0, 0};
  size_t at = 0;
  for (int k = 0; k < 3 && at < zone.size(); ++k) {
    if (k > 0) {
      if (zone[at] != ':') return false;
      ++at;
    }
    if (!TwoDigits(zone, at, &parts[k])) return false;
    at += 2;
  }
  if (at != zone.size() || parts[1] >= 60 || parts[2] >= 60) return false;
  int64_t seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
  *offset_seconds = s[sign] == '-' ? -seconds : seconds;
  *text = s.substr(0, sign);
  return true;
}

bool ParseTextValue(const DataType& type, std::string_view text, uint64_t* out,
                    std::string* reason) {
  switch (type.id) {
    case TypeId::kInt32: {
      int32_t v;
      if (!ParseInt32(text, &v)) break;
      *out = static_cast<uint32_t>(v);
      return true;
    }
    case TypeId::kInt64: {
      int64_t v;
      if (!ParseInt64(text, &v)) break;
      *out = static_cast<uint64_t>(v);
      return true;
    }
    case TypeId::kDecimal: {
      int64_t v;
      if (!ParseDecimal(text, type.precision, type.scale, &v)) {
        *reason = "not a " + type.ToString() + " (malformed, too many digits, or more than " +
                  std::to_string(type.scale) + " fractional digits)";
        return false;
      }
      *out = static_cast<uint64_t>(v);
      return true;
    }
    case TypeId::kDouble: {
      double v;
      if (!ParseDouble(text, &v)) break;
      std::memcpy(out, &v, 8);
      return true;
    }
    case TypeId::kDate: {
      int32_t v;
      if (!ParseDate(text, &v)) break;
      *out = static_cast<uint32_t>(v);
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t offset = 0;
      std::string_view local = text;
      // Dates alone contain '-' but no ':', so SplitUtcOffset leaves them untouched.
      if (!SplitUtcOffset(&local, &offset)) break;
      int64_t v;
      if (!ParseTimestamp(local, &v)) break;
      *out = static_cast<uint64_t>(v - offset * 1000000);
      return true;
    }
    case TypeId::kBool: {
      bool v;
      if (!ParseBool(text, &v)) break;
      *out = v ? 1 : 0;
      return true;
    }
    case TypeId::kString:
      break;
  }
  *reason = "not a " + type.ToString();
  return false;
}

}  // namespace tally
