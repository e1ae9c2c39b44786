#pragma once
// Column statistics as tally sees them: typed min/max and a null count, per column chunk (row
// group) and per file. The warehouse uses them to skip row groups and answer queries cheaply.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/scalar.h"

namespace tally {

struct ColumnStatistics {
  // Bounds: every value is >= min and <= max (long strings are cut, see below). A null Scalar
  // when the column has no non-null value (or no statistics).
  Scalar min;
  Scalar max;
  int64_t null_count = 0;
};

// String statistics are cut to at most this many bytes (at a UTF-8 character boundary), as the
// Parquet format allows, so that one long value cannot bloat a footer or the catalog.
inline constexpr size_t kStatisticsStringBytes = 64;

// A lower bound of `value` of at most kStatisticsStringBytes: a prefix.
std::string StatisticsMinBound(std::string_view value);
// An upper bound of `value` of at most kStatisticsStringBytes: the value itself when short,
// else a prefix whose last character is incremented; none when no such bound exists.
std::optional<std::string> StatisticsMaxBound(std::string_view value);

}  // namespace tally
