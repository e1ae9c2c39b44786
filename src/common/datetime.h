#pragma once
// Calendar dates and timestamps: days / microseconds since 1970-01-01, parsed and formatted
// exactly (no time zones; the retail data is local shop time). Calendar arithmetic is Howard
// Hinnant's date library.
#include <cstdint>
#include <string>
#include <string_view>

namespace tally {

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerDay = 86400LL * kMicrosPerSecond;

// The supported range is the one the text formats can write and read back: years 0000 to 9999.
inline constexpr int64_t kMinDate = -719528;  // 0000-01-01
inline constexpr int64_t kMaxDate = 2932896;  // 9999-12-31
inline constexpr int64_t kMinTimestamp = kMinDate * kMicrosPerDay;
inline constexpr int64_t kMaxTimestamp = (kMaxDate + 1) * kMicrosPerDay - 1;
inline bool IsSupportedDate(int64_t days) {
  return days >= kMinDate && days <= kMaxDate;
}
inline bool IsSupportedTimestamp(int64_t micros) {
  return micros >= kMinTimestamp && micros <= kMaxTimestamp;
}

int32_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(int32_t days, int* year, unsigned* month, unsigned* day);

// Floor division of a timestamp to its day (correct for times before 1970 too).
inline int32_t TimestampToDays(int64_t micros) {
  int64_t days = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) --days;
  return static_cast<int32_t>(days);
}

// "YYYY-MM-DD". Returns false on any malformed or impossible date (2011-02-30).
bool ParseDate(std::string_view text, int32_t* days);
// "YYYY-MM-DD HH:MM[:SS[.ffffff]]" (a 'T' separator is accepted too; a bare date means
// midnight). Returns false on malformed input or out-of-range fields.
bool ParseTimestamp(std::string_view text, int64_t* micros);
// ParseTimestamp's forms, optionally followed by a UTC offset as ISO 8601 and PostgreSQL write
// it ("Z", "+01", "+01:00", "+0100", "-05:30", also with seconds), converted to UTC:
// "2011-01-02T03:04:05+01:00" is 2011-01-02 02:04:05. Dates alone take no offset.
bool ParseTimestampUtc(std::string_view text, int64_t* micros);

std::string FormatDate(int32_t days);
// "YYYY-MM-DD HH:MM:SS", with the fractional seconds (".25", without trailing zeros) when
// there are any.
std::string FormatTimestamp(int64_t micros);

}  // namespace tally
