#pragma once
// Values of an ordered aggregate (string_agg(x, sep ORDER BY k1, k2 ...)) travel through the
// aggregation as one string per row, an "entry": the ORDER BY keys encoded so that comparing
// two entries byte by byte (memcmp) orders them as the keys order the rows, then the
// separator and the value, then the lengths of those two (fixed width, read from the end).
// One string column keeps the aggregate a one-input aggregate that threads combine and ranks
// exchange like any other, and sorting entries needs no type dispatch.
#include <string>
#include <string_view>

#include "common/scalar.h"

namespace tally {

// Appends `key`'s order-preserving encoding: a NULL marker byte placed by `nulls_first`, then
// for non-NULL values fixed-width big-endian numbers or escaped, terminated strings, with every
// byte inverted for a descending key.
void AppendOrderKey(const Scalar& key, bool descending, bool nulls_first, std::string* out);

// Appends the separator and value after the encoded keys already in `entry`.
void FinishEntry(std::string_view separator, std::string_view value, std::string* entry);

// The separator and value of an entry.
void ReadEntry(std::string_view entry, std::string_view* separator, std::string_view* value);

}  // namespace tally
