#pragma once
// UTF-8 validation of text fields (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF).
#include <string_view>

namespace tally {

bool IsValidUtf8(std::string_view text);

}  // namespace tally
