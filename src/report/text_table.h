#pragma once
// Aligned plain-text tables for the console: a header row, a rule, and rows; numeric columns
// right-aligned. Widths count UTF-8 code points, so "£" and accented names line up.
#include <string>
#include <vector>

namespace tally {

class TextTable {
 public:
  enum class Align { kLeft, kRight };

  explicit TextTable(std::vector<std::string> headers);
  void SetAlign(size_t column, Align align) { aligns_.at(column) = align; }
  void AddRow(std::vector<std::string> cells);
  size_t num_rows() const { return rows_.size(); }
  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

// Number of UTF-8 code points in `text` (continuation bytes are not counted).
size_t DisplayWidth(const std::string& text);
// 1234567 -> "1,234,567"; keeps a sign and any fractional part ("-1234.5" -> "-1,234.5").
std::string WithThousands(const std::string& number);
// A count and its noun: "1 row", "2,000 rows" (`plural` defaults to the noun with an "s").
std::string Counted(uint64_t count, const std::string& noun, const std::string& plural = "");
// Human-readable byte count: "3.1 MB".
std::string FormatBytes(uint64_t bytes);

}  // namespace tally
