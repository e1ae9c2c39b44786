#pragma once
// The wholesale customers: a pool that grows with the number of rows. Each customer has a
// country (weighted as in the real data), a purchase rate (heavy-tailed: most buy once or
// twice a year, a few every week) and the point of the year at which they start buying, so
// new customers keep arriving (as in cohort analyses of the real data).
#include <cstdint>
#include <vector>

#include "generate/random.h"

namespace tally::generate {

class CustomerPool {
 public:
  // `rows`: the total number of rows to generate.
  CustomerPool(uint64_t seed, int64_t rows);

  size_t size() const { return join_.size(); }
  // A customer buying at volume position u (only customers who started by then).
  uint32_t Sample(Rng& rng, double u) const;
  int32_t id(uint32_t customer) const { return first_id_ + static_cast<int32_t>(customer); }
  int country(uint32_t customer) const { return country_[customer]; }

 private:
  int32_t first_id_;
  std::vector<double> join_;        // ascending
  std::vector<double> cumulative_;  // cumulative purchase rate in join order
  std::vector<uint8_t> country_;    // index into profile::kCountries
};

}  // namespace tally::generate
