#include "generate/retail_csv_format.h"

#include <gtest/gtest.h>

#include "common/datetime.h"
#include "io/csv/csv_quote.h"

namespace tally::generate {
namespace {

int64_t Time(int year, unsigned month, unsigned day, int hour, int minute) {
  return static_cast<int64_t>(DaysFromCivil(year, month, day)) * kMicrosPerDay +
         (hour * 3600LL + minute * 60LL) * kMicrosPerSecond;
}

void AddRow(RowBlock& rows, int64_t invoice, char prefix, int32_t product, int32_t quantity,
            int64_t time, int64_t price, int32_t customer, uint8_t country,
            bool no_description = false) {
  rows.invoice.push_back(invoice);
  rows.invoice_prefix.push_back(prefix);
  rows.product.push_back(product);
  rows.no_description.push_back(no_description);
  rows.quantity.push_back(quantity);
  rows.time.push_back(time);
  rows.price_milli.push_back(price);
  rows.customer_id.push_back(customer);
  rows.country.push_back(country);
}

TEST(RetailCsvFormat, FormatsEveryFieldLikeTheRealFile) {
  GeneratorOptions options;
  options.rows = 10;
  RetailGenerator generator(options);
  const auto& catalog = generator.catalog();
  int comma = -1;
  for (int i = 0; i < catalog.regular_count() && comma < 0; ++i)
    if (catalog.products()[i].description.find(',') != std::string::npos &&
        catalog.products()[i].description.back() != ' ')
      comma = i;
  ASSERT_GE(comma, 0) << "the catalog should have descriptions with commas";
  const Product& with_comma = catalog.products()[comma];

  RowBlock rows;
  // Country 0 is the United Kingdom, 2 France (profile order).
  AddRow(rows, 563185, 'A', catalog.special(Special::kBadDebt), 1, Time(2011, 8, 12, 14, 50),
         -11062060, RowBlock::kNoCustomer, 0);
  AddRow(rows, 536370, 0, catalog.special(Special::kPostage), 3, Time(2010, 12, 1, 8, 45), 18000,
         12583, 2);
  AddRow(rows, 536371, 0, catalog.special(Special::kPads), 1, Time(2011, 1, 5, 9, 3), 1, 13408, 0);
  AddRow(rows, 536372, 'C', comma, -24, Time(2011, 11, 30, 17, 59), 420, 14001, 0);
  AddRow(rows, 536373, 0, comma, 5, Time(2011, 12, 9, 12, 50), 0, RowBlock::kNoCustomer, 0,
         /*no_description=*/true);

  std::string text;
  AppendCsvRows(generator, rows, &text);
  std::string quoted = "\"" + with_comma.description + "\"";
  std::string expected =
      "A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,-11062.06,,United Kingdom\n"
      "536370,POST,POSTAGE,3,2010-12-01 08:45:00,18,12583,France\n"
      "536371,PADS,PADS FOR CUSHIONS,1,2011-01-05 09:03:00,0.001,13408,United Kingdom\n"
      "C536372," +
      with_comma.stock_code + "," + quoted +
      ",-24,2011-11-30 17:59:00,0.42,14001,"
      "United Kingdom\n"
      "536373," +
      with_comma.stock_code + ",,5,2011-12-09 12:50:00,0,,United Kingdom\n";
  EXPECT_EQ(text, expected);
}

TEST(RetailCsvFormat, QuotesFieldsWithCommasAndQuotes) {
  EXPECT_EQ(CsvQuoted("PLAIN TEXT "), "PLAIN TEXT ");
  EXPECT_EQ(CsvQuoted("CARD, SPOTTY"), "\"CARD, SPOTTY\"");
  EXPECT_EQ(CsvQuoted("JAR \"PANTRY\""), "\"JAR \"\"PANTRY\"\"\"");
}

}  // namespace
}  // namespace tally::generate
