#include "common/types.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace tally {

DataType DataType::Decimal(int precision, int scale) {
  if (precision < 1 || precision > 18 || scale < 0 || scale > precision)
    ThrowError("unsupported decimal({},{}): precision must be 1..18 and scale 0..precision",
               precision, scale);
  return {TypeId::kDecimal, static_cast<uint8_t>(precision), static_cast<uint8_t>(scale)};
}

std::string DataType::ToString() const {
  switch (id) {
    case TypeId::kBool:
      return "bool";
    case TypeId::kInt32:
      return "int32";
    case TypeId::kInt64:
      return "int64";
    case TypeId::kDouble:
      return "double";
    case TypeId::kDecimal:
      return fmt::format("decimal({},{})", precision, scale);
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kString:
      return "string";
  }
  return "?";
}

DataType DataType::Parse(std::string_view text) {
  std::string name;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c)))
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (name == "bool" || name == "boolean") return Bool();
  if (name == "int32" || name == "int" || name == "integer" || name == "int4") return Int32();
  if (name == "int64" || name == "bigint" || name == "int8" || name == "long") return Int64();
  if (name == "double" || name == "float64" || name == "float8" || name == "doubleprecision")
    return Double();
  if (name == "date") return Date();
  if (name == "timestamp" || name == "datetime") return Timestamp();
  if (name == "string" || name == "text" || name == "varchar" || name == "utf8") return String();
  if (name.rfind("decimal(", 0) == 0 || name.rfind("numeric(", 0) == 0) {
    int precision = 0, scale = 0;
    if (std::sscanf(name.c_str() + 8, "%d,%d)", &precision, &scale) == 2)
      return Decimal(precision, scale);
  }
  ThrowError("unknown type \"{}\"", std::string(text));
}

size_t DataType::FixedWidth() const {
  switch (id) {
    case TypeId::kBool:
      return 1;
    case TypeId::kInt32:
    case TypeId::kDate:
      return 4;
    case TypeId::kInt64:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kTimestamp:
      return 8;
    case TypeId::kString:
      return 0;
  }
  return 0;
}

int Schema::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name == name) return static_cast<int>(i);
  return -1;
}

std::string Schema::ToString() const {
  std::string out;
  for (const auto& f : fields_) {
    if (!out.empty()) out += ", ";
    out += f.name + " " + f.type.ToString();
  }
  return out;
}

bool Schema::operator==(const Schema& other) const {
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name != other.fields_[i].name || fields_[i].type != other.fields_[i].type)
      return false;
  return true;
}

}  // namespace tally
