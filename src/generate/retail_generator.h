#pragma once
// Synthetic "Online Retail" rows that look like the real data (see retail_profile.h): invoices
// of wholesale customers and of the web shop, cancellations that take back earlier purchases,
// a few bad-debt adjustments, with the real seasonality, countries, prices and quantities.
//
// Rows are produced in fixed blocks of kBlockRows (the last one shorter). A block depends only
// on (seed, block index, total rows), never on other blocks or on threads, so blocks can be
// generated in parallel and the output is the same for a seed whatever the thread count.
// Rows come out in time order with increasing invoice numbers. Volume grows with the number
// of rows inside the same one-year period (see retail_profile.h).
#include <cstdint>
#include <memory>
#include <vector>

#include "generate/customer_pool.h"
#include "generate/product_catalog.h"
#include "generate/trading_calendar.h"

namespace tally::generate {

struct GeneratorOptions {
  int64_t rows = 541909;  // one scale: the size of the real file
  uint64_t seed = 1;
};

// One block of rows, column by column.
struct RowBlock {
  int64_t first_row = 0;
  std::vector<int64_t> invoice;         // invoice number (without its prefix)
  std::vector<char> invoice_prefix;     // 0, 'C' (cancellation) or 'A' (adjustment)
  std::vector<int32_t> product;         // index into ProductCatalog::products()
  std::vector<uint8_t> no_description;  // 1: the description is missing (stock corrections)
  std::vector<int32_t> quantity;
  std::vector<int64_t> time;         // microseconds since 1970
  std::vector<int64_t> price_milli;  // unit price in thousandths of GBP
  std::vector<int32_t> customer_id;  // kNoCustomer when missing
  std::vector<uint8_t> country;      // index into profile::kCountries

  static constexpr int32_t kNoCustomer = -1;
  size_t size() const { return invoice.size(); }
  void Clear();
};

class RetailGenerator {
 public:
  static constexpr int64_t kBlockRows = 65536;

  explicit RetailGenerator(const GeneratorOptions& options);
  ~RetailGenerator();

  int64_t rows() const { return options_.rows; }
  size_t num_blocks() const { return first_invoice_.size(); }
  void Generate(size_t block, RowBlock* out) const;

  const ProductCatalog& catalog() const { return catalog_; }
  static const char* CountryName(int country);
  static constexpr int kCountries = 38;

 private:
  struct Tables;
  struct BlockState;
  template <typename Visit>
  void ForEachInvoice(size_t block, Visit&& visit) const;

  GeneratorOptions options_;
  ProductCatalog catalog_;
  CustomerPool customers_;
  TradingCalendar calendar_;
  std::unique_ptr<Tables> tables_;
  std::vector<int64_t> first_invoice_;  // per block: invoices before it
};

}  // namespace tally::generate
