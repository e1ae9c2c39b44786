#pragma once
// Text -> physical value conversion shared by the sources that deliver rows as text
// (PostgreSQL COPY text, INSERT literals, UCI CSV layouts). Stricter than a cast: no rounding,
// no overflow, no silently dropped time zone.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/types.h"

namespace tally {

// Parses `text` as a non-null value of `type` (not string) into its physical bits (see
// common/types.h), the way FixedColumnBuilder::Append takes them. Timestamps may carry a
// UTC offset as PostgreSQL prints timestamptz ("2010-12-01 08:26:00+00", "...-05:30"); the
// value is converted to UTC. Returns false with a short reason on failure.
bool ParseTextValue(const DataType& type, std::string_view text, uint64_t* out,
                    std::string* reason);

}  // namespace tally
