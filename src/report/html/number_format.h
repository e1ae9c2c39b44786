#pragma once
// Number text for the HTML report: table cells, tooltips and axis tick labels.
// Display text uses thousands separators, "£" for GBP and a true minus sign; the raw text
// that goes into data-value attributes stays machine-readable ("-1234.5").
#include <cstdint>
#include <string>

#include "common/scalar.h"

namespace tally {

// What the numbers of an axis or a column measure.
enum class ValueUnit { kCount, kGbp, kPercent /* values are fractions: 0.25 -> 25% */ };

// "1,234,567".
std::string FormatCount(int64_t value);
// `value` with `decimals` decimals and thousands separators: "−1,234.50". Non-finite -> "–".
std::string FormatFixed(double value, int decimals);
// A measured value for people: `digits` significant digits, thousands separators, no
// exponent, no trailing zeros: 149.972963487965 -> "149.973", 2.1381e13 -> "21,381,000,000,000",
// 0.000123456789 -> "0.000123457". Non-finite -> "–".
std::string FormatSignificant(double value, int digits = 6);
// An exact money value: "£1,234.50", "−£0.001" (decimals beyond two kept only when non-zero).
// NULL -> "–".
std::string FormatGbp(const Scalar& amount);
// A fraction as a signed percentage: 0.0123 -> "+1.2%". Non-finite -> "–".
std::string FormatPercent(double fraction, int decimals = 1);
// The text of a data-value attribute: an exact decimal as its digits ("1234.500" ->
// "1234.5"), a double as the shortest text that reads back to it, NULL as "".
std::string RawNumber(const Scalar& value);
std::string RawNumber(double value);
// A tick label of an axis with the given step between ticks: thousands separators, "£" for
// GBP, "%" for fractions, and compact "350K"/"1.2M" once the ticks reach 100,000.
std::string FormatTick(double value, double step, ValueUnit unit);
// Exact display of a double in a unit for tooltips and tables: counts as integers when whole,
// GBP with two decimals, percentages with one.
std::string FormatValue(double value, ValueUnit unit);

}  // namespace tally
