#include "report/wdi_renderers.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "io/csv/csv_quote.h"
#include "report/text_table.h"

namespace tally {
namespace {

using nlohmann::ordered_json;

// Shortest round-trip text ("2.5", "1e-05", "-0.3").
std::string ValueText(double value) {
  return fmt::format("{}", value);
}

}  // namespace

std::string RenderWdiPointsConsole(const WdiSeriesResult& result, const std::string& title) {
  std::string out = fmt::format("{}\n{} \xE2\x80\x94 {}\n\n", title, result.indicator_code,
                                result.indicator_name);
  TextTable table({"country_name", "country_code", "year", "value"});
  table.SetAlign(2, TextTable::Align::kRight);
  table.SetAlign(3, TextTable::Align::kRight);
  for (const WdiPoint& p : result.points)
    table.AddRow({p.country_name, p.country_code, std::to_string(p.year), ValueText(p.value)});
  out += table.Render();
  out += fmt::format("({} row{})\n", WithThousands(std::to_string(result.points.size())),
                     result.points.size() == 1 ? "" : "s");
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

}  // namespace tally
