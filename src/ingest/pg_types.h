#pragma once
// PostgreSQL column types -> tally types, for pg_dump schemas and live servers alike.
//
//   text, varchar(n), char(n), name          string
//   smallint, integer                        int32
//   bigint                                   int64
//   numeric(p,s), p <= 18                    decimal(p,s)
//   numeric(p,s), p > 18                     decimal(18,s): values that need more than 18
//                                            digits are rejected with a clear error
//   numeric (no precision)                   decimal(18,6): same rule, and values with more
//                                            than 6 fractional digits are rejected (never
//                                            silently rounded)
//   real, double precision                   double
//   timestamp [without time zone]            timestamp
//   timestamp with time zone                 timestamp in UTC
//   date                                     date
//   boolean                                  bool
// Anything else is an error naming the column and its type.
#include <string>
#include <string_view>
#include <vector>

#include "common/types.h"

namespace tally {

// `name` is the type's last name part as PostgreSQL's parser normalizes it ("int4",
// "varchar", "timestamptz", "numeric", ...); typmods are its written modifiers, e.g. {18, 3}.
DataType PgTypeNameToDataType(std::string_view name, const std::vector<int>& typmods,
                              const std::string& column);

// A result column described by a server: type OID and typmod (PQftype/PQfmod).
DataType PgOidToDataType(unsigned oid, int typmod, const std::string& column);

inline constexpr int kUnconstrainedNumericScale = 6;

}  // namespace tally
