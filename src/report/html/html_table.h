#pragma once
// HTML data tables whose cells carry both the display text and the raw number (data-value),
// so a reader sees "£1,234.50" and a test can read 1234.5.
#include <cstdint>
#include <string>
#include <vector>

#include "common/scalar.h"

namespace tally {

struct HtmlCell {
  std::string text;     // display text (escaped when rendered)
  std::string raw;      // data-value; empty: none
  bool numeric = true;  // right-aligned
  std::string swatch;   // "#RRGGBB": a colour key shown before the text (as in the chart)
};

HtmlCell TextCell(std::string text);
HtmlCell CountCell(int64_t value);
HtmlCell MoneyCell(const Scalar& amount);
HtmlCell MoneyCell(double amount);  // a mean: shown with two decimals, raw kept in full
HtmlCell FixedCell(double value, int decimals);
HtmlCell PercentCell(double fraction, int decimals = 1);  // shown signed, raw is the fraction
HtmlCell ShareCell(double fraction);                      // unsigned "28.1%"

struct HtmlColumn {
  std::string key;     // data-column on the header and every cell, e.g. "gross"
  std::string header;  // display text
  bool numeric = true;
};

class HtmlTable {
 public:
  HtmlTable(std::string id, std::vector<HtmlColumn> columns)
      : id_(std::move(id)), columns_(std::move(columns)) {}
  // `key` becomes the row's data-key (e.g. "201012").
  void AddRow(std::string key, std::vector<HtmlCell> cells);
  // <table id=... class="data-table"> with a caption when given, inside a scroll box.
  std::string Render(const std::string& caption = "") const;

 private:
  std::string id_;
  std::vector<HtmlColumn> columns_;
  std::vector<std::pair<std::string, std::vector<HtmlCell>>> rows_;
};

}  // namespace tally
