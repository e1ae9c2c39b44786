#include "report/text_table.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/text_escape.h"

namespace tally {

// Cells come from data: control characters in them are shown, never sent to the terminal.
TextTable::TextTable(std::vector<std::string> headers)
    : headers_(std::move(headers)), aligns_(headers_.size(), Align::kLeft) {
  for (std::string& header : headers_) header = EscapeControlCharacters(header);
}

void TextTable::AddRow(std::vector<std::string> cells) {
  TALLY_ASSERT(cells.size() == headers_.size());
  for (std::string& cell : cells) cell = EscapeControlCharacters(cell);
  rows_.push_back(std::move(cells));
}

std::string TextTable::Render() const {
  std::vector<size_t> widths(headers_.size());
  for (size_t c = 0; c < headers_.size(); ++c) widths[c] = DisplayWidth(headers_[c]);
  for (const auto& row : rows_)
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));

  auto render_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += "  ";
      size_t pad = widths[c] - DisplayWidth(cells[c]);
      bool last = c + 1 == cells.size();
      if (aligns_[c] == Align::kRight) {
        line.append(pad, ' ');
        line += cells[c];
      } else {
        line += cells[c];
        if (!last) line.append(pad, ' ');
      }
    }
    return line + "\n";
  };

  std::string out = render_row(headers_);
  std::string rule;
  for (size_t c = 0; c < widths.size(); ++c) {
    if (c > 0) rule += "  ";
    rule.append(widths[c], '-');
  }
  out += rule + "\n";
  for (const auto& row : rows_) out += render_row(row);
  return out;
}

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++width;
  return width;
}

std::string Counted(uint64_t count, const std::string& noun, const std::string& plural) {
  return WithThousands(std::to_string(count)) + " " +
         (count == 1 ? noun : plural.empty() ? noun + "s" : plural);
}

std::string WithThousands(const std::string& number) {
  size_t start = (!number.empty() && (number[0] == '-' || number[0] == '+')) ? 1 : 0;
  size_t end = number.find('.');
  if (end == std::string::npos) end = number.size();
  std::string out = number.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    out += number[i];
    size_t remaining = end - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  return out + number.substr(end);
}

std::string FormatBytes(uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

}  // namespace tally
