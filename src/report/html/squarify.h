#pragma once
// The squarified treemap layout (Bruls, Huizing and van Wijk): rectangles with areas
// proportional to values, laid out in rows whose aspect ratios stay close to 1.
#include <vector>

namespace tally {

struct LayoutRect {
  double x = 0, y = 0, width = 0, height = 0;
};

// One rectangle per value, in the order given, tiling `bounds`. Values should be sorted
// descending for the best aspect ratios. Values <= 0 (or non-finite) get an empty rectangle;
// when no value is positive every rectangle is empty.
std::vector<LayoutRect> Squarify(const std::vector<double>& values, const LayoutRect& bounds);

}  // namespace tally
