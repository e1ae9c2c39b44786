#pragma once
// One typed value: literals in expressions, min/max statistics, aggregate results.
// The payload uses the physical representation of the type (see common/types.h): decimals are
// unscaled int64, dates are days (stored as int64 here), timestamps microseconds.
#include <cstdint>
#include <string>
#include <variant>

#include "common/types.h"

namespace tally {

class Scalar {
 public:
  Scalar() = default;  // a NULL of type int64
  static Scalar Null(DataType type) { return Scalar(type, std::monostate{}); }
  static Scalar Bool(bool v) { return Scalar(DataType::Bool(), v); }
  static Scalar Int32(int32_t v) { return Scalar(DataType::Int32(), int64_t{v}); }
  static Scalar Int64(int64_t v) { return Scalar(DataType::Int64(), v); }
  static Scalar Double(double v) { return Scalar(DataType::Double(), v); }
  static Scalar Decimal(int64_t unscaled, int precision, int scale) {
    return Scalar(DataType::Decimal(precision, scale), unscaled);
  }
  static Scalar Date(int32_t days) { return Scalar(DataType::Date(), int64_t{days}); }
  static Scalar Timestamp(int64_t micros) { return Scalar(DataType::Timestamp(), micros); }
  static Scalar String(std::string v) { return Scalar(DataType::String(), std::move(v)); }

  const DataType& type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  bool bool_value() const { return std::get<bool>(value_); }
  // int32, int64, decimal (unscaled), date, timestamp.
  int64_t int_value() const { return std::get<int64_t>(value_); }
  double double_value() const { return std::get<double>(value_); }
  const std::string& string_value() const { return std::get<std::string>(value_); }
  // Any numeric type as a double (decimals scaled down); for display and ratios only.
  double ToDouble() const;

  // Exact text: "2.550", "2010-12-01", "2010-12-01 08:26:00", "NULL".
  std::string ToString() const;
  // Parses `text` as a value of `type` (the same formats the CSV reader accepts); throws Error.
  static Scalar Parse(DataType type, std::string_view text);

  bool operator==(const Scalar& other) const {
    return type_ == other.type_ && value_ == other.value_;
  }
  // Orders values of the same type; NULL sorts first.
  bool operator<(const Scalar& other) const;

 private:
  using Value = std::variant<std::monostate, bool, int64_t, double, std::string>;
  Scalar(DataType type, Value value) : type_(type), value_(std::move(value)) {}

  DataType type_ = DataType::Int64();
  Value value_;
};

}  // namespace tally
