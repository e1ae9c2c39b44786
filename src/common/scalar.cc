#include "common/scalar.h"

#include "common/datetime.h"
#include "common/error.h"
#include "common/number_parse.h"

namespace tally {

double Scalar::ToDouble() const {
  if (is_null()) return 0.0;
  switch (type_.id) {
    case TypeId::kBool:
      return bool_value() ? 1.0 : 0.0;
    case TypeId::kDouble:
      return double_value();
    case TypeId::kDecimal:
      return static_cast<double>(int_value()) / static_cast<double>(kPowersOfTen[type_.scale]);
    case TypeId::kString:
      throw Error("cannot convert a string to a number");
    default:
      return static_cast<double>(int_value());
  }
}

std::string Scalar::ToString() const {
  if (is_null()) return "NULL";
  switch (type_.id) {
    case TypeId::kBool:
      return bool_value() ? "true" : "false";
    case TypeId::kInt32:
    case TypeId::kInt64:
      return std::to_string(int_value());
    case TypeId::kDouble:
      return fmt::format("{}", double_value());
    case TypeId::kDecimal:
      return FormatDecimal(int_value(), type_.scale);
    case TypeId::kDate:
      return FormatDate(static_cast<int32_t>(int_value()));
    case TypeId::kTimestamp:
      return FormatTimestamp(int_value());
    case TypeId::kString:
      return string_value();
  }
  return "?";
}

Scalar Scalar::Parse(DataType type, std::string_view text) {
  bool ok = false;
  Scalar result = Null(type);
  switch (type.id) {
    case TypeId::kBool: {
      bool v;
      if ((ok = ParseBool(text, &v))) result = Bool(v);
      break;
    }
    case TypeId::kInt32: {
      int32_t v;
      if ((ok = ParseInt32(text, &v))) result = Int32(v);
      break;
    }
    case TypeId::kInt64: {
      int64_t v;
      if ((ok = ParseInt64(text, &v))) result = Int64(v);
      break;
    }
    case TypeId::kDouble: {
      double v;
      if ((ok = ParseDouble(text, &v))) result = Double(v);
      break;
    }
    case TypeId::kDecimal: {
      int64_t v;
      if ((ok = ParseDecimal(text, type.precision, type.scale, &v)))
        result = Decimal(v, type.precision, type.scale);
      break;
    }
    case TypeId::kDate: {
      int32_t v;
      if ((ok = ParseDate(text, &v))) result = Date(v);
      break;
    }
    case TypeId::kTimestamp: {
      int64_t v;
      if ((ok = ParseTimestamp(text, &v))) result = Timestamp(v);
      break;
    }
    case TypeId::kString:
      ok = true;
      result = String(std::string(text));
      break;
  }
  if (!ok) ThrowError("bad {} value \"{}\"", type.ToString(), std::string(text));
  return result;
}

bool Scalar::operator<(const Scalar& other) const {
  if (is_null() || other.is_null()) return is_null() && !other.is_null();
  switch (type_.id) {
    case TypeId::kBool:
      return bool_value() < other.bool_value();
    case TypeId::kDouble:
      return double_value() < other.double_value();
    case TypeId::kString:
      return string_value() < other.string_value();
    default:
      return int_value() < other.int_value();
  }
}

}  // namespace tally
