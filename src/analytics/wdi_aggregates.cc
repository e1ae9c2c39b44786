#include "analytics/wdi_aggregates.h"

#include <algorithm>
#include <array>
#include <set>

#include "common/error.h"
#include "frame/functions.h"

namespace tally {
namespace {

// The aggregate codes of the World Bank's WDI country metadata (the rows of WDICountry.csv
// without a region), sorted for binary search.
constexpr std::array<std::string_view, 49> kAggregateCodes = {
    "AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU", "FCS",
    "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN", "LDC", "LIC", "LMC",
    "LMY", "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS", "SSA",
    "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD"};

}  // namespace

bool IsWdiAggregate(std::string_view country_code) {
  static_assert(std::is_sorted(kAggregateCodes.begin(), kAggregateCodes.end()));
  return std::binary_search(kAggregateCodes.begin(), kAggregateCodes.end(), country_code);
}

WdiKind ParseWdiKind(const std::string& text) {
  if (text == "countries") return WdiKind::kCountries;
  if (text == "aggregates") return WdiKind::kAggregates;
  if (text == "all") return WdiKind::kAll;
  ThrowError("unknown kind \"{}\": countries, aggregates or all", text);
}

std::vector<WdiPoint> PointsOfKind(const std::vector<WdiPoint>& points, WdiKind kind) {
  if (kind == WdiKind::kAll) return points;
  std::vector<WdiPoint> out;
  for (const WdiPoint& p : points)
    if (IsWdiAggregate(p.country_code) == (kind == WdiKind::kAggregates)) out.push_back(p);
  return out;
}

std::vector<WdiPoint> TopOfEachKind(const std::vector<WdiPoint>& points, int top) {
  if (top < 0) return points;
  // A peak reached in several years is several rows of one country: countries are counted.
  std::set<std::string> countries, aggregates;
  std::vector<WdiPoint> out;
  for (const WdiPoint& p : points) {
    std::set<std::string>& taken = IsWdiAggregate(p.country_code) ? aggregates : countries;
    if (taken.count(p.country_code) || taken.size() < static_cast<size_t>(top)) {
      taken.insert(p.country_code);
      out.push_back(p);
    }
  }
  return out;
}

std::vector<WdiCountry> WdiCountries(const DataFrame& wdi, WdiKind kind) {
  Table t =
      wdi.group_by({col("country_code"), col("country_name")})
          .agg({count_star().alias("rows"), min(col("year")).alias("first_year"),
                max(col("year")).alias("last_year")})
          .order_by({asc(col("country_code")), asc(col("first_year")), asc(col("country_name"))})
          .collect();
  std::vector<WdiCountry> out;
  for (size_t row = 0; row < t.num_rows(); ++row) {
    WdiCountry c{t.GetScalar(row, "country_code").string_value(),
                 t.GetScalar(row, "country_name").string_value(),
                 false,
                 t.GetScalar(row, "rows").int_value(),
                 static_cast<int32_t>(t.GetScalar(row, "first_year").int_value()),
                 static_cast<int32_t>(t.GetScalar(row, "last_year").int_value())};
    c.aggregate = IsWdiAggregate(c.code);
    if (kind == WdiKind::kAll || c.aggregate == (kind == WdiKind::kAggregates))
      out.push_back(std::move(c));
  }
  return out;
}

}  // namespace tally
