#include "ingest/text_value.h"

#include <cstring>

#include "common/datetime.h"
#include "common/number_parse.h"

namespace tally {

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
      int64_t v;
      if (!ParseTimestampUtc(text, &v)) break;
      *out = static_cast<uint64_t>(v);
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
