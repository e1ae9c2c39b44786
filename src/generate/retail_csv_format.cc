#include "generate/retail_csv_format.h"

#include <cstring>
#include <vector>

#include "common/datetime.h"

namespace tally::generate {
namespace {

// Writes the decimal digits of v (>= 0) at p; returns the end.
inline char* PutUnsigned(char* p, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) *p++ = digits[--n];
  return p;
}

inline char* PutSigned(char* p, int64_t v) {
  if (v < 0) {
    *p++ = '-';
    return PutUnsigned(p, static_cast<uint64_t>(-v));
  }
  return PutUnsigned(p, static_cast<uint64_t>(v));
}

inline char* PutTwo(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}

// 2.55, 18, 0.001, -11062.06: at most 3 decimals, no trailing zeros.
inline char* PutPrice(char* p, int64_t milli) {
  if (milli < 0) {
    *p++ = '-';
    milli = -milli;
  }
  p = PutUnsigned(p, static_cast<uint64_t>(milli / 1000));
  unsigned frac = static_cast<unsigned>(milli % 1000);
  if (frac != 0) {
    *p++ = '.';
    *p++ = static_cast<char>('0' + frac / 100);
    frac %= 100;
    if (frac != 0) {
      *p++ = static_cast<char>('0' + frac / 10);
      frac %= 10;
      if (frac != 0) *p++ = static_cast<char>('0' + frac);
    }
  }
  return p;
}

// "YYYY-MM-DD HH:MM:SS" (19 characters).
void FormatTime(int64_t micros, char* p) {
  int64_t seconds = micros / kMicrosPerSecond;
  int32_t days = static_cast<int32_t>(seconds / 86400);
  int64_t in_day = seconds % 86400;
  int year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  p = PutTwo(p, static_cast<unsigned>(year / 100));
  p = PutTwo(p, static_cast<unsigned>(year % 100));
  *p++ = '-';
  p = PutTwo(p, month);
  *p++ = '-';
  p = PutTwo(p, day);
  *p++ = ' ';
  p = PutTwo(p, static_cast<unsigned>(in_day / 3600));
  *p++ = ':';
  p = PutTwo(p, static_cast<unsigned>(in_day / 60 % 60));
  *p++ = ':';
  PutTwo(p, static_cast<unsigned>(in_day % 60));
}

inline char* PutText(char* p, const std::string& s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// Country names never need quoting; kept as std::string for their length.
const std::string& CountryField(uint8_t country) {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>;
    for (int c = 0; c < RetailGenerator::kCountries; ++c)
      v->push_back(RetailGenerator::CountryName(c));
    return v;
  }();
  return (*names)[country];
}

}  // namespace

void AppendCsvRows(const RetailGenerator& generator, const RowBlock& rows, std::string* out) {
  const auto& products = generator.catalog().products();
  size_t longest = 0;
  for (const auto& p : products)
    longest = std::max(longest, p.stock_code.size() + p.description_field.size());
  // Upper bound of one line: invoice 21, code+description, quantity 12, time 19, price 21,
  // customer 12, country 32, separators.
  const size_t max_line = longest + 21 + 12 + 19 + 21 + 12 + 64 + 8;
  size_t start = out->size();
  out->resize(start + rows.size() * max_line);
  char* p = out->data() + start;

  char time_text[19];
  int64_t formatted_time = -1;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.invoice_prefix[i]) *p++ = rows.invoice_prefix[i];
    p = PutUnsigned(p, static_cast<uint64_t>(rows.invoice[i]));
    *p++ = ',';
    const Product& product = products[static_cast<size_t>(rows.product[i])];
    p = PutText(p, product.stock_code);
    *p++ = ',';
    if (!rows.no_description[i]) p = PutText(p, product.description_field);
    *p++ = ',';
    p = PutSigned(p, rows.quantity[i]);
    *p++ = ',';
    if (rows.time[i] != formatted_time) {
      formatted_time = rows.time[i];
      FormatTime(formatted_time, time_text);
    }
    std::memcpy(p, time_text, sizeof(time_text));
    p += sizeof(time_text);
    *p++ = ',';
    p = PutPrice(p, rows.price_milli[i]);
    *p++ = ',';
    if (rows.customer_id[i] != RowBlock::kNoCustomer) p = PutSigned(p, rows.customer_id[i]);
    *p++ = ',';
    p = PutText(p, CountryField(rows.country[i]));
    *p++ = '\n';
  }
  out->resize(static_cast<size_t>(p - out->data()));
}

}  // namespace tally::generate
