// Months the data covers only in part: a month's totals and its growth mean something else
// there, and the outputs people read say so.
#include <fmt/format.h>

#include "analytics/retail_report.h"
#include "common/datetime.h"

namespace tally {
namespace {

// The first and last day of month `ym` (days since the epoch).
std::pair<int32_t, int32_t> MonthDays(int32_t ym) {
  int year = ym / 100;
  unsigned month = static_cast<unsigned>(ym % 100);
  int32_t first = DaysFromCivil(year, month, 1);
  int32_t next = month == 12 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, month + 1, 1);
  return {first, next - 1};
}

int32_t YearMonthOf(int32_t days) {
  int year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  return year * 100 + static_cast<int32_t>(month);
}

}  // namespace

bool IsPartialMonth(const RetailResults& results, int32_t ym) {
  if (!results.first_invoice || !results.last_invoice) return false;
  int32_t first = TimestampToDays(*results.first_invoice);
  int32_t last = TimestampToDays(*results.last_invoice);
  auto [month_first, month_last] = MonthDays(ym);
  return (YearMonthOf(first) == ym && first > month_first) ||
         (YearMonthOf(last) == ym && last < month_last);
}

std::string PartialMonthsNote(const RetailResults& results) {
  std::string note;
  for (const auto& m : results.monthly) {
    if (!IsPartialMonth(results, m.ym)) continue;
    auto [month_first, month_last] = MonthDays(m.ym);
    int32_t first = std::max(month_first, TimestampToDays(*results.first_invoice));
    int32_t last = std::min(month_last, TimestampToDays(*results.last_invoice));
    std::string span = first > month_first ? fmt::format("the data starts on {}", FormatDate(first))
                                           : fmt::format("the data ends on {}", FormatDate(last));
    if (first > month_first && last < month_last)
      span = fmt::format("the data runs from {} to {}", FormatDate(first), FormatDate(last));
    note += fmt::format(
        "{}{:04d}-{:02d} is a partial month: {}, {} of its {} days; its totals and growth "
        "compare part of a month with whole ones.",
        note.empty() ? "" : " ", m.ym / 100, m.ym % 100, span, last - first + 1,
        month_last - month_first + 1);
  }
  return note;
}

}  // namespace tally
