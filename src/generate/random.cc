#include "generate/random.h"

#include "common/error.h"

namespace tally::generate {

AliasTable::AliasTable(const std::vector<double>& weights)
    : size_(weights.size()), probability_(weights.size(), 1.0), alias_(weights.size()) {
  TALLY_ASSERT(!weights.empty());
  double total = 0;
  for (double w : weights) total += w;
  TALLY_ASSERT(total > 0);
  std::vector<double> scaled(size_);
  std::vector<uint32_t> small, large;
  for (uint32_t i = 0; i < size_; ++i) {
    alias_[i] = i;
    scaled[i] = weights[i] * static_cast<double>(size_) / total;
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    uint32_t s = small.back(), l = large.back();
    small.pop_back();
    probability_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // Leftovers (rounding) keep probability 1 and alias themselves.
}

}  // namespace tally::generate
