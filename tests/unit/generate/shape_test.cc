// The generated data has the shape of the real Online Retail data (see retail_profile.h for the
// measured values), checked on 200,000 rows parsed by tally's own CSV reader.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "common/datetime.h"
#include "generate/generate_output.h"
#include "io/csv/csv_reader.h"
#include "io/csv/csv_schema.h"
#include "test_files.h"

namespace tally::generate {
namespace {

struct Shape {
  int64_t rows = 0, cancel_rows = 0, adjust_rows = 0, anonymous_rows = 0, uk_rows = 0;
  int64_t quoted_descriptions = 0, missing_descriptions = 0;
  int64_t bad_sign_quantity = 0, negative_price_outside_adjustments = 0;
  int64_t cancels_matching_purchase = 0;
  std::map<int, int64_t> rows_by_month;  // yyyymm
  std::map<int, int64_t> rows_by_hour;
  std::set<std::string> invoices, cancel_invoices, countries;
  std::set<int32_t> customers;
};

Shape Measure(const std::string& path, uint64_t* rejected) {
  Shape s;
  std::set<std::pair<int32_t, std::string>> bought;  // (customer, stock code)
  CsvReader reader(path, RetailSchema());
  CsvScanStats stats = reader.Scan([&](Batch&& batch, size_t) {
    const Column& invoice = *batch.column(0);
    const Column& code = *batch.column(1);
    const Column& description = *batch.column(2);
    const Column& quantity = *batch.column(3);
    const Column& time = *batch.column(4);
    const Column& price = *batch.column(5);
    const Column& customer = *batch.column(6);
    const Column& country = *batch.column(7);
    for (size_t i = 0; i < batch.num_rows; ++i) {
      ++s.rows;
      std::string inv(invoice.GetString(i));
      bool cancel = inv[0] == 'C', adjust = inv[0] == 'A';
      s.invoices.insert(inv);
      if (cancel) {
        ++s.cancel_rows;
        s.cancel_invoices.insert(inv);
      }
      if (adjust) ++s.adjust_rows;
      if ((quantity.Get<int32_t>(i) < 0) != cancel) ++s.bad_sign_quantity;
      if (price.Get<int64_t>(i) < 0 && !adjust) ++s.negative_price_outside_adjustments;
      if (customer.IsNull(i)) {
        ++s.anonymous_rows;
      } else {
        int32_t id = customer.Get<int32_t>(i);
        s.customers.insert(id);
        std::pair<int32_t, std::string> key{id, std::string(code.GetString(i))};
        if (!cancel)
          bought.insert(key);
        else if (bought.count(key))
          ++s.cancels_matching_purchase;
      }
      std::string_view c = country.GetString(i);
      s.countries.insert(std::string(c));
      if (c == "United Kingdom") ++s.uk_rows;
      if (description.IsNull(i))
        ++s.missing_descriptions;
      else if (description.GetString(i).find(',') != std::string_view::npos)
        ++s.quoted_descriptions;
      int64_t micros = time.Get<int64_t>(i);
      int year;
      unsigned month, day;
      CivilFromDays(TimestampToDays(micros), &year, &month, &day);
      ++s.rows_by_month[year * 100 + static_cast<int>(month)];
      ++s.rows_by_hour[static_cast<int>(micros % kMicrosPerDay / (3600 * kMicrosPerSecond))];
    }
  });
  *rejected = stats.rejected;
  return s;
}

class GeneratedShape : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir;
    GenerateOptions options;
    options.generator.rows = 200000;
    options.generator.seed = 2024;
    std::string path = dir_->File("retail.csv.zst");
    WriteRetailCsv(path, options);
    shape_ = new Shape(Measure(path, &rejected_));
  }
  static void TearDownTestSuite() {
    delete shape_;
    delete dir_;
  }
  static double Share(int64_t part) { return static_cast<double>(part) / shape_->rows; }

  static inline ScratchDir* dir_ = nullptr;
  static inline Shape* shape_ = nullptr;
  static inline uint64_t rejected_ = 0;
};

TEST_F(GeneratedShape, ParsesWithTheRetailSchemaWithoutErrors) {
  EXPECT_EQ(rejected_, 0u);
  EXPECT_EQ(shape_->rows, 200000);
}

TEST_F(GeneratedShape, CancellationsAreAboutOnePointSevenPercentOfLines) {
  EXPECT_GT(Share(shape_->cancel_rows), 0.012);
  EXPECT_LT(Share(shape_->cancel_rows), 0.022);
  // Most of them take back an earlier purchase of the same customer and item.
  EXPECT_GT(static_cast<double>(shape_->cancels_matching_purchase) / shape_->cancel_rows, 0.5);
  // Real data: 3,836 cancellation invoices among 25,900 (15%).
  double invoice_share =
      static_cast<double>(shape_->cancel_invoices.size()) / shape_->invoices.size();
  EXPECT_GT(invoice_share, 0.10);
  EXPECT_LT(invoice_share, 0.20);
}

TEST_F(GeneratedShape, QuantitiesAreNegativeExactlyOnCancellations) {
  EXPECT_EQ(shape_->bad_sign_quantity, 0);
}

TEST_F(GeneratedShape, PricesAreNegativeOnlyOnAdjustments) {
  EXPECT_EQ(shape_->negative_price_outside_adjustments, 0);
}

TEST_F(GeneratedShape, AboutAQuarterOfLinesHaveNoCustomer) {
  EXPECT_GT(Share(shape_->anonymous_rows), 0.20);
  EXPECT_LT(Share(shape_->anonymous_rows), 0.30);
}

TEST_F(GeneratedShape, CustomersAndInvoicesScaleWithRows) {
  // Real: 4,372 customers and 25,900 invoices per 541,909 rows -> 1,614 and 9,559 here.
  double scale = 200000.0 / 541909;
  EXPECT_GT(shape_->customers.size(), 0.8 * 4372 * scale);
  EXPECT_LT(shape_->customers.size(), 1.2 * 4372 * scale);
  EXPECT_GT(shape_->invoices.size(), 0.8 * 25900 * scale);
  EXPECT_LT(shape_->invoices.size(), 1.2 * 25900 * scale);
}

TEST_F(GeneratedShape, CountriesAreMostlyTheUnitedKingdom) {
  EXPECT_GT(Share(shape_->uk_rows), 0.86);
  EXPECT_LT(Share(shape_->uk_rows), 0.95);
  EXPECT_GE(shape_->countries.size(), 20u);
  EXPECT_LE(shape_->countries.size(), 38u);
}

TEST_F(GeneratedShape, ThirteenMonthsWithTheNovemberPeak) {
  ASSERT_EQ(shape_->rows_by_month.size(), 13u);
  EXPECT_EQ(shape_->rows_by_month.begin()->first, 201012);
  EXPECT_EQ(shape_->rows_by_month.rbegin()->first, 201112);
  int peak = 0;
  int64_t most = 0;
  for (auto [month, rows] : shape_->rows_by_month)
    if (rows > most) most = rows, peak = month;
  EXPECT_EQ(peak, 201111);
  // Real: November 84,711 of 541,909 lines (15.6%), February 27,707 (5.1%).
  EXPECT_NEAR(Share(shape_->rows_by_month[201111]), 0.156, 0.02);
  EXPECT_NEAR(Share(shape_->rows_by_month[201102]), 0.051, 0.01);
}

TEST_F(GeneratedShape, TradingHoursAreSixToEightPm) {
  EXPECT_GE(shape_->rows_by_hour.begin()->first, 6);
  EXPECT_LE(shape_->rows_by_hour.rbegin()->first, 20);
  // Real: noon is the busiest hour.
  int64_t noon = shape_->rows_by_hour[12];
  for (auto [hour, rows] : shape_->rows_by_hour) EXPECT_LE(rows, noon) << hour;
}

TEST_F(GeneratedShape, SomeDescriptionsNeedQuotingAndSomeAreMissing) {
  EXPECT_GT(Share(shape_->quoted_descriptions), 0.002);
  EXPECT_LT(Share(shape_->quoted_descriptions), 0.03);
  // Real: 1,454 of 541,909 lines (0.27%) have no description.
  EXPECT_GT(Share(shape_->missing_descriptions), 0.001);
  EXPECT_LT(Share(shape_->missing_descriptions), 0.006);
}

}  // namespace
}  // namespace tally::generate
