#include "io/csv/csv_quote.h"

namespace tally {

std::string CsvQuoted(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string field = "\"";
  for (char c : value) {
    if (c == '"') field += '"';
    field += c;
  }
  return field + "\"";
}

}  // namespace tally
