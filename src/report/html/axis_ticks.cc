#include "report/html/axis_ticks.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tally {
namespace {

// The smallest 1/2/5 x 10^k step that is at least `rough`.
double NiceStep(double rough) {
  double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double residual = rough / magnitude;
  double factor = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
  return factor * magnitude;
}

}  // namespace

AxisTicks NiceTicks(double min, double max, int target, bool integer_steps) {
  if (!std::isfinite(min)) min = 0;
  if (!std::isfinite(max)) max = 0;
  if (min > max) std::swap(min, max);
  if (!std::isfinite(max - min)) min = 0, max = 1;  // a range too wide for doubles
  target = std::max(target, 1);
  if (min == max) {
    // One value: widen around it (by a tenth of its size, or to 0..1 for zero) so the value
    // sits inside the axis rather than on a zero-length one.
    double pad = min == 0 ? 0 : std::fabs(min) * 0.1;
    if (min == 0) {
      max = 1;
    } else {
      min -= pad;
      max += pad;
    }
  }
  double step = NiceStep((max - min) / target);
  if (integer_steps) step = std::max(step, 1.0);
  // Tick indexes rather than accumulated sums keep labels free of drift (0.30000000000000004).
  double first = std::floor(min / step + 1e-9);
  double last = std::ceil(max / step - 1e-9);
  if (last <= first) last = first + 1;
  AxisTicks ticks;
  ticks.step = step;
  for (double i = first; i <= last; ++i) {
    double value = i * step;
    if (std::fabs(value) < step * 1e-9) value = 0;
    ticks.values.push_back(value);
  }
  ticks.lo = ticks.values.front();
  ticks.hi = ticks.values.back();
  return ticks;
}

AxisTicks ValueAxisTicks(double min, double max, int target, bool integer_steps) {
  if (!std::isfinite(min)) min = 0;
  if (!std::isfinite(max)) max = 0;
  return NiceTicks(std::min(min, 0.0), std::max(max, 0.0), target, integer_steps);
}

}  // namespace tally
