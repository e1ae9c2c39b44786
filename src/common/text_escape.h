#pragma once
// Text from data files (values, column names, file names) is shown on terminals: control
// characters in it could move the cursor, recolour or retitle the terminal, or fake output
// lines. These helpers make such characters visible instead.
#include <string>
#include <string_view>

namespace tally {

// \n, \r, \t as two-character escapes; other C0 controls, DEL and C1 controls (U+0080-U+009F)
// as \xNN or \uNNNN; bytes that are not valid UTF-8 as \xNN. Printable text is unchanged.
// With keep_newlines, '\n' stays a line break (for multi-line messages).
std::string EscapeControlCharacters(std::string_view text, bool keep_newlines = false);

}  // namespace tally
