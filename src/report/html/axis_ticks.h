#pragma once
// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten that cover a data range.
#include <vector>

namespace tally {

struct AxisTicks {
  double lo = 0, hi = 1;  // the axis domain: the first and last tick; always lo < hi
  double step = 1;
  std::vector<double> values;  // lo, lo + step, ..., hi (each computed as i * step)
};

// Ticks covering [min, max] with about `target` intervals. Degenerate input still yields a
// usable axis: an empty or all-zero range gives 0..1, a single value v a range around v,
// non-finite bounds are treated as 0. With `integer_steps` (counts) the step is at least 1.
AxisTicks NiceTicks(double min, double max, int target = 5, bool integer_steps = false);

// The ticks of a bar chart's value axis: the range always includes zero, so bars grow from it.
AxisTicks ValueAxisTicks(double min, double max, int target = 5, bool integer_steps = false);

}  // namespace tally
