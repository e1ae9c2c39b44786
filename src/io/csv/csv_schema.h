#pragma once
// Schemas for CSV input: the built-in retail schema, schema files, and type inference from a
// sample of rows.
#include <memory>
#include <string>
#include <vector>

#include "common/types.h"

namespace tally {

// invoice_no string, stock_code string, description string, quantity int32,
// invoice_date timestamp, unit_price decimal(18,3), customer_id int32, country string.
std::shared_ptr<const Schema> RetailSchema();

// {"columns":[{"name":"a","type":"decimal(18,3)","nullable":true},...]} ("nullable" is
// optional, default true). Throws tally::Error naming the file on any problem.
std::shared_ptr<const Schema> LoadSchemaFile(const std::string& json_path);

// Chooses for each column the narrowest type that every non-empty sample value parses as, in
// the order int32, int64, decimal(18,s) (s = most fractional digits seen), double, date,
// timestamp, bool, string. Columns with no non-empty value are strings.
std::shared_ptr<const Schema> InferSchema(const std::vector<std::string>& names,
                                          const std::vector<std::vector<std::string>>& rows);

// The delimiter of a CSV file guessed from its first line: whichever of ',', ';', tab and '|'
// occurs most often outside quotes (',' when none does). Reads only the head (standard input
// too: see OpenInput).
char DetectCsvDelimiter(const std::string& path);

}  // namespace tally
