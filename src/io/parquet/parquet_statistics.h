#pragma once
// Column statistics as tally sees them: typed min/max and a null count, per column chunk (row
// group) and per file. The warehouse uses them to skip row groups and answer queries cheaply.
#include <cstdint>

#include "common/scalar.h"

namespace tally {

struct ColumnStatistics {
  Scalar min;  // a null Scalar when the column has no non-null value (or no statistics)
  Scalar max;
  int64_t null_count = 0;
};

}  // namespace tally
