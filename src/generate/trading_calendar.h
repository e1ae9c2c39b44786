#pragma once
// When the shop trades: the period of one scale (profile::kFirst*/kLast*) cut into hours, each
// weighted by its month's volume (spread over the month's trading days), its weekday and its
// hour of the day. A position u in [0, 1) of the generated volume maps monotonically to a
// timestamp, so rows generated in order come out in time order with the real seasonality.
#include <cstdint>
#include <vector>

namespace tally::generate {

class TradingCalendar {
 public:
  TradingCalendar();

  // Timestamp (microseconds since 1970, whole minutes) at volume position u in [0, 1).
  int64_t TimeAt(double u) const;

 private:
  int64_t first_hour_ = 0;          // hours since 1970 of the first cell
  std::vector<double> cumulative_;  // cumulative weight at the end of each cell, last == 1
  std::vector<uint32_t> cells_;     // hour offset (from first_hour_) of each trading cell
};

}  // namespace tally::generate
