#pragma once
// UTF-8 validation of text fields (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF).
#include <cstddef>
#include <string>
#include <string_view>

namespace tally {

bool IsValidUtf8(std::string_view text);
// The offset of the first byte that is not part of valid UTF-8; text.size() when all is valid.
size_t FirstInvalidUtf8(std::string_view text);
// For an error message about text that is not valid UTF-8: the bytes from the first invalid
// sequence on (at most 8), in hex, and where they are: "ff fe at byte 3".
std::string DescribeInvalidUtf8(std::string_view text);
// The text with every byte that is not part of valid UTF-8 written as \xNN (for names that
// must be stored as text, such as a file name in the catalog).
std::string EscapeInvalidUtf8(std::string_view text);

}  // namespace tally
