#pragma once
// Exact text-to-number conversions used by every reader. Decimals never pass through binary
// floating point: "0.1" with scale 3 is the integer 100.
#include <cstdint>
#include <string>
#include <string_view>

namespace tally {

// Optional sign then 1+ digits. False on anything else or on overflow.
bool ParseInt64(std::string_view text, int64_t* out);
bool ParseInt32(std::string_view text, int32_t* out);
// Doubles as fast_float reads them (also "inf", "nan"); the whole text must be consumed.
bool ParseDouble(std::string_view text, double* out);
// Optional sign, digits, optional '.' and digits (at least one digit overall), optional
// exponent is not accepted. The result is value * 10^scale. Extra fractional digits beyond
// `scale` are accepted only when they are zeros (no silent rounding). False when the value
// needs more than `precision` digits.
bool ParseDecimal(std::string_view text, int precision, int scale, int64_t* out);
// "true"/"false"/"t"/"f"/"1"/"0"/"yes"/"no", case-insensitive.
bool ParseBool(std::string_view text, bool* out);

// Formats value / 10^scale with exactly `scale` fractional digits, e.g. (1250, 3) -> "1.250".
std::string FormatDecimal(int64_t value, int scale);
// Same for a 128-bit value (sums of decimals).
std::string FormatDecimal128(__int128 value, int scale);
// A money amount as a person reads it: exactly two decimals, rounded half away from zero
// (493207.121 -> "493207.12", 0.005 -> "0.01", 15 at scale 0 -> "15.00"). Exact values are for
// JSON, CSV and Parquet.
std::string FormatMoneyDecimal(int64_t value, int scale);

}  // namespace tally
