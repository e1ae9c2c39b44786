#pragma once
// Hand-made retail results for the HTML report tests: small, with every quirk the page must
// handle (negative growth, a segment name with an apostrophe, a source name with & and <).
#include "analytics/retail_results.h"

namespace tally::testing {

// Money with two decimals: Money(123456) is 1,234.56.
inline Scalar Money(int64_t cents) {
  return Scalar::Decimal(cents, 18, 2);
}

inline RetailResults SampleResults() {
  RetailResults r;
  r.source = "online_retail <2010-2011> & more.csv";
  r.run_seconds = 1.25;
  r.rows = 541909;
  r.first_invoice = int64_t{1291191960} * 1000000;  // 2010-12-01 08:26:00
  r.last_invoice = int64_t{1323435000} * 1000000;   // 2011-12-09 12:50:00
  r.as_of = 15318;                                  // 2011-12-10

  AmountStatistics& all = r.invoice_amount;
  all.n = 19960;
  all.mean = 533.1725;
  all.min = Money(19);
  all.max = Money(16846960);
  all.median = Money(30358);
  all.mode = Money(1500);
  all.p85 = Money(66000);
  all.histogram = {
      0.19, 4211.73525, {19800, 120, 25, 8, 3, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                         0,     0,   0,  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};
  all.box = {151.0, 303.58, 492.5, 0.19, 1004.6, 0, 1712};

  AmountStatistics& low = r.invoice_amount_below_p85;
  low.n = 16965;
  low.mean = 255.87;
  low.min = Money(19);
  low.max = Money(65996);
  low.median = Money(22500);
  low.mode = Money(1500);
  low.p85 = Money(42061);
  low.histogram = {0.19, 32.99, {1210, 830, 640, 700, 880, 1050, 1130, 1080, 990, 930,
                                 880,  850, 790, 740, 680, 620,  560,  520,  470, 440}};
  low.box = {126.5, 225.0, 364.9, 0.19, 659.96, 0, 0};

  struct M {
    int32_t ym;
    int64_t gross, cancelled, sales_cents, active, new_users;
  };
  const M months[] = {
      {201012, 2025, 180, 74895702, 948, 948},   {201101, 1476, 148, 56000022, 783, 421},
      {201102, 1393, 123, 49859451, 798, 380},   {201103, 1983, 176, 68336462, 1020, 440},
      {201104, 1744, 156, 49354555, 899, 299},   {201105, 2162, 184, 72379212, 1079, 279},
      {201106, 2012, 168, 69159002, 1051, 235},  {201107, 1927, 160, 68126671, 993, 191},
      {201108, 1737, 141, 68280002, 980, 167},   {201109, 2327, 208, 101782306, 1302, 298},
      {201110, 2637, 238, 107041207, 1425, 352}, {201111, 3462, 227, 146118704, 1711, 321},
      {201112, 1015, 85, 43370112, 686, 41}};
  for (size_t i = 0; i < std::size(months); ++i) {
    const M& m = months[i];
    MonthlyRow row;
    row.ym = m.ym;
    row.gross = m.gross;
    row.cancelled = m.cancelled;
    row.placed = m.gross - 2 * m.cancelled;
    row.sales = Money(m.sales_cents);
    if (i > 0)
      row.growth = static_cast<double>(m.sales_cents - months[i - 1].sales_cents) /
                   static_cast<double>(months[i - 1].sales_cents);
    row.active = m.active;
    row.new_users = m.new_users;
    row.existing_users = m.active - m.new_users;
    r.monthly.push_back(row);
  }

  r.rfm_splits.recency = {Scalar::Int64(13), Scalar::Int64(32), Scalar::Int64(72),
                          Scalar::Int64(179)};
  r.rfm_splits.frequency = {Scalar::Int64(1), Scalar::Int64(2), Scalar::Int64(4)};
  r.rfm_splits.monetary = {Money(23860), Money(49036), Money(94175), Money(202710)};
  r.rfm_segments = {
      {"Hibernating", 1071, 217.6, 1.1, 342.1},       {"Loyal Customers", 819, 33.4, 6.5, 2801.9},
      {"Champions", 633, 6.1, 12.4, 6866.2},          {"At Risk", 580, 153.8, 2.9, 1071.5},
      {"Potential Loyalists", 492, 17.4, 2.0, 729.3}, {"About to Sleep", 352, 53.3, 1.2, 470.9},
      {"Need Attention", 207, 52.4, 2.3, 889.2},      {"Promising", 95, 23.5, 1.0, 379.1},
      {"Can't Lose", 63, 132.4, 8.4, 2793.1},         {"New Customers", 60, 7.4, 1.0, 391.8}};
  // A few customers for the R-by-F grid: (id, r, f).
  const int scores[][3] = {{12346, 1, 2}, {12347, 5, 5}, {12348, 2, 4}, {12349, 5, 5},
                           {12350, 1, 2}, {12352, 4, 5}, {12353, 1, 2}, {12354, 1, 2},
                           {12355, 1, 2}, {12356, 3, 4}, {12357, 4, 2}, {12358, 5, 3}};
  for (const auto& s : scores) {
    RfmCustomerRow c;
    c.customer_id = s[0];
    c.r = s[1];
    c.f = s[2];
    c.m = 3;
    c.recency = 10;
    c.frequency = 2;
    c.monetary = Money(12345);
    c.segment = "x";
    r.rfm_customers.push_back(c);
  }
  return r;
}

}  // namespace tally::testing
