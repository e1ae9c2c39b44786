#pragma once
// Generated rows as CSV text in the layout of the real file (header below, LF line ends,
// RFC 4180 quoting, timestamps "YYYY-MM-DD HH:MM:SS", prices without trailing zeros, empty
// fields for missing customers and descriptions). Numbers are formatted by hand: this is the
// generator's hot loop.
#include <string>

#include "generate/retail_generator.h"

namespace tally::generate {

inline constexpr const char* kRetailCsvHeader =
    "invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country\n";

// Appends the block's rows to `out`.
void AppendCsvRows(const RetailGenerator& generator, const RowBlock& rows, std::string* out);

}  // namespace tally::generate
