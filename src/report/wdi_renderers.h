#pragma once
// Renderers of the World Development Indicators queries (analytics/wdi.h): console tables,
// CSV and JSON. Points have the columns country_name, country_code, year, value; indicators
// indicator_code, indicator_name, rows, first_year, last_year. Values are written as the
// shortest text that reads back to the same double.
#include <string>
#include <vector>

#include "analytics/wdi.h"
#include "analytics/wdi_aggregates.h"

namespace tally {

// The countries' rows, then the aggregates' under their own heading; values to six significant
// digits.
std::string RenderWdiPointsConsole(const WdiSeriesResult& result, const std::string& title);
std::string RenderWdiPointsCsv(const std::vector<WdiPoint>& points);
// A JSON array of {"country_name","country_code","year","value"} objects.
std::string RenderWdiPointsJson(const std::vector<WdiPoint>& points);

std::string RenderWdiIndicatorsConsole(const std::vector<WdiIndicator>& indicators);
std::string RenderWdiIndicatorsCsv(const std::vector<WdiIndicator>& indicators);
// A JSON array of {"indicator_code","indicator_name","rows","first_year","last_year"} objects.
std::string RenderWdiIndicatorsJson(const std::vector<WdiIndicator>& indicators);

std::string RenderWdiCountriesConsole(const std::vector<WdiCountry>& countries);
std::string RenderWdiCountriesCsv(const std::vector<WdiCountry>& countries);
// A JSON array of {"country_code","country_name","kind","rows","first_year","last_year"}
// objects; kind is "country" or "aggregate".
std::string RenderWdiCountriesJson(const std::vector<WdiCountry>& countries);

}  // namespace tally
