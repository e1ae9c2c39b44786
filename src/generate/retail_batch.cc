#include "generate/retail_batch.h"

#include "io/csv/csv_schema.h"

namespace tally::generate {
namespace {

template <typename T>
T* Fill(const ColumnPtr& column, size_t rows) {
  column->Resize(rows);
  return column->data<T>();
}

}  // namespace

RetailBatchBuilder::RetailBatchBuilder(const RetailGenerator& generator) : schema_(RetailSchema()) {
  auto codes = Column::Make(DataType::String());
  auto descriptions = Column::Make(DataType::String());
  for (const auto& product : generator.catalog().products()) {
    codes->AppendString(product.stock_code);
    descriptions->AppendString(product.description);
  }
  auto countries = Column::Make(DataType::String());
  for (int c = 0; c < RetailGenerator::kCountries; ++c)
    countries->AppendString(RetailGenerator::CountryName(c));
  stock_codes_ = codes;
  descriptions_ = descriptions;
  countries_ = countries;
}

Batch RetailBatchBuilder::Build(const RowBlock& rows) const {
  size_t n = rows.size();
  auto invoice = Column::Make(DataType::String());
  invoice->Reserve(n, n * 8);
  char text[24];
  for (size_t i = 0; i < n; ++i) {
    char* end = text + sizeof(text);
    char* p = end;
    uint64_t v = static_cast<uint64_t>(rows.invoice[i]);
    do {
      *--p = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    if (rows.invoice_prefix[i]) *--p = rows.invoice_prefix[i];
    invoice->AppendString(std::string_view(p, static_cast<size_t>(end - p)));
  }

  auto stock_code = Column::MakeDictionary(stock_codes_);
  auto description = Column::MakeDictionary(descriptions_);
  int32_t* codes = Fill<int32_t>(stock_code, n);
  int32_t* descs = Fill<int32_t>(description, n);
  for (size_t i = 0; i < n; ++i) codes[i] = descs[i] = rows.product[i];
  for (size_t i = 0; i < n; ++i)
    if (rows.no_description[i]) description->SetNull(i);

  auto quantity = Column::Make(DataType::Int32());
  std::copy(rows.quantity.begin(), rows.quantity.end(), Fill<int32_t>(quantity, n));
  auto time = Column::Make(DataType::Timestamp());
  std::copy(rows.time.begin(), rows.time.end(), Fill<int64_t>(time, n));
  auto price = Column::Make(schema_->field(5).type);
  std::copy(rows.price_milli.begin(), rows.price_milli.end(), Fill<int64_t>(price, n));

  auto customer = Column::Make(DataType::Int32());
  int32_t* ids = Fill<int32_t>(customer, n);
  for (size_t i = 0; i < n; ++i) {
    ids[i] = rows.customer_id[i];
    if (ids[i] == RowBlock::kNoCustomer) {
      ids[i] = 0;
      customer->SetNull(i);
    }
  }
  auto country = Column::MakeDictionary(countries_);
  int32_t* cs = Fill<int32_t>(country, n);
  for (size_t i = 0; i < n; ++i) cs[i] = rows.country[i];

  return Batch(schema_,
               {invoice, stock_code, description, quantity, time, price, customer, country}, n);
}

}  // namespace tally::generate
