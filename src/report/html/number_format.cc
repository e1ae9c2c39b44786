#include "report/html/number_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/number_parse.h"

namespace tally {
namespace {

constexpr const char* kMinus = "\xE2\x88\x92";  // U+2212, the typographic minus sign

// Inserts thousands separators into unsigned digits with an optional fraction: "1234.5" ->
// "1,234.5".
std::string GroupThousands(const std::string& digits) {
  size_t point = digits.find('.');
  size_t int_end = point == std::string::npos ? digits.size() : point;
  std::string out;
  for (size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(int_end);
}

// True when the digits are all zeros ("0.00"), so no sign is shown for a value that rounds to 0.
bool AllZero(const std::string& digits) {
  return digits.find_first_not_of("0.") == std::string::npos;
}

std::string Signed(bool negative, const std::string& prefix, const std::string& digits) {
  return (negative && !AllZero(digits) ? kMinus : "") + prefix + GroupThousands(digits);
}

// Decimals needed to tell ticks `step` apart: 0.2 -> 1, 0.05 -> 2, 50 -> 0.
int DecimalsForStep(double step) {
  if (!(step > 0) || !std::isfinite(step)) return 0;
  int decimals = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return std::clamp(decimals, 0, 12);
}

// Drops trailing zeros of a fraction ("1.50" -> "1.5", "2.0" -> "2").
std::string TrimFraction(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string FormatCount(int64_t value) {
  std::string digits = std::to_string(value);
  bool negative = value < 0;
  if (negative) digits.erase(0, 1);
  return Signed(negative, "", digits);
}

std::string FormatFixed(double value, int decimals) {
  if (!std::isfinite(value)) return "\xE2\x80\x93";
  return Signed(value < 0, "", fmt::format("{:.{}f}", std::fabs(value), decimals));
}

std::string FormatSignificant(double value, int digits) {
  if (!std::isfinite(value)) return "\xE2\x80\x93";
  if (value == 0) return "0";
  digits = std::clamp(digits, 1, 17);
  // The significant digits and the exponent from scientific notation, so that a huge value
  // gets zeros after its digits rather than the binary expansion of a rounded double.
  std::string scientific = fmt::format("{:.{}e}", std::fabs(value), digits - 1);
  size_t e = scientific.find('e');
  int exponent = std::stoi(scientific.substr(e + 1));
  std::string mantissa = scientific.substr(0, e);
  mantissa.erase(std::remove(mantissa.begin(), mantissa.end(), '.'), mantissa.end());
  std::string text;
  if (exponent >= digits - 1) {
    text = mantissa + std::string(static_cast<size_t>(exponent - (digits - 1)), '0');
  } else if (exponent >= 0) {
    text = mantissa.substr(0, static_cast<size_t>(exponent) + 1) + "." +
           mantissa.substr(static_cast<size_t>(exponent) + 1);
  } else {
    text = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + mantissa;
  }
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  if (AllZero(text)) return "0";
  return Signed(value < 0, "", text);
}

std::string FormatGbp(const Scalar& amount) {
  if (amount.is_null()) return "\xE2\x80\x93";
  if (amount.type().id != TypeId::kDecimal) {
    double v = amount.ToDouble();
    if (!std::isfinite(v)) return "\xE2\x80\x93";
    return Signed(v < 0, "£", fmt::format("{:.2f}", std::fabs(v)));
  }
  std::string text = FormatMoneyDecimal(amount.int_value(), amount.type().scale);
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  return Signed(negative, "£", text);
}

std::string FormatPercent(double fraction, int decimals) {
  if (!std::isfinite(fraction)) return "\xE2\x80\x93";
  std::string digits = fmt::format("{:.{}f}", std::fabs(fraction * 100), decimals);
  if (AllZero(digits)) return digits + "%";
  return (fraction < 0 ? kMinus : "+") + GroupThousands(digits) + "%";
}

std::string RawNumber(const Scalar& value) {
  if (value.is_null()) return "";
  switch (value.type().id) {
    case TypeId::kDecimal:
      return TrimFraction(FormatDecimal(value.int_value(), value.type().scale));
    case TypeId::kDouble:
      return RawNumber(value.double_value());
    default:
      return value.ToString();
  }
}

std::string RawNumber(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0) return "0";  // no "-0"
  return fmt::format("{}", value);
}

std::string FormatTick(double value, double step, ValueUnit unit) {
  if (!std::isfinite(value) || !std::isfinite(step)) return "";
  std::string suffix;
  if (unit == ValueUnit::kPercent) {
    value *= 100;
    step *= 100;
    suffix = "%";
  }
  // Ticks are multiples of the step; a value within rounding noise of zero is zero.
  if (std::fabs(value) < std::fabs(step) * 1e-9) value = 0;
  std::string prefix = unit == ValueUnit::kGbp ? "£" : "";
  double magnitude = std::fabs(value);
  std::string digits, letter;
  if (step >= 1e4 && magnitude >= 1e3) {
    // Compact form: each label picks K or M by its own size, with just enough decimals to
    // tell neighbouring ticks apart.
    double divisor = magnitude >= 1e6 ? 1e6 : 1e3;
    letter = magnitude >= 1e6 ? "M" : "K";
    if (magnitude >= 1e9) divisor = 1e9, letter = "B";
    digits =
        TrimFraction(fmt::format("{:.{}f}", magnitude / divisor, DecimalsForStep(step / divisor)));
  } else {
    digits = fmt::format("{:.{}f}", magnitude, DecimalsForStep(step));
  }
  return Signed(value < 0, prefix, digits) + letter + suffix;
}

std::string FormatValue(double value, ValueUnit unit) {
  if (!std::isfinite(value)) return "\xE2\x80\x93";
  switch (unit) {
    case ValueUnit::kCount:
      if (value == std::floor(value) && std::fabs(value) < 9e15)
        return FormatCount(static_cast<int64_t>(value));
      return FormatFixed(value, 2);
    case ValueUnit::kGbp:
      return Signed(value < 0, "£", fmt::format("{:.2f}", std::fabs(value)));
    case ValueUnit::kPercent:
      return FormatPercent(value, 1);
  }
  return "";
}

}  // namespace tally
