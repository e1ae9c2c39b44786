#include "common/datetime.h"

#include <date/date.h>
#include <fmt/format.h>

namespace tally {
namespace {

// Reads exactly `width` ASCII digits at text[pos]; false if any is not a digit.
bool ReadDigits(std::string_view text, size_t pos, size_t width, unsigned* value) {
  if (pos + width > text.size()) return false;
  unsigned v = 0;
  for (size_t i = 0; i < width; ++i) {
    unsigned d = static_cast<unsigned char>(text[pos + i]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  *value = v;
  return true;
}

}  // namespace

int32_t DaysFromCivil(int year, unsigned month, unsigned day) {
  auto ymd = date::year{year} / date::month{month} / date::day{day};
  return static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

void CivilFromDays(int32_t days, int* year, unsigned* month, unsigned* day) {
  date::year_month_day ymd{date::sys_days{date::days{days}}};
  *year = static_cast<int>(ymd.year());
  *month = static_cast<unsigned>(ymd.month());
  *day = static_cast<unsigned>(ymd.day());
}

bool ParseDate(std::string_view text, int32_t* days) {
  unsigned y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!ReadDigits(text, 0, 4, &y) || !ReadDigits(text, 5, 2, &m) || !ReadDigits(text, 8, 2, &d))
    return false;
  auto ymd = date::year{static_cast<int>(y)} / date::month{m} / date::day{d};
  if (!ymd.ok()) return false;
  *days = static_cast<int32_t>(date::sys_days{ymd}.time_since_epoch().count());
  return true;
}

bool ParseTimestamp(std::string_view text, int64_t* micros) {
  int32_t days;
  if (text.size() < 10 || !ParseDate(text.substr(0, 10), &days)) return false;
  int64_t result = days * kMicrosPerDay;
  if (text.size() == 10) {
    *micros = result;
    return true;
  }
  unsigned hh, mm, ss = 0;
  if (text.size() < 16 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':') return false;
  if (!ReadDigits(text, 11, 2, &hh) || !ReadDigits(text, 14, 2, &mm) || hh > 23 || mm > 59)
    return false;
  size_t pos = 16;
  int64_t fraction = 0;
  if (pos < text.size()) {
    if (text[pos] != ':' || !ReadDigits(text, pos + 1, 2, &ss) || ss > 59) return false;
    pos += 3;
    if (pos < text.size()) {
      if (text[pos] != '.' || pos + 1 == text.size() || text.size() - pos - 1 > 6) return false;
      unsigned digits = static_cast<unsigned>(text.size() - pos - 1), value;
      if (!ReadDigits(text, pos + 1, digits, &value)) return false;
      fraction = value;
      for (unsigned i = digits; i < 6; ++i) fraction *= 10;
    }
  }
  *micros = result + (hh * 3600LL + mm * 60LL + ss) * kMicrosPerSecond + fraction;
  return true;
}

bool ParseTimestampUtc(std::string_view text, int64_t* micros) {
  if (text.size() <= 16) return ParseTimestamp(text, micros);  // no room for a time and zone
  int64_t offset_seconds = 0;
  if (text.back() == 'Z') {
    text.remove_suffix(1);
  } else {
    // The offset starts at the last sign after the time (HH:MM begins at 11).
    size_t sign = text.find_last_of("+-");
    if (sign != std::string_view::npos && sign >= 16) {
      std::string_view zone = text.substr(sign + 1);
      unsigned parts[3] = {0, 0, 0};
      size_t at = 0;
      for (int k = 0; k < 3 && at < zone.size(); ++k) {
        if (k > 0 && zone[at] == ':') ++at;
        if (!ReadDigits(zone, at, 2, &parts[k])) return false;
        at += 2;
      }
      if (at != zone.size() || parts[0] > 15 || parts[1] >= 60 || parts[2] >= 60) return false;
      int64_t seconds = parts[0] * 3600 + parts[1] * 60 + parts[2];
      offset_seconds = text[sign] == '-' ? -seconds : seconds;
      text = text.substr(0, sign);
    }
  }
  int64_t local;
  if (!ParseTimestamp(text, &local)) return false;
  *micros = local - offset_seconds * kMicrosPerSecond;
  return true;
}

std::string FormatDate(int32_t days) {
  int y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

std::string FormatTimestamp(int64_t micros) {
  int32_t days = TimestampToDays(micros);
  int64_t in_day = micros - days * kMicrosPerDay;
  int64_t seconds = in_day / kMicrosPerSecond, fraction = in_day % kMicrosPerSecond;
  std::string out = fmt::format("{} {:02d}:{:02d}:{:02d}", FormatDate(days), seconds / 3600,
                                seconds / 60 % 60, seconds % 60);
  if (fraction != 0) {
    // As PostgreSQL writes them: no trailing zeros (".25", not ".250000").
    std::string digits = fmt::format("{:06d}", fraction);
    digits.erase(digits.find_last_not_of('0') + 1);
    out += "." + digits;
  }
  return out;
}

}  // namespace tally
