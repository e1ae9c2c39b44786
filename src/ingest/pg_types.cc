#include "ingest/pg_types.h"

#include <algorithm>

#include "common/error.h"

namespace tally {
namespace {

DataType Numeric(const std::vector<int>& typmods, const std::string& column) {
  if (typmods.empty()) return DataType::Decimal(18, kUnconstrainedNumericScale);
  int precision = typmods[0];
  int scale = typmods.size() > 1 ? typmods[1] : 0;
  if (scale < 0 || scale > 18 || scale > precision)
    ThrowError("column {}: numeric({},{}) has a scale tally cannot store (0 to 18 digits)", column,
               precision, scale);
  return DataType::Decimal(std::min(precision, 18), scale);
}

}  // namespace

DataType PgTypeNameToDataType(std::string_view name, const std::vector<int>& typmods,
                              const std::string& column) {
  if (name == "text" || name == "varchar" || name == "bpchar" || name == "char" || name == "name" ||
      name == "character varying" || name == "character")
    return DataType::String();
  if (name == "int2" || name == "int4" || name == "smallint" || name == "integer" || name == "int")
    return DataType::Int32();
  if (name == "int8" || name == "bigint") return DataType::Int64();
  if (name == "numeric" || name == "decimal") return Numeric(typmods, column);
  if (name == "float4" || name == "float8" || name == "real" || name == "double precision")
    return DataType::Double();
  if (name == "timestamp" || name == "timestamptz") return DataType::Timestamp();
  if (name == "date") return DataType::Date();
  if (name == "bool" || name == "boolean") return DataType::Bool();
  ThrowError(
      "column {}: PostgreSQL type {} is not supported (text, varchar, char, smallint, "
      "integer, bigint, numeric, real, double precision, timestamp[tz], date, boolean are)",
      column, name);
}

DataType PgOidToDataType(unsigned oid, int typmod, const std::string& column) {
  switch (oid) {
    case 16:
      return DataType::Bool();
    case 20:
      return DataType::Int64();
    case 21:
    case 23:
      return DataType::Int32();
    case 19:    // name
    case 25:    // text
    case 1042:  // bpchar
    case 1043:  // varchar
      return DataType::String();
    case 700:
    case 701:
      return DataType::Double();
    case 1082:
      return DataType::Date();
    case 1114:
    case 1184:
      return DataType::Timestamp();
    case 1700: {
      // numeric's typmod is ((precision << 16) | scale) + 4, or -1 without one.
      if (typmod < 4) return Numeric({}, column);
      int packed = typmod - 4;
      return Numeric({(packed >> 16) & 0xffff, packed & 0xffff}, column);
    }
    default:
      ThrowError(
          "column {}: PostgreSQL type OID {} is not supported (text, varchar, char, smallint, "
          "integer, bigint, numeric, real, double precision, timestamp[tz], date, boolean are)",
          column, oid);
  }
}

}  // namespace tally
