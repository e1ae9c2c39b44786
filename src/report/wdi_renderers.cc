#include "report/wdi_renderers.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "analytics/wdi_aggregates.h"
#include "io/csv/csv_quote.h"
#include "report/html/number_format.h"
#include "report/text_table.h"

namespace tally {
namespace {

using nlohmann::ordered_json;

// Shortest round-trip text ("2.5", "1e-05", "-0.3").
std::string ValueText(double value) {
  return fmt::format("{}", value);
}

// A value for people: six significant digits (CSV and JSON keep the exact value).
std::string PeopleText(double value) {
  std::string text = FormatSignificant(value);
  if (text.starts_with("\xE2\x88\x92")) text = "-" + text.substr(3);  // ASCII minus on consoles
  return text;
}

std::string PointsTableText(const std::vector<WdiPoint>& points) {
  TextTable table({"country_name", "country_code", "year", "value"});
  table.SetAlign(2, TextTable::Align::kRight);
  table.SetAlign(3, TextTable::Align::kRight);
  for (const WdiPoint& p : points)
    table.AddRow({p.country_name, p.country_code, std::to_string(p.year), PeopleText(p.value)});
  return table.Render() + fmt::format("({} row{})\n", WithThousands(std::to_string(points.size())),
                                      points.size() == 1 ? "" : "s");
}

}  // namespace

std::string RenderWdiPointsConsole(const WdiSeriesResult& result, const std::string& title) {
  std::string out = fmt::format("{}\n{} \xE2\x80\x94 {}\n\n", title, result.indicator_code,
                                result.indicator_name);
  std::vector<WdiPoint> countries = PointsOfKind(result.points, WdiKind::kCountries);
  std::vector<WdiPoint> aggregates = PointsOfKind(result.points, WdiKind::kAggregates);
  bool both = !countries.empty() && !aggregates.empty();
  if (!countries.empty() || aggregates.empty())
    out += (both ? "Countries\n" : "") + PointsTableText(countries);
  if (!aggregates.empty())
    out += (both ? "\nRegional and income aggregates (World Bank groups of countries)\n" : "") +
           PointsTableText(aggregates);
  out += "Values to 6 significant digits; --format csv or json gives them exactly.\n";
  return out;
}

std::string RenderWdiPointsCsv(const std::vector<WdiPoint>& points) {
  std::string out = "country_name,country_code,year,value\n";
  for (const WdiPoint& p : points)
    out += fmt::format("{},{},{},{}\n", CsvQuoted(p.country_name), CsvQuoted(p.country_code),
                       p.year, ValueText(p.value));
  return out;
}

std::string RenderWdiPointsJson(const std::vector<WdiPoint>& points) {
  ordered_json rows = ordered_json::array();
  for (const WdiPoint& p : points)
    rows.push_back({{"country_name", p.country_name},
                    {"country_code", p.country_code},
                    {"year", p.year},
                    {"value", p.value}});
  return rows.dump(1) + "\n";
}

std::string RenderWdiIndicatorsConsole(const std::vector<WdiIndicator>& indicators) {
  TextTable table({"indicator_code", "indicator_name", "rows", "first_year", "last_year"});
  for (size_t c = 2; c < 5; ++c) table.SetAlign(c, TextTable::Align::kRight);
  for (const WdiIndicator& i : indicators)
    table.AddRow({i.code, i.name, WithThousands(std::to_string(i.rows)),
                  std::to_string(i.first_year), std::to_string(i.last_year)});
  return table.Render() +
         fmt::format("({} indicator{})\n", indicators.size(), indicators.size() == 1 ? "" : "s");
}

std::string RenderWdiIndicatorsCsv(const std::vector<WdiIndicator>& indicators) {
  std::string out = "indicator_code,indicator_name,rows,first_year,last_year\n";
  for (const WdiIndicator& i : indicators)
    out += fmt::format("{},{},{},{},{}\n", CsvQuoted(i.code), CsvQuoted(i.name), i.rows,
                       i.first_year, i.last_year);
  return out;
}

std::string RenderWdiIndicatorsJson(const std::vector<WdiIndicator>& indicators) {
  ordered_json rows = ordered_json::array();
  for (const WdiIndicator& i : indicators)
    rows.push_back({{"indicator_code", i.code},
                    {"indicator_name", i.name},
                    {"rows", i.rows},
                    {"first_year", i.first_year},
                    {"last_year", i.last_year}});
  return rows.dump(1) + "\n";
}

std::string RenderWdiCountriesConsole(const std::vector<WdiCountry>& countries) {
  TextTable table({"country_code", "country_name", "kind", "rows", "first_year", "last_year"});
  for (size_t c = 3; c < 6; ++c) table.SetAlign(c, TextTable::Align::kRight);
  size_t aggregates = 0;
  for (const WdiCountry& c : countries) {
    aggregates += c.aggregate;
    table.AddRow({c.code, c.name, c.aggregate ? "aggregate" : "country",
                  WithThousands(std::to_string(c.rows)), std::to_string(c.first_year),
                  std::to_string(c.last_year)});
  }
  return table.Render() +
         fmt::format(
             "({} rows: {} country names, {} aggregate names; a code renamed over the "
             "years has a row per name)\n",
             countries.size(), countries.size() - aggregates, aggregates);
}

std::string RenderWdiCountriesCsv(const std::vector<WdiCountry>& countries) {
  std::string out = "country_code,country_name,kind,rows,first_year,last_year\n";
  for (const WdiCountry& c : countries)
    out += fmt::format("{},{},{},{},{},{}\n", CsvQuoted(c.code), CsvQuoted(c.name),
                       c.aggregate ? "aggregate" : "country", c.rows, c.first_year, c.last_year);
  return out;
}

std::string RenderWdiCountriesJson(const std::vector<WdiCountry>& countries) {
  ordered_json rows = ordered_json::array();
  for (const WdiCountry& c : countries)
    rows.push_back({{"country_code", c.code},
                    {"country_name", c.name},
                    {"kind", c.aggregate ? "aggregate" : "country"},
                    {"rows", c.rows},
                    {"first_year", c.first_year},
                    {"last_year", c.last_year}});
  return rows.dump(1) + "\n";
}

}  // namespace tally
