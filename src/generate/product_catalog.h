#pragma once
// The generator's stock: ~4,000 synthetic products (5-digit stock codes, some with letter
// variants, descriptions composed from a small vocabulary) with a typical price and a
// popularity weight each, plus the special codes of the real data (postage, manual, discount,
// bank charges, bad-debt adjustment, ...). Built deterministically from the seed.
#include <cstdint>
#include <string>
#include <vector>

#include "generate/random.h"

namespace tally::generate {

struct Product {
  std::string stock_code;
  std::string description;        // as stored (may contain commas, quotes, trailing spaces)
  std::string description_field;  // the description as a CSV field (quoted when needed)
  int64_t price_milli = 0;        // typical wholesale unit price
  int price_band = 0;             // index into profile::kPriceBands
};

// The special codes; their products sit after the regular ones in ProductCatalog::products().
enum class Special : int {
  kPostage,      // POST, foreign customers' postage
  kDotcom,       // DOT, web-shop postage
  kCarriage,     // C2
  kManual,       // M
  kDiscount,     // D (only on cancellations)
  kBankCharges,  // BANK CHARGES
  kPads,         // PADS, priced 0.001
  kAmazonFee,    // AMAZONFEE (on web-shop cancellations)
  kSamples,      // S
  kBadDebt,      // B (adjustment invoices)
  kCount
};

class ProductCatalog {
 public:
  explicit ProductCatalog(uint64_t seed);

  const std::vector<Product>& products() const { return products_; }
  int regular_count() const { return regular_count_; }
  int special(Special s) const { return regular_count_ + static_cast<int>(s); }
  // A regular product, by popularity.
  int SampleRegular(Rng& rng) const { return static_cast<int>(popularity_.Sample(rng)); }

 private:
  std::vector<Product> products_;
  int regular_count_ = 0;
  AliasTable popularity_;
};

}  // namespace tally::generate
