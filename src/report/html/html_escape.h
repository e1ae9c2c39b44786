#pragma once
// Escaping of text placed in HTML or SVG (both as element content and inside quoted attributes).
#include <string>
#include <string_view>

namespace tally {

// Replaces & < > " ' with entities, so "Can't Lose" or a source named "a&b<c" cannot end an
// element or an attribute early.
std::string EscapeHtml(std::string_view text);

}  // namespace tally
