#include "generate/retail_generator.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "common/error.h"
#include "generate/retail_profile.h"

namespace tally::generate {
namespace {

using profile::InvoiceKind;

// Stream purposes (see StreamSeed).
constexpr uint64_t kStructureStream = 0x5717c7;
constexpr uint64_t kContentStream = 0xc0ffee;

// Per-line shares of the rarer special codes on sales.
constexpr double kManualShare = 0.0006, kCarriageShare = 0.00027, kBankChargesShare = 0.00002,
                 kPadsShare = 0.00001, kSamplesShare = 0.00001;
// On cancellations: manual corrections, discounts, postage refunds.
constexpr double kCancelManualShare = 0.026, kCancelDiscountShare = 0.008,
                 kCancelPostageShare = 0.014;
constexpr double kAmazonFeeShare = 0.15;     // of web-shop cancellation invoices
constexpr double kPartialCancelShare = 0.2;  // cancellations of part of a line's quantity
constexpr size_t kRecentPurchases = 256;     // purchases a cancellation may refer to

int64_t RoundPence(double milli) {
  return std::max<int64_t>(10, std::llround(milli / 10) * 10);
}

std::vector<double> ToVector(const auto& values) {
  return std::vector<double>(values.begin(), values.end());
}

}  // namespace

void RowBlock::Clear() {
  invoice.clear();
  invoice_prefix.clear();
  product.clear();
  no_description.clear();
  quantity.clear();
  time.clear();
  price_milli.clear();
  customer_id.clear();
  country.clear();
}

struct RetailGenerator::Tables {
  AliasTable kinds{ToVector(profile::kInvoiceKindCounts)};
  std::array<AliasTable, 4> lines{AliasTable(ToVector(profile::kSaleLines)),
                                  AliasTable(ToVector(profile::kAnonymousSaleLines)),
                                  AliasTable(ToVector(profile::kCancelLines)),
                                  AliasTable(ToVector(profile::kAnonymousCancelLines))};
  AliasTable anonymous_country;
  // Quantities: [customer?][band] -> the profile's common values, then "small", then "large".
  std::array<std::array<AliasTable, profile::kPriceBands>, 2> quantity;
  AliasTable large_quantity;

  Tables() {
    std::vector<double> weights;
    for (const auto& c : profile::kCountries) weights.push_back(c.anonymous_rows);
    anonymous_country = AliasTable(weights);
    for (int customer = 0; customer < 2; ++customer) {
      const auto& profiles =
          customer ? profile::kCustomerQuantities : profile::kAnonymousQuantities;
      for (int band = 0; band < profile::kPriceBands; ++band) {
        std::vector<double> w;
        double common = 0;
        for (const auto& q : profiles[band].common) {
          w.push_back(q.share);
          common += q.share;
        }
        w.push_back(std::max(0.0, 1.0 - common - profiles[band].large_share));
        w.push_back(profiles[band].large_share);
        quantity[customer][band] = AliasTable(w);
      }
    }
    weights.clear();
    for (const auto& q : profile::kLargeQuantities) weights.push_back(q.share);
    large_quantity = AliasTable(weights);
  }

  int LineCount(InvoiceKind kind, Rng& rng) const {
    if (kind == InvoiceKind::kAdjust) return 1;
    uint32_t bin = lines[static_cast<int>(kind)].Sample(rng);
    int hi = profile::kLineBins[bin];
    int lo = bin == 0 ? 1 : profile::kLineBins[bin - 1] + 1;
    return static_cast<int>(rng.Between(lo, hi));
  }

  int32_t Quantity(Rng& rng, bool customer, int band) const {
    const auto& profiles = customer ? profile::kCustomerQuantities : profile::kAnonymousQuantities;
    uint32_t i = quantity[customer][band].Sample(rng);
    if (i < profiles[band].common.size()) return profiles[band].common[i].quantity;
    if (i == profiles[band].common.size()) return static_cast<int32_t>(rng.Between(1, 30));
    return profile::kLargeQuantities[large_quantity.Sample(rng)].quantity;
  }
};

// The rows of the block being generated, plus the purchases cancellations can refer to.
struct RetailGenerator::BlockState {
  struct Purchase {
    size_t first;  // row index in the block
    int lines;
    uint32_t customer;
  };
  RowBlock* out;
  Rng rng;
  std::vector<Purchase> recent;  // ring of the last kRecentPurchases sales with a customer
  size_t next_recent = 0;

  void Add(int64_t invoice, char prefix, int64_t time, int32_t customer, uint8_t country,
           int32_t product, int32_t quantity, int64_t price, bool no_description = false) {
    out->invoice.push_back(invoice);
    out->invoice_prefix.push_back(prefix);
    out->time.push_back(time);
    out->customer_id.push_back(customer);
    out->country.push_back(country);
    out->product.push_back(product);
    out->quantity.push_back(quantity);
    out->price_milli.push_back(price);
    out->no_description.push_back(no_description ? 1 : 0);
  }
  void Remember(const Purchase& p) {
    if (recent.size() < kRecentPurchases) {
      recent.push_back(p);
    } else {
      recent[next_recent] = p;
      next_recent = (next_recent + 1) % kRecentPurchases;
    }
  }
};

RetailGenerator::RetailGenerator(const GeneratorOptions& options)
    : options_(options),
      catalog_(options.seed),
      customers_(options.seed, options.rows),
      tables_(std::make_unique<Tables>()) {
  if (options.rows < 0) ThrowError("the number of rows must not be negative");
  size_t blocks = static_cast<size_t>((options.rows + kBlockRows - 1) / kBlockRows);
  first_invoice_.assign(blocks, 0);
  // Invoice numbers continue from block to block: count each block's invoices (the structure
  // stream alone, cheap) and take prefix sums.
  int64_t total = 0;
  for (size_t b = 0; b < blocks; ++b) {
    first_invoice_[b] = total;
    ForEachInvoice(b, [&](InvoiceKind, int, int64_t) { ++total; });
  }
}

RetailGenerator::~RetailGenerator() = default;

static_assert(RetailGenerator::kCountries == profile::kCountries.size());

const char* RetailGenerator::CountryName(int country) {
  return profile::kCountries[static_cast<size_t>(country)].name;
}

// Calls visit(kind, lines, first_row_in_block) for each invoice of the block, in order. The
// last invoice is cut at the block's end.
template <typename Visit>
void RetailGenerator::ForEachInvoice(size_t block, Visit&& visit) const {
  int64_t first = static_cast<int64_t>(block) * kBlockRows;
  int64_t size = std::min(kBlockRows, options_.rows - first);
  Rng rng(StreamSeed(options_.seed, kStructureStream, block));
  for (int64_t row = 0; row < size;) {
    auto kind = static_cast<InvoiceKind>(tables_->kinds.Sample(rng));
    int lines = static_cast<int>(std::min<int64_t>(tables_->LineCount(kind, rng), size - row));
    visit(kind, lines, row);
    row += lines;
  }
}

void RetailGenerator::Generate(size_t block, RowBlock* out) const {
  TALLY_ASSERT(block < num_blocks());
  out->Clear();
  out->first_row = static_cast<int64_t>(block) * kBlockRows;
  BlockState state{out, Rng(StreamSeed(options_.seed, kContentStream, block)), {}, 0};
  Rng& rng = state.rng;
  const Tables& t = *tables_;
  const auto& products = catalog_.products();
  const int uk = 0;  // profile::kCountries[0]
  int64_t invoice = profile::kFirstInvoiceNumber + first_invoice_[block];
  double rows = static_cast<double>(options_.rows);

  auto sale_line = [&](bool customer, bool retail) {
    int product;
    double s = rng.Uniform();
    if (s < kManualShare) {
      product = catalog_.special(Special::kManual);
    } else if ((s -= kManualShare) < kCarriageShare) {
      product = catalog_.special(Special::kCarriage);
    } else if ((s -= kCarriageShare) < kBankChargesShare) {
      product = catalog_.special(Special::kBankCharges);
    } else if ((s -= kBankChargesShare) < kPadsShare) {
      product = catalog_.special(Special::kPads);
    } else if ((s -= kPadsShare) < kSamplesShare) {
      product = catalog_.special(Special::kSamples);
    } else {
      product = catalog_.SampleRegular(rng);
    }
    const Product& p = products[static_cast<size_t>(product)];
    int32_t quantity = product < catalog_.regular_count() ? t.Quantity(rng, customer, p.price_band)
                                                          : static_cast<int32_t>(rng.Between(1, 2));
    int64_t price = p.price_milli;
    if (price >= 10) {  // 0.001 stays as it is
      if (retail) {
        price = RoundPence(static_cast<double>(price) * profile::kRetailMarkup);
      } else {
        double r = rng.Uniform();
        if (r < profile::kBulkPriceShare)
          price = RoundPence(static_cast<double>(price) * 0.85);
        else if (r < profile::kBulkPriceShare + profile::kHigherPriceShare)
          price = RoundPence(static_cast<double>(price) * 1.15);
      }
    }
    return std::pair<int32_t, std::pair<int32_t, int64_t>>{product, {quantity, price}};
  };

  ForEachInvoice(block, [&](InvoiceKind kind, int lines, int64_t row) {
    double u = (static_cast<double>(out->first_row + row) + 0.5) / rows;
    int64_t time = calendar_.TimeAt(u);
    switch (kind) {
      case InvoiceKind::kSale: {
        uint32_t c = customers_.Sample(rng, u);
        auto country = static_cast<uint8_t>(customers_.country(c));
        bool postage = lines >= 2 && country != uk && rng.Chance(profile::kForeignPostageShare);
        size_t first = out->size();
        for (int i = 0; i < lines; ++i) {
          if (postage && i == lines - 1) {
            int64_t price = rng.Chance(0.8) ? 18000 : rng.Chance(0.5) ? 40000 : 15000;
            state.Add(invoice, 0, time, customers_.id(c), country,
                      catalog_.special(Special::kPostage), static_cast<int32_t>(rng.Between(1, 4)),
                      price);
            continue;
          }
          auto [product, qp] = sale_line(true, false);
          state.Add(invoice, 0, time, customers_.id(c), country, product, qp.first, qp.second);
        }
        state.Remember({first, lines, c});
        break;
      }
      case InvoiceKind::kAnonymousSale: {
        auto country = static_cast<uint8_t>(t.anonymous_country.Sample(rng));
        if (lines == 1 && rng.Chance(profile::kStockCorrectionShare)) {
          // Stock found or written off in the warehouse: no description, no price.
          int product = catalog_.SampleRegular(rng);
          state.Add(invoice, 0, time, RowBlock::kNoCustomer, country, product,
                    t.Quantity(rng, false, 0), 0, /*no_description=*/true);
          break;
        }
        bool dotcom = lines >= 2 && rng.Chance(profile::kDotcomPostageShare);
        for (int i = 0; i < lines; ++i) {
          if (dotcom && i == lines - 1) {
            double price = std::clamp(std::exp(std::log(150.0) + 0.8 * rng.Normal()), 5.0, 2000.0);
            state.Add(invoice, 0, time, RowBlock::kNoCustomer, country,
                      catalog_.special(Special::kDotcom), 1, RoundPence(price * 1000));
            continue;
          }
          auto [product, qp] = sale_line(false, true);
          state.Add(invoice, 0, time, RowBlock::kNoCustomer, country, product, qp.first, qp.second);
        }
        break;
      }
      case InvoiceKind::kCancel: {
        const BlockState::Purchase* ref = nullptr;
        if (!state.recent.empty() && rng.Chance(profile::kCancelMatchShare))
          ref = &state.recent[rng.Below(static_cast<uint32_t>(state.recent.size()))];
        uint32_t c = ref ? ref->customer : customers_.Sample(rng, u);
        auto country = static_cast<uint8_t>(customers_.country(c));
        int offset = ref ? static_cast<int>(rng.Below(static_cast<uint32_t>(ref->lines))) : 0;
        for (int i = 0; i < lines; ++i) {
          if (ref && i < ref->lines) {
            // Take back (part of) a line of the earlier purchase, at its price.
            size_t from = ref->first + static_cast<size_t>((offset + i) % ref->lines);
            int32_t bought = out->quantity[from];
            int32_t quantity = rng.Chance(kPartialCancelShare)
                                   ? static_cast<int32_t>(rng.Between(1, bought))
                                   : bought;
            state.Add(invoice, 'C', time, customers_.id(c), country, out->product[from], -quantity,
                      out->price_milli[from]);
            continue;
          }
          double s = rng.Uniform();
          if (s < kCancelManualShare + kCancelDiscountShare + kCancelPostageShare) {
            Special special = s < kCancelManualShare                          ? Special::kManual
                              : s < kCancelManualShare + kCancelDiscountShare ? Special::kDiscount
                                                                              : Special::kPostage;
            double typical = static_cast<double>(products[catalog_.special(special)].price_milli);
            state.Add(invoice, 'C', time, customers_.id(c), country, catalog_.special(special), -1,
                      RoundPence(typical * std::exp(0.9 * rng.Normal())));
            continue;
          }
          auto [product, qp] = sale_line(true, false);
          state.Add(invoice, 'C', time, customers_.id(c), country, product, -qp.first, qp.second);
        }
        break;
      }
      case InvoiceKind::kAnonymousCancel: {
        auto country = static_cast<uint8_t>(t.anonymous_country.Sample(rng));
        bool fee = rng.Chance(kAmazonFeeShare);
        for (int i = 0; i < lines; ++i) {
          if (fee && i == 0) {
            double price = std::exp(std::log(5000.0) + 0.6 * rng.Normal());
            state.Add(invoice, 'C', time, RowBlock::kNoCustomer, country,
                      catalog_.special(Special::kAmazonFee), -1, RoundPence(price * 1000));
            continue;
          }
          auto [product, qp] = sale_line(false, true);
          state.Add(invoice, 'C', time, RowBlock::kNoCustomer, country, product, -qp.first,
                    qp.second);
        }
        break;
      }
      case InvoiceKind::kAdjust: {
        // Bad debt written off (negative) or booked back (positive).
        double amount = std::exp(std::log(11000.0) + 0.5 * rng.Normal());
        int64_t price = RoundPence(amount * 1000);
        state.Add(invoice, 'A', time, RowBlock::kNoCustomer, uk,
                  catalog_.special(Special::kBadDebt), 1, rng.Chance(1.0 / 3) ? price : -price);
        break;
      }
    }
    ++invoice;
  });
  TALLY_ASSERT(static_cast<int64_t>(out->size()) ==
               std::min(kBlockRows, options_.rows - out->first_row));
}

}  // namespace tally::generate
