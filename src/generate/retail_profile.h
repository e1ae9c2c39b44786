#pragma once
// Compact statistics of the real "Online Retail" data (data/online_retail.csv.zst, 541,909 lines,
// 2010-12-01 .. 2011-12-09) that the generator reproduces. They were measured with
// src/generate/measure_retail.py; the generator needs no input file.
#include <array>
#include <cstdint>

namespace tally::generate::profile {

// Volume of one "scale": the real file.
inline constexpr int64_t kRowsPerScale = 541909;
inline constexpr int64_t kCustomersPerScale = 4372;

// The period of one scale block. Larger scales keep this year and multiply the volume
// (more customers and invoices), so monthly reports keep their shape.
inline constexpr int kFirstYear = 2010, kFirstMonth = 12, kFirstDay = 1;
inline constexpr int kLastYear = 2011, kLastMonth = 12, kLastDay = 9;
inline constexpr int kFirstInvoiceNumber = 536365;
inline constexpr int kFirstCustomerId = 12346;

// Lines per month, 2010-12 .. 2011-12 (November is the peak; 2011-12 has 9 days).
inline constexpr std::array<double, 13> kMonthRows = {
    42481, 35147, 27707, 36748, 29916, 37030, 36874, 39518, 35284, 50226, 60742, 84711, 25525};
// Lines per weekday, Monday first. The shop did not trade on Saturdays.
inline constexpr std::array<double, 7> kWeekdayRows = {95111, 101808, 94565, 103857,
                                                       82193, 0,      64375};
// Lines per hour of the day, 0..23.
inline constexpr std::array<double, 24> kHourRows = {
    0,     0,     0,     0,     0,     0,     41,   383,  8909, 34332, 49037, 57674,
    78709, 72259, 67471, 77519, 54516, 28509, 7974, 3705, 871,  0,     0,     0};
// Christmas closure: no trade from 24 December to 3 January.

// Invoice kinds, by number of invoices.
enum class InvoiceKind : uint8_t { kSale, kAnonymousSale, kCancel, kAnonymousCancel, kAdjust };
inline constexpr std::array<double, 5> kInvoiceKindCounts = {18536, 3528, 3654, 182, 3};

// Lines per invoice: histogram bins (upper bound inclusive; the lower bound is the previous
// bin's upper bound + 1) with the share of invoices in each bin, per invoice kind.
inline constexpr std::array<int, 22> kLineBins = {
    1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1100};
inline constexpr std::array<double, 22> kSaleLines = {
    0.0751, 0.0397, 0.0344, 0.0338, 0.0356, 0.0321, 0.0631, 0.0601, 0.055,  0.0828, 0.1253,
    0.0877, 0.0631, 0.0761, 0.0472, 0.0563, 0.0197, 0.0099, 0.0019, 0.0008, 0.0005, 0.0002};
inline constexpr std::array<double, 22> kAnonymousSaleLines = {
    0.657,  0.0295, 0.0164, 0.0111, 0.0071, 0.0051, 0.0099, 0.0088, 0.0051, 0.0085, 0.0096,
    0.0105, 0.0071, 0.021,  0.023,  0.0383, 0.0128, 0.021,  0.038,  0.0312, 0.0162, 0.013};
inline constexpr std::array<double, 22> kCancelLines = {
    0.5482, 0.202,  0.107,  0.0408, 0.0285, 0.0153, 0.0205, 0.0101, 0.0085, 0.0066, 0.0049,
    0.0033, 0.0011, 0.0022, 0.0005, 0.0003, 0,      0.0003, 0,      0,      0,      0};
inline constexpr std::array<double, 22> kAnonymousCancelLines = {
    0.7033, 0.1923, 0.044,  0.0055, 0, 0.0055, 0.022, 0, 0, 0, 0.011,
    0.0055, 0.0055, 0.0055, 0,      0, 0,      0,     0, 0, 0, 0};

struct Country {
  const char* name;
  int customers;       // distinct customers of that country
  int customer_rows;   // lines with a customer id
  int anonymous_rows;  // lines without one
};
inline constexpr std::array<Country, 38> kCountries = {{
    {"United Kingdom", 3950, 361878, 133600},
    {"Germany", 95, 9495, 0},
    {"France", 87, 8491, 66},
    {"EIRE", 3, 7485, 711},
    {"Spain", 29, 2533, 0},
    {"Netherlands", 9, 2371, 0},
    {"Belgium", 24, 2069, 0},
    {"Switzerland", 20, 1877, 125},
    {"Portugal", 19, 1480, 39},
    {"Australia", 9, 1259, 0},
    {"Norway", 10, 1086, 0},
    {"Italy", 15, 803, 0},
    {"Channel Islands", 9, 758, 0},
    {"Finland", 12, 695, 0},
    {"Cyprus", 7, 622, 0},
    {"Sweden", 8, 462, 0},
    {"Unspecified", 4, 244, 202},
    {"Austria", 9, 401, 0},
    {"Denmark", 8, 389, 0},
    {"Japan", 8, 358, 0},
    {"Poland", 6, 341, 0},
    {"Israel", 4, 250, 47},
    {"USA", 4, 291, 0},
    {"Hong Kong", 0, 0, 288},
    {"Singapore", 1, 229, 0},
    {"Iceland", 1, 182, 0},
    {"Canada", 4, 151, 0},
    {"Greece", 4, 146, 0},
    {"Malta", 2, 127, 0},
    {"United Arab Emirates", 2, 68, 0},
    {"European Community", 1, 61, 0},
    {"RSA", 1, 58, 0},
    {"Lebanon", 1, 45, 0},
    {"Lithuania", 1, 35, 0},
    {"Brazil", 1, 32, 0},
    {"Czech Republic", 1, 30, 0},
    {"Bahrain", 2, 17, 2},
    {"Saudi Arabia", 1, 10, 0},
}};

// Typical (median) unit prices of stock codes and how many stock codes have each one; the
// remaining ~11% of stock codes get a log-normal price (log mean / sd below).
struct PricePoint {
  int64_t milli;
  int stock_codes;
};
inline constexpr std::array<PricePoint, 40> kPricePoints = {{
    {1250, 466}, {850, 255},  {2950, 245}, {1650, 219}, {420, 218}, {3750, 177}, {4950, 158},
    {2550, 139}, {2100, 138}, {1950, 129}, {390, 108},  {4250, 86}, {5950, 77},  {2080, 71},
    {650, 70},   {7950, 66},  {1450, 66},  {290, 61},   {9950, 60}, {830, 56},   {8500, 42},
    {790, 42},   {190, 41},   {4150, 39},  {12750, 35}, {2490, 30}, {1690, 26},  {2890, 26},
    {8250, 25},  {6950, 24},  {3950, 23},  {8950, 21},  {380, 21},  {210, 21},   {8290, 21},
    {7500, 20},  {6750, 20},  {550, 19},   {6350, 19},  {2460, 19},
}};
inline constexpr double kPricePointShare = 0.89;
inline constexpr double kLogPriceMean = 0.676, kLogPriceSd = 1.053;
// Lines without a customer (the web shop) pay about twice the wholesale price.
inline constexpr double kRetailMarkup = 1.968;
// Customer lines: 88.7% at the stock code's usual price, 7.7% below (bulk), the rest above.
inline constexpr double kBulkPriceShare = 0.077, kHigherPriceShare = 0.036;

// Lines per stock code by popularity rank (the catalog's rank-frequency curve), interpolated
// log-linearly between these points.
struct RankCount {
  double rank, lines;
};
inline constexpr std::array<RankCount, 8> kPopularity = {{
    {1, 2271},
    {10, 1328},
    {100, 698},
    {500, 294},
    {1000, 167},
    {2000, 63},
    {3000, 15},
    {4000, 1},
}};
inline constexpr int kCatalogProducts = 4000;

// Quantity of a line by the item's price band (<1, <2.5, <5, <10, >=10 GBP) and whether the
// buyer is a (wholesale) customer: the most frequent quantities with their shares; the rest of
// the mass is split between small quantities (uniform 1..30) and a large tail (> 100).
struct QuantityShare {
  int quantity;
  double share;
};
struct QuantityProfile {
  std::array<QuantityShare, 10> common;
  double large_share;
};
inline constexpr int kPriceBands = 5;
inline constexpr std::array<int64_t, 4> kPriceBandLimits = {1000, 2500, 5000, 10000};  // milli
inline constexpr std::array<QuantityProfile, kPriceBands> kCustomerQuantities = {{
    {{{{12, .207},
       {24, .152},
       {1, .116},
       {2, .083},
       {25, .053},
       {3, .046},
       {6, .042},
       {10, .042},
       {4, .040},
       {48, .036}}},
     .0237},
    {{{{12, .218},
       {1, .163},
       {2, .121},
       {10, .102},
       {6, .076},
       {3, .059},
       {4, .050},
       {24, .046},
       {8, .032},
       {5, .025}}},
     .0117},
    {{{{1, .213},
       {6, .199},
       {4, .162},
       {2, .132},
       {3, .090},
       {12, .060},
       {8, .038},
       {24, .022},
       {5, .019},
       {48, .007}}},
     .0056},
    {{{{2, .388},
       {1, .275},
       {4, .096},
       {3, .094},
       {6, .042},
       {12, .027},
       {10, .025},
       {8, .013},
       {5, .007},
       {24, .006}}},
     .0018},
    {{{{1, .472},
       {2, .265},
       {4, .077},
       {3, .061},
       {6, .037},
       {16, .025},
       {8, .016},
       {12, .012},
       {5, .008},
       {32, .006}}},
     .0025},
}};
inline constexpr std::array<QuantityProfile, kPriceBands> kAnonymousQuantities = {{
    {{{{1, .422},
       {2, .180},
       {3, .092},
       {4, .064},
       {5, .046},
       {6, .039},
       {8, .020},
       {7, .019},
       {12, .018},
       {10, .016}}},
     .0008},
    {{{{1, .507},
       {2, .191},
       {3, .085},
       {4, .055},
       {5, .030},
       {6, .030},
       {7, .013},
       {8, .013},
       {12, .012},
       {10, .011}}},
     .0020},
    {{{{1, .570},
       {2, .187},
       {3, .079},
       {4, .049},
       {5, .025},
       {6, .022},
       {7, .012},
       {8, .010},
       {9, .006},
       {10, .005}}},
     .0018},
    {{{{1, .652},
       {2, .167},
       {3, .066},
       {4, .034},
       {5, .020},
       {6, .014},
       {7, .008},
       {8, .006},
       {9, .005},
       {10, .005}}},
     .0009},
    {{{{1, .744},
       {2, .148},
       {3, .042},
       {4, .021},
       {5, .011},
       {6, .007},
       {7, .005},
       {8, .004},
       {9, .002},
       {11, .002}}},
     .0003},
}};
// Large quantities (wholesale pallets), with relative weights.
inline constexpr std::array<QuantityShare, 14> kLargeQuantities = {{
    {120, 8},
    {144, 10},
    {160, 4},
    {192, 5},
    {200, 6},
    {240, 3},
    {288, 4},
    {300, 3},
    {384, 2},
    {480, 2},
    {576, 2},
    {720, 1},
    {1200, 1},
    {2400, 0.3},
}};

// Cancellations: share of cancellation lines that take back a line of an earlier purchase of
// the same customer (the rest name other items).
inline constexpr double kCancelMatchShare = 0.85;
// Non-UK customers' invoices end with a POSTAGE line this often.
inline constexpr double kForeignPostageShare = 0.55;
// Multi-line web-shop invoices end with a DOTCOM POSTAGE line this often.
inline constexpr double kDotcomPostageShare = 0.55;
// Single-line web-shop invoices: share that are stock corrections (no description, price 0).
inline constexpr double kStockCorrectionShare = 0.6;

}  // namespace tally::generate::profile
