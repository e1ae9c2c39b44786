#include "generate/customer_pool.h"

#include <algorithm>
#include <cmath>

#include "generate/retail_profile.h"

namespace tally::generate {

// Customers that never buy within the period do not show up in the data, and late arrivals
// buy less; a pool this much larger than the target yields about kCustomersPerScale distinct
// customers per scale.
constexpr double kPoolOversize = 1.8;
// Spread of the purchase rates (log-normal): reproduces ~1/3 of customers with a single
// invoice and a few with hundreds.
constexpr double kRateLogSd = 1.25;
// Share of customers already buying at the start of the period.
constexpr double kEstablishedShare = 0.2;

CustomerPool::CustomerPool(uint64_t seed, int64_t rows) : first_id_(profile::kFirstCustomerId) {
  Rng rng(StreamSeed(seed, /*purpose=*/0xc057, 0));
  double scale = static_cast<double>(rows) / profile::kRowsPerScale;
  size_t count = static_cast<size_t>(
      std::max<double>(1.0, std::llround(profile::kCustomersPerScale * scale * kPoolOversize)));

  std::vector<double> country_weights;
  for (const auto& c : profile::kCountries) country_weights.push_back(c.customers);
  AliasTable countries(country_weights);

  struct Draft {
    double join, rate;
    uint8_t country;
  };
  std::vector<Draft> drafts(count);
  std::vector<double> country_rate(profile::kCountries.size(), 0.0);
  for (auto& d : drafts) {
    d.join = rng.Chance(kEstablishedShare) ? 0.0 : rng.Uniform();
    d.rate = std::exp(kRateLogSd * rng.Normal());
    d.country = static_cast<uint8_t>(countries.Sample(rng));
    country_rate[d.country] += d.rate;
  }
  // Each country's customers together buy that country's share of the customer lines.
  double customer_rows = 0;
  for (const auto& c : profile::kCountries) customer_rows += c.customer_rows;
  for (auto& d : drafts)
    d.rate *=
        profile::kCountries[d.country].customer_rows / customer_rows / country_rate[d.country];

  std::stable_sort(drafts.begin(), drafts.end(),
                   [](const Draft& a, const Draft& b) { return a.join < b.join; });
  double total = 0;
  for (const auto& d : drafts) {
    join_.push_back(d.join);
    total += d.rate;
    cumulative_.push_back(total);
    country_.push_back(d.country);
  }
}

uint32_t CustomerPool::Sample(Rng& rng, double u) const {
  size_t started =
      static_cast<size_t>(std::upper_bound(join_.begin(), join_.end(), u) - join_.begin());
  started = std::max<size_t>(started, 1);
  double r = rng.Uniform() * cumulative_[started - 1];
  size_t i =
      static_cast<size_t>(std::upper_bound(cumulative_.begin(), cumulative_.begin() + started, r) -
                          cumulative_.begin());
  return static_cast<uint32_t>(std::min(i, started - 1));
}

}  // namespace tally::generate
