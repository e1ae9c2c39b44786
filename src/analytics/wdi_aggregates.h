#pragma once
// The World Bank's aggregates in WDI data: rows whose "country" is a region, an income or
// lending group or the world (WLD, EUU, HIC, IDA, ...), which tables and charts show apart from
// the countries they sum up.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/wdi.h"

namespace tally {

// Whether `country_code` is one of the World Bank's aggregate codes (regions, income and
// lending groups, demographic-dividend groups, the world).
bool IsWdiAggregate(std::string_view country_code);

// Which rows a query keeps: countries, aggregates or both.
enum class WdiKind { kAll, kCountries, kAggregates };
WdiKind ParseWdiKind(const std::string& text);  // "all", "countries", "aggregates"

// The points of `kind`, in their order.
std::vector<WdiPoint> PointsOfKind(const std::vector<WdiPoint>& points, WdiKind kind);
// The points of the first `top` countries and of the first `top` aggregates, in their order
// (every row of a country taken: a peak reached in several years); top < 0 keeps all.
std::vector<WdiPoint> TopOfEachKind(const std::vector<WdiPoint>& points, int top);

// One name of a country (or aggregate) code: a code renamed over the years has a row per name.
struct WdiCountry {
  std::string code;
  std::string name;
  bool aggregate = false;
  int64_t rows = 0;
  int32_t first_year = 0;
  int32_t last_year = 0;
};
// The codes and names in a WDI table, of `kind`, ordered by code, then first year.
std::vector<WdiCountry> WdiCountries(const DataFrame& wdi, WdiKind kind);

}  // namespace tally
