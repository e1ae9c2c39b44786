#pragma once
// Writing CSV: one field as RFC 4180 wants it.
#include <string>
#include <string_view>

namespace tally {

// The field as is, or quoted (with doubled quotes) when it holds a comma, quote or line break.
std::string CsvQuoted(std::string_view value);

}  // namespace tally
