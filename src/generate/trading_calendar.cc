#include "generate/trading_calendar.h"

#include <algorithm>

#include "common/datetime.h"
#include "generate/retail_profile.h"

namespace tally::generate {
namespace {

bool ChristmasClosure(unsigned month, unsigned day) {
  return (month == 12 && day >= 24) || (month == 1 && day <= 3);
}

}  // namespace

TradingCalendar::TradingCalendar() {
  using namespace profile;
  int32_t first = DaysFromCivil(kFirstYear, kFirstMonth, kFirstDay);
  int32_t last = DaysFromCivil(kLastYear, kLastMonth, kLastDay);
  first_hour_ = static_cast<int64_t>(first) * 24;

  auto month_index = [&](int year, unsigned month) {
    return (year - kFirstYear) * 12 + static_cast<int>(month) - kFirstMonth;
  };
  auto trades = [&](int32_t days, int year, unsigned month, unsigned day) {
    int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
    return kWeekdayRows[weekday] > 0 && !ChristmasClosure(month, day) &&
           month_index(year, month) >= 0;
  };
  // Each month's volume is spread over its trading days in proportion to their weekday weight.
  std::vector<double> month_weekday_sum(kMonthRows.size(), 0.0);
  for (int32_t d = first; d <= last; ++d) {
    int year;
    unsigned month, day;
    CivilFromDays(d, &year, &month, &day);
    if (trades(d, year, month, day))
      month_weekday_sum[month_index(year, month)] +=
          kWeekdayRows[static_cast<size_t>(((d % 7) + 7 + 3) % 7)];
  }
  double hour_total = 0;
  for (double h : kHourRows) hour_total += h;

  double total = 0;
  for (int32_t d = first; d <= last; ++d) {
    int year;
    unsigned month, day;
    CivilFromDays(d, &year, &month, &day);
    if (!trades(d, year, month, day)) continue;
    int m = month_index(year, month);
    double day_weight = kMonthRows[m] * kWeekdayRows[static_cast<size_t>(((d % 7) + 7 + 3) % 7)] /
                        month_weekday_sum[m];
    for (int hour = 0; hour < 24; ++hour) {
      if (kHourRows[hour] == 0) continue;
      total += day_weight * kHourRows[hour] / hour_total;
      cumulative_.push_back(total);
      cells_.push_back(static_cast<uint32_t>((d - first) * 24 + hour));
    }
  }
  for (double& c : cumulative_) c /= total;
  cumulative_.back() = 1.0;
}

int64_t TradingCalendar::TimeAt(double u) const {
  size_t cell = static_cast<size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) -
                                    cumulative_.begin());
  if (cell >= cells_.size()) cell = cells_.size() - 1;
  double start = cell == 0 ? 0.0 : cumulative_[cell - 1];
  double within = (u - start) / (cumulative_[cell] - start);
  int64_t minute = std::clamp(static_cast<int64_t>(within * 60), int64_t{0}, int64_t{59});
  int64_t hours = first_hour_ + cells_[cell];
  return (hours * 60 + minute) * 60 * kMicrosPerSecond;
}

}  // namespace tally::generate
