#include "report/html/html_table.h"

#include <fmt/format.h>

#include <cmath>

#include "report/html/html_escape.h"
#include "report/html/number_format.h"

namespace tally {

HtmlCell TextCell(std::string text) {
  return {std::move(text), "", false, ""};
}

HtmlCell CountCell(int64_t value) {
  return {FormatCount(value), std::to_string(value), true, ""};
}

HtmlCell MoneyCell(const Scalar& amount) {
  return {FormatGbp(amount), RawNumber(amount), true, ""};
}

HtmlCell MoneyCell(double amount) {
  return {FormatValue(amount, ValueUnit::kGbp), RawNumber(amount), true, ""};
}

HtmlCell FixedCell(double value, int decimals) {
  return {FormatFixed(value, decimals), RawNumber(value), true, ""};
}

HtmlCell PercentCell(double fraction, int decimals) {
  return {FormatPercent(fraction, decimals), RawNumber(fraction), true, ""};
}

HtmlCell ShareCell(double fraction) {
  if (!std::isfinite(fraction)) return {"\xE2\x80\x93", "", true, ""};
  return {fmt::format("{:.1f}%", fraction * 100), RawNumber(fraction), true, ""};
}

void HtmlTable::AddRow(std::string key, std::vector<HtmlCell> cells) {
  rows_.emplace_back(std::move(key), std::move(cells));
}

std::string HtmlTable::Render(const std::string& caption) const {
  std::string out = fmt::format(
      "<div class=\"table-scroll\">\n<table id=\"{}\" class=\"data-table\">\n", EscapeHtml(id_));
  if (!caption.empty()) out += "<caption>" + EscapeHtml(caption) + "</caption>\n";
  out += "<thead><tr>";
  for (const auto& c : columns_)
    out += fmt::format("<th scope=\"col\" data-column=\"{}\"{}>{}</th>", EscapeHtml(c.key),
                       c.numeric ? " class=\"num\"" : "", EscapeHtml(c.header));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& [key, cells] : rows_) {
    out += fmt::format("<tr data-key=\"{}\">", EscapeHtml(key));
    for (size_t i = 0; i < cells.size(); ++i) {
      const HtmlCell& cell = cells[i];
      std::string column = i < columns_.size() ? columns_[i].key : "";
      out += fmt::format("<td data-column=\"{}\"{}", EscapeHtml(column),
                         cell.numeric ? " class=\"num\"" : "");
      if (!cell.raw.empty()) out += fmt::format(" data-value=\"{}\"", EscapeHtml(cell.raw));
      out += ">";
      if (!cell.swatch.empty())
        out += fmt::format("<span class=\"swatch\" style=\"background:{}\"></span>",
                           EscapeHtml(cell.swatch));
      out += EscapeHtml(cell.text) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</div>\n";
}

}  // namespace tally
