// §8: World Development Indicators. Each query filters on indicator_code first: the filter is
// pushed into the scan, and the ingest's sorted, small row groups let it skip the rest.
#include "analytics/wdi.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "frame/functions.h"

namespace tally {
namespace {

std::vector<WdiPoint> PointsOf(const Table& t) {
  std::vector<WdiPoint> points;
  points.reserve(t.num_rows());
  for (size_t row = 0; row < t.num_rows(); ++row)
    points.push_back({t.GetScalar(row, "country_name").string_value(),
                      t.GetScalar(row, "country_code").string_value(),
                      static_cast<int32_t>(t.GetScalar(row, "year").int_value()),
                      t.GetScalar(row, "value").double_value()});
  return points;
}

DataFrame OneIndicator(const DataFrame& wdi, const std::string& indicator) {
  return wdi.filter(col("indicator_code") == indicator);
}

// The name of an indicator; throws Error (with a hint) when the table does not have it.
std::string IndicatorName(const DataFrame& wdi, const std::string& indicator) {
  Table t = OneIndicator(wdi, indicator).select({col("indicator_name")}).limit(1).collect();
  if (t.num_rows() == 0)
    ThrowError("unknown indicator \"{}\"; list the codes with: tally wdi indicators --search TEXT",
               indicator);
  return t.GetScalar(0, "indicator_name").string_value();
}

// A country by its code or name, in any case ("can", "canada", "TÜRKIYE").
Expr IsCountry(const std::string& country) {
  Expr lowered = lower(lit(country.c_str()));
  return lower(col("country_code")) == lowered || lower(col("country_name")) == lowered;
}

const std::vector<Expr>& PointColumns() {
  static const std::vector<Expr> columns = {col("country_name"), col("country_code"), col("year"),
                                            col("indicator_value").alias("value")};
  return columns;
}

bool ContainsIgnoringCase(const std::string& text, const std::string& part) {
  auto it = std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

}  // namespace

WdiSeriesResult WdiSeries(const DataFrame& wdi, const std::string& indicator,
                          const std::string& country) {
  WdiSeriesResult result{indicator, IndicatorName(wdi, indicator), {}};
  Table t = OneIndicator(wdi, indicator)
                .filter(IsCountry(country))
                .select(PointColumns())
                .order_by({asc(col("year"))})
                .collect();
  result.points = PointsOf(t);
  if (result.points.empty() &&
      wdi.filter(IsCountry(country)).select({col("year")}).limit(1).collect().num_rows() == 0)
    ThrowError(
        "unknown country \"{}\" (give a country name or code, e.g. Canada or CAN); list "
        "them with: tally wdi countries",
        country);
  return result;
}

WdiSeriesResult WdiAllCountries(const DataFrame& wdi, const std::string& indicator) {
  WdiSeriesResult result{indicator, IndicatorName(wdi, indicator), {}};
  Table t = OneIndicator(wdi, indicator)
                .select(PointColumns())
                .order_by({asc(col("country_name")), asc(col("year"))})
                .collect();
  result.points = PointsOf(t);
  return result;
}

WdiSeriesResult WdiPeaks(const DataFrame& wdi, const std::string& indicator, bool ignore_zero) {
  WdiSeriesResult result{indicator, IndicatorName(wdi, indicator), {}};
  DataFrame rows = OneIndicator(wdi, indicator);
  if (ignore_zero) rows = rows.filter(col("indicator_value") != 0.0);
  // One indicator's rows are few; keep them rather than scanning twice for the join.
  DataFrame values = rows.select({col("indicator_code"), col("country_name"), col("country_code"),
                                  col("year"), col("indicator_value").alias("value")})
                         .cache();
  DataFrame peaks = values.group_by({col("indicator_code"), col("country_code")})
                        .agg({max(col("value")).alias("peak")});
  Table t = values.join(peaks, {"indicator_code", "country_code"})
                .filter(col("value") == col("peak"))
                .select({col("country_name"), col("country_code"), col("year"), col("value")})
                .order_by({desc(col("value")), asc(col("country_name")), asc(col("year"))})
                .collect();
  result.points = PointsOf(t);
  return result;
}

std::vector<WdiIndicator> WdiIndicators(const DataFrame& wdi, const std::string& search) {
  Table t = wdi.group_by({col("indicator_code"), col("indicator_name")})
                .agg({count_star().alias("rows"), min(col("year")).alias("first_year"),
                      max(col("year")).alias("last_year")})
                .order_by({asc(col("indicator_code"))})
                .collect();
  std::vector<WdiIndicator> out;
  for (size_t row = 0; row < t.num_rows(); ++row) {
    WdiIndicator i{t.GetScalar(row, "indicator_code").string_value(),
                   t.GetScalar(row, "indicator_name").string_value(),
                   t.GetScalar(row, "rows").int_value(),
                   static_cast<int32_t>(t.GetScalar(row, "first_year").int_value()),
                   static_cast<int32_t>(t.GetScalar(row, "last_year").int_value())};
    // The list has one row per indicator (dozens to a few thousand): matching here, rather
    // than per data row, keeps the search case-insensitive at no cost.
    if (search.empty() || ContainsIgnoringCase(i.code, search) ||
        ContainsIgnoringCase(i.name, search))
      out.push_back(std::move(i));
  }
  return out;
}

std::vector<Batch> SortWdiForStorage(std::vector<Batch> rows) {
  if (rows.empty()) return rows;
  auto schema = rows.front().schema;
  Table sorted =
      DataFrame::FromTable(Table(schema, std::move(rows)))
          .order_by({asc(col("indicator_code")), asc(col("country_name")), asc(col("year"))})
          .collect();
  return sorted.batches();
}

}  // namespace tally
