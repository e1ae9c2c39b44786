#pragma once
// Logical data types of tally columns and their physical (in-memory) representation.
//
//   type        physical     meaning
//   bool        uint8_t      0 or 1 (one byte per value: simple, vectorizes well)
//   int32       int32_t
//   int64       int64_t
//   double      double
//   decimal     int64_t      value * 10^scale, precision <= 18 (exact money)
//   date        int32_t      days since 1970-01-01
//   timestamp   int64_t      microseconds since 1970-01-01 00:00:00 (no time zone)
//   string      offsets+chars, or dictionary indices (int32_t) into a string column
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

enum class TypeId : uint8_t {
  kBool,
  kInt32,
  kInt64,
  kDouble,
  kDecimal,
  kDate,
  kTimestamp,
  kString
};

struct DataType {
  TypeId id = TypeId::kInt64;
  uint8_t precision = 0;  // decimal only
  uint8_t scale = 0;      // decimal only

  static DataType Bool() { return {TypeId::kBool}; }
  static DataType Int32() { return {TypeId::kInt32}; }
  static DataType Int64() { return {TypeId::kInt64}; }
  static DataType Double() { return {TypeId::kDouble}; }
  static DataType Decimal(int precision, int scale);
  static DataType Date() { return {TypeId::kDate}; }
  static DataType Timestamp() { return {TypeId::kTimestamp}; }
  static DataType String() { return {TypeId::kString}; }

  // "bool", "int32", "int64", "double", "decimal(18,3)", "date", "timestamp", "string".
  std::string ToString() const;
  // Parses the names above (and common aliases such as "integer", "bigint", "varchar");
  // throws tally::Error on an unknown name.
  static DataType Parse(std::string_view text);

  // Bytes per value of the physical representation; 0 for strings.
  size_t FixedWidth() const;
  bool IsFixedWidth() const { return id != TypeId::kString; }
  bool IsNumeric() const {
    return id == TypeId::kInt32 || id == TypeId::kInt64 || id == TypeId::kDouble ||
           id == TypeId::kDecimal;
  }

  bool operator==(const DataType& other) const {
    return id == other.id &&
           (id != TypeId::kDecimal || (precision == other.precision && scale == other.scale));
  }
  bool operator!=(const DataType& other) const { return !(*this == other); }
};

struct Field {
  std::string name;
  DataType type;
  bool nullable = true;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  const Field& field(size_t i) const { return fields_[i]; }
  void Add(Field field) { fields_.push_back(std::move(field)); }
  // Index of the field with this name, or -1.
  int IndexOf(std::string_view name) const;
  std::string ToString() const;

  bool operator==(const Schema& other) const;

 private:
  std::vector<Field> fields_;
};

// Powers of ten for decimal scaling, 10^0 .. 10^18.
inline constexpr int64_t kPowersOfTen[19] = {1LL,
                                             10LL,
                                             100LL,
                                             1000LL,
                                             10000LL,
                                             100000LL,
                                             1000000LL,
                                             10000000LL,
                                             100000000LL,
                                             1000000000LL,
                                             10000000000LL,
                                             100000000000LL,
                                             1000000000000LL,
                                             10000000000000LL,
                                             100000000000000LL,
                                             1000000000000000LL,
                                             10000000000000000LL,
                                             100000000000000000LL,
                                             1000000000000000000LL};

}  // namespace tally
