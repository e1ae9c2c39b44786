#include "report/html/squarify.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tally {
namespace {

// The worst aspect ratio of a row of `areas` laid along a side of length `side`.
double WorstRatio(double sum, double smallest, double largest, double side) {
  if (sum <= 0 || smallest <= 0 || side <= 0) return std::numeric_limits<double>::infinity();
  double side2 = side * side, sum2 = sum * sum;
  return std::max(side2 * largest / sum2, sum2 / (side2 * smallest));
}

}  // namespace

std::vector<LayoutRect> Squarify(const std::vector<double>& values, const LayoutRect& bounds) {
  std::vector<LayoutRect> rects(values.size(), LayoutRect{bounds.x, bounds.y, 0, 0});
  double total = 0;
  std::vector<size_t> items;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i] > 0 && std::isfinite(values[i])) {
      total += values[i];
      items.push_back(i);
    }
  }
  double area = bounds.width * bounds.height;
  if (total <= 0 || !std::isfinite(total) || !(area > 0)) return rects;
  double to_area = area / total;

  LayoutRect free = bounds;  // the part not yet covered
  size_t next = 0;
  while (next < items.size()) {
    // Along the shorter side of the free space, grow a row while its worst ratio improves.
    double side = std::min(free.width, free.height);
    size_t end = next;
    double sum = 0, smallest = std::numeric_limits<double>::infinity(), largest = 0;
    while (end < items.size()) {
      double a = values[items[end]] * to_area;
      double worse_now = WorstRatio(sum, smallest, largest, side);
      double worse_next = WorstRatio(sum + a, std::min(smallest, a), std::max(largest, a), side);
      if (end > next && worse_next > worse_now) break;
      sum += a;
      smallest = std::min(smallest, a);
      largest = std::max(largest, a);
      ++end;
    }
    // The last row takes all the space left, so rounding cannot leave a gap.
    bool last_row = end == items.size();
    if (free.width >= free.height) {
      double column = last_row ? free.width : sum / free.height;
      double y = free.y;
      for (size_t k = next; k < end; ++k) {
        double a = values[items[k]] * to_area;
        double h = k + 1 == end ? free.y + free.height - y : a / column;
        rects[items[k]] = {free.x, y, column, h};
        y += h;
      }
      free.x += column;
      free.width = std::max(free.width - column, 0.0);
    } else {
      double row = last_row ? free.height : sum / free.width;
      double x = free.x;
      for (size_t k = next; k < end; ++k) {
        double a = values[items[k]] * to_area;
        double w = k + 1 == end ? free.x + free.width - x : a / row;
        rects[items[k]] = {x, free.y, w, row};
        x += w;
      }
      free.y += row;
      free.height = std::max(free.height - row, 0.0);
    }
    next = end;
  }
  return rects;
}

}  // namespace tally
