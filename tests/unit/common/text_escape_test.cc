#include "common/text_escape.h"

#include <gtest/gtest.h>

namespace tally {
namespace {

TEST(EscapeControlCharacters, PrintableTextIsUnchanged) {
  EXPECT_EQ(EscapeControlCharacters("WHITE HANGING HEART £2.55 ünïcödé 日本"),
            "WHITE HANGING HEART £2.55 ünïcödé 日本");
}

TEST(EscapeControlCharacters, TerminalControlsBecomeVisible) {
  // A value that would clear the screen, recolour the terminal and fake a new output line.
  EXPECT_EQ(EscapeControlCharacters("a\x1b[2J\x1b]0;pwned\x07line\nb\r\tc\x7f"),
            "a\\x1b[2J\\x1b]0;pwned\\x07line\\nb\\r\\tc\\x7f");
  EXPECT_EQ(EscapeControlCharacters("x\xc2\x9b"
                                    "31m"),
            "x\\u009b31m");  // C1 CSI
  EXPECT_EQ(EscapeControlCharacters(std::string("nul\0", 4)), "nul\\x00");
  EXPECT_EQ(EscapeControlCharacters("two\nlines", /*keep_newlines=*/true), "two\nlines");
}

TEST(EscapeControlCharacters, InvalidUtf8BytesAreShownAsHex) {
  EXPECT_EQ(EscapeControlCharacters("bad \xff\xfe end"), "bad \\xff\\xfe end");
  EXPECT_EQ(EscapeControlCharacters("overlong \xc0\x80"), "overlong \\xc0\\x80");
  EXPECT_EQ(EscapeControlCharacters("cut \xe2\x82"), "cut \\xe2\\x82");
}

}  // namespace
}  // namespace tally
